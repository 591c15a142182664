public import Foundation

/// The shop's view of one order, kept current from notifications: keyed by seller + `external_reference`
/// (the shop's own order id, which every payment, merchant order and Orders-API order carries).
public struct ShopOrder: Sendable, Hashable, Encodable {
    public var seller: String
    public var externalReference: String
    public var sellerID: Int64?
    /// The status of the resource that last updated it (`approved`, `rejected`, `closed`, `processed`…).
    public var status: String?
    public var statusDetail: String?
    /// Exact decimal, never binary floating point.
    public var amount: Decimal?
    public var currency: String?
    /// Every payment id seen for this order, in the order first seen.
    public var paymentIDs: [String]
    /// What last updated it: `payment`, `merchant_order` or `order`, and that resource's id.
    public var source: NotificationResource
    public var sourceID: String
    /// The resource's own `date_last_updated` (`last_updated` for merchant orders): how "newer" is decided.
    public var dateLastUpdated: Date?
    public var lastNotificationSeq: Int64?
    /// When golive last changed this row.
    public var updatedAt: Date

    public init(
        seller: String, externalReference: String, sellerID: Int64? = nil, status: String?, statusDetail: String? = nil,
        amount: Decimal? = nil, currency: String? = nil, paymentIDs: [String] = [], source: NotificationResource,
        sourceID: String, dateLastUpdated: Date?, lastNotificationSeq: Int64? = nil, updatedAt: Date
    ) {
        self.seller = seller
        self.externalReference = externalReference
        self.sellerID = sellerID
        self.status = status
        self.statusDetail = statusDetail
        self.amount = amount
        self.currency = currency
        self.paymentIDs = paymentIDs
        self.source = source
        self.sourceID = sourceID
        self.dateLastUpdated = dateLastUpdated
        self.lastNotificationSeq = lastNotificationSeq
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case seller, status, amount, currency, source
        case externalReference = "external_reference"
        case sellerID = "seller_id"
        case statusDetail = "status_detail"
        case paymentIDs = "payment_ids"
        case sourceID = "source_id"
        case dateLastUpdated = "date_last_updated"
        case lastNotificationSeq = "last_notification_seq"
        case updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seller, forKey: .seller)
        try container.encode(externalReference, forKey: .externalReference)
        try container.encode(sellerID, forKey: .sellerID)
        try container.encode(status, forKey: .status)
        try container.encode(statusDetail, forKey: .statusDetail)
        // Amounts are decimal strings in every document (exact to the cent).
        try container.encode(amount.map { "\($0)" }, forKey: .amount)
        try container.encode(currency, forKey: .currency)
        try container.encode(paymentIDs, forKey: .paymentIDs)
        try container.encode(source, forKey: .source)
        try container.encode(sourceID, forKey: .sourceID)
        try container.encode(dateLastUpdated, forKey: .dateLastUpdated)
        try container.encode(lastNotificationSeq, forKey: .lastNotificationSeq)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

/// Which notifications to list, newest first.
public struct NotificationQuery: Sendable, Hashable {
    public var seller: String?
    /// Only those with `seq` greater than this (for `--follow` and live feeds).
    public var afterSeq: Int64?
    /// Only those about this resource id (`data.id`): e.g. every notification of one payment.
    public var dataID: String?
    public var processing: ProcessingState?
    public var limit: Int
    /// Issue 11: production, test-mode (`live_mode=false`) or both (the default, for every reader but the feeds).
    public var mode: NotificationMode = .all

    public init(
        seller: String? = nil, afterSeq: Int64? = nil, dataID: String? = nil, processing: ProcessingState? = nil,
        limit: Int = 50
    ) {
        self.seller = seller
        self.afterSeq = afterSeq
        self.dataID = dataID
        self.processing = processing
        self.limit = limit
    }
}

/// What the notification checks need to know, for one seller over a window.
public struct NotificationSummary: Sendable, Hashable {
    public var lastReceivedAt: Date?
    /// Accepted notifications in the window, by signature status.
    public var received: Int
    public var valid: Int
    public var unsigned: Int
    public var notConfigured: Int
    /// Signature rejections in the window (the seller's, and those no seller could be told for).
    public var signatureRejections: Int
    public var lastRejectionReason: RejectionReason?
    public var lastRejectionAt: Date?
    /// When a running `golive serve` last said it was alive, and where it listens.
    public var receiverHeartbeat: Date?
    public var receiverListen: String?
    /// Issue 11 — rotation: valid notifications in the window verified by the previous secret, and the newest
    /// verified by each secret.
    public var validPrevious = 0
    public var lastCurrentAt: Date?
    public var lastPreviousAt: Date?
    /// Issue 11 — test mode: accepted notifications in the window with `live_mode` not false (IPN and unknown
    /// count as live), those with `live_mode=false`, and the newest live one ever.
    public var receivedLive = 0
    public var testMode = 0
    public var lastLiveReceivedAt: Date?

