import Foundation
import GoLiveCore
import GoLiveTestSupport
import StorePostgres
import Testing

/// `golive store migrate` on PostgreSQL (issue 10): the real binary, several at once.
@Suite("golive store migrate on PostgreSQL", .enabled(if: PostgresTestServer.isAvailable))
struct StoreMigrateTests {
    struct Summary: Decodable {
        var store: String
        var known: [String]
        var applied: [String]
    }

    @Test func threeProcessesMigratingOneDatabaseAtOnceApplyEachMigrationOnce() async throws {
        let url = try await PostgresTestServer.freshDatabase("migratecli")
        let golive = try GoLiveProcesses(label: "golive-migrate")
        defer { golive.cleanUp() }
        let runs = try await withThrowingTaskGroup(of: GoLiveProcesses.Run.self) { group in
            for _ in 0..<3 { group.addTask { try await golive.run(["store", "migrate", "--store", url, "--json"]) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(runs.allSatisfy { $0.status == 0 }, "\(runs.map(\.all))")
        let summaries = try runs.map { try JSONDecoder().decode(Summary.self, from: Data($0.stdout.utf8)) }
        #expect(summaries.filter { !$0.applied.isEmpty }.count == 1)
        #expect(summaries.flatMap(\.applied) == PostgresStore.knownMigrations)
        #expect(summaries.allSatisfy { $0.known == PostgresStore.knownMigrations })
        #expect(summaries.allSatisfy { !$0.store.contains("password") && $0.store.hasPrefix("postgres://") })

        let again = try await golive.run(["store", "migrate", "--store", url])
        #expect(again.status == 0)
        #expect(again.stdout.contains("is up to date (\(PostgresStore.knownMigrations.count) migrations)"))
        // Not a test of deadlines: a generous one (a full run on 2 loaded cores once took over 10 s for this read).
        let store = try PostgresStore(url: url, operationTimeout: .seconds(60))
        #expect(try await store.appliedMigrations() == PostgresStore.knownMigrations)
        store.close()
        await PostgresTestServer.dropDatabase(url: url)
    }
}
