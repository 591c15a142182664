import Foundation
import GoLiveCore
import GoLiveTestSupport
import StorePostgres
import StoreSQLite
import Testing

/// The stores the contract suite runs against: SQLite always, PostgreSQL when scripts/test.sh started one
/// (`POSTGRES_URL`). Each test opens a fresh, migrated store with ``open()`` and closes it with ``close()``.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    /// The kinds available in this run.
    static var available: [StoreKind] { PostgresTestServer.isAvailable ? [.sqlite, .postgres] : [.sqlite] }

    var testDescription: String { rawValue }

    /// A fresh store of this kind. Cast it to the protocol under test (`store as? any NotificationStore`).
    func open(_ label: String = #function) async throws -> StoreUnderTest {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "golive-contract-\(UUID().uuidString)")
            let store = try SQLiteStore(path: folder.appendingPathComponent("golive.sqlite").path)
            return StoreUnderTest(
                kind: self, store: store, cleanup: { try? FileManager.default.removeItem(at: folder) })
        case .postgres:
            let url = try await PostgresTestServer.freshDatabase(label)
            // The contract is behaviour, not deadlines (PostgresOutageTests hold those): a generous operation
            // deadline, as a full run on 2 loaded cores once took over 10 s to record 500 rejected deliveries.
            let store = try await PostgresStore.open(url: url, operationTimeout: .seconds(60))
            return StoreUnderTest(
                kind: self, store: store,
                cleanup: {
                    store.close()
                    await PostgresTestServer.dropDatabase(url: url)
                })
        }
    }
}

/// One open store; `store` is the concrete store as `any GoLiveStore` (every store implements it), and each test
/// casts it to the protocol it exercises.
struct StoreUnderTest: Sendable {
    let kind: StoreKind
    let store: any GoLiveStore
    let cleanup: @Sendable () async -> Void

    /// The store as the protocol `P`; fails the test clearly when this store does not implement it yet.
    func `as`<P>(_ type: P.Type) throws -> P {
        guard let typed = store as? P else {
            throw TestServerError("the \(kind.rawValue) store does not implement \(P.self)")
        }
        return typed
    }

    func close() async { await cleanup() }
}
