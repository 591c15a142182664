public import Foundation

/// How the backfill sweep runs (config `backfill: {every: 10m, lookback: 2h, overlap: 10m}`).
///
/// Each sweep searches `/v1/payments/search` (MERCADOPAGO.md §7) for payments whose `date_last_updated` lies
/// between the previous sweep's high-water mark minus `overlap` and now. The first sweep of a seller (no mark yet)
/// looks back `lookback`. The overlap re-reads the edge of the previous window, so a payment updated while a
/// sweep ran, or indexed by Mercado Pago's search a little late, is not lost between two sweeps.
public struct BackfillSettings: Sendable, Hashable {
    /// Whether `golive serve` sweeps at all (it still needs an access token per seller).
    public var enabled: Bool
    public var every: Duration
    public var lookback: Duration
    public var overlap: Duration
    /// Payments per search page; the SDKs' auto-pager uses 100 (§7).
    public var pageSize: Int
    /// A sweep stops after this many payments and moves the mark only as far as it got (the rest is the next
    /// sweep's); keeps one sweep within the search's paging window.
    public var maxPaymentsPerSweep: Int
    /// A sweep ends this long before it starts (config `settle:`, default 0): a change younger than that is left
    /// to the next sweep, so a notification still on its way (Mercado Pago's arrive seconds late, reordered) is
    /// not flagged "never notified", and its delivery to the shop is not overtaken by a stale backfill one.
    public var settle: Duration = .zero

    public init(
        enabled: Bool = true, every: Duration = .seconds(600), lookback: Duration = .seconds(7200),
        overlap: Duration = .seconds(600), pageSize: Int = 100, maxPaymentsPerSweep: Int = 5_000
    ) {
        self.enabled = enabled
        self.every = every
        self.lookback = lookback
        self.overlap = overlap
        self.pageSize = max(1, pageSize)
        self.maxPaymentsPerSweep = max(1, maxPaymentsPerSweep)
    }

    public static let `default` = BackfillSettings()
}

/// A payment status change Mercado Pago never notified: found by a sweep, not by a notification.
public struct NeverNotifiedFinding: Sendable, Hashable, Encodable {
    /// golive's own row number (nil before it is stored).
    public var seq: Int64?
    public var seller: String
    public var sellerID: Int64?
    public var paymentID: String
    public var status: String
    public var statusDetail: String?
    public var externalReference: String?
    public var amount: Decimal?
    public var currency: String?
    public var liveMode: Bool?
    /// The payment's `date_last_updated`: which change this is.
    public var dateLastUpdated: Date
    public var foundAt: Date
    /// Whether the shop's order was updated from it (false: no `external_reference`, or the order was newer).
    public var orderUpdated: Bool
    /// When a notification about this payment finally arrived after the change (a late notification, recorded as
    /// such in `golive notifications`), if one did.
    public var notifiedLateAt: Date?
    public var notifiedLateSeq: Int64?

    public init(
        seq: Int64? = nil, seller: String, sellerID: Int64? = nil, paymentID: String, status: String,
        statusDetail: String? = nil, externalReference: String? = nil, amount: Decimal? = nil, currency: String? = nil,
        liveMode: Bool? = nil, dateLastUpdated: Date, foundAt: Date, orderUpdated: Bool = false,
        notifiedLateAt: Date? = nil, notifiedLateSeq: Int64? = nil
    ) {
        self.seq = seq
        self.seller = seller
        self.sellerID = sellerID
        self.paymentID = paymentID
        self.status = status
        self.statusDetail = statusDetail
        self.externalReference = externalReference
        self.amount = amount
        self.currency = currency
        self.liveMode = liveMode
        self.dateLastUpdated = dateLastUpdated
        self.foundAt = foundAt
        self.orderUpdated = orderUpdated
        self.notifiedLateAt = notifiedLateAt
        self.notifiedLateSeq = notifiedLateSeq
    }

