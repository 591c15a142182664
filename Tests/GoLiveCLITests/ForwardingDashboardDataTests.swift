import Foundation
import GoLiveCore
import StoreSQLite
import TerminalUI
import Testing

@testable import GoLiveCLI

/// Forwarding (issue 11): a delivery's state moves without a new notification; the dashboard follows it.
@Suite struct ForwardingDashboardDataTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-fwd-\(UUID().uuidString)")
    var path: String { folder.appendingPathComponent("golive.sqlite").path }
    let seller = SellerSettings(name: "shop")
    let clock = ManualClock(now: Date(timeIntervalSince1970: 1_795_737_600))

    @Test func theFeedFollowsADeliveryFromPendingToDelivered() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = try SQLiteStore(path: path)  // the `golive serve` side
        let stored = try await writer.recordNotifications([
            IncomingNotification(
                kind: .webhook, notificationID: "n-1", topic: "payment", action: "payment.updated", dataID: "p-1",
                seller: "shop", signature: .valid, receivedAt: clock.now(), body: "{}")
        ])
        let draft = ForwardDraft(
            notification: stored[0], resource: ForwardResource(type: .payment, id: "p-1", status: "approved"),
            source: .notification)
        try await writer.recordProcessing(
            [ProcessingRecord(seq: stored[0].seq, outcome: .done(resourceStatus: "approved"), forward: draft)],
            at: clock.now())
        let data = DashboardData(
            path: path, store: try SQLiteStore(path: path), sellers: [seller], seller: seller, clock: clock,
            open: { try SQLiteStore(path: $0) }, balances: { _ in nil })
        let first = try #require(await data.poll())
        #expect(first.feed.value?.first?.forwarding?.state == .pending)

        let delivery = try #require(try await writer.dueForwards(now: clock.now(), limit: 1).first)
        try await writer.recordForwardAttempt(id: delivery.id, result: .delivered(status: 200), at: clock.now())
        let next = try #require(await data.poll())
        #expect(next.feed.value?.first?.forwarding?.state == .delivered)
        #expect(next.feed.value?.first?.forwarding?.deliveryID == draft.deliveryID)
    }
}
