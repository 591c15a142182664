import Foundation
import GoLiveConfig
import GoLiveCore
import StorePostgres

/// The PostgreSQL store in the CLI (issue 10): how commands open it, and its schema migration at `serve`'s start
/// and in `golive store migrate`.
enum PostgresSession {
    /// Each store operation's deadline in the CLI. A receiver answers `503` when its commit misses it, so it
    /// must stay well inside Mercado Pago's 22 s answer budget even when a delivery waits for the commit before it.
    static let operationTimeout: Duration = .seconds(5)

    /// Migrations may wait for another instance's (under the advisory lock): a longer deadline.
    static let migrationTimeout: Duration = .seconds(30)

    /// Connections per process: the receiver's group commits, the processor, the periodic jobs, the dashboard.
    static let maximumConnections = 8

    /// A store on `url`; connects lazily and reconnects by itself after an outage.
    static func open(url: String) throws -> PostgresStore {
        let store = try PostgresStore(
            url: url, maximumConnections: maximumConnections, operationTimeout: operationTimeout)
        // How long a notification (or a forward) claimed by an instance that died waits before another instance
        // takes it; the default suits production, tests shorten it.
        if let text = ProcessInfo.processInfo.environment["GOLIVE_PROCESSING_LEASE_MS"], let ms = Int64(text), ms > 0 {
            store.claims.processingLease = .milliseconds(ms)
            store.claims.forwardLease = .milliseconds(ms)
        }
        return store
    }

    /// Applies the pending migrations under the advisory lock (several instances may start at once: one applies,
    /// the others wait for it and find nothing to do). `serve` runs this before anything reads the store.
    static func migrate(url: String) async throws -> MigrationSummary {
        let store = try PostgresStore(url: url, maximumConnections: 1, operationTimeout: migrationTimeout)
        defer { store.close() }
        let applied = try await store.migrateSchema()
        return MigrationSummary(
            store: store.location.description, known: PostgresStore.knownMigrations, applied: applied)
    }
}
