import Foundation
import GoLiveCore
import GoLiveTestSupport
import StorePostgres
import Testing

/// The PostgreSQL store when its server goes away and comes back (issue 10: "Database down: receivers answer 503
/// and recover by themselves"), on a PRIVATE cluster this test stops, kills and restarts.
@Suite("PostgreSQL outages", .enabled(if: PostgresTestCluster.isAvailable), .serialized)
struct PostgresOutageTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    func seller(_ name: String) -> SellerRecord {
        SellerRecord(name: name, userID: nil, nickname: nil, siteID: nil, environment: nil, updatedAt: Self.t0)
    }

    /// Retries `body` until it succeeds (the pool reconnects with a backoff), at most `within`.
    func eventually<T: Sendable>(
        within: Duration = .seconds(20), _ body: @Sendable () async throws -> T
    ) async throws -> T {
        let deadline = ContinuousClock.now + within
        while true {
            do { return try await body() } catch {
                if ContinuousClock.now > deadline { throw error }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    @Test func aStoppedServerFailsEachOperationWithinItsDeadlineAndTheSameStoreRecoversWhenItIsBack() async throws {
        let cluster = try await PostgresTestCluster.make(label: "outage")
        do {
            let url = try await cluster.createDatabase()
            let store = try PostgresStore(url: url, maximumConnections: 2, operationTimeout: .seconds(2))
            defer { store.close() }
            // Migrated with a generous deadline (a busy 2-core run); the short one is for the outage itself.
            let migrator = try PostgresStore(url: url, maximumConnections: 1, operationTimeout: .seconds(60))
            try await migrator.migrateSchema()
            migrator.close()
            try await store.saveSeller(seller("before"))

            try await cluster.stop()
            // Several operations while it is down: each one answers within its deadline (a receiver's 503),
            // none waits for the server, and the error says what happened and that golive reconnects.
            for _ in 0..<3 {
                let started = ContinuousClock.now
                let error = try await #require(throws: GoLiveError.self) { try await store.saveSeller(seller("lost")) }
                #expect(ContinuousClock.now - started < .seconds(4))
                #expect(error.code == .storeUnavailable)
                #expect(error.message.contains("127.0.0.1:\(cluster.port)/golive"))
            }

            try await cluster.start()
            // The same store object, without reopening: the pool reconnects by itself.
            try await eventually { try await store.saveSeller(seller("after")) }
            #expect(try await store.sellers().map(\.name) == ["after", "before"])
        } catch {
            Issue.record("\(error)\n\(cluster.serverLog().suffix(2000))")
        }
        await cluster.destroy()
    }

    @Test func aCrashedServerKeepsEveryCommittedWriteAndTheStoreRecoversAfterCrashRecovery() async throws {
        let cluster = try await PostgresTestCluster.make(label: "crash")
        do {
            let url = try await cluster.createDatabase()
            let store = try PostgresStore(url: url, maximumConnections: 4, operationTimeout: .seconds(2))
            defer { store.close() }
            // Migrated with a generous deadline (a busy 2-core run); the short one is for the outage itself.
            let migrator = try PostgresStore(url: url, maximumConnections: 1, operationTimeout: .seconds(60))
            try await migrator.migrateSchema()
            migrator.close()
            // Writers keep going while the server is killed: every write that returned is durable.
            let committed = Committed()
            let writers = Task {
                await withTaskGroup(of: Void.self) { group in
                    for writer in 0..<4 {
                        group.addTask {
                            var index = 0
                            while !committed.stopped {
                                let name = "w\(writer)-\(index)"
                                if (try? await store.saveSeller(seller(name))) != nil { committed.add(name) }
                                index += 1
                            }
                        }
                    }
                }
            }
            try await eventually { guard committed.count >= 20 else { throw CancellationError() } }
            try await cluster.kill()
            #expect(!cluster.isRunning)
            try await Task.sleep(for: .milliseconds(500))
            try await cluster.start()  // crash recovery
            let atRestart = committed.count
            try await eventually { guard committed.count >= atRestart + 20 else { throw CancellationError() } }
            committed.stop()
            await writers.value
            let stored = Set(try await eventually { try await store.sellers() }.map(\.name))
            #expect(committed.names.isSubset(of: stored))
            #expect(committed.count > 40)
        } catch {
            Issue.record("\(error)\n\(cluster.serverLog().suffix(2000))")
        }
        await cluster.destroy()
    }
}

/// Names whose write returned, from several tasks.
final class Committed: @unchecked Sendable {
    private let lock = NSLock()
    private var set = Set<String>()
    func add(_ name: String) { lock.withLock { _ = set.insert(name) } }
    var names: Set<String> { lock.withLock { set } }
    var count: Int { lock.withLock { set.count } }
    private var halted = false
    var stopped: Bool { lock.withLock { halted } }
    func stop() { lock.withLock { halted = true } }
}
