import Foundation
public import GoLiveCore
import PostgresNIO

/// `golive store migrate | backup | purge` on the PostgreSQL store (issue 10), the same ``StoreMaintenance`` as
/// SQLite's (`SQLiteStore+Maintenance.swift`):
///
/// - migrate: the versioned migrations under the advisory lock (``migrateSchema()``); safe from several instances.
/// - backup: PostgreSQL's own consistent copy, `pg_dump --format=custom` of one snapshot exported by a repeatable
///   read transaction (the summary's row counts and schema version are read in that snapshot), while the receivers
///   keep writing; written 0600 beside the destination, read back with `pg_restore --list`, fsynced and renamed.
///   Restore with `pg_restore`. Without pg_dump installed: `store.unsupported` with the command to run elsewhere.
/// - purge: the same ``RetentionPolicy`` semantics as SQLite — payer data scrubbed first (rows that will be deleted
///   too, so an interrupted purge never leaves payer data a finished one would have removed), then old rows
///   deleted, never pending work (notifications still to process or failed, undelivered forwards, pending alerts,
///   open incidents) nor the newest check result of each check and quality measurement of each seller. Short
///   transactions of ``purgeBatch`` rows, so the receivers' writes wait milliseconds, not the whole purge.
extension PostgresStore: StoreMaintenance {
    /// Rows per purge transaction.
    static let purgeBatch = 500

    public func migrate() async throws -> MigrationSummary {
        let applied = try await migrateSchema()
        return MigrationSummary(store: location.description, known: Self.knownMigrations, applied: applied)
    }

    public func backup(to destination: String, force: Bool) async throws -> BackupSummary {
        let startedAt = Date()
        let started = ContinuousClock.now
        guard let pgDump = Self.findTool("pg_dump"), let pgRestore = Self.findTool("pg_restore") else {
            throw GoLiveError(
                .storeUnsupported,
                "golive copies a PostgreSQL store with PostgreSQL's pg_dump, which is not installed here "
                    + "(\(location)); nothing was written to \(destination).",
                remedy:
                    "Install the PostgreSQL client tools (pg_dump, pg_restore), or run PostgreSQL's own consistent "
                    + "backup elsewhere: pg_dump --format=custom --file=\(destination) '\(location.dumpTarget)' "
                    + "(restore with pg_restore, then run golive store migrate).")
        }
        let target = URL(fileURLWithPath: destination).standardizedFileURL
        let folder = target.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                throw GoLiveError(
                    .backupFailed, "The backup's destination \(target.path) is a folder.",
                    remedy: "Give a file name inside it, e.g. \(target.appendingPathComponent("golive.dump").path).")
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
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
        var renamed = false
        defer { if !renamed { try? FileManager.default.removeItem(at: temporary) } }
        // Created 0600 before pg_dump writes it: the copy holds payer data.
        guard
            FileManager.default.createFile(
                atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600])
        else {
            throw GoLiveError(
                .backupFailed, "Cannot create \(temporary.path).",
                remedy: "Check that the folder \(folder.path) is writable and has free space.")
        }

