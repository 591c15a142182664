import Foundation
import GoLiveCore
import StoreSQLite
import TerminalUI
import Testing

@testable import GoLiveCLI

/// The dashboard's feed adapter reads what the receiver stored, in a real SQLite file.
@Suite struct NotificationFeedTests {
    @Test func feedShowsStoredNotificationsNewestFirstForTheSeller() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-feed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("golive.sqlite").path)
        let base = Date(timeIntervalSince1970: 1_795_737_600)
        let stored = try await store.recordNotifications([
            IncomingNotification(
                kind: .webhook, notificationID: "n-1", topic: "payment", action: "payment.created", dataID: "111",
                liveMode: true, userID: 42, requestID: "req-1", seller: "shop", signature: .valid,
                signatureVariant: "as_received", receivedAt: base, body: #"{"id":"n-1"}"#),
            IncomingNotification(
                kind: .ipn, notificationID: "ipn:payment:222", topic: "payment", dataID: "222", seller: "shop",
                signature: .unsigned, receivedAt: base.addingTimeInterval(5)),
            IncomingNotification(
                kind: .webhook, notificationID: "n-3", topic: "payment", action: "payment.created", dataID: "333",
                seller: "other", signature: .valid, receivedAt: base.addingTimeInterval(9)),
        ])
        try await store.recordProcessing(
            [ProcessingRecord(seq: stored[0].seq, outcome: .done(resourceStatus: "approved"))], at: base)

        let feed = try await NotificationFeed(store: store).recentNotifications(seller: "shop", limit: 10)
        #expect(feed.map(\.id) == ["ipn:payment:222", "n-1"])
        let webhook = try #require(feed.last)
        #expect(webhook.signature == "valid" && webhook.signatureVariant == "as_received")
        #expect(webhook.processing == "done" && webhook.resourceStatus == "approved")
        #expect(webhook.headers.contains { $0.name == "x-request-id" && $0.value == "req-1" })
        #expect(webhook.body.contains("n-1"))
        #expect(feed.first?.kind == "ipn" && feed.first?.processing == "pending")
    }
}
