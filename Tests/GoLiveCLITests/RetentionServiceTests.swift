import Foundation
import GoLiveCore
import Logging
import StoreSQLite
import Testing

@testable import GoLiveCLI

/// `serve`'s own retention (the config's `retention:`): one pass purges as `store purge` does.
@Suite struct RetentionServiceTests {
    @Test func aPassScrubsAndDeletesOnTheServiceClock() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-ret-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("golive.sqlite").path)
        let clock = ManualClock()
        let old = clock.now().addingTimeInterval(-40 * 86_400)
        let stored = try await store.recordNotifications(
            ["a", "b"].map { id in
                IncomingNotification(
                    kind: .webhook, notificationID: id, topic: "payment", dataID: "1", liveMode: true, userID: nil,
                    requestID: nil, seller: nil, signature: .valid, signatureVariant: nil, receivedAt: old,
                    body: #"{"id":"\#(id)","payer":{"email":"ana.lopez@example.com"}}"#)
            })
        try await store.recordProcessing(
            [ProcessingRecord(seq: stored[0].seq, outcome: .done(resourceStatus: "approved"))], at: old)
        let service = RetentionService(
            store: store, settings: RetentionSettings(olderThanDays: 10, deleteAfterDays: 30), clock: clock,
            logger: Logger(label: "test"))
        await service.purge(try #require(service.settings))
        let left = try await store.notifications(NotificationQuery(limit: 10))
        #expect(left.map(\.notification.notificationID) == ["b"], "a (done, 40 days old) deleted; b pending kept")
        #expect(!left[0].notification.body.contains("ana.lopez"))
    }
}
