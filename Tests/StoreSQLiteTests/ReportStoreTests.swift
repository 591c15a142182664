import Foundation
import GoLiveCore
import StoreSQLite
import Testing

@Suite("SQLite store: fetched reports")
struct ReportStoreTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-reports-\(UUID().uuidString)")
    var path: String { folder.appendingPathComponent("golive.sqlite").path }

    func report(_ name: String, _ type: ReportType, at seconds: TimeInterval, bytes: Int64 = 10) -> FetchedReport {
        FetchedReport(
            seller: "shop", sellerID: 42, type: type, fileName: name, path: "/tmp/\(name)",
            beginDate: Date(timeIntervalSince1970: 1_780_000_000), endDate: Date(timeIntervalSince1970: 1_790_000_000),
            bytes: bytes, fetchedAt: Date(timeIntervalSince1970: seconds))
    }

    @Test("fetched reports survive reopening, newest first, by type; fetching a file again updates its row")
    func persistence() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let store = try SQLiteStore(path: path)
            try await store.recordFetchedReport(report("a.csv", .release, at: 1_790_000_100))
            try await store.recordFetchedReport(report("b.csv", .settlement, at: 1_790_000_200))
            try await store.recordFetchedReport(report("a.csv", .release, at: 1_790_000_300, bytes: 99))
        }
        let store = try SQLiteStore(path: path)
        let all = try await store.fetchedReports(seller: "shop", type: nil, limit: 10)
        #expect(all.map(\.fileName) == ["a.csv", "b.csv"])
        #expect(all[0].bytes == 99)
        #expect(all[0] == report("a.csv", .release, at: 1_790_000_300, bytes: 99))
        #expect(
            try await store.fetchedReports(seller: "shop", type: .settlement, limit: 10).map(\.fileName) == ["b.csv"])
        #expect(try await store.fetchedReports(seller: "other", type: nil, limit: 10).isEmpty)
        #expect(SQLiteStore.knownMigrations.contains("reports v1: fetched report files"))
    }
}
