import Foundation
import GoLiveCore
import GoLiveTestSupport
import StorePostgres
import Testing

/// Issue 10: several receivers on one PostgreSQL — two `PostgresStore` instances (two pools, as two `golive serve`
/// processes have) on one database.
@Suite("PostgreSQL: several instances on one database", .enabled(if: PostgresTestServer.isAvailable))
struct PostgresSeveralInstancesTests {
    /// Two migrated instances on one fresh database.
    struct Pair: Sendable {
        let a: PostgresStore
        let b: PostgresStore
        let url: String

        static func open(_ label: String = #function) async throws -> Pair {
            let url = try await PostgresTestServer.freshDatabase(label)
            // Both migrate at once, as two serve processes starting together do.
            async let a = PostgresStore.open(url: url)
            async let b = PostgresStore.open(url: url)
            return Pair(a: try await a, b: try await b, url: url)
        }

        func close() async {
            a.close()
            b.close()
            await PostgresTestServer.dropDatabase(url: url)
        }
    }

    @Test func theSameNotificationsRecordedConcurrentlyAreStoredOnceEach() async throws {
        let pair = try await Pair.open()
        defer { Task { await pair.close() } }
        let ids = (0..<120).map { "n\($0)" }
        // Each instance records every id, in batches of 8, in its own order (overlapping batches).
        func receive(_ store: PostgresStore, _ order: [String]) async throws -> [StoredNotification] {
            var stored: [StoredNotification] = []
            for start in stride(from: 0, to: order.count, by: 8) {
                let batch = order[start..<min(start + 8, order.count)].map { Fixture.incoming($0) }
                stored += try await store.recordNotifications(batch)
            }
            return stored
        }
        async let fromA = receive(pair.a, ids)
        async let fromB = receive(pair.b, ids.reversed())
        let (a, b) = try await (fromA, fromB)
        let firsts = (a + b).filter { !$0.duplicate }
        #expect(firsts.count == ids.count)
        #expect(Set(firsts.map(\.notification.notificationID)) == Set(ids))
        let rows = try await pair.a.notifications(NotificationQuery(limit: 1000))
        #expect(rows.count == 2 * ids.count)
        for id in ids {
            let mine = rows.filter { $0.notification.notificationID == id }
            #expect(mine.filter(\.duplicate).count == 1, "\(id)")
            #expect(mine.filter { $0.processing == .pending }.count == 1, "\(id)")
        }
    }

    @Test func claimsFromTwoInstancesProcessEachNotificationExactlyOnce() async throws {
        let pair = try await Pair.open()
        defer { Task { await pair.close() } }
        let count = 300
        _ = try await pair.a.recordNotifications(
            (0..<count).map { Fixture.incoming("c\($0)", topic: "topic_claims_wh", at: Double($0) / 100) })
        func processor(_ store: PostgresStore) -> NotificationProcessor {
            var processor = NotificationProcessor(store: store, gateway: { _ in nil }, batchSize: 16, concurrency: 4)
            processor.forwardSource = .notification
            return processor
        }
        // Both instances work the outbox concurrently until it is empty.
        func work(_ processor: NotificationProcessor) async throws -> Int {
            var handled = 0
            var idle = 0
            while idle < 3 {
                let n = try await processor.processDue()
                handled += n
                idle = n == 0 ? idle + 1 : 0
            }
            return handled
        }
        async let byA = work(processor(pair.a))
        async let byB = work(processor(pair.b))
        let (a, b) = try await (byA, byB)
        #expect(a + b == count)
        #expect(a > 0 && b > 0, "both instances took work (\(a) + \(b))")
        let rows = try await pair.b.notifications(NotificationQuery(limit: 1000))
        #expect(rows.allSatisfy { $0.processing == .done && $0.attempts == 1 })
        let deliveries = try await pair.a.forwardDeliveries(seller: nil, state: nil, limit: 1000)
        #expect(deliveries.count == count)
        #expect(Set(deliveries.compactMap(\.notificationSeq)).count == count)
    }

    @Test func anUnfinishedClaimIsDueAgainAfterTheLeaseAndTheLateOutcomeIsFenced() async throws {
        let pair = try await Pair.open()
        defer { Task { await pair.close() } }
        let now = Fixture.t0 + 1000
        let stored = try await pair.a.recordNotifications([Fixture.incoming("x"), Fixture.incoming("y", at: 1)])
        pair.a.claims.processingLease = .seconds(30)
        // Instance A claims both, then "crashes" (never records an outcome).
        #expect(try await pair.a.dueNotifications(now: now, limit: 10).count == 2)
        #expect(try await pair.b.dueNotifications(now: now + 1, limit: 10).isEmpty)
        #expect(try await pair.a.dueNotifications(now: now + 29, limit: 10).isEmpty)
        // After the lease, B takes them over.
        let retaken = try await pair.b.dueNotifications(now: now + 31, limit: 10)
        #expect(retaken.map(\.seq) == stored.map(\.seq))
        try await pair.b.recordProcessing(
            retaken.map {
                ProcessingRecord(
                    seq: $0.seq, outcome: .done(resourceStatus: "by-b"),
                    forward: Fixture.forward("dlv-b-\($0.seq)", seq: $0.seq, dataID: "p\($0.seq)"))
            }, at: now + 32)
        // A's late outcome (its lease ran out, B re-claimed) is not recorded, and enqueues no second forward.
        try await pair.a.recordProcessing(
            stored.map {
                ProcessingRecord(
                    seq: $0.seq, outcome: .done(resourceStatus: "by-a"),
                    forward: Fixture.forward("dlv-a-\($0.seq)", seq: $0.seq, dataID: "p\($0.seq)"))
            }, at: now + 33)
        let rows = try await pair.a.notifications(NotificationQuery(limit: 10))
        #expect(rows.allSatisfy { $0.resourceStatus == "by-b" && $0.attempts == 1 })
        let deliveries = try await pair.a.forwardDeliveries(seller: nil, state: nil, limit: 10)
        #expect(deliveries.map(\.deliveryID).sorted() == stored.map { "dlv-b-\($0.seq)" }.sorted())
    }

