package import Foundation
import GoLiveCore
import Logging
package import PostgresNIO
import Synchronization

/// The PostgreSQL store (issue 10): several `golive serve` instances, dashboards and walls on several machines
/// share one database. It implements the same store protocols as `SQLiteStore`, and one contract test suite runs
/// against both (Tests/StoreContractTests).
///
/// - Schema: versioned migrations (``PostgresMigration``), applied by `golive store migrate` and by `serve` at
///   start, in one transaction under an advisory lock, so several instances may start at once.
/// - Times are stored as `double precision` seconds since 1970, as in SQLite, so both stores give back the same
///   `Date`s; sequence numbers are `bigint` identities.
/// - Every operation has a deadline (``operationTimeout``): when the database is down, callers get a
///   `store.unavailable` error promptly (a receiver then answers 503 and Mercado Pago retries) instead of waiting
///   on the pool; the pool reconnects by itself when the server is back.
public final class PostgresStore: Sendable {
    public let location: PostgresLocation
    let client: PostgresClient
    let logger: Logger
    public let operationTimeout: Duration
    /// The deadline of ``migrateSchema()``: a one-off step at start (no receiver waits on it) that may wait for
    /// another instance's migration under the advisory lock and runs dozens of DDL statements, so it gets longer
    /// than one operation.
    public let migrationTimeout: Duration
    /// Issue 10, several receivers: the leases of claimed work and the claims this instance holds
    /// (PostgresStore+Claims.swift).
    public let claims = PostgresClaims()
    private let runner: Task<Void, Never>

    /// Connects lazily (the first operation opens the pool's first connection); nothing is created or migrated.
    /// Call ``migrateSchema()`` (or `StoreMaintenance.migrate()`) before the first use of a new database.
    public init(
        url: String, maximumConnections: Int = 8, operationTimeout: Duration = .seconds(10),
        migrationTimeout: Duration = .seconds(60)
    ) throws {
        location = try PostgresLocation(url: url)
        logger = Logger(label: "golive.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        client = PostgresClient(
            configuration: try location.clientConfiguration(maximumConnections: maximumConnections),
            backgroundLogger: logger)
        self.operationTimeout = operationTimeout
        self.migrationTimeout = max(migrationTimeout, operationTimeout)
        let client = client
        runner = Task { await client.run() }
    }

    /// Opens the store and applies pending migrations (tests, `serve`).
    public static func open(
        url: String, maximumConnections: Int = 8, operationTimeout: Duration = .seconds(10)
    ) async throws -> PostgresStore {
        let store = try PostgresStore(
            url: url, maximumConnections: maximumConnections, operationTimeout: operationTimeout)
        do {
            _ = try await store.migrateSchema()
        } catch {
            store.close()
            throw error
        }
        return store
    }

    /// Closes the pool's connections; later operations fail with `store.unavailable`.
    public func close() {
        runner.cancel()
    }

    deinit { runner.cancel() }

    // MARK: Plumbing

    /// Runs `body` in one transaction (committed when it returns, rolled back when it throws), within the
    /// operation deadline; errors become `GoLiveError`s that say what to do.
    @discardableResult
    package func write<T: Sendable>(
        _ operation: String, timeout: Duration? = nil,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let client = client
        let logger = logger
        return try await withDeadline(operation, timeout: timeout) {
            try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        }
    }

    /// Runs `body` on one pooled connection, without a transaction (reads).
    @discardableResult
    package func read<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let client = client
        return try await withDeadline(operation) {
            try await client.withConnection { connection in try await body(connection) }
        }
    }

    /// Races `body` against ``operationTimeout``. On timeout the body's task is cancelled and left to finish on
    /// its own (a query stuck on a dead socket must not hold the caller: a receiver has to answer 503 in time).
    package func withDeadline<T: Sendable>(
        _ operation: String, timeout: Duration? = nil, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let timeout = timeout ?? operationTimeout
        let place = location.place
        let once = FirstOnly()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let work = Task {
                let result: Result<T, any Error>
                do { result = .success(try await body()) } catch { result = .failure(error) }
                if once.claim() {
                    continuation.resume(
                        with: result.mapError { Self.storeError($0, operation: operation, place: place) })
                }
            }
            Task {
                try? await Task.sleep(for: timeout)
                if once.claim() {
                    work.cancel()
                    continuation.resume(
                        throwing: GoLiveError(
                            .storeUnavailable,
                            "PostgreSQL at \(place) did not answer within \(timeout) (\(operation)).",
                            remedy: "Check that the server is up and reachable; golive reconnects by itself."))
                }
            }
        }
    }

    /// A `GoLiveError` for any error a PostgreSQL operation throws: what happened (never the password, never row
    /// data) and what to do.
    package static func storeError(_ error: any Error, operation: String, place: String) -> any Error {
        if error is GoLiveError || error is CancellationError { return error }
        guard let error = error as? PSQLError else {
            return GoLiveError(
                .storeUnavailable, "PostgreSQL at \(place) failed (\(operation)): \(error).",
                remedy: "Try again; if it persists, report the message.")
        }
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = error.serverInfo?[.message] ?? "no message"
            switch state {
            case "42P01", "42703":
                return GoLiveError(
                    .storeUnavailable, "The PostgreSQL store at \(place) has no golive schema yet, or an older one.",
                    remedy: "Run `golive store migrate --store …` (golive serve also migrates at start).")
            case "28P01", "28000":
                return GoLiveError(
                    .storeUnavailable, "PostgreSQL at \(place) refused the login: \(message).",
                    remedy: "Check the user and password in the store URL (--store or GOLIVE_STORE).")
            case "3D000":
                return GoLiveError(
                    .storeUnavailable, "PostgreSQL at \(place) has no such database: \(message).",
                    remedy: "Create it (createdb) or fix the database name in the store URL.")
            case "57P01", "57P02", "57P03", "53300":
                return GoLiveError(
                    .storeUnavailable, "PostgreSQL at \(place) is not accepting work now: \(message).",
                    remedy: "Wait for the server to come back; golive reconnects by itself.")
            default:
                return GoLiveError(
                    .storeUnavailable, "PostgreSQL at \(place) failed (\(operation)): \(message) [\(state)].",
                    remedy: "Try again; if it persists, report the message.")
            }
        case .sslUnsupported:
            return GoLiveError(
                .storeUnavailable, "PostgreSQL at \(place) does not offer TLS, and the store URL requires it.",
                remedy: "Enable ssl on the server, or use sslmode=prefer or disable on a trusted network.")
        case .authMechanismRequiresPassword, .unsupportedAuthMechanism, .saslError:
            return GoLiveError(
                .storeUnavailable, "PostgreSQL at \(place) asks for a login golive cannot give (\(error.code)).",
                remedy:
                    "Put the password in the store URL (postgres://user:password@…) or allow this user in pg_hba.conf.")
        default:
            return GoLiveError(
                .storeUnavailable, "Cannot reach PostgreSQL at \(place) (\(error.code)).",
                remedy:
                    "Check that the server is running and the host and port in the store URL; golive reconnects by itself."
            )
        }
    }
}

/// Lets exactly one of several racing tasks act (the first to call ``claim()``).
final class FirstOnly: Sendable {
    private let taken = Mutex(false)
    func claim() -> Bool {
        taken.withLock { taken in
            defer { taken = true }
            return !taken
        }
    }
}

extension Date {
    /// Seconds since 1970 as stored in `double precision` columns.
    package var storedSeconds: Double { timeIntervalSince1970 }
    package init(storedSeconds: Double) { self.init(timeIntervalSince1970: storedSeconds) }
}
