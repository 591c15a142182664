import Foundation
import GoLiveCore
import Testing

/// The backfill sweep as a value (issue 11): paging, the rewind when a payment leaves the window, the mark.
@Suite("Backfill sweep")
struct BackfillSweepTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func payment(_ id: String, status: String = "approved", updated: Date) -> Payment {
        Payment(
            json: [
                "id": .string(id), "status": .string(status), "external_reference": .string("order-\(id)"),
                "date_last_updated": .string(MercadoPagoDate.format(updated)),
            ])!
    }

    func page(_ payments: [Payment], total: Int, offset: Int, limit: Int) -> PaymentSearchPage {
        PaymentSearchPage(total: total, limit: limit, offset: offset, results: payments)
    }

    @Test("the first sweep looks back `lookback` plus the overlap; later ones start at mark − overlap")
    func window() {
        let settings = BackfillSettings(every: .seconds(600), lookback: .seconds(7200), overlap: .seconds(300))
        let first = BackfillSweep(seller: "s", mark: nil, now: now, settings: settings)
        #expect(first.begin == now - 7500)
        #expect(first.end == now)
        let later = BackfillSweep(seller: "s", mark: now - 600, now: now, settings: settings)
        #expect(later.begin == now - 900)
        let query = try! #require(later.nextQuery)
        #expect(query.sort == .dateLastUpdated)
        #expect(query.criteria == .ascending)
        #expect(query.range == .init(field: .dateLastUpdated, begin: now - 900, end: now))
        let since = BackfillSweep(seller: "s", mark: now - 60, now: now, settings: settings, since: now - 86_400)
        #expect(since.begin == now - 86_400)  // --since is taken as given
    }

    @Test("pages until paging.total is reached; the mark becomes the sweep's end")
    func paging() {
        var sweep = BackfillSweep(
            seller: "s", mark: now - 600, now: now, settings: BackfillSettings(pageSize: 2))
        let all = (1...5).map { payment("\($0)", updated: now - 500 + Double($0)) }
        while let query = sweep.nextQuery {
            let slice = Array(all.dropFirst(query.offset).prefix(query.limit))
            sweep.receive(page(slice, total: all.count, offset: query.offset, limit: query.limit))
        }
        #expect(sweep.phase == .complete)
        #expect(sweep.pages == 3)
        #expect(sweep.payments.map(\.id) == ["1", "2", "3", "4", "5"])
        #expect(sweep.newMark == now)
    }

    @Test("a payment updated during the sweep leaves the window: the offset steps back and nothing is skipped")
    func rewind() {
        var sweep = BackfillSweep(
            seller: "s", mark: now - 600, now: now, settings: BackfillSettings(pageSize: 2))
        var window = (1...5).map { payment("\($0)", updated: now - 500 + Double($0)) }
        var fetched = 0
        while let query = sweep.nextQuery {
            if fetched == 1 { window.removeFirst() }  // payment 1 changed after page 1: now after `end`
            let slice = Array(window.dropFirst(query.offset).prefix(query.limit))
            sweep.receive(page(slice, total: window.count, offset: query.offset, limit: query.limit))
            fetched += 1
        }
        #expect(sweep.phase == .complete)
        #expect(sweep.rewinds == 1)
        #expect(Set(sweep.payments.map(\.id)) == ["1", "2", "3", "4", "5"])
        #expect(sweep.payments.count == 5)
    }

    @Test("at maxPaymentsPerSweep it stops; the mark moves only to the last payment read")
    func truncated() {
        var sweep = BackfillSweep(
            seller: "s", mark: now - 600, now: now, settings: BackfillSettings(pageSize: 2, maxPaymentsPerSweep: 3))
        let all = (1...6).map { payment("\($0)", updated: now - 500 + Double($0)) }
        while let query = sweep.nextQuery {
            let slice = Array(all.dropFirst(query.offset).prefix(query.limit))
            sweep.receive(page(slice, total: all.count, offset: query.offset, limit: query.limit))
        }
        #expect(sweep.phase == .truncated)
        #expect(sweep.payments.count == 4)
        #expect(sweep.newMark == now - 496)
    }

    @Test("judge: a notification received after the change, or one that fetched this status, means golive knew")
    func judge() {
        let changed = payment("9", status: "approved", updated: now)
        func notification(receivedAt: Date, status: String?, duplicate: Bool = false) -> StoredNotification {
            StoredNotification(
                seq: 1,
                notification: IncomingNotification(
                    kind: .webhook, notificationID: "n", topic: "payment", action: "payment.updated", dataID: "9",
                    signature: .valid, receivedAt: receivedAt),
                duplicate: duplicate, processing: status == nil ? .pending : .done, resourceStatus: status)
        }
        #expect(BackfillJudge.judge(payment: changed, notifications: [], order: nil) == .neverNotified)
        #expect(
            BackfillJudge.judge(
                payment: changed, notifications: [notification(receivedAt: now - 60, status: "pending")], order: nil)
                == .neverNotified)
        #expect(
            BackfillJudge.judge(
                payment: changed, notifications: [notification(receivedAt: now + 1, status: nil, duplicate: true)],
                order: nil) == .neverNotified)
        if case .known = BackfillJudge.judge(
            payment: changed, notifications: [notification(receivedAt: now + 1, status: nil)], order: nil)
        {
        } else {
            Issue.record("a pending notification received after the change is known")
        }
        if case .known = BackfillJudge.judge(
            payment: changed, notifications: [notification(receivedAt: now - 60, status: "approved")], order: nil)
        {
        } else {
            Issue.record("a notification that fetched this status is known")
        }
        let current = ShopOrder(
            seller: "s", externalReference: "order-9", status: "approved", source: .payment, sourceID: "9",
            dateLastUpdated: now, updatedAt: now)
        if case .known = BackfillJudge.judge(payment: changed, notifications: [], order: current) {
        } else {
            Issue.record("an order already showing the change is known")
        }
        let stale = Payment(json: ["id": "9"])!
        #expect(BackfillJudge.judge(payment: stale, notifications: [], order: nil) == .undecidable)
    }
}
