import Foundation
import GoLiveCore
import StoreSQLite
import Testing

func temporaryStore() throws -> (SQLiteStore, URL) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-notify-\(UUID().uuidString)")
    let store = try SQLiteStore(path: folder.appendingPathComponent("golive.sqlite").path)
    return (store, folder)
}

func webhook(
    _ id: String, dataID: String = "123", topic: String = "payment", action: String = "payment.updated",
    seller: String? = "shop", at date: Date = Date(timeIntervalSince1970: 1_790_000_000)
) -> IncomingNotification {
    IncomingNotification(
        kind: .webhook, notificationID: id, topic: topic, action: action, dataID: dataID, liveMode: true,
        userID: 7, requestID: "r-\(id)", seller: seller, signature: .valid, signatureVariant: "as_received",
        receivedAt: date, body: #"{"id":"\#(id)"}"#)
}

@Suite("Notification store (SQLite)")
struct NotificationStoreTests {
    @Test("a batch is one transaction; the same notification id again is a flagged duplicate, already done")
    func duplicates() async throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try store.writerSynchronousMode() == 2)
        #expect(try store.appliedMigrations().contains("notifications v1"))
        let first = try await store.recordNotifications([webhook("n1"), webhook("n2"), webhook("n1")])
        #expect(first.map(\.seq) == [1, 2, 3])
        #expect(first.map(\.duplicate) == [false, false, true])
        #expect(first.map(\.processing) == [.pending, .pending, .done])
        // A new payment.updated for the same payment is a new notification (a new id), not a duplicate.
        let later = try await store.recordNotifications([webhook("n3", dataID: "123"), webhook("n2")])
        #expect(later.map(\.duplicate) == [false, true])
        let due = try await store.dueNotifications(now: Date(timeIntervalSince1970: 1_790_000_001), limit: 10)
        #expect(due.map(\.notification.notificationID) == ["n1", "n2", "n3"])
        let listed = try await store.notifications(NotificationQuery(limit: 10))
        #expect(listed.map(\.seq) == [5, 4, 3, 2, 1])
        #expect(listed.first?.notification.signatureVariant == "as_received")
        let ofPayment = try await store.notifications(NotificationQuery(dataID: "123", limit: 10))
        #expect(ofPayment.count == 5)
        let afterThree = try await store.notifications(NotificationQuery(afterSeq: 3, limit: 10))
        #expect(afterThree.map(\.seq) == [5, 4])
    }

    @Test("the outbox: retry with a due time, failed after giving up, requeued by replay")
    func outbox() async throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        let stored = try await store.recordNotifications([webhook("a"), webhook("b")])
        try await store.recordProcessing(
            [
                ProcessingRecord(seq: stored[0].seq, outcome: .retry(error: "timeout", nextAttemptAt: t0 + 60)),
                ProcessingRecord(seq: stored[1].seq, outcome: .failed(error: "gone")),
            ], at: t0)
        #expect(try await store.dueNotifications(now: t0 + 30, limit: 10).isEmpty)
        let due = try await store.dueNotifications(now: t0 + 61, limit: 10)
        #expect(due.map(\.seq) == [stored[0].seq])
        #expect(due.first?.attempts == 1)
        #expect(due.first?.lastError == "timeout")
        let failed = try await store.notifications(NotificationQuery(processing: .failed, limit: 10))
        #expect(failed.map(\.seq) == [stored[1].seq])
        #expect(try await store.requeueNotifications(seq: nil, at: t0) == 1)
        #expect(try await store.dueNotifications(now: t0 + 1, limit: 10).map(\.seq) == [stored[1].seq])
        try await store.recordProcessing(
            [ProcessingRecord(seq: stored[1].seq, outcome: .done(resourceStatus: "approved"))], at: t0)
        let done = try await store.notifications(NotificationQuery(processing: .done, limit: 10))
        #expect(done.first?.resourceStatus == "approved")
    }

    @Test("an older update never overwrites a newer one, whatever order they arrive in")
    func outOfOrderOrders() async throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        func update(_ status: String, payment: String, at offset: TimeInterval, seq: Int64) -> ShopOrder {
            ShopOrder(
                seller: "shop", externalReference: "ORDER-1", sellerID: 7, status: status, statusDetail: nil,
                amount: Decimal(string: "1234.56"), currency: "ARS", paymentIDs: [payment], source: .payment,
                sourceID: payment, dateLastUpdated: t0 + offset, lastNotificationSeq: seq, updatedAt: t0)
        }
        #expect(try await store.applyOrderUpdate(update("refunded", payment: "p1", at: 120, seq: 2)))
        // The approval (older) arrives after the refund: it must not win.
        #expect(try await store.applyOrderUpdate(update("approved", payment: "p1", at: 60, seq: 3)) == false)
        var order = try #require(try await store.order(seller: "shop", externalReference: "ORDER-1"))
        #expect(order.status == "refunded")
        #expect(order.amount == Decimal(string: "1234.56"))
        // A second payment for the same order, newer: applied, and both payment ids are kept.
        #expect(try await store.applyOrderUpdate(update("approved", payment: "p2", at: 180, seq: 4)))
        order = try #require(try await store.order(paymentID: "p1"))
        #expect(order.status == "approved")
        #expect(order.paymentIDs == ["p1", "p2"])
        let approved = try await store.orders(seller: "shop", status: "approved", updatedFrom: t0, to: t0 + 3600)
        #expect(approved.map(\.externalReference) == ["ORDER-1"])
        #expect(
            try await store.orders(seller: "shop", status: "approved", updatedFrom: t0 + 200, to: t0 + 3600).isEmpty)
        #expect(try await store.order(paymentID: "nope") == nil)
    }

    @Test("the rejected log is bounded and feeds the signature summary")
    func rejectedLog() async throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        let many = (0..<(SQLiteStore.rejectedLogBound + 20)).map { index in
            RejectedDelivery(
                receivedAt: t0 + Double(index), reason: index.isMultiple(of: 2) ? .signatureMismatch : .malformedJSON,
                requestID: "r\(index)", dataID: "\(index)", remoteAddress: "127.0.0.1:1")
        }
        try await store.recordRejected(many)
        let listed = try await store.rejectedDeliveries(limit: 5000)
        #expect(listed.count == SQLiteStore.rejectedLogBound)
        #expect(listed.first?.requestID == "r\(SQLiteStore.rejectedLogBound + 19)")
        _ = try await store.recordNotifications([webhook("x", at: t0 + 5)])
        try await store.recordReceiverHeartbeat(listen: "127.0.0.1:8080", at: t0 + 10)
        let summary = try await store.notificationSummary(seller: "shop", since: t0)
        #expect(summary.valid == 1)
        #expect(summary.received == 1)
        #expect(summary.signatureRejections == SQLiteStore.rejectedLogBound / 2)
        #expect(summary.lastRejectionReason == .signatureMismatch)
        #expect(summary.receiverListen == "127.0.0.1:8080")
        #expect(summary.lastReceivedAt == t0 + 5)
    }
}