    @Test func forwardClaimsFromTwoInstancesNeverOverlap() async throws {
        let pair = try await Pair.open()
        defer { Task { await pair.close() } }
        let at = Fixture.t0
        _ = try await pair.a.enqueueForwards(
            (0..<60).map { Fixture.forward("f\($0)", seq: Int64($0), dataID: "p\($0 % 20)") }, at: at)
        func drain(_ store: PostgresStore) async throws -> [String] {
            var sent: [String] = []
            var idle = 0
            while idle < 3 {
                let due = try await store.dueForwards(now: at + 1, limit: 5)
                idle = due.isEmpty ? idle + 1 : 0
                for delivery in due {
                    sent.append(delivery.deliveryID)
                    try await store.recordForwardAttempt(id: delivery.id, result: .delivered(status: 200), at: at + 2)
                }
            }
            return sent
        }
        async let byA = drain(pair.a)
        async let byB = drain(pair.b)
        let (a, b) = try await (byA, byB)
        #expect(Set(a).isDisjoint(with: Set(b)))
        #expect((a + b).count == 60)
        #expect(try await pair.b.forwardCounts(seller: nil).delivered == 60)
    }

    @Test func anUnfinishedForwardClaimIsDueAgainAfterTheLeaseAndTheLateAttemptIsFenced() async throws {
        let pair = try await Pair.open()
        defer { Task { await pair.close() } }
        let at = Fixture.t0
        pair.a.claims.forwardLease = .seconds(60)
        _ = try await pair.a.enqueueForwards([Fixture.forward("f1", seq: 1, dataID: "p1")], at: at)
        let claimed = try await pair.a.dueForwards(now: at + 1, limit: 10)
        #expect(claimed.map(\.deliveryID) == ["f1"])
        #expect(try await pair.b.dueForwards(now: at + 30, limit: 10).isEmpty)
        let retaken = try await pair.b.dueForwards(now: at + 62, limit: 10)
        #expect(retaken.map(\.deliveryID) == ["f1"])
        try await pair.b.recordForwardAttempt(id: retaken[0].id, result: .delivered(status: 200), at: at + 63)
        // A's attempt comes back late (its lease ran out): not recorded over B's.
        try await pair.a.recordForwardAttempt(
            id: claimed[0].id, result: .retry(status: 503, error: "late", nextAttemptAt: at + 120), at: at + 64)
        let stored = try #require(try await pair.a.forwardDeliveries(seller: nil, state: nil, limit: 1).first)
        #expect(stored.state == .delivered && stored.attempts == 1 && stored.lastStatus == 200)
    }

    @Test func aChangeFromOneInstanceReachesAListenerOnAnother() async throws {
        let pair = try await Pair.open()
        defer { Task { await pair.close() } }
        let listener = pair.b.feedListener(pollInterval: .milliseconds(200))
        defer { listener.stop() }
        let events = listener.events()
        let received = Task {
            var seen: [PostgresFeedEvent] = []
            for await event in events {
                seen.append(event)
                if case .changed(.processing, _) = event { break }
            }
            return seen
        }
        // Wait until the listener is live before writing (NOTIFY is not queued for a listener not yet there).
        let deadline = Date() + 10
        while !listener.state.isLive, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(listener.state == .live)
        let stored = try await pair.a.recordNotifications([Fixture.incoming("live")])
        _ = try await pair.a.dueNotifications(now: Fixture.t0 + 1, limit: 1)
        try await pair.a.recordProcessing(
            [ProcessingRecord(seq: stored[0].seq, outcome: .done(resourceStatus: nil))], at: Fixture.t0 + 2)
        let timeout = Task {
            try await Task.sleep(for: .seconds(10))
            received.cancel()
        }
        let seen = await received.value
        timeout.cancel()
        #expect(seen.contains(.changed(.notifications, seq: stored[0].seq)))
        #expect(seen.contains(.changed(.processing, seq: stored[0].seq)))
        #expect(seen.first == .state(.connecting) || seen.first == .state(.live))
    }
}