        // One snapshot: the row counts and the schema version are read in the transaction whose snapshot pg_dump
        // dumps (`--snapshot`), so the summary describes exactly the copy, while the receivers keep writing.
        let location = location
        let environment = Self.toolEnvironment(location)
        let known = Self.knownMigrations
        let client = client
        let place = location.place
        let snapshot: (schema: String?, tables: [BackupSummary.Table], dump: ToolRun)
        do {
            snapshot = try await client.withConnection { connection in
                try await connection.query(
                    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: Self.quiet)
                do {
                    let id =
                        try await connection.query("SELECT pg_export_snapshot()", logger: Self.quiet).collect().first?
                        .decode(String.self) ?? ""
                    let applied = Set(
                        try await connection.query("SELECT id FROM golive_schema_migration", logger: Self.quiet)
                            .collectStrings())
                    var tables: [BackupSummary.Table] = []
                    for name in try await connection.query(
                        """
                        SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()
                          AND tablename <> 'golive_schema_migration' ORDER BY tablename COLLATE "C"
                        """, logger: Self.quiet
                    ).collectStrings() {
                        let rows =
                            try await connection.query(
                                PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(Self.quoted(name))"),
                                logger: Self.quiet
                            ).collect().first?.decode(Int64.self) ?? 0
                        tables.append(BackupSummary.Table(name: name, rows: Int(rows)))
                    }
                    let dump = await Self.runTool(
                        pgDump,
                        [
                            "--format=custom", "--no-owner", "--snapshot=\(id)", "--file=\(temporary.path)",
                            location.dumpTarget,
                        ], environment: environment)
                    try await connection.query("COMMIT", logger: Self.quiet)
                    return (known.last { applied.contains($0) }, tables, dump)
                } catch {
                    // The connection goes back to the pool: never with this transaction still open.
                    _ = try? await connection.query("ROLLBACK", logger: Self.quiet)
                    throw error
                }
            }
        } catch {
            throw Self.storeError(error, operation: "backing up", place: place)
        }
        guard snapshot.dump.status == 0 else {
            throw GoLiveError(
                .backupFailed, "pg_dump failed (exit \(snapshot.dump.status)): \(snapshot.dump.errors.prefix(400)).",
                remedy:
                    "Nothing was written to \(target.path). pg_dump must be as new as the server; check free space in "
                    + "\(folder.path) and try again.")
        }
        // The check: pg_restore reads the archive's table of contents back.
        let check = await Self.runTool(pgRestore, ["--list", temporary.path], environment: environment)
        guard check.status == 0 else {
            throw GoLiveError(
                .backupFailed, "The copy could not be read back by pg_restore: \(check.errors.prefix(300)).",
                remedy: "Nothing was written to \(target.path). Run `golive store backup` again.")
        }
        try BackupFileSync.file(temporary.path)
        guard rename(temporary.path, target.path) == 0 else {
            throw GoLiveError(
                .backupFailed, "Cannot move the checked copy to \(target.path): \(String(cString: strerror(errno))).",
                remedy: "Check the permissions of \(folder.path).")
        }
        renamed = true
        try? BackupFileSync.file(folder.path, directory: true)
        let bytes = (try? FileManager.default.attributesOfItem(atPath: target.path)[.size] as? NSNumber)?.int64Value
        let elapsed = ContinuousClock.now - started
        return BackupSummary(
            source: location.description, destination: target.path, bytes: bytes ?? 0, integrity: "ok",
            schemaVersion: snapshot.schema, tables: snapshot.tables, startedAt: startedAt,
            elapsedMilliseconds: Int(
                elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
    }

    /// What a PostgreSQL client tool said: its exit status and its standard error.
    package struct ToolRun: Sendable {
        package var status: Int32
        package var errors: String
    }

    /// The tool on `PATH`, nil when it is not installed.
    package static func findTool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The environment of a client tool: the password in `PGPASSWORD` (never on the command line, where `ps` shows
    /// it), the CA file of `sslrootcert`.
    static func toolEnvironment(_ location: PostgresLocation) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        if let password = location.password { environment["PGPASSWORD"] = password }
        if let file = location.sslRootCertificate { environment["PGSSLROOTCERT"] = file }
        return environment
    }

    /// Runs a tool to its end without holding a thread of the concurrency pool (its exit resumes the caller).
    package static func runTool(_ tool: String, _ arguments: [String], environment: [String: String]) async -> ToolRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.environment = environment
        let errorsFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "golive-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(
            atPath: errorsFile.path, contents: nil, attributes: [.posixPermissions: 0o600])
        defer { try? FileManager.default.removeItem(at: errorsFile) }
        guard let errors = try? FileHandle(forWritingTo: errorsFile) else {
            return ToolRun(status: -1, errors: "cannot create a temporary file")
        }
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = await withCheckedContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(returning: -1)
            }
        }
        try? errors.close()
        let text = (try? String(contentsOf: errorsFile, encoding: .utf8)) ?? ""
        return ToolRun(status: status, errors: text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    // MARK: Purge

    public func purge(_ policy: RetentionPolicy, dryRun: Bool) async throws -> PurgeSummary {
        let started = ContinuousClock.now
        let scrubBefore = policy.scrubBefore.storedSeconds
        let deleteBefore = policy.deleteBefore.storedSeconds
        let schema = try await read("reading the schema for a purge") { connection in
            try await PostgresPurgeSchema(connection)
        }
        var tables: [String: PurgeSummary.Table] = [:]
        func add(_ table: String, scrubbed: Int = 0, deleted: Int = 0, kept: Int = 0) {
            var entry = tables[table] ?? PurgeSummary.Table(name: table)
            entry.scrubbed += scrubbed
            entry.deleted += deleted
            entry.kept += kept
            tables[table] = entry
        }

        // 1. Payer data first: bodies reduced to their facts, documents masked.
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

        // 3. Space: PostgreSQL's autovacuum makes the deleted rows' room reusable; nothing to do here.
        let pageSize = try await read("reading the block size") { connection in
            try await connection.query("SELECT current_setting('block_size')::bigint", logger: Self.quiet).collect()
                .first?.decode(Int64.self) ?? 8192
        }
        let elapsed = ContinuousClock.now - started
        return PurgeSummary(
            policy: policy, dryRun: dryRun, tables: tables.values.sorted { $0.name < $1.name }, freePages: 0,
            pageSize: Int(pageSize),
            elapsedMilliseconds: Int(
                elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
    }

    /// Rewrites `column` of rows older than `before`, a batch a transaction; `transform` returns nil for "nothing
    /// to change". Returns how many rows were (or would be) changed.
    private func scrubRows(
        _ column: PostgresPurgeSchema.Column, before: Double, dryRun: Bool,
        _ transform: @escaping @Sendable (String) -> String?
    ) async throws -> Int {
        let table = Self.quoted(column.table)
        let key = Self.quoted(column.key)
        let value = Self.quoted(column.column)
        let select = """
            SELECT \(key), \(value) FROM \(table)
            WHERE \(Self.quoted(column.time)) < $1 AND \(key) > $2 AND \(value) IS NOT NULL
            ORDER BY \(key) LIMIT \(Self.purgeBatch)
            """
        let update = "UPDATE \(table) SET \(value) = $1 WHERE \(key) = $2"
        var changed = 0
        var last: Int64 = .min
        while true {
            let after = last
            // Text stays text; bytea (a refused delivery's raw body, kept for re-verification) stays bytes.
            let batch = try await read("reading rows to scrub") { connection in
                var query = PostgresQuery(unsafeSQL: select)
                query.binds.append(before)
                query.binds.append(after)
                var rows: [(Int64, String)] = []
                for try await row in try await connection.query(query, logger: Self.quiet) {
                    let key = try row.makeRandomAccess()[0].decode(Int64.self)
                    let text =
                        column.binary
                        ? String(decoding: try row.makeRandomAccess()[1].decode(Data.self), as: UTF8.self)
                        : try row.makeRandomAccess()[1].decode(String.self)
                    rows.append((key, text))
                }
                return rows
            }
            guard let tail = batch.last else { break }
            last = tail.0
            let updates = batch.compactMap { key, text in transform(text).map { (key, $0) } }
            changed += updates.count
            guard !dryRun, !updates.isEmpty else { continue }
            let binary = column.binary
            try await write("scrubbing payer data") { connection in
                for (key, text) in updates {
                    var query = PostgresQuery(unsafeSQL: update)
                    if binary {
                        try query.binds.append(Data(text.utf8), context: .default)
                    } else {
                        query.binds.append(text)
                    }
                    query.binds.append(key)
                    try await connection.query(query, logger: Self.quiet)
                }
            }
        }
        return changed
    }

    /// Deletes rows older than `before` that `rule.keep` does not protect, a batch a transaction.
    private func deleteRows(_ rule: PostgresPurgeSchema.DeleteRule, before: Double, dryRun: Bool) async throws -> (
        Int, Int
    ) {
        let table = Self.quoted(rule.table)
        let key = Self.quoted(rule.key)
        let old = "\(rule.time.contains("(") ? rule.time : Self.quoted(rule.time)) < $1"
        let candidates = "\(old) AND NOT (\(rule.keep))"
        func count(_ condition: String) async throws -> Int {
            try await read("counting rows to purge") { connection in
                var query = PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table) WHERE \(condition)")
                query.binds.append(before)
                return Int(
                    try await connection.query(query, logger: Self.quiet).collect().first?.decode(Int64.self) ?? 0)
            }
        }
        let kept = try await count("\(old) AND (\(rule.keep))")
        if dryRun { return (try await count(candidates), kept) }
        var deleted = 0
        while true {
            let removed = try await write("purging old rows") { connection in
                var query = PostgresQuery(
                    unsafeSQL: """
                        DELETE FROM \(table) WHERE \(key) IN (
                          SELECT \(key) FROM \(table) WHERE \(candidates) LIMIT \(Self.purgeBatch)
                          FOR UPDATE SKIP LOCKED)
                        RETURNING 1
                        """)
                query.binds.append(before)
                return try await connection.query(query, logger: Self.quiet).collect().count
            }
            deleted += removed
            if removed < Self.purgeBatch { break }
        }
        return (deleted, kept)
    }

    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Where payer data lives in this database and what may be deleted, read from the schema at purge time (as
/// SQLite's `PurgeSchema`): a table or column added by a later migration is covered when it follows the same names
/// (a `body` column with a `received_at` time), and a table that refers to notifications (`notification_seq`)
/// protects them. Keys are each table's identity column (`seq` or `id`).
struct PostgresPurgeSchema: Sendable {
    struct Column: Sendable {
        var table: String
        var column: String
        var time: String
        var key: String
        var binary = false
    }

    struct DeleteRule: Sendable {
        var table: String
        /// A column, or an SQL expression (with parentheses) giving the row's age.
        var time: String
        var key: String
        /// An SQL condition: rows it matches are never deleted.
        var keep: String
    }

    var bodyColumns: [Column] = []
    var documentColumns: [Column] = []
    var deleteRules: [DeleteRule] = []

    init(_ connection: PostgresConnection) async throws {
        var columns: [String: [String: String]] = [:]  // table → column → data type
        let rows = try await connection.query(
            """
            SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns
            WHERE table_schema = current_schema()
            """, logger: PostgresStore.quiet)
        for try await (table, column, type) in rows.decode((String, String, String).self) {
            columns[table, default: [:]][column] = type
        }
        func has(_ table: String, _ column: String) -> Bool { columns[table]?[column] != nil }
        func key(_ table: String) -> String { has(table, "seq") ? "seq" : "id" }

        // Bodies as received: webhook/IPN JSON, and the raw body of a refused delivery kept for re-verification.
        for (table, column) in [
            ("notification", "body"), ("rejected_delivery", "body"), ("rejected_delivery", "raw_body"),
        ]
        where has(table, column) && has(table, "received_at") {
            bodyColumns.append(
                Column(
                    table: table, column: column, time: "received_at", key: key(table),
                    binary: columns[table]?[column] == "bytea"))
        }
        // Documents golive wrote: check results and quality measurements quote payments' fields; alerts quote
        // what they are about (details and the payloads sent).
        for (table, column, time) in [
            ("check_result", "document", "checked_at"), ("incident", "details", "opened_at"),
            ("alert_delivery", "payload", "created_at"), ("quality_measurement", "document", "measured_at"),
        ]
        where has(table, column) && has(table, time) {
            documentColumns.append(Column(table: table, column: column, time: time, key: key(table)))
        }

        // Forwarded deliveries: delivered ones go; pending, retrying and dead-lettered ones stay. Before
        // notifications, so those they held can go too.
        if has("forward_delivery", "state") && has("forward_delivery", "created_at") {
            deleteRules.append(
                DeleteRule(
                    table: "forward_delivery", time: "created_at", key: key("forward_delivery"),
                    keep: "state <> 'delivered'"))
        }
        if has("notification", "processing") {
            // Still to process, or failed: the operator (or replay) needs them. Referenced by another table's
            // `notification_seq`: that table's retention decides (a forward outbox: only until delivered).
            var keep = ["processing IN ('pending', 'failed')"]
            for (table, tableColumns) in columns.sorted(by: { $0.key < $1.key })
            where table != "notification" && tableColumns["notification_seq"] != nil {
                let open = tableColumns["state"] != nil ? " AND r.state <> 'delivered'" : ""
                keep.append(
                    "EXISTS (SELECT 1 FROM \(PostgresStore.quoted(table)) AS r WHERE r.notification_seq = notification.seq\(open))"
                )
            }
            deleteRules.append(
                DeleteRule(
                    table: "notification", time: "received_at", key: "seq", keep: keep.joined(separator: " OR ")))
        }
        // Alerts: sent (or cancelled, failed) deliveries go; pending ones stay. Closed incidents go once no delivery
        // refers to them; open ones stay whatever their age.
        if has("alert_delivery", "state") && has("alert_delivery", "created_at") {
            deleteRules.append(
                DeleteRule(table: "alert_delivery", time: "created_at", key: "id", keep: "state = 'pending'"))
        }
        if has("incident", "closed_at") && has("incident", "state") {
            deleteRules.append(
                DeleteRule(
                    table: "incident", time: "COALESCE(closed_at, recovered_at, notified_at, opened_at)", key: "id",
                    keep:
                        "state <> 'closed' OR EXISTS (SELECT 1 FROM alert_delivery AS d WHERE d.incident_id = incident.id)"
                ))
        }
        if has("never_notified", "found_at") {
            deleteRules.append(
                DeleteRule(table: "never_notified", time: "found_at", key: key("never_notified"), keep: "false"))
        }
        if has("rejected_delivery", "received_at") {
            deleteRules.append(
                DeleteRule(
                    table: "rejected_delivery", time: "received_at", key: key("rejected_delivery"), keep: "false"))
        }
        if has("check_result", "checked_at") {
            // The newest result of each check: readiness and the walkthrough read it.
            deleteRules.append(
                DeleteRule(
                    table: "check_result", time: "checked_at", key: "seq",
                    keep: """
                        seq = (SELECT n.seq FROM check_result AS n WHERE n.seller = check_result.seller
                          AND n.check_id = check_result.check_id ORDER BY n.checked_at DESC, n.seq DESC LIMIT 1)
                        """))
        }
        if has("quality_measurement", "measured_at") {
            deleteRules.append(
                DeleteRule(
                    table: "quality_measurement", time: "measured_at", key: "seq",
                    keep: """
                        seq = (SELECT n.seq FROM quality_measurement AS n WHERE n.seller = quality_measurement.seller
                          ORDER BY n.measured_at DESC, n.seq DESC LIMIT 1)
                        """))
        }
    }
}

extension PostgresLocation {
    /// The libpq URL for PostgreSQL's own tools (`pg_dump`), without the password (they read it from `PGPASSWORD`
    /// or `~/.pgpass`).
    var dumpTarget: String {
        let user = username.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? username
        return "postgresql://\(user)@\(host):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }
}

/// fsync for the backup's file and folder.
enum BackupFileSync {
    static func file(_ path: String, directory: Bool = false) throws {
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
}
