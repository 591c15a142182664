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

@Suite("Backfill in notifications.receiving")
struct BackfillCheckTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("never-notified changes turn a pass into a warn with the developer-panel action; failing sweeps say so")
    func augment() {
        let pass = CheckResult(
            id: .notificationsReceiving, title: "Notifications arriving", status: .pass, summary: "3 notification(s).",
            checkedAt: now)
        let quiet = BackfilledReceivingCheck.augment(pass, neverNotified: 0, backfill: nil)
        #expect(quiet.status == .pass)
        #expect(quiet.details["never_notified_in_window"] == .number(0))

        let ok = BackfillStatus(
            seller: "s", mark: now, lastRunAt: now, lastSuccessAt: now, lastScanned: 4, lastFound: 2)
        let warned = BackfilledReceivingCheck.augment(pass, neverNotified: 2, backfill: ok)
        #expect(warned.status == .warn)
        #expect(warned.summary.contains("never notified 2 status change(s)"))
        #expect(warned.actions.contains { $0.contains("Webhooks URL") && $0.contains("--never-notified") })
        #expect(warned.details["backfill_state"] == .string("ok"))

        var failing = ok
        failing.lastError = "GET /v1/payments/search failed after 4 attempts: 503"
        failing.consecutiveFailures = 3
        let failed = BackfilledReceivingCheck.augment(
            CheckResult(id: .notificationsReceiving, title: "t", status: .fail, summary: "s", checkedAt: now),
            neverNotified: 1, backfill: failing)
        #expect(failed.status == .fail)
        #expect(failed.details["backfill_state"] == .string("failing"))
        #expect(failed.actions.contains { $0.contains("The backfill is failing (failing (3×)") })
    }

    @Test(
        "durations: 90s, 10m, 2h, 1h30m, 1d; bad ones are nil",
        arguments: [
            ("90s", 90), ("10m", 600), ("2h", 7200), ("1h30m", 5400), ("1d", 86_400), ("45", 45),
        ])
    func durations(text: String, seconds: Int) {
        #expect(HumanDuration.parse(text) == .seconds(seconds))
        #expect(HumanDuration.parse(HumanDuration.format(.seconds(seconds))) == .seconds(seconds))
    }

    @Test("bad durations", arguments: ["", "m", "10x", "2h3", "-5m", "yesterday"])
    func badDurations(text: String) {
        #expect(HumanDuration.parse(text) == nil)
    }
}
