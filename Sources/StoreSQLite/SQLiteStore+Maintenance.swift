import Foundation
import GRDB
public import GoLiveCore

/// `golive store migrate | backup | purge` on the SQLite store (issue 11, "Data").
///
/// - Backup: SQLite's online backup (`sqlite3_backup_*` through GRDB) read from one snapshot of a WAL reader, so
///   `serve` keeps writing while it runs and the copy holds exactly what was committed when it started. It is
///   written to a 0600 temporary file beside the destination, checked (`integrity_check`, schema version),
///   fsynced and renamed over the destination atomically.
/// - Purge: short transactions of ``purgeBatch`` rows, so `serve`'s writers wait milliseconds, not the whole purge.
extension SQLiteStore: StoreMaintenance {
    /// Rows per purge transaction.
    static let purgeBatch = 500
    /// Pages per backup step.
    static let backupPagesPerStep: Int32 = 256

    // MARK: Migrate

    /// The migrations the file at `path` lacks, read without creating or changing anything (all of them for a new
    /// file). `store migrate` reports them before opening the store, which applies them.
    public static func pendingMigrations(path: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { return knownMigrations }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            let applied = try queue.read { db in
                try db.tableExists("grdb_migrations") ? try Set(migrator.appliedIdentifiers(db)) : []
            }
            return knownMigrations.filter { !applied.contains($0) }
        } catch let error as DatabaseError {
            throw storeError(error, path: path)
        }
    }

    public func migrate() async throws -> MigrationSummary {
        let before = Set(try appliedMigrations())
        do {
            try Self.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw Self.storeError(error, path: path)
        }
        let after = try appliedMigrations()
        return MigrationSummary(
            store: path, known: Self.knownMigrations, applied: after.filter { !before.contains($0) })
    }

    // MARK: Backup

    public func backup(to destination: String, force: Bool) async throws -> BackupSummary {
        let startedAt = Date()
        let started = ContinuousClock.now
        let target = URL(fileURLWithPath: destination).standardizedFileURL
        let folder = target.deletingLastPathComponent()
        guard target.path != URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path,
            target.resolvingSymlinksInPath().path != URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        else {
            throw GoLiveError(
                .backupFailed, "The backup's destination \(target.path) is the store itself.",
                remedy: "Give another file, e.g. golive store backup /var/backups/golive-$(date +%F).sqlite.")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                throw GoLiveError(
                    .backupFailed, "The backup's destination \(target.path) is a folder.",
                    remedy: "Give a file name inside it, e.g. \(target.appendingPathComponent("golive.sqlite").path).")
            }
            if !force {
                throw GoLiveError(
                    .backupExists, "\(target.path) already exists; the backup was not taken.",
                    remedy: "Give a new file name, or add --force to replace it (atomically, once the copy is checked)."
                )
            }
        }
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw GoLiveError(
                .backupFailed, "The backup's folder \(folder.path) does not exist.",
                remedy: "Create it first (mkdir -m 700 \(folder.path)), or choose another destination.")
        }
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp").path
        var renamed = false
        defer {
            if !renamed {
                for suffix in ["", "-journal", "-wal", "-shm"] { unlink(temporary + suffix) }
            }
        }
        // Created 0600 before SQLite opens it: the copy holds payer data (SQLite keeps the mode it finds).
        let descriptor = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw GoLiveError(
                .backupFailed, "Cannot create \(temporary): \(String(cString: strerror(errno))).",
                remedy: "Check that the folder \(folder.path) is writable and has free space.")
        }
        close(descriptor)

        let summary: (integrity: String, schema: String?, tables: [BackupSummary.Table])
        do {
            var configuration = Configuration()
            configuration.label = "golive-backup"
            let copy = try DatabaseQueue(path: temporary, configuration: configuration)
            // One read transaction = one snapshot: every step copies pages of the same committed state, and WAL
            // readers never block serve's writer.
            try await pool.read { source in
                try copy.writeWithoutTransaction { destination in
                    try source.backup(to: destination, pagesPerStep: Self.backupPagesPerStep)
                }
            }
            summary = try await copy.writeWithoutTransaction { db in
                // A self-contained file: no -wal beside it to forget when copying it around.
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
                let applied = try db.tableExists("grdb_migrations") ? try Self.migrator.appliedIdentifiers(db) : []
                let schema = Self.knownMigrations.last { applied.contains($0) }
                return (integrity, schema, try Self.tableCounts(db))
            }
            try copy.close()
        } catch let error as DatabaseError {
            throw GoLiveError(
                .backupFailed, "The backup of \(path) failed: \(error.message ?? "\(error.resultCode)").",
                remedy: "Nothing was written to \(target.path). Check free space in \(folder.path) and try again.")
        }
        guard summary.integrity == "ok" else {
            throw GoLiveError(
                .backupFailed, "The copy did not pass SQLite's integrity check: \(summary.integrity.prefix(300)).",
                remedy: "Nothing was written to \(target.path). Run `golive store backup` again; if it persists, "
                    + "check the store itself with `sqlite3 \(path) 'PRAGMA integrity_check'`.")
        }
        try Self.syncFile(temporary)
        guard rename(temporary, target.path) == 0 else {
            throw GoLiveError(
                .backupFailed, "Cannot move the checked copy to \(target.path): \(String(cString: strerror(errno))).",
                remedy: "Check the permissions of \(folder.path).")
        }
        renamed = true
        try? Self.syncFile(folder.path, directory: true)
        let bytes = (try? FileManager.default.attributesOfItem(atPath: target.path)[.size] as? NSNumber)?.int64Value
        let elapsed = ContinuousClock.now - started
        return BackupSummary(
            source: path, destination: target.path, bytes: bytes ?? 0, integrity: summary.integrity,
            schemaVersion: summary.schema, tables: summary.tables, startedAt: startedAt,
            elapsedMilliseconds: Int(
                elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
    }

    /// Rows per table (SQLite's own and GRDB's bookkeeping excluded).
    static func tableCounts(_ db: Database) throws -> [BackupSummary.Table] {
        let names = try String.fetchAll(
            db,
            sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                  AND name <> 'grdb_migrations' ORDER BY name
                """)
        return try names.map { name in
            BackupSummary.Table(
                name: name, rows: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(quoted(name))") ?? 0)
        }
    }

    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func syncFile(_ path: String, directory: Bool = false) throws {
        let descriptor = open(path, (directory ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw GoLiveError(
                .backupFailed, "Cannot open \(path) to flush it: \(String(cString: strerror(errno))).", remedy: nil)
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw GoLiveError(
                .backupFailed, "Cannot flush \(path) to disk: \(String(cString: strerror(errno))).",
                remedy: "Check the disk; nothing was written to the destination.")
        }
    }

    // MARK: Purge

    public func purge(_ policy: RetentionPolicy, dryRun: Bool) async throws -> PurgeSummary {
        let started = ContinuousClock.now
        let scrubBefore = policy.scrubBefore.timeIntervalSince1970
        let deleteBefore = policy.deleteBefore.timeIntervalSince1970
        let schema = try await read { db in try PurgeSchema(db) }
        var tables: [String: PurgeSummary.Table] = [:]
        func add(_ table: String, scrubbed: Int = 0, deleted: Int = 0, kept: Int = 0) {
            var entry = tables[table] ?? PurgeSummary.Table(name: table)
            entry.scrubbed += scrubbed
            entry.deleted += deleted
            entry.kept += kept
            tables[table] = entry
        }

        // 1. Payer data first: bodies reduced to their facts, documents masked — rows that will also be deleted
        //    below are scrubbed too, so an interrupted purge never leaves payer data behind that a finished one
        //    would have removed.
        for column in schema.bodyColumns {
            add(
                column.table,
                scrubbed: try await scrubRows(column, before: scrubBefore, dryRun: dryRun) {
                    PayerData.reducedNotificationBody($0)
                })
        }
        for column in schema.documentColumns {
            add(
                column.table,
                scrubbed: try await scrubRows(column, before: scrubBefore, dryRun: dryRun) { document in
                    guard let value = try? JSONValue.parse(Data(document.utf8)) else { return nil }
                    let masked = PayerData.mask(value)
                    return masked == value ? nil : String(decoding: masked.encoded(), as: UTF8.self)
                })
        }

        // 2. Delete what is past the second horizon, never what is still needed.
        for rule in schema.deleteRules {
            let (deleted, kept) = try await deleteRows(rule, before: deleteBefore, dryRun: dryRun)
            add(rule.table, deleted: deleted, kept: kept)
        }

        // 3. Space: with auto_vacuum=incremental SQLite can give freed pages back now; otherwise they are reused.
        let pages = try await write { db -> (Int, Int) in
            if !dryRun, try Int.fetchOne(db, sql: "PRAGMA auto_vacuum") == 2 {
                try db.execute(sql: "PRAGMA incremental_vacuum")
            }
            return (
                try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0,
                try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            )
        }
        let elapsed = ContinuousClock.now - started
        return PurgeSummary(
            policy: policy, dryRun: dryRun, tables: tables.values.sorted { $0.name < $1.name }, freePages: pages.0,
            pageSize: pages.1,
            elapsedMilliseconds: Int(
                elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
    }

    /// Rewrites `column` of rows older than `before`, a batch a transaction; `transform` returns nil for "nothing
    /// to change". Returns how many rows were (or would be) changed.
    private func scrubRows(
        _ column: PurgeSchema.Column, before: Double, dryRun: Bool,
        _ transform: @escaping @Sendable (String) -> String?
    ) async throws -> Int {
        let table = Self.quoted(column.table)
        let select = """
            SELECT \(column.key) AS k, \(Self.quoted(column.column)) AS v FROM \(table)
            WHERE \(Self.quoted(column.time)) < ? AND \(column.key) > ? ORDER BY \(column.key) LIMIT \(Self.purgeBatch)
            """
        var changed = 0
        var last: Int64 = .min
        while true {
            let after = last
            let batch = try await read { db in
                try Row.fetchAll(db, sql: select, arguments: [before, after]).map { row -> (Int64, DatabaseValue) in
                    (row["k"], row["v"])
                }
            }
            guard let tail = batch.last else { break }
            last = tail.0
            // Text stays text; a BLOB (a raw request body kept for re-verification) is read and written as bytes.
            let updates = batch.compactMap { key, value -> (Int64, DatabaseValue)? in
                switch value.storage {
                case .string(let text): return transform(text).map { (key, $0.databaseValue) }
                case .blob(let data):
                    return transform(String(decoding: data, as: UTF8.self)).map { (key, Data($0.utf8).databaseValue) }
                default: return nil
                }
            }
            changed += updates.count
            guard !dryRun, !updates.isEmpty else { continue }
            try await write { db in
                let update = try db.makeStatement(
                    sql: "UPDATE \(table) SET \(Self.quoted(column.column)) = ? WHERE \(column.key) = ?")
                for (key, value) in updates { try update.execute(arguments: [value, key]) }
            }
        }
        return changed
    }

    /// Deletes rows older than `before` that `rule.keep` does not protect, a batch a transaction.
    private func deleteRows(_ rule: PurgeSchema.DeleteRule, before: Double, dryRun: Bool) async throws -> (Int, Int) {
        let table = Self.quoted(rule.table)
        let old = "\(rule.time.contains("(") ? rule.time : Self.quoted(rule.time)) < ?"
        let candidates = "\(old) AND NOT (\(rule.keep))"
        let kept = try await read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM \(table) WHERE \(old) AND (\(rule.keep))", arguments: [before])
                ?? 0
        }
        if dryRun {
            let deleted = try await read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE \(candidates)", arguments: [before]) ?? 0
            }
            return (deleted, kept)
        }
        var deleted = 0
        while true {
            let count = try await write { db in
                try db.execute(
                    sql: """
                        DELETE FROM \(table) WHERE \(rule.key) IN (
                          SELECT \(rule.key) FROM \(table) WHERE \(candidates) LIMIT \(Self.purgeBatch))
                        """, arguments: [before])
                return db.changesCount
            }
            deleted += count
            if count < Self.purgeBatch { break }
        }
        return (deleted, kept)
    }
}

/// Where payer data lives in this store and what may be deleted, read from the schema at purge time: a table or
/// column added by a later migration is covered when it follows the same names (a `body` column with a
/// `received_at` time), and a table that refers to notifications (`notification_seq`) protects them.
struct PurgeSchema: Sendable {
    struct Column: Sendable {
        var table: String
        var column: String
        var time: String
        var key = "rowid"
    }

    struct DeleteRule: Sendable {
        var table: String
        /// A column, or an SQL expression (with parentheses) giving the row's age.
        var time: String
        var key = "rowid"
        /// An SQL condition: rows it matches are never deleted.
        var keep: String
    }

    var bodyColumns: [Column] = []
    var documentColumns: [Column] = []
    var deleteRules: [DeleteRule] = []

    init(_ db: Database) throws {
        func has(_ table: String, _ column: String) throws -> Bool {
            try db.tableExists(table) && db.columns(in: table).contains { $0.name == column }
        }
        // Bodies as received: webhook/IPN JSON, and the raw body of a refused delivery kept for re-verification
        // after a secret fix (`raw_body`; Mercado Pago's signature covers the query and headers, not the body, so
        // a body reduced to its facts can still be re-verified).
        for (table, column) in [
            ("notification", "body"), ("rejected_delivery", "body"), ("rejected_delivery", "raw_body"),
        ]
        where try has(table, column) && has(table, "received_at") {
            bodyColumns.append(Column(table: table, column: column, time: "received_at"))
        }
        // Documents golive wrote: check results and quality measurements quote payments' fields.
        if try has("check_result", "document") {
            documentColumns.append(Column(table: "check_result", column: "document", time: "checked_at"))
        }
        // Alerts quote what they are about (a chargeback's payment…): details and the payloads sent.
        if try has("incident", "details") {
            documentColumns.append(Column(table: "incident", column: "details", time: "opened_at"))
        }
        if try has("alert_delivery", "payload") {
            documentColumns.append(Column(table: "alert_delivery", column: "payload", time: "created_at"))
        }
        if try has("quality_measurement", "document") {
            documentColumns.append(Column(table: "quality_measurement", column: "document", time: "measured_at"))
        }

        // Forwarded deliveries (the forward outbox): delivered ones go; pending, retrying and dead-lettered ones
        // stay (they are still to deliver, or to replay). Before notifications, so those they held can go too.
        if try has("forward_delivery", "state") && has("forward_delivery", "created_at") {
            deleteRules.append(
                DeleteRule(table: "forward_delivery", time: "created_at", keep: "state <> 'delivered'"))
        }
        if try db.tableExists("notification") {
            // Still to process, or failed: the operator (or replay) needs them. Referenced by another table
            // (a forward outbox's `notification_seq`): that table's retention decides, not this one.
            var keep = ["processing IN ('pending', 'failed')"]
            for table in try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            where table != "notification" {
                let columns = try db.columns(in: table).map(\.name)
                guard columns.contains("notification_seq") else { continue }
                // A forward outbox (`state`): only deliveries not yet delivered hold their notification.
                let open = columns.contains("state") ? " AND r.state <> 'delivered'" : ""
                keep.append(
                    "EXISTS (SELECT 1 FROM \(SQLiteStore.quoted(table)) AS r WHERE r.notification_seq = notification.seq\(open))"
                )
            }
            deleteRules.append(
                DeleteRule(table: "notification", time: "received_at", keep: keep.joined(separator: " OR ")))
        }
        // Alerts: sent (or cancelled, failed) deliveries go; pending ones stay. Closed incidents go once no delivery
        // refers to them (the foreign key); open ones stay whatever their age.
        if try has("alert_delivery", "state") && has("alert_delivery", "created_at") {
            deleteRules.append(DeleteRule(table: "alert_delivery", time: "created_at", keep: "state = 'pending'"))
        }
        if try has("incident", "closed_at") && has("incident", "state") {
            deleteRules.append(
                DeleteRule(
                    table: "incident", time: "COALESCE(closed_at, recovered_at, notified_at, opened_at)",
                    keep:
                        "state <> 'closed' OR EXISTS (SELECT 1 FROM alert_delivery AS d WHERE d.incident_id = incident.id)"
                ))
        }
        if try db.tableExists("never_notified") && has("never_notified", "found_at") {
            deleteRules.append(DeleteRule(table: "never_notified", time: "found_at", keep: "0"))
        }
        if try db.tableExists("rejected_delivery") {
            deleteRules.append(DeleteRule(table: "rejected_delivery", time: "received_at", keep: "0"))
        }
        if try db.tableExists("check_result") {
            // The newest result of each check: readiness and the walkthrough read it.
            deleteRules.append(
                DeleteRule(
                    table: "check_result", time: "checked_at",
                    keep: """
                        seq = (SELECT seq FROM check_result AS n WHERE n.seller = check_result.seller
                          AND n.check_id = check_result.check_id ORDER BY checked_at DESC, seq DESC LIMIT 1)
                        """))
        }
        if try db.tableExists("quality_measurement") {
            deleteRules.append(
                DeleteRule(
                    table: "quality_measurement", time: "measured_at",
                    keep: """
                        seq = (SELECT seq FROM quality_measurement AS n WHERE n.seller = quality_measurement.seller
                          ORDER BY measured_at DESC, seq DESC LIMIT 1)
                        """))
        }
    }
}
