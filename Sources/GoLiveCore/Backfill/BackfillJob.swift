public import Foundation

/// What one sweep did, for `golive notifications backfill` and the logs.
public struct BackfillReport: Sendable, Hashable, Encodable {
    public var seller: String
    public var begin: Date
    public var end: Date
    /// `complete`, `truncated` (more remain: the next sweep continues) or `failed`.
    public var outcome: String
    public var pages: Int
    /// Times the offset stepped back because payments left the window while the sweep paged.
    public var rewinds: Int = 0
    public var scanned: Int
    /// New findings of this sweep (a change found before is not found again).
    public var found: [NeverNotifiedFinding]
    /// Payments whose status golive already knew.
    public var known: Int
    public var error: String?
    /// The high-water mark after the sweep (unchanged when it failed).
    public var mark: Date?

    enum CodingKeys: String, CodingKey {
        case seller, begin, end, outcome, pages, rewinds, scanned, found, known, error, mark
    }
}

/// The backfill: sweeps `/v1/payments/search` by `date_last_updated` and catches the status changes Mercado Pago
/// never notified (MERCADOPAGO.md §8.2 item 6). For each payment golive never heard about it updates the shop's
/// order through the same ``NotificationStore/applyOrderUpdate(_:)`` the processor uses, and records a
/// ``NeverNotifiedFinding``. A failed sweep (the client already retried 429/5xx) keeps the mark and records why.
public struct BackfillJob: Sendable {
    public let notifications: any NotificationStore
    public let store: any BackfillStore
    public let settings: BackfillSettings
    public let clock: any GoLiveClock
    /// Called with each sweep's new findings, after they are stored (the seam where forwarding enqueues them).
    public var onNeverNotified: @Sendable ([NeverNotifiedFinding]) async -> Void
    /// The forward outbox when `golive serve --forward-to` is on: each new finding is enqueued (source `backfill`)
    /// so the shop's backend receives the change too. nil: forwarding off.
    public var forward: (any ForwardOutbox)?

    public init(
        notifications: any NotificationStore, store: any BackfillStore, settings: BackfillSettings = .default,
        clock: any GoLiveClock = SystemClock(),
        onNeverNotified: @escaping @Sendable ([NeverNotifiedFinding]) async -> Void = { _ in }
    ) {
        self.notifications = notifications
        self.store = store
        self.settings = settings
        self.clock = clock
        self.onNeverNotified = onNeverNotified
    }

    /// One seller the job sweeps.
    public struct Seller: Sendable {
        public let name: String
        public let gateway: any MercadoPagoGateway

        public init(name: String, gateway: any MercadoPagoGateway) {
            self.name = name
            self.gateway = gateway
        }
    }

    /// Sweeps every seller now and then every `settings.every` on the job's clock, until cancelled.
    public func run(_ sellers: [Seller], report: @Sendable (BackfillReport) -> Void = { _ in }) async {
        while !Task.isCancelled {
            for seller in sellers {
                guard !Task.isCancelled else { return }
                report(await sweep(seller: seller.name, gateway: seller.gateway))
            }
            do { try await clock.sleep(for: settings.every) } catch { return }
        }
    }

    /// One sweep of one seller. `since` sweeps from there instead of the mark (the mark never moves back).
    /// Never throws: a failure is the report's `error` and the stored status.
    public func sweep(seller: String, gateway: any MercadoPagoGateway, since: Date? = nil) async -> BackfillReport {
        let started = clock.now()
        let previous = (try? await store.backfillStatus(seller: seller)) ?? nil
        var status = previous ?? BackfillStatus(seller: seller)
        var sweep = BackfillSweep(
            seller: seller, mark: previous?.mark, now: started - settings.settle.timeInterval, settings: settings,
            since: since)
        var report = BackfillReport(
            seller: seller, begin: sweep.begin, end: sweep.end, outcome: "failed", pages: 0, scanned: 0, found: [],
            known: 0, error: nil, mark: previous?.mark)
        do {
            while let query = sweep.nextQuery {
                try Task.checkCancellation()
                sweep.receive(try await gateway.searchPayments(query))
            }
            var findings: [NeverNotifiedFinding] = []
            for payment in sweep.payments {
                let stored = try await notifications.notifications(NotificationQuery(dataID: payment.id, limit: 200))
                let order = try await notifications.order(paymentID: payment.id)
                switch BackfillJudge.judge(payment: payment, notifications: stored, order: order) {
                case .known, .undecidable:
                    report.known += 1
                case .neverNotified:
                    findings.append(try await apply(payment, seller: seller, order: order))
                }
            }
            let new = try await store.recordNeverNotified(findings)
            try await enqueueForwards(new, payments: sweep.payments)
            report.found = new
            report.known += findings.count - new.count
            report.pages = sweep.pages
            report.rewinds = sweep.rewinds
            report.scanned = sweep.payments.count
            report.outcome = sweep.phase.rawValue
            let mark = max(previous?.mark ?? .distantPast, sweep.newMark)
            report.mark = mark
            status.mark = mark
            status.lastRunAt = started
            status.lastSuccessAt = started
            status.lastError = nil
            status.consecutiveFailures = 0
            status.lastScanned = sweep.payments.count
            status.lastFound = new.count
            try await store.recordBackfillStatus(status)
            if !new.isEmpty { await onNeverNotified(new) }
        } catch {
            let reason: String
            switch error {
            case let error as MercadoPagoError: reason = "\(error.endpoint): \(error.reason)"
            case is CancellationError: reason = "cancelled"
            default: reason = "\(error)"
            }
            report.pages = sweep.pages
            report.scanned = sweep.payments.count
            report.error = reason
            status.lastRunAt = started
            status.lastError = reason
            status.consecutiveFailures += 1
            try? await store.recordBackfillStatus(status)
        }
        return report
    }

    /// Enqueues each new finding's payment for the shop (only new findings: a change is forwarded once).
    private func enqueueForwards(_ new: [NeverNotifiedFinding], payments: [Payment]) async throws {
        guard let forward, !new.isEmpty else { return }
        let byID = Dictionary(payments.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        let drafts = new.compactMap { finding in
            byID[finding.paymentID].map {
                ForwardDraft(
                    backfilledPayment: $0, seller: finding.seller, sellerID: finding.sellerID, foundAt: finding.foundAt)
            }
        }
        try await forward.enqueueForwards(drafts, at: clock.now())
    }

    /// Updates the order (when the payment names one) and describes the finding.
    private func apply(_ payment: Payment, seller: String, order: ShopOrder?) async throws -> NeverNotifiedFinding {
        let now = clock.now()
        var updated = false
        if let reference = payment.externalReference {
            updated = try await notifications.applyOrderUpdate(
                ShopOrder(
                    seller: seller, externalReference: reference, sellerID: payment.collectorID,
                    status: payment.status, statusDetail: payment.statusDetail, amount: payment.transactionAmount,
                    currency: payment.currencyID, paymentIDs: [payment.id], source: .payment, sourceID: payment.id,
                    dateLastUpdated: payment.dateLastUpdated ?? payment.dateCreated, lastNotificationSeq: nil,
                    updatedAt: now))
        }
        return NeverNotifiedFinding(
            seller: seller, sellerID: payment.collectorID, paymentID: payment.id, status: payment.status ?? "",
            statusDetail: payment.statusDetail, externalReference: payment.externalReference,
            amount: payment.transactionAmount, currency: payment.currencyID, liveMode: payment.liveMode,
            dateLastUpdated: payment.dateLastUpdated ?? now, foundAt: now, orderUpdated: updated)
    }
}
