import Foundation
import GoLiveCore
import StoreSQLite
import Testing

/// The walkthrough's progress in a real SQLite file: saved per seller, read back after the store is reopened
/// (quitting and coming back resumes where it was).
@Suite struct WalkthroughStoreTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-walk-\(UUID().uuidString)")
    var path: String { folder.appendingPathComponent("golive.sqlite").path }
    let now = Date(timeIntervalSince1970: 1_795_737_600)

    @Test func progressSurvivesReopeningPerSeller() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let store = try SQLiteStore(path: path)
            #expect(try await store.walkthroughProgress(seller: "shop") == nil, "never opened: nothing")
            try await store.saveWalkthroughProgress(
                WalkthroughProgress(
                    seller: "shop", currentStep: "ssl", visited: ["credentials", "ssl"], completed: ["credentials"],
                    startedAt: now, updatedAt: now))
            try await store.saveWalkthroughProgress(
                WalkthroughProgress(
                    seller: "shop", currentStep: "notifications", visited: ["credentials", "ssl", "notifications"],
                    completed: ["credentials"], startedAt: now.addingTimeInterval(500),
                    updatedAt: now.addingTimeInterval(600)))
            try await store.saveWalkthroughProgress(
                WalkthroughProgress(seller: "other", currentStep: "credentials", startedAt: now, updatedAt: now))
        }
        let reopened = try SQLiteStore(path: path)
        let shop = try #require(try await reopened.walkthroughProgress(seller: "shop"))
        #expect(shop.currentStep == "notifications")
        #expect(shop.visited == ["credentials", "ssl", "notifications"])
        #expect(shop.completed == ["credentials"])
        #expect(shop.startedAt == now, "the first start is kept")
        #expect(shop.updatedAt == now.addingTimeInterval(600))
        let other = try #require(try await reopened.walkthroughProgress(seller: "other"))
        #expect(other.currentStep == "credentials" && other.visited.isEmpty && other.completed.isEmpty)
        #expect(SQLiteStore.knownMigrations.contains("walkthrough v1: progress per seller"))
    }
}
