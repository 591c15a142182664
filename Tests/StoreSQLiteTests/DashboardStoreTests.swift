import Foundation
import GoLiveCore
import StoreSQLite
import Testing

/// What the dashboard relies on to follow the store cheaply: an indexed newest-first page, a change counter that
/// moves when another connection commits (and only then), and small watermarks.
@Suite struct DashboardStoreTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-dash-\(UUID().uuidString)")
    var path: String { folder.appendingPathComponent("golive.sqlite").path }
    let now = Date(timeIntervalSince1970: 1_795_737_600)

    func notification(_ id: String, seller: String = "shop") -> IncomingNotification {
        IncomingNotification(
            kind: .webhook, notificationID: id, topic: "payment", action: "payment.created", dataID: id,
            seller: seller, signature: .valid, receivedAt: now, body: "{}")
    }

    @Test func newestFirstPageUsesTheSellerIndexWithoutSorting() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: path)
        for plan in [try store.feedQueryPlan(seller: "shop"), try store.feedQueryPlan(seller: "shop", afterSeq: 41)] {
            let text = plan.joined(separator: " | ")
            #expect(text.contains("USING INDEX notification_by_seller"), "plan: \(text)")
            #expect(!text.contains("TEMP B-TREE"), "no sort step: \(text)")
            #expect(!text.contains("SCAN notification"), "no table scan: \(text)")
        }
    }

    @Test func dataVersionMovesOnlyWhenAnotherConnectionCommits() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = try SQLiteStore(path: path)
        let watch = try StoreChangeWatch(path: path)
        let first = try watch.dataVersion()
        #expect(try watch.dataVersion() == first, "nothing committed: unchanged")
        _ = try await writer.dashboardMarks(seller: "shop")
        #expect(try watch.dataVersion() == first, "a read is not a change")
        _ = try await writer.recordNotifications([notification("n-1")])
        let second = try watch.dataVersion()
        #expect(second != first)
        try await writer.recordReceiverHeartbeat(listen: "127.0.0.1:1", at: now)
        #expect(try watch.dataVersion() != second)
    }

    @Test func watchNeverCreatesTheStore() {
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: GoLiveError.self) { try StoreChangeWatch(path: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(SQLiteStore.fileIdentity(path: path) == nil)
    }

    @Test func watermarksSayWhatMoved() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: path)
        #expect(try await store.dashboardMarks(seller: "shop") == SQLiteStore.DashboardMarks())
        let stored = try await store.recordNotifications([notification("a"), notification("b", seller: "other")])
        try await store.recordReceiverHeartbeat(listen: "127.0.0.1:1", at: now)
        let marks = try await store.dashboardMarks(seller: "shop")
        #expect(marks.notificationSeq == stored[0].seq, "only the seller's")
        #expect(marks.heartbeat == now)
        #expect(marks.checkSeq == nil && marks.reportFetchedAt == nil)
        try await store.recordCheckResults(
            [CheckResult(id: .sslCheckoutPage, title: "t", status: .pass, summary: "s", checkedAt: now)],
            seller: "shop", sellerID: nil)
        #expect(try await store.dashboardMarks(seller: "shop").checkSeq != nil)
    }
}
