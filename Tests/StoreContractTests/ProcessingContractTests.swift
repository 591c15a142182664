import Foundation
import GoLiveCore
import Testing

/// The processing outbox (`dueNotifications`, `recordProcessing`, `requeueNotifications`): the same behaviour from
/// SQLite and PostgreSQL for one instance. (PostgreSQL also claims what it hands out: see
/// PostgresSeveralInstancesTests.)
@Suite("Store contract: processing outbox")
struct ProcessingContractTests {
    @Test(arguments: StoreKind.available)
    func dueOutcomesRetryAndRequeue(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any NotificationStore).self)
        let now = Fixture.t0.addingTimeInterval(100)
        let stored = try await store.recordNotifications([
            Fixture.incoming("a"), Fixture.incoming("b", at: 1), Fixture.incoming("c", at: 2),
        ])
        let due = try await store.dueNotifications(now: now, limit: 10)
        #expect(due.map(\.seq) == stored.map(\.seq))
        #expect(try await store.dueNotifications(now: now, limit: 0).isEmpty)

        try await store.recordProcessing(
            [
                ProcessingRecord(seq: stored[0].seq, outcome: .done(resourceStatus: "approved")),
                ProcessingRecord(
                    seq: stored[1].seq, outcome: .retry(error: "502 from the API", nextAttemptAt: now + 60)),
                ProcessingRecord(seq: stored[2].seq, outcome: .failed(error: "no token")),
            ], at: now)
        #expect(try await store.dueNotifications(now: now + 5, limit: 10).isEmpty)
        let later = try await store.dueNotifications(now: now + 61, limit: 10)
        #expect(later.map(\.seq) == [stored[1].seq])
        #expect(later.first?.attempts == 1 && later.first?.lastError == "502 from the API")
        #expect(later.first?.nextAttemptAt == now + 60)

        let rows = try await store.notifications(NotificationQuery(limit: 10))
        let a = try #require(rows.first { $0.seq == stored[0].seq })
        #expect(a.processing == .done && a.resourceStatus == "approved" && a.attempts == 1)
        let c = try #require(rows.first { $0.seq == stored[2].seq })
        #expect(c.processing == .failed && c.lastError == "no token")

        // Requeue: every failed one (not done ones), due at once, attempts reset.
        #expect(try await store.requeueNotifications(seq: nil, at: now + 10) == 1)
        let requeued = try await store.dueNotifications(now: now + 10, limit: 10)
        #expect(requeued.map(\.seq) == [stored[2].seq])
        #expect(requeued.first?.attempts == 0)
        // One by seq; a duplicate is never requeued.
        let duplicate = try await store.recordNotifications([Fixture.incoming("a", at: 3)])
        #expect(try await store.requeueNotifications(seq: duplicate[0].seq, at: now) == 0)
        #expect(try await store.requeueNotifications(seq: stored[0].seq, at: now + 20) == 1)
        #expect(try await store.dueNotifications(now: now + 20, limit: 10).map(\.seq).contains(stored[0].seq))
    }

    @Test(arguments: StoreKind.available)
    func aDoneOutcomeEnqueuesItsForwardInTheSameTransaction(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any NotificationStore & ForwardOutbox).self)
        let stored = try await store.recordNotifications([Fixture.incoming("a"), Fixture.incoming("b", at: 1)])
        _ = try await store.dueNotifications(now: Fixture.t0 + 5, limit: 10)
        try await store.recordProcessing(
            [
                ProcessingRecord(
                    seq: stored[0].seq, outcome: .done(resourceStatus: "approved"),
                    forward: Fixture.forward("dlv_a", seq: stored[0].seq, dataID: "p-a")),
                // Only a `done` outcome forwards.
                ProcessingRecord(
                    seq: stored[1].seq, outcome: .retry(error: "later", nextAttemptAt: Fixture.t0 + 60),
                    forward: Fixture.forward("dlv_b", seq: stored[1].seq, dataID: "p-b")),
            ], at: Fixture.t0 + 5)
        let deliveries = try await store.forwardDeliveries(seller: nil, state: nil, limit: 10)
        #expect(deliveries.map(\.deliveryID) == ["dlv_a"])
        #expect(deliveries.first?.notificationSeq == stored[0].seq && deliveries.first?.state == .pending)
        let summaries = try await store.forwardSummaries(notificationSeqs: stored.map(\.seq))
        #expect(summaries[stored[0].seq]?.deliveryID == "dlv_a" && summaries[stored[1].seq] == nil)
        let lookups = try opened.as((any NotificationLookups).self)
        #expect(try await lookups.notification(seq: stored[0].seq)?.notification.body == #"{"id":"a"}"#)
        #expect(try await lookups.notification(seq: 999_999) == nil)
    }
}

extension Date {
    static func + (date: Date, seconds: Double) -> Date { date.addingTimeInterval(seconds) }
}
