import Foundation
import GoLiveCore
import Testing

/// `NotificationStore` (receiving, reading, orders): the same behaviour from SQLite and PostgreSQL.
@Suite("Store contract: notifications")
struct NotificationStoreContractTests {
    @Test(arguments: StoreKind.available)
    func duplicatesAreStoredFlaggedAndAlreadyDone(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any NotificationStore).self)
        let first = try await store.recordNotifications([
            Fixture.incoming("a"), Fixture.incoming("b", at: 1), Fixture.incoming("a", at: 2),
        ])
        #expect(first.map(\.duplicate) == [false, false, true])
        #expect(first.map(\.processing) == [.pending, .pending, .done])
        #expect(first[0].seq < first[1].seq && first[1].seq < first[2].seq)
        let second = try await store.recordNotifications([Fixture.incoming("b", at: 3), Fixture.incoming("c", at: 4)])
        #expect(second.map(\.duplicate) == [true, false])

        let all = try await store.notifications(NotificationQuery(limit: 10))
        #expect(all.count == 5)
        #expect(all.map(\.seq) == all.map(\.seq).sorted(by: >))
        #expect(
            all.filter { $0.notification.notificationID == "a" }.map(\.duplicate).sorted { !$0 && $1 } == [false, true])
        // A duplicate is never processed: only the three first deliveries are due.
        let due = try await store.dueNotifications(now: Fixture.t0.addingTimeInterval(10), limit: 10)
        #expect(due.map(\.notification.notificationID) == ["a", "b", "c"])
        #expect(due.allSatisfy { $0.notification.body.isEmpty })
    }

    @Test(arguments: StoreKind.available)
    func storedNotificationsReadBackWhole(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any NotificationStore).self)
        let incoming = Fixture.incoming("whole", dataID: "p-9", secret: .previous, at: 5)
        let stored = try await store.recordNotifications([incoming])
        let read = try #require(try await store.notifications(NotificationQuery(dataID: "p-9")).first)
        #expect(read.seq == stored[0].seq)
        #expect(read.notification == incoming)
        #expect(read.sellerID == 42 && read.attempts == 0 && read.nextAttemptAt == nil)
    }

    @Test(arguments: StoreKind.available)
    func listingsFilterBySellerSeqDataProcessingAndMode(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any NotificationStore).self)
        let stored = try await store.recordNotifications([
            Fixture.incoming("1", seller: "shop", dataID: "p1"),
            Fixture.incoming("2", seller: "other", dataID: "p1", at: 1),
            Fixture.incoming("3", seller: "shop", dataID: "p2", liveMode: false, at: 2),
            Fixture.incoming("4", seller: "shop", dataID: "p3", liveMode: nil, at: 3),
        ])
        func ids(_ query: NotificationQuery) async throws -> [String] {
            try await store.notifications(query).map(\.notification.notificationID)
        }
        #expect(try await ids(NotificationQuery(seller: "shop")) == ["4", "3", "1"])
        #expect(try await ids(NotificationQuery(afterSeq: stored[1].seq)) == ["4", "3"])
        #expect(try await ids(NotificationQuery(dataID: "p1")) == ["2", "1"])
        #expect(try await ids(NotificationQuery(limit: 2)) == ["4", "3"])
        try await store.recordProcessing(
            [ProcessingRecord(seq: stored[0].seq, outcome: .done(resourceStatus: "approved"))],
            at: Fixture.t0.addingTimeInterval(9))
        #expect(try await ids(NotificationQuery(processing: .done)) == ["1"])
        #expect(try await ids(NotificationQuery(processing: .pending)) == ["4", "3", "2"])
        var live = NotificationQuery(seller: "shop")
        live.mode = .live
        #expect(try await ids(live) == ["4", "1"])  // unknown live_mode (an IPN) counts as live
        var test = NotificationQuery()
        test.mode = .test
        #expect(try await ids(test) == ["3"])
        #expect(try await store.notifications(NotificationQuery(dataID: "p1")).last?.resourceStatus == "approved")
        let lookups = try opened.as((any NotificationLookups).self)
        #expect(try await lookups.testModeCount(seller: "shop") == 1)
        #expect(try await lookups.testModeCount(seller: "other") == 0)
        #expect(try await lookups.testModeCount(seller: nil) == 1)
    }

    @Test(arguments: StoreKind.available)
    func olderOrderUpdatesNeverOverwriteNewerOnes(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any NotificationStore).self)
        #expect(
            try await store.applyOrderUpdate(
                Fixture.order("o1", status: "pending", updated: 10, seq: 1, payments: ["p1"])))
        #expect(
            try await store.applyOrderUpdate(
                Fixture.order("o1", status: "approved", updated: 20, seq: 2, payments: ["p2"])))
        // Older by date, although a later notification: refused, but its payment id is merged.
        #expect(
            !(try await store.applyOrderUpdate(
                Fixture.order("o1", status: "pending", updated: 15, seq: 3, payments: ["p3"]))))
        // Same date: the later notification wins, an earlier one does not.
        #expect(!(try await store.applyOrderUpdate(Fixture.order("o1", status: "in_process", updated: 20, seq: 1))))
        #expect(try await store.applyOrderUpdate(Fixture.order("o1", status: "refunded", updated: 20, seq: 4)))
        let order = try #require(try await store.order(seller: "shop", externalReference: "o1"))
        #expect(order.status == "refunded" && order.lastNotificationSeq == 4)
        #expect(order.paymentIDs == ["p1", "p2", "p3"])
        #expect(order.amount == Decimal(string: "1234.56"))
        #expect(try await store.order(paymentID: "p3")?.externalReference == "o1")
        #expect(try await store.order(paymentID: "nope") == nil)
        #expect(try await store.order(seller: "other", externalReference: "o1") == nil)

        #expect(try await store.applyOrderUpdate(Fixture.order("o2", status: "approved", updated: 30, seq: 5)))
        #expect(try await store.applyOrderUpdate(Fixture.order("o3", status: "approved", updated: 100, seq: 6)))
        let approved = try await store.orders(
            seller: "shop", status: "approved", updatedFrom: Fixture.t0, to: Fixture.t0.addingTimeInterval(50))
        #expect(approved.map(\.externalReference) == ["o2"])
        let any = try await store.orders(
            seller: "shop", status: nil, updatedFrom: Fixture.t0, to: Fixture.t0.addingTimeInterval(200))
        #expect(any.map(\.externalReference) == ["o1", "o2", "o3"])
    }

    @Test(arguments: StoreKind.available)
    func concurrentOrderUpdatesEndWithTheNewest(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any NotificationStore).self)
        let updates = (1...40).map { Fixture.order("race", status: "s\($0)", updated: Double($0), seq: Int64($0)) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for update in updates.shuffled() { group.addTask { _ = try await store.applyOrderUpdate(update) } }
            try await group.waitForAll()
        }
        #expect(try await store.order(seller: "shop", externalReference: "race")?.status == "s40")
    }

    @Test(arguments: StoreKind.available)
    func rejectedLogIsBoundedAndKeepsRawRequestsOfTheNewest(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any RejectedReplayStore).self)
        let raw = RejectedDelivery.RawRequest(
            query: "data.id=1&type=payment", signature: "ts=1,v1=ab", body: Data("{}".utf8))
        let rejected = (0..<1010).map { i in
            RejectedDelivery(
                receivedAt: Fixture.t0.addingTimeInterval(Double(i)), reason: .signatureMismatch, requestID: "r\(i)",
                dataID: "\(i)", remoteAddress: "10.0.0.1", seller: "shop", detail: "d\(i)", raw: raw)
        }
        try await store.recordRejected(Array(rejected[0..<500]))
        try await store.recordRejected(Array(rejected[500...]))
        let kept = try await store.rejectedDeliveries(limit: 5000)
        #expect(kept.count == 1000)
        #expect(kept.first?.requestID == "r1009" && kept.last?.requestID == "r10")
        #expect(kept.filter { $0.raw != nil }.count == 200)
        #expect(kept.first?.raw == raw)
        let replayable = try await store.replayableRejected(limit: 3)
        #expect(replayable.map(\.requestID) == ["r810", "r811", "r812"])
        let seq = try #require(replayable.first?.seq)
        try await store.recordReplay(
            rejectedSeq: seq,
            .init(result: "recovered", at: Fixture.t0.addingTimeInterval(2000), notificationSeq: 77, secret: .previous))
        let after = try await store.replayableRejected(limit: 1)
        #expect(after.first?.requestID == "r811")
        let recovered = try #require(try await store.rejectedDeliveries(limit: 200).first { $0.seq == seq })
        #expect(recovered.raw == nil && recovered.replay?.recovered == true && recovered.replay?.notificationSeq == 77)
        #expect(recovered.replay?.secret == .previous)
    }

    @Test(arguments: StoreKind.available)
    func summaryCountsSignaturesSecretsModesRejectionsAndHeartbeat(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any NotificationStore).self)
        _ = try await store.recordNotifications([
            Fixture.incoming("old", at: -100),
            Fixture.incoming("v1", secret: .current, at: 1),
            Fixture.incoming("v2", secret: .previous, at: 2),
            Fixture.incoming("u", signature: .unsigned, at: 3),
            Fixture.incoming("n", signature: .notConfigured, at: 4),
            Fixture.incoming("t", liveMode: false, at: 5),
            Fixture.incoming("x", seller: "other", at: 6),
            Fixture.incoming("anon", seller: nil, at: 7),
        ])
        try await store.recordRejected([
            RejectedDelivery(
                receivedAt: Fixture.t0.addingTimeInterval(-50), reason: .signatureMismatch, seller: "shop"),
            RejectedDelivery(receivedAt: Fixture.t0.addingTimeInterval(8), reason: .staleTimestamp, seller: "shop"),
            RejectedDelivery(receivedAt: Fixture.t0.addingTimeInterval(9), reason: .malformedJSON, seller: "shop"),
            RejectedDelivery(receivedAt: Fixture.t0.addingTimeInterval(10), reason: .missingSignature, seller: "other"),
        ])
        try await store.recordReceiverHeartbeat(listen: "0.0.0.0:8080", at: Fixture.t0.addingTimeInterval(11))

        let summary = try await store.notificationSummary(seller: "shop", since: Fixture.t0)
        #expect(summary.received == 6)  // the shop's five in the window and the one no seller was known for
        #expect(summary.valid == 4 && summary.unsigned == 1 && summary.notConfigured == 1)
        #expect(summary.validPrevious == 1)
        #expect(summary.lastPreviousAt == Fixture.t0.addingTimeInterval(2))
        #expect(summary.lastCurrentAt == Fixture.t0.addingTimeInterval(7))
        #expect(summary.testMode == 1 && summary.receivedLive == 5)
        #expect(summary.lastReceivedAt == Fixture.t0.addingTimeInterval(7))
        #expect(summary.lastLiveReceivedAt == Fixture.t0.addingTimeInterval(7))
        #expect(summary.signatureRejections == 1)
        #expect(summary.lastRejectionReason == .staleTimestamp)
        #expect(summary.lastRejectionAt == Fixture.t0.addingTimeInterval(8))
        #expect(summary.receiverListen == "0.0.0.0:8080")
        #expect(summary.receiverHeartbeat == Fixture.t0.addingTimeInterval(11))

        let everyone = try await store.notificationSummary(seller: nil, since: Fixture.t0)
        #expect(everyone.received == 7 && everyone.signatureRejections == 2)
        #expect(everyone.lastRejectionReason == .missingSignature)
    }
}
