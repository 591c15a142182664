import Foundation
import GoLiveCore
import Testing

/// `GoLiveStore` (sellers, check results): the same behaviour from SQLite and PostgreSQL.
@Suite("Store contract: sellers and check results")
struct GoLiveStoreContractTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    @Test(arguments: StoreKind.available)
    func sellersAreUpsertedByName(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = opened.store
        try await store.saveSeller(
            SellerRecord(name: "b", userID: nil, nickname: nil, siteID: nil, environment: nil, updatedAt: Self.t0))
        try await store.saveSeller(
            SellerRecord(name: "a", userID: 7, nickname: "SHOP", siteID: "MLA", environment: "test", updatedAt: Self.t0)
        )
        try await store.saveSeller(
            SellerRecord(
                name: "a", userID: 7, nickname: "SHOP", siteID: "MLA", environment: "production",
                updatedAt: Self.t0.addingTimeInterval(60)))
        let sellers = try await store.sellers()
        #expect(sellers.map(\.name) == ["a", "b"])
        #expect(sellers[0].environment == "production")
        #expect(sellers[0].updatedAt == Self.t0.addingTimeInterval(60))
        #expect(sellers[0].userID == 7 && sellers[1].userID == nil)
    }

    @Test(arguments: StoreKind.available)
    func latestResultPerCheckAndHistoryNewestFirst(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = opened.store
        func result(_ id: CheckID, _ status: CheckStatus, _ minutes: Double) -> CheckResult {
            CheckResult(
                id: id, title: id.rawValue, status: status, summary: "\(id.rawValue) \(status.rawValue)",
                checkedAt: Self.t0.addingTimeInterval(minutes * 60))
        }
        try await store.recordCheckResults(
            [result(.sslCheckoutPage, .fail, 0), result(.credentialsProduction, .pass, 0)], seller: "shop", sellerID: 1)
        try await store.recordCheckResults([result(.sslCheckoutPage, .pass, 5)], seller: "shop", sellerID: 1)
        try await store.recordCheckResults([result(.sslCheckoutPage, .warn, 9)], seller: "other", sellerID: 2)

        let latest = try await store.latestCheckResults(seller: "shop")
        #expect(latest.count == 2)
        #expect(latest.first { $0.id == .sslCheckoutPage }?.status == .pass)
        #expect(latest.first { $0.id == .sslCheckoutPage }?.checkedAt == Self.t0.addingTimeInterval(300))
        let history = try await store.checkHistory(.sslCheckoutPage, seller: "shop", limit: 10)
        #expect(history.map(\.status) == [.pass, .fail])
        #expect(try await store.checkHistory(.sslCheckoutPage, seller: "shop", limit: 1).count == 1)
        #expect(try await store.latestCheckResults(seller: "nobody").isEmpty)
    }
}
