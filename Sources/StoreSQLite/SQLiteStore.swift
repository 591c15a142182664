public import Foundation
import GRDB
public import GoLiveCore

/// The embedded store: one SQLite file in WAL mode, shared by every golive process on the machine.
///
/// Durability: GRDB's `DatabasePool` sets `synchronous=NORMAL` on its writer *after* `prepareDatabase`
/// (STACK.md §2.3), which may lose the last commits on power failure. golive acknowledges notifications
/// only after a commit, so the writer is switched to `synchronous=FULL` right after opening (and a test
/// asserts it). A busy timeout lets the dashboard, `serve` and one-shot commands share the file.
public final class SQLiteStore: GoLiveStore {
    public let path: String
    let pool: DatabasePool

    /// Opens (creating and migrating as needed) the store at `path`; parent folders are created.
    public init(path: String, busyTimeout: TimeInterval = 5) throws {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw GoLiveError(
                .storeUnavailable, "Cannot create the store's folder \(folder.path): \(error.localizedDescription).",
                remedy: "Choose a writable location with --store sqlite:/path/golive.sqlite (or GOLIVE_STORE).")
        }
        Self.createPrivately(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "golive"
        configuration.foreignKeysEnabled = true
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            try Self.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw Self.storeError(error, path: path)
        } catch {
            throw GoLiveError(
                .storeUnavailable, "Cannot open the store \(path): \(error.localizedDescription).",
                remedy: "Check the path and its permissions, or choose another with --store.")
        }
    }

    /// A new store holds payer data: its file is created owner-only (0600) whatever the umask, as backups are;
    /// SQLite gives the `-wal` and `-shm` files the database file's mode. An existing file keeps the mode its
    /// owner chose (e.g. 0640 so that a wall display running as another user of the group can read it).
    static func createPrivately(_ path: String) {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            fchmod(descriptor, 0o600)  // O_CREAT's mode is filtered by the umask; this is not
            close(descriptor)
        }
    }

    /// Opens an existing store for reading only (the wall display, issue 9): never creates, migrates or writes
    /// the file; a write through this handle fails with SQLite's read-only error.
    public init(readingOnly path: String, busyTimeout: TimeInterval = 5) throws {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else {
            throw GoLiveError(
                .storeUnavailable, "The store \(path) does not exist.",
                remedy: "Check the path (--store or GOLIVE_STORE); `golive serve` and `golive check` create it.")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "golive-readonly"
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw Self.storeError(error, path: path)
        } catch {
            throw GoLiveError(
                .storeUnavailable, "Cannot open the store \(path): \(error.localizedDescription).",
                remedy: "Check the path and its permissions, or choose another with --store.")
        }
    }

    /// The schema, one migration per change; never edit a shipped migration, add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: sellers and check results") { db in
            try db.create(table: "seller") { t in
                t.column("name", .text).primaryKey()
                t.column("user_id", .integer)
                t.column("nickname", .text)
                t.column("site_id", .text)
                t.column("environment", .text)
                t.column("updated_at", .double).notNull()
            }
            try db.create(table: "check_result") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("seller", .text).notNull()
                t.column("seller_id", .integer)
                t.column("check_id", .text).notNull()
                t.column("status", .text).notNull()
                t.column("checked_at", .double).notNull()
                t.column("document", .text).notNull()
            }
            try db.create(
                index: "check_result_by_seller_check_time", on: "check_result",
                columns: ["seller", "check_id", "checked_at"])
        }
        // Each requirement registers its own migrations in its own file (SQLiteStore+Name.swift), one line a
        // requirement here, in the order they shipped.
        registerQualityMigrations(&migrator)
        registerNotificationMigrations(&migrator)
        registerReportMigrations(&migrator)
        registerWalkthroughMigrations(&migrator)
        registerBackfillMigrations(&migrator)
        registerRotationMigrations(&migrator)  // issue 11: secret rotation, rejected re-verification, test mode
        registerForwardingMigrations(&migrator)  // issue 11: the forward outbox
        registerAlertMigrations(&migrator)
        return migrator
    }

    /// The migrations this build knows, in order (for `store migrate` and tests).
    public static var knownMigrations: [String] { migrator.migrations }

    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Self.migrator.appliedMigrations(db) }
    }

    /// The `synchronous` setting of the writer connection: 2 means FULL.
    public func writerSynchronousMode() throws -> Int {
        try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    public func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    // MARK: GoLiveStore

    public func saveSeller(_ seller: SellerRecord) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO seller (name, user_id, nickname, site_id, environment, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET user_id = excluded.user_id, nickname = excluded.nickname,
                      site_id = excluded.site_id, environment = excluded.environment, updated_at = excluded.updated_at
                    """,
                arguments: [
                    seller.name, seller.userID, seller.nickname, seller.siteID, seller.environment,
                    seller.updatedAt.timeIntervalSince1970,
                ])
        }
    }

    public func sellers() async throws -> [SellerRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM seller ORDER BY name").map { row in
                SellerRecord(
                    name: row["name"], userID: row["user_id"], nickname: row["nickname"], siteID: row["site_id"],
                    environment: row["environment"],
                    updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
            }
        }
    }

    public func recordCheckResults(_ results: [CheckResult], seller: String, sellerID: Int64?) async throws {
        let encoder = JSONEncoder.goLive(pretty: false)
        let rows = try results.map { result in
            (result, String(decoding: try encoder.encode(result), as: UTF8.self))
        }
        try await write { db in
            for (result, document) in rows {
                try db.execute(
                    sql: """
                        INSERT INTO check_result (seller, seller_id, check_id, status, checked_at, document)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        seller, sellerID, result.id.rawValue, result.status.rawValue,
                        result.checkedAt.timeIntervalSince1970, document,
                    ])
            }
        }
    }

    public func latestCheckResults(seller: String) async throws -> [CheckResult] {
        let documents = try await read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT document FROM check_result AS r
                    WHERE seller = ? AND seq = (
                      SELECT seq FROM check_result WHERE seller = r.seller AND check_id = r.check_id
                      ORDER BY checked_at DESC, seq DESC LIMIT 1)
                    ORDER BY check_id
                    """, arguments: [seller])
        }
        return try documents.map(Self.decode)
    }

    public func checkHistory(_ id: CheckID, seller: String, limit: Int) async throws -> [CheckResult] {
        let documents = try await read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT document FROM check_result WHERE seller = ? AND check_id = ?
                    ORDER BY checked_at DESC, seq DESC LIMIT ?
                    """, arguments: [seller, id.rawValue, limit])
        }
        return try documents.map(Self.decode)
    }

    // MARK: Plumbing

    func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch let error as DatabaseError {
            throw Self.storeError(error, path: path)
        }
    }

    func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch let error as DatabaseError {
            throw Self.storeError(error, path: path)
        }
    }

    static func decode(_ document: String) throws -> CheckResult {
        do {
            return try JSONDecoder.goLive().decode(CheckResult.self, from: Data(document.utf8))
        } catch {
            throw GoLiveError(
                .storeCorrupt, "A stored check result could not be read back: \(error.localizedDescription).",
                remedy: "The store may have been written by a newer golive; upgrade, or move the file aside.")
        }
    }

    static func storeError(_ error: DatabaseError, path: String) -> GoLiveError {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return GoLiveError(
                .storeUnavailable, "The store \(path) stayed locked by another process.",
                remedy: "Another golive process holds a long write; try again, or check for a stuck process.")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return GoLiveError(
                .storeCorrupt, "The store \(path) is not a readable SQLite database (\(error.message ?? "corrupt")).",
                remedy: "Move the file aside (golive creates a new one) and restore a backup if you have one.")
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_IOERR, .SQLITE_FULL:
            return GoLiveError(
                .storeUnavailable, "The store \(path) cannot be written (\(error.message ?? "\(error.resultCode)")).",
                remedy: "Check free disk space and the permissions of the file and its folder.")
        default:
            return GoLiveError(
                .storeUnavailable, "The store \(path) failed: \(error.message ?? "\(error.resultCode)").",
                remedy: "Try again; if it persists, move the file aside and report the message.")
        }
    }
}
