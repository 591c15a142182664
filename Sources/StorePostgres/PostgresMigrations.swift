import Foundation
import GoLiveCore
import Logging
import PostgresNIO

/// One schema change: its id (never reused) and its statements, applied in one transaction with the others
/// pending. Never edit a shipped migration; add a new one.
package struct PostgresMigration: Sendable {
    package var id: String
    package var statements: [String]

    package init(_ id: String, _ statements: [String]) {
        self.id = id
        self.statements = statements
    }
}

extension PostgresStore {
    /// The schema, in the order it shipped. Each requirement keeps its migrations in its own file
    /// (`PostgresStore+Name.swift`), one line each here.
    static var migrations: [PostgresMigration] {
        coreMigrations
            + notificationMigrations  // issue 5, 11: notifications, orders, rejected, rotation, test mode
            + forwardingMigrations  // issue 11: the forward outbox
            + backfillMigrations  // issue 11: backfill
            + alertMigrations  // issue 11: alerts
            + qualityMigrations  // issue 3
            + reportMigrations  // issue 6
            + walkthroughMigrations  // issue 9
    }

    /// The migrations this build knows, in order.
    public static var knownMigrations: [String] { migrations.map(\.id) }

    /// Sellers and check results (every requirement's readiness).
    static var coreMigrations: [PostgresMigration] {
        [
            PostgresMigration(
                "v1: sellers and check results",
                [
                    """
                    CREATE TABLE seller (
                      name text PRIMARY KEY, user_id bigint, nickname text, site_id text, environment text,
                      updated_at double precision NOT NULL)
                    """,
                    """
                    CREATE TABLE check_result (
                      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, seller text NOT NULL, seller_id bigint,
                      check_id text NOT NULL, status text NOT NULL, checked_at double precision NOT NULL,
                      document text NOT NULL)
                    """,
                    "CREATE INDEX check_result_by_seller_check_time ON check_result (seller, check_id, checked_at)",
                ])
        ]
    }

    /// The key of the advisory lock migrations run under (any constant shared by every golive).
    static let migrationLockKey: Int64 = 0x676F_6C69_7665  // "golive"

    /// The migrations applied to this database, in the order they were applied.
    public func appliedMigrations() async throws -> [String] {
        try await read("reading the applied migrations") { connection in
            let exists =
                try await connection.query(
                    "SELECT to_regclass('golive_schema_migration') IS NOT NULL", logger: Self.quiet
                ).collect().first?.decode(Bool.self) ?? false
            guard exists else { return [] }
            var ids: [String] = []
            for try await id in try await connection.query(
                "SELECT id FROM golive_schema_migration ORDER BY applied_order", logger: Self.quiet
            ).decode(String.self) {
                ids.append(id)
            }
            return ids
        }
    }

    /// Applies the pending migrations in one transaction under a transaction-level advisory lock, so several
    /// instances starting at once apply each migration exactly once (the others wait, then find nothing to do).
    /// Returns the ids applied by this call.
    @discardableResult
    public func migrateSchema() async throws -> [String] {
        let migrations = Self.migrations
        return try await write("migrating the schema", timeout: migrationTimeout) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLockKey))", logger: Self.quiet)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS golive_schema_migration (
                  id text PRIMARY KEY, applied_order bigint GENERATED ALWAYS AS IDENTITY,
                  applied_at double precision NOT NULL)
                """, logger: Self.quiet)
            var applied = Set<String>()
            for try await id in try await connection.query(
                "SELECT id FROM golive_schema_migration", logger: Self.quiet
            ).decode(String.self) {
                applied.insert(id)
            }
            var now: [String] = []
            for migration in migrations where !applied.contains(migration.id) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Self.quiet)
                }
                let at = Date().timeIntervalSince1970
                try await connection.query(
                    "INSERT INTO golive_schema_migration (id, applied_at) VALUES (\(migration.id), \(at))",
                    logger: Self.quiet)
                now.append(migration.id)
            }
            return now
        }
    }

    static let quiet = Logger(label: "golive.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
}
