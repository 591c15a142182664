public import Foundation

/// One sweep of one seller's payments by last update, as a value: it says which page to fetch next
/// (``nextQuery``), takes each page (``receive(_:)``) and ends `complete` or `truncated`. No I/O, so paging,
/// the window and the high-water mark are tested without a network.
///
/// The window is fixed when the sweep starts: `date_last_updated` in `begin...end`, sorted ascending. A payment
/// updated while the sweep pages leaves the window (its new date is after `end`), which shifts every later result
/// one place to the left: offset paging alone would then skip one. So when `paging.total` drops between pages,
/// the sweep steps its offset back by the drop and reads that part again (results are de-duplicated by id). The
/// payment that left is caught by the next sweep, which starts at `end − overlap`.
public struct BackfillSweep: Sendable, Hashable {
    public enum Phase: String, Sendable, Hashable {
        /// More pages to fetch.
        case paging
        /// Every payment of the window was read; the mark moves to `end`.
        case complete
        /// Stopped at `maxPayments` (or the paging window); the mark moves to the last payment read.
        case truncated
    }

    public let seller: String
    public let begin: Date
    public let end: Date
    public let pageSize: Int
    public let maxPayments: Int
    public private(set) var phase: Phase = .paging
    public private(set) var offset = 0
    public private(set) var total: Int?
    public private(set) var pages = 0
    /// Offset steps back because the total dropped (a payment left the window during the sweep).
    public private(set) var rewinds = 0
    /// The payments read, each once, in the order first read (ascending `date_last_updated`).
    public private(set) var payments: [Payment] = []
    private var seen: Set<String> = []

    /// How deep offset paging may go (`offset + limit`); the Sandbox refuses beyond 10 000 (§7: UNCONFIRMED).
    public static let pagingWindow = 10_000

    /// A sweep from `mark − overlap` (no mark: `now − lookback − overlap`) to `now`; `since` is the start as given (a manual
    /// `golive notifications backfill --since`).
    public init(seller: String, mark: Date?, now: Date, settings: BackfillSettings, since: Date? = nil) {
        self.seller = seller
        let start = since ?? ((mark ?? now - settings.lookback.timeInterval) - settings.overlap.timeInterval)
        begin = min(start, now)
        end = now
        pageSize = min(settings.pageSize, Self.pagingWindow)
        maxPayments = settings.maxPaymentsPerSweep
    }

    /// The page to fetch next; nil when the sweep is over.
    public var nextQuery: PaymentSearchQuery? {
        guard phase == .paging else { return nil }
        return PaymentSearchQuery(
            offset: offset, limit: pageSize, sort: .dateLastUpdated, criteria: .ascending,
            range: .init(field: .dateLastUpdated, begin: begin, end: end))
    }

    /// Takes the page fetched for ``nextQuery``.
    public mutating func receive(_ page: PaymentSearchPage) {
        guard phase == .paging else { return }
        pages += 1
        let requestedOffset = offset
        for payment in page.results where seen.insert(payment.id).inserted {
            payments.append(payment)
        }
        if let previous = total, page.total < previous, requestedOffset > 0 {
            // Payments before this page left the window: the ones that slid back over the page boundary are
            // re-read from `offset − drop`.
            offset = max(0, requestedOffset - (previous - page.total))
            rewinds += 1
            total = page.total
            // The page just read is still valid from its own offset; continue from the rewound offset, then past it.
            if rewinds > 1_000 { phase = .truncated }
            return
        }
        total = page.total
        offset = requestedOffset + page.results.count
        if payments.count >= maxPayments || offset + pageSize > Self.pagingWindow {
            phase = offset >= page.total ? .complete : .truncated
        } else if page.results.isEmpty || offset >= page.total {
            phase = .complete
        }
    }

    /// Where the next sweep starts (before the overlap): `end` when complete; when truncated, the last payment's
    /// `date_last_updated` (everything before it was read, ascending).
    public var newMark: Date {
        switch phase {
        case .complete, .paging: return end
        case .truncated: return payments.last?.dateLastUpdated.map { min($0, end) } ?? begin
        }
    }
}

/// Whether golive already knew of a payment's current status, or Mercado Pago never told it.
public enum BackfillJudge {
    public enum Verdict: Sendable, Hashable {
        /// A notification about this payment arrived after the change (processed or not), or the order already
        /// shows it: nothing to do.
        case known(reason: String)
        /// No notification covers this change: update the order and record it.
        case neverNotified
        /// The payment has no status or no `date_last_updated`: nothing can be judged.
        case undecidable
    }

    /// `notifications`: what the receiver stored for this payment id (any order); `order`: the shop order the
    /// payment belongs to, if any.
    public static func judge(payment: Payment, notifications: [StoredNotification], order: ShopOrder?) -> Verdict {
        guard let status = payment.status, let updated = payment.dateLastUpdated else { return .undecidable }
        for stored in notifications where !stored.duplicate && stored.notification.resource == .payment {
            if stored.resourceStatus == status { return .known(reason: "notified (seq \(stored.seq))") }
            // Received after the change: processing fetches the payment as it is now (or already did).
            if stored.notification.receivedAt >= updated { return .known(reason: "notified (seq \(stored.seq))") }
        }
        if let order, order.status == status, order.sourceID == payment.id,
            let orderDate = order.dateLastUpdated, orderDate >= updated
        {
            return .known(reason: "order \(order.externalReference) already \(status)")
        }
        return .neverNotified
    }
}
