import Foundation
public import GoLiveCore
import PostgresNIO

/// `golive store migrate | backup | purge` on the PostgreSQL store (issue 10), the same ``StoreMaintenance`` as
/// SQLite's (`SQLiteStore+Maintenance.swift`):
///
/// - migrate: the versioned migrations under the advisory lock (``migrateSchema()``); safe from several instances.
/// - backup: refused with `store.unsupported`: a consistent copy of a PostgreSQL database is `pg_dump`'s business
///   (it reads one snapshot while the receivers keep writing), and restoring it is `pg_restore`'s.
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
        throw GoLiveError(
            .storeUnsupported,
            "golive does not copy a PostgreSQL store to a file (\(location)); nothing was written to \(destination).",
            remedy:
                "Use PostgreSQL's own consistent backup, taken while golive serve keeps writing: "
                + "pg_dump --format=custom --file=\(destination) '\(location.dumpTarget)' "
                + "(restore with pg_restore, then run golive store migrate).")
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
