import Foundation
import GoLiveCore
import Testing

/// `ReportStore` (fetched report files): the same behaviour from SQLite and PostgreSQL.
@Suite("Store contract: fetched reports")
struct ReportStoreContractTests {
    func report(_ name: String, _ type: ReportType, at seconds: TimeInterval, bytes: Int64 = 10) -> FetchedReport {
        FetchedReport(
            seller: "shop", sellerID: 42, type: type, fileName: name, path: "/tmp/\(name)",
            beginDate: Date(timeIntervalSince1970: 1_780_000_000), endDate: Date(timeIntervalSince1970: 1_790_000_000),
            bytes: bytes, fetchedAt: Date(timeIntervalSince1970: seconds))
    }

    @Test(arguments: StoreKind.available)
    func newestFirstByTypeAndFetchingAFileAgainUpdatesItsRow(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any ReportStore).self)
        try await store.recordFetchedReport(report("a.csv", .release, at: 1_790_000_100))
        try await store.recordFetchedReport(report("b.csv", .settlement, at: 1_790_000_200))
        try await store.recordFetchedReport(report("a.csv", .release, at: 1_790_000_300, bytes: 99))
        var undated = report("c.csv", .settlement, at: 1_790_000_000)
        undated.beginDate = nil
        undated.endDate = nil
        undated.sellerID = nil
        try await store.recordFetchedReport(undated)

        let all = try await store.fetchedReports(seller: "shop", type: nil, limit: 10)
        #expect(all.map(\.fileName) == ["a.csv", "b.csv", "c.csv"])
        #expect(all[0] == report("a.csv", .release, at: 1_790_000_300, bytes: 99))
        #expect(all[2] == undated)
        #expect(
            try await store.fetchedReports(seller: "shop", type: .settlement, limit: 10).map(\.fileName) == [
                "b.csv", "c.csv",
            ])
        #expect(try await store.fetchedReports(seller: "shop", type: nil, limit: 1).map(\.fileName) == ["a.csv"])
        #expect(try await store.fetchedReports(seller: "other", type: nil, limit: 10).isEmpty)
    }
}
