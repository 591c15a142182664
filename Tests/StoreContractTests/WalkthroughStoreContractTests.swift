import Foundation
import GoLiveCore
import Testing

/// `WalkthroughStore` (progress per seller): the same behaviour from SQLite and PostgreSQL.
@Suite("Store contract: walkthrough progress")
struct WalkthroughStoreContractTests {
    let now = Date(timeIntervalSince1970: 1_795_737_600)

    @Test(arguments: StoreKind.available)
    func progressIsKeptPerSellerKeepingTheFirstStart(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any WalkthroughStore).self)
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

        let shop = try #require(try await store.walkthroughProgress(seller: "shop"))
        #expect(shop.currentStep == "notifications")
        #expect(shop.visited == ["credentials", "ssl", "notifications"])
        #expect(shop.completed == ["credentials"])
        #expect(shop.startedAt == now, "the first start is kept")
        #expect(shop.updatedAt == now.addingTimeInterval(600))
        let other = try #require(try await store.walkthroughProgress(seller: "other"))
        #expect(other.currentStep == "credentials" && other.visited.isEmpty && other.completed.isEmpty)
    }
}
