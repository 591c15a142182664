import Foundation
import GoLiveCore
import Testing

/// `ForwardOutbox`: the same behaviour from SQLite and PostgreSQL for one instance.
@Suite("Store contract: forward outbox")
struct ForwardOutboxContractTests {
    @Test(arguments: StoreKind.available)
    func oneOpenDeliveryPerOrderKeyInOrder(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let outbox = try opened.as((any ForwardOutbox).self)
        let at = Fixture.t0
        let enqueued = try await outbox.enqueueForwards(
            [
                Fixture.forward("d1", seq: 1, dataID: "p1"), Fixture.forward("d2", seq: 2, dataID: "p1"),
                Fixture.forward("d3", seq: 3, dataID: "p2"),
            ], at: at)
        #expect(enqueued.map(\.deliveryID) == ["d1", "d2", "d3"])
        // Enqueueing a delivery id again is harmless.
        #expect(try await outbox.enqueueForwards([Fixture.forward("d1", seq: 1, dataID: "p1")], at: at).isEmpty)

        let due = try await outbox.dueForwards(now: at + 1, limit: 10)
        #expect(due.map(\.deliveryID) == ["d1", "d3"])  // d2 waits for d1 (same payment)
        #expect(due.first?.body == enqueued.first?.body && due.first?.nextAttemptAt == at)

        try await outbox.recordForwardAttempt(
            id: due[0].id, result: .retry(status: 503, error: "busy", nextAttemptAt: at + 30), at: at + 2)
        try await outbox.recordForwardAttempt(id: due[1].id, result: .delivered(status: 200), at: at + 2)
        // d1 retrying: d2 still waits; nothing due before d1's next attempt.
        #expect(try await outbox.dueForwards(now: at + 10, limit: 10).isEmpty)
        let again = try await outbox.dueForwards(now: at + 31, limit: 10)
        #expect(again.map(\.deliveryID) == ["d1"])
        #expect(again.first?.attempts == 1 && again.first?.state == .retrying && again.first?.lastStatus == 503)
        try await outbox.recordForwardAttempt(
            id: again[0].id, result: .dead(status: 400, error: "refused"), at: at + 32)
        #expect(try await outbox.dueForwards(now: at + 33, limit: 10).map(\.deliveryID) == ["d2"])

        var counts = try await outbox.forwardCounts(seller: nil)
        #expect(counts.dead == 1 && counts.delivered == 1 && counts.pending == 1 && counts.retrying == 0)
        #expect(counts.oldestUndeliveredAt == at)
        #expect(try await outbox.forwardCounts(seller: "nobody") == ForwardCounts())
        #expect(try await outbox.forwardDeliveries(seller: "shop", state: .dead, limit: 10).map(\.deliveryID) == ["d1"])
        #expect(
            try await outbox.forwardDeliveries(seller: nil, state: nil, limit: 2).map(\.deliveryID) == ["d3", "d2"])
        let delivered = try #require(try await outbox.forwardDeliveries(seller: nil, state: .delivered, limit: 1).first)
        #expect(delivered.deliveredAt == at + 2 && delivered.lastStatus == 200)

        let rearmed = try await outbox.rearmDeadForwards(deliveryID: nil, at: at + 40)
        #expect(rearmed.map(\.deliveryID) == ["d1"] && rearmed.first?.attempts == 0 && rearmed.first?.state == .pending)
        #expect(try await outbox.rearmDeadForwards(deliveryID: "d1", at: at + 41).isEmpty)
        counts = try await outbox.forwardCounts(seller: "shop")
        #expect(counts.dead == 0 && counts.pending == 2)
        let summaries = try await outbox.forwardSummaries(notificationSeqs: [1, 2, 3, 4])
        #expect(summaries[1]?.state == .pending && summaries[3]?.state == .delivered && summaries[4] == nil)
    }
}
