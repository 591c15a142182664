import Foundation
import GoLiveCore
import StoreSQLite
import TerminalUI
import Testing

@testable import GoLiveCLI

/// The dashboard picks up the backfill's findings written by another process (`golive serve`), and marks one
/// that a late notification followed (issue 11).
@Suite struct BackfillDashboardDataTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-bf-\(UUID().uuidString)")
    var path: String { folder.appendingPathComponent("golive.sqlite").path }
    let seller = SellerSettings(name: "shop")
    let clock = ManualClock(now: Date(timeIntervalSince1970: 1_795_737_600))

    @Test func findingsAppearAndALateNotificationIsMarked() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = try SQLiteStore(path: path)
        let data = DashboardData(
            path: path, store: try SQLiteStore(path: path), sellers: [seller], seller: seller, clock: clock,
            open: { try SQLiteStore(path: $0) }, balances: { _ in nil })
        #expect(try #require(await data.poll()).neverNotified.isEmpty)

        let found = try await writer.recordNeverNotified([
            NeverNotifiedFinding(
                seller: "shop", paymentID: "1322000042", status: "approved", externalReference: "ORDER-42",
                dateLastUpdated: clock.now() - 60, foundAt: clock.now())
        ])
        #expect(found.count == 1)
        clock.advance(by: .seconds(2))
        let first = try #require(await data.poll())
        #expect(first.neverNotified.map(\.paymentID) == ["1322000042"])
        #expect(first.neverNotified.first?.notifiedLate == false)

        _ = try await writer.recordNotifications([
            IncomingNotification(
                kind: .webhook, notificationID: "late-1", topic: "payment", action: "payment.updated",
                dataID: "1322000042", seller: "shop", signature: .valid, receivedAt: clock.now(), body: "{}")
        ])
        clock.advance(by: .seconds(2))
        let late = try #require(await data.poll())
        #expect(late.neverNotified.first?.notifiedLate == true)
        #expect(late.feed.value?.first?.id == "late-1")
    }
}
