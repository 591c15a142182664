import Foundation
import GoLiveCore
import GoLiveTestSupport
import StorePostgres
import Testing

/// PostgreSQL migrations: versioned, applied once, safe from several instances starting at once.
@Suite("PostgreSQL migrations", .enabled(if: PostgresTestServer.isAvailable))
struct PostgresMigrationTests {
    @Test func severalInstancesMigrateTheSameDatabaseAtOnceAndEachMigrationAppliesOnce() async throws {
        let url = try await PostgresTestServer.freshDatabase("migrate")
        let stores = try (0..<4).map { _ in try PostgresStore(url: url, maximumConnections: 2) }
        let applied = try await withThrowingTaskGroup(of: [String].self) { group in
            for store in stores { group.addTask { try await store.migrateSchema() } }
            var all: [[String]] = []
            for try await ids in group { all.append(ids) }
            return all
        }
        // Exactly one instance applied everything; the others found nothing to do.
        #expect(applied.filter { !$0.isEmpty }.count == 1)
        #expect(applied.flatMap { $0 } == PostgresStore.knownMigrations)
        #expect(try await stores[0].appliedMigrations() == PostgresStore.knownMigrations)
        #expect(try await stores[1].migrateSchema().isEmpty)
        for store in stores { store.close() }
        await PostgresTestServer.dropDatabase(url: url)
    }

    @Test func anUnmigratedDatabaseSaysToRunMigrate() async throws {
        let url = try await PostgresTestServer.freshDatabase("nomigrate")
        let store = try PostgresStore(url: url)
        let error = try await #require(throws: GoLiveError.self) { try await store.sellers() }
        #expect(error.code == .storeUnavailable)
        #expect(error.message.contains("no golive schema"))
        #expect(error.remedy?.contains("golive store migrate") == true)
        store.close()
        await PostgresTestServer.dropDatabase(url: url)
    }

    @Test func aServerThatIsNotThereGivesAPromptClearErrorWithoutThePassword() async throws {
        // A port nothing listens on: the pool keeps retrying, the operation's deadline answers.
        let store = try PostgresStore(
            url: "postgres://golive:s3cret-pass@127.0.0.1:1/golive?sslmode=disable", operationTimeout: .seconds(2))
        let started = ContinuousClock.now
        let error = try await #require(throws: GoLiveError.self) { try await store.sellers() }
        #expect(ContinuousClock.now - started < .seconds(40))
        #expect(error.code == .storeUnavailable)
        #expect(error.message.contains("127.0.0.1:1/golive"))
        #expect(!error.message.contains("s3cret") && error.remedy?.contains("s3cret") != true)
        store.close()
    }
}

@Suite("PostgreSQL store URLs")
struct PostgresLocationTests {
    @Test func parsesUserPasswordHostPortDatabaseAndSSLMode() throws {
        let location = try PostgresLocation(url: "postgres://op%40shop:p%2Fw@db.example:6543/golive?sslmode=require")
        #expect(location.username == "op@shop")
        #expect(location.host == "db.example" && location.port == 6543 && location.database == "golive")
        #expect(location.sslMode == .require)
        #expect(!location.description.contains("p/w") && !location.description.contains("p%2Fw"))
        #expect(location.description == "postgres://op@shop@db.example:6543/golive?sslmode=require")
    }

    @Test func defaultsArePort5432TheUsersDatabaseAndPrefer() throws {
        let location = try PostgresLocation(url: "postgresql://golive@localhost")
        #expect(location.port == 5432 && location.database == "golive" && location.sslMode == .prefer)
    }

    @Test func rejectsAnUnknownSSLModeAndAMissingUserWithARemedy() {
        let mode = #expect(throws: GoLiveError.self) {
            try PostgresLocation(url: "postgres://u@h/db?sslmode=sometimes")
        }
        #expect(mode?.remedy?.contains("verify-full") == true)
        let user = #expect(throws: GoLiveError.self) { try PostgresLocation(url: "postgres://h:5432/db") }
        #expect(user?.message.contains("no user") == true)
    }
}