    public init(
        lastReceivedAt: Date? = nil, received: Int = 0, valid: Int = 0, unsigned: Int = 0, notConfigured: Int = 0,
        signatureRejections: Int = 0, lastRejectionReason: RejectionReason? = nil, lastRejectionAt: Date? = nil,
        receiverHeartbeat: Date? = nil, receiverListen: String? = nil
    ) {
        self.lastReceivedAt = lastReceivedAt
        self.received = received
        self.valid = valid
        self.unsigned = unsigned
        self.notConfigured = notConfigured
        self.signatureRejections = signatureRejections
        self.lastRejectionReason = lastRejectionReason
        self.lastRejectionAt = lastRejectionAt
        self.receiverHeartbeat = receiverHeartbeat
        self.receiverListen = receiverListen
    }
}

/// The outcome of processing one notification.
public enum ProcessingOutcome: Sendable, Hashable {
    /// Fetched (or nothing to fetch); `resourceStatus` is the resource's status when fetched.
    case done(resourceStatus: String?)
    /// Failed this time; try again at `nextAttemptAt`.
    case retry(error: String, nextAttemptAt: Date)
    /// Given up (attempts exhausted or the resource cannot be fetched at all).
    case failed(error: String)
}

/// One processed notification's outcome.
public struct ProcessingRecord: Sendable, Hashable {
    public var seq: Int64
    public var outcome: ProcessingOutcome
    /// Forwarding (issue 11): a delivery to the shop, enqueued in the same transaction as a `done` outcome so
    /// nothing acknowledged is lost across a crash (``ForwardOutbox``).
    public var forward: ForwardDraft?

    public init(seq: Int64, outcome: ProcessingOutcome, forward: ForwardDraft? = nil) {
        self.seq = seq
        self.outcome = outcome
        self.forward = forward
    }
}

/// The notifications' side of the store: an append-only log of deliveries (each with its outbox state), a
/// bounded log of rejected deliveries, and the shop's orders kept current.
///
/// Writers: `golive serve` (receiver and processor). Readers: `golive notifications`, the checks, the
/// dashboard's feed, reconciliation and quality.
public protocol NotificationStore: Sendable {
    // MARK: Receiving (durable before acknowledged)

    /// Stores a batch in one transaction (group commit) and returns one record per input, in order: its `seq`
    /// and whether it duplicates an earlier delivery (same notification id; duplicates are stored flagged and
    /// already `done`, so they are not processed again). Returns only after the commit is durable.
    func recordNotifications(_ batch: [IncomingNotification]) async throws -> [StoredNotification]
    /// Appends refused deliveries to the bounded rejected log (the oldest beyond the bound are dropped).
    func recordRejected(_ rejected: [RejectedDelivery]) async throws

    // MARK: Reading

    /// Notifications newest first (the dashboard's feed: `NotificationQuery(seller:, limit:)`; a payment's:
    /// `NotificationQuery(dataID: paymentID)`).
    func notifications(_ query: NotificationQuery) async throws -> [StoredNotification]
    /// Rejected deliveries, newest first.
    func rejectedDeliveries(limit: Int) async throws -> [RejectedDelivery]
    /// For the checks: counts since `since` for a seller (nil: every seller).
    func notificationSummary(seller: String?, since: Date) async throws -> NotificationSummary

    // MARK: Processing (the outbox)

    /// Pending notifications whose next attempt is due, oldest first.
    func dueNotifications(now: Date, limit: Int) async throws -> [StoredNotification]
    /// Records outcomes in one transaction (`attempts` grows by one for each).
    func recordProcessing(_ outcomes: [ProcessingRecord], at: Date) async throws
    /// Sets every `failed` notification (or one) back to `pending`, due now; returns how many.
    func requeueNotifications(seq: Int64?, at: Date) async throws -> Int

    // MARK: Orders

    /// Applies an update unless the stored order is newer (by the resource's `date_last_updated`, then by
    /// notification seq): ordering of deliveries is not guaranteed. Returns whether it was applied.
    /// Payment ids are merged either way.
    @discardableResult
    func applyOrderUpdate(_ update: ShopOrder) async throws -> Bool
    func order(seller: String, externalReference: String) async throws -> ShopOrder?
    /// The order a payment belongs to.
    func order(paymentID: String) async throws -> ShopOrder?
    /// Orders of a seller whose status is `status` (e.g. `approved`) and whose resource was last updated in
    /// `from..<to`, oldest first.
    func orders(seller: String, status: String?, updatedFrom from: Date, to: Date) async throws -> [ShopOrder]

    // MARK: The receiver's heartbeat

    /// `golive serve` says it is alive (every few seconds), so one-shot checks can tell it runs.
    func recordReceiverHeartbeat(listen: String, at: Date) async throws
}