    enum CodingKeys: String, CodingKey {
        case seq, seller, status, amount, currency
        case sellerID = "seller_id"
        case paymentID = "payment_id"
        case statusDetail = "status_detail"
        case externalReference = "external_reference"
        case liveMode = "live_mode"
        case dateLastUpdated = "date_last_updated"
        case foundAt = "found_at"
        case orderUpdated = "order_updated"
        case notifiedLateAt = "notified_late_at"
        case notifiedLateSeq = "notified_late_seq"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seq, forKey: .seq)
        try container.encode(seller, forKey: .seller)
        try container.encode(sellerID, forKey: .sellerID)
        try container.encode(paymentID, forKey: .paymentID)
        try container.encode(status, forKey: .status)
        try container.encode(statusDetail, forKey: .statusDetail)
        try container.encode(externalReference, forKey: .externalReference)
        try container.encode(amount.map { "\($0)" }, forKey: .amount)
        try container.encode(currency, forKey: .currency)
        try container.encode(liveMode, forKey: .liveMode)
        try container.encode(dateLastUpdated, forKey: .dateLastUpdated)
        try container.encode(foundAt, forKey: .foundAt)
        try container.encode(orderUpdated, forKey: .orderUpdated)
        try container.encode(notifiedLateAt, forKey: .notifiedLateAt)
        try container.encode(notifiedLateSeq, forKey: .notifiedLateSeq)
    }
}

/// The sweep's state per seller, kept in the store: the high-water mark and how the last sweep went (what the
/// dashboard and `golive check` show as "backfill: last sweep ok at … / failing: …").
public struct BackfillStatus: Sendable, Hashable, Encodable {
    public var seller: String
    /// Every change up to here has been swept; the next sweep starts at `mark − overlap`. Kept when a sweep fails.
    public var mark: Date?
    public var lastRunAt: Date?
    public var lastSuccessAt: Date?
    /// Why the last sweep failed; nil when it succeeded.
    public var lastError: String?
    public var consecutiveFailures: Int
    public var lastScanned: Int
    public var lastFound: Int

    public init(
        seller: String, mark: Date? = nil, lastRunAt: Date? = nil, lastSuccessAt: Date? = nil, lastError: String? = nil,
        consecutiveFailures: Int = 0, lastScanned: Int = 0, lastFound: Int = 0
    ) {
        self.seller = seller
        self.mark = mark
        self.lastRunAt = lastRunAt
        self.lastSuccessAt = lastSuccessAt
        self.lastError = lastError
        self.consecutiveFailures = consecutiveFailures
        self.lastScanned = lastScanned
        self.lastFound = lastFound
    }

    /// `ok` or `failing`.
    public var state: String { lastError == nil ? "ok" : "failing" }

    /// One line: "last sweep ok at 2026-…, 12 payments, 1 never notified" / "failing since …: reason".
    public var summary: String {
        let format = ISO8601DateFormatter()
        if let lastError {
            let since = lastSuccessAt.map { "; last ok at \(format.string(from: $0))" } ?? ""
            return "failing (\(consecutiveFailures)×): \(lastError)\(since)"
        }
        guard let lastSuccessAt else { return "no sweep yet" }
        return "last sweep ok at \(format.string(from: lastSuccessAt)): \(lastScanned) payment(s), "
            + "\(lastFound) never notified"
    }

    enum CodingKeys: String, CodingKey {
        case seller, mark, state, summary
        case lastRunAt = "last_run_at"
        case lastSuccessAt = "last_success_at"
        case lastError = "last_error"
        case consecutiveFailures = "consecutive_failures"
        case lastScanned = "last_scanned"
        case lastFound = "last_found"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seller, forKey: .seller)
        try container.encode(state, forKey: .state)
        try container.encode(summary, forKey: .summary)
        try container.encode(mark, forKey: .mark)
        try container.encode(lastRunAt, forKey: .lastRunAt)
        try container.encode(lastSuccessAt, forKey: .lastSuccessAt)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(consecutiveFailures, forKey: .consecutiveFailures)
        try container.encode(lastScanned, forKey: .lastScanned)
        try container.encode(lastFound, forKey: .lastFound)
    }
}

/// Where the backfill keeps its findings and its per-seller status (SQLite: `SQLiteStore+Backfill.swift`).
public protocol BackfillStore: Sendable {
    func backfillStatus(seller: String) async throws -> BackfillStatus?
    func backfillStatuses() async throws -> [BackfillStatus]
    func recordBackfillStatus(_ status: BackfillStatus) async throws
    /// Stores the findings not stored yet (same seller, payment, status and `date_last_updated`: one change is one
    /// finding however many sweeps see it) and returns those that were new, with their `seq`.
    func recordNeverNotified(_ findings: [NeverNotifiedFinding]) async throws -> [NeverNotifiedFinding]
    /// Newest first, each with the late notification that followed it, if any.
    func neverNotified(seller: String?, limit: Int) async throws -> [NeverNotifiedFinding]
    /// Findings found since `since` (for `notifications.receiving`).
    func neverNotifiedCount(seller: String?, since: Date) async throws -> Int
}
