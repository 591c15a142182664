import Foundation
import GoLiveCore
import GoLiveTestSupport
import StorePostgres
import Testing

/// `BackfillStore` (never-notified findings, sweep status per seller): the same behaviour from SQLite and PostgreSQL.
@Suite("Store contract: backfill")
struct BackfillStoreContractTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    static func finding(_ payment: String, _ status: String, updated minutes: Double, seller: String = "shop")
        -> NeverNotifiedFinding
    {
        NeverNotifiedFinding(
            seller: seller, sellerID: 7, paymentID: payment, status: status, statusDetail: "accredited",
            externalReference: "order-\(payment)", amount: Decimal(string: "1234.56"), currency: "ARS", liveMode: true,
            dateLastUpdated: t0.addingTimeInterval(minutes * 60), foundAt: t0.addingTimeInterval(3600),
            orderUpdated: true)
    }

    @Test(arguments: StoreKind.available)
    func sweepStatusIsUpsertedPerSeller(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any BackfillStore).self)
        #expect(try await store.backfillStatus(seller: "shop") == nil)
        let failing = BackfillStatus(
            seller: "shop", mark: Self.t0, lastRunAt: Self.t0 + 60, lastSuccessAt: nil, lastError: "HTTP 503",
            consecutiveFailures: 2, lastScanned: 0, lastFound: 0)
        try await store.recordBackfillStatus(failing)
        try await store.recordBackfillStatus(BackfillStatus(seller: "another"))
        #expect(try await store.backfillStatus(seller: "shop") == failing)
        let ok = BackfillStatus(
            seller: "shop", mark: Self.t0 + 600, lastRunAt: Self.t0 + 660, lastSuccessAt: Self.t0 + 660,
            lastError: nil, consecutiveFailures: 0, lastScanned: 120, lastFound: 3)
        try await store.recordBackfillStatus(ok)
        #expect(try await store.backfillStatus(seller: "shop") == ok)
        #expect(try await store.backfillStatuses() == [BackfillStatus(seller: "another"), ok])
    }

    @Test(arguments: StoreKind.available)
    func aChangeIsOneFindingHoweverManySweepsSeeIt(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any BackfillStore).self)
        #expect(try await store.recordNeverNotified([]).isEmpty)
        let first = try await store.recordNeverNotified([
            Self.finding("p-1", "approved", updated: 0), Self.finding("p-2", "rejected", updated: 5),
        ])
        #expect(first.map(\.paymentID) == ["p-1", "p-2"])
        #expect(first.allSatisfy { $0.seq != nil })
        // The next sweep sees p-1 again (nothing new), p-1 refunded later (new), and p-1 for another seller (new).
        var other = Self.finding("p-1", "approved", updated: 0, seller: "other")
        other.foundAt = Self.t0 + 7200
        let second = try await store.recordNeverNotified([
            Self.finding("p-1", "approved", updated: 0), Self.finding("p-1", "refunded", updated: 30), other,
        ])
        #expect(second.map(\.status) == ["refunded", "approved"])
        #expect(second.map(\.seller) == ["shop", "other"])
        #expect(try await store.neverNotifiedCount(seller: nil, since: Self.t0) == 4)
        #expect(try await store.neverNotifiedCount(seller: "shop", since: Self.t0) == 3)
        #expect(try await store.neverNotifiedCount(seller: nil, since: Self.t0 + 3601) == 1)
    }

    @Test(arguments: StoreKind.available)
    func findingsAreNewestFirstEachWithTheLateNotificationThatFollowedIt(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any BackfillStore & NotificationStore).self)
        func payment(_ id: String, _ payment: String, at minutes: Double)
            -> IncomingNotification
        {
            IncomingNotification(
                kind: .webhook, notificationID: id, topic: "payment", action: "payment.updated", dataID: payment,
                seller: "shop", signature: .valid, receivedAt: Self.t0.addingTimeInterval(minutes * 60))
        }
        _ = try await store.recordNeverNotified([
            Self.finding("p-1", "approved", updated: 10), Self.finding("p-2", "approved", updated: 10),
            Self.finding("p-3", "approved", updated: 10), Self.finding("p-4", "approved", updated: 10, seller: "other"),
        ])
        // p-1: one before the change (does not count), then the late one. p-2: a later one that fetched another
        // status (does not count). p-3: nothing.
        let stored = try await store.recordNotifications([
            payment("n-1", "p-1", at: 5), payment("n-2", "p-1", at: 20), payment("n-3", "p-2", at: 30),
        ])
        _ = try await store.recordNotifications([payment("n-2", "p-1", at: 25)])  // a duplicate delivery
        try await store.recordProcessing(
            [ProcessingRecord(seq: stored[2].seq, outcome: .done(resourceStatus: "refunded"))], at: Self.t0 + 1900)

        let findings = try await store.neverNotified(seller: "shop", limit: 10)
        #expect(findings.map(\.paymentID) == ["p-3", "p-2", "p-1"])
        let late = try #require(findings.last)
        #expect(late.notifiedLateSeq == stored[1].seq)
        #expect(late.notifiedLateAt == Self.t0.addingTimeInterval(20 * 60))
        #expect(findings[0].notifiedLateSeq == nil && findings[1].notifiedLateSeq == nil)
        #expect(late.amount == Decimal(string: "1234.56") && late.currency == "ARS" && late.liveMode == true)
        #expect(late.orderUpdated && late.externalReference == "order-p-1" && late.sellerID == 7)
        #expect(try await store.neverNotified(seller: nil, limit: 10).count == 4)
        #expect(try await store.neverNotified(seller: nil, limit: 1).map(\.paymentID) == ["p-4"])
    }
}
