public import Foundation

/// Where a delivery to the shop's backend is (`golive notifications`' `forwarding` field; `none` when a
/// notification has no delivery: forwarding off, processing not done yet or failed, or a duplicate).
public enum ForwardingState: String, Sendable, Hashable, Codable, CaseIterable {
    /// No delivery (shown as `none`).
    case notForwarded = "none"
    case pending, retrying, delivered, dead
}

/// Why a delivery was created: a processed notification, a replay of one, or a sweep that found a change no
/// notification announced (backfill).
public enum ForwardSource: String, Sendable, Hashable, Codable {
    case notification, replay, backfill
}

/// What golive fetched from Mercado Pago, as forwarded to the shop: the state of the resource, never payer
/// data (no e-mail, name or identification). Amounts are decimal strings, exact to the cent.
public struct ForwardResource: Sendable, Hashable, Encodable {
    /// `payment`, `merchant_order` or `order`.
    public var type: NotificationResource
    public var id: String
    public var status: String?
    public var statusDetail: String?
    public var externalReference: String?
    /// `transaction_amount` of a payment, `total_amount` of a merchant order or an order.
    public var amount: Decimal?
    /// `paid_amount` of a merchant order.
    public var paidAmount: Decimal?
    public var currency: String?
    public var liveMode: Bool?
    public var dateCreated: Date?
    public var dateApproved: Date?
    public var dateLastUpdated: Date?
    public var moneyReleaseDate: Date?
    public var paymentMethodID: String?
    public var paymentTypeID: String?
    /// A payment's merchant order, or the payments of a merchant order / order.
    public var merchantOrderID: String?
    public var paymentIDs: [String]

    public init(
        type: NotificationResource, id: String, status: String? = nil, statusDetail: String? = nil,
        externalReference: String? = nil, amount: Decimal? = nil, paidAmount: Decimal? = nil, currency: String? = nil,
        liveMode: Bool? = nil, dateCreated: Date? = nil, dateApproved: Date? = nil, dateLastUpdated: Date? = nil,
        moneyReleaseDate: Date? = nil, paymentMethodID: String? = nil, paymentTypeID: String? = nil,
        merchantOrderID: String? = nil, paymentIDs: [String] = []
    ) {
        self.type = type
        self.id = id
        self.status = status
        self.statusDetail = statusDetail
        self.externalReference = externalReference
        self.amount = amount
        self.paidAmount = paidAmount
        self.currency = currency
        self.liveMode = liveMode
        self.dateCreated = dateCreated
        self.dateApproved = dateApproved
        self.dateLastUpdated = dateLastUpdated
        self.moneyReleaseDate = moneyReleaseDate
        self.paymentMethodID = paymentMethodID
        self.paymentTypeID = paymentTypeID
        self.merchantOrderID = merchantOrderID
        self.paymentIDs = paymentIDs
    }

    public init(payment: Payment) {
        self.init(
            type: .payment, id: payment.id, status: payment.status, statusDetail: payment.statusDetail,
            externalReference: payment.externalReference, amount: payment.transactionAmount,
            currency: payment.currencyID, liveMode: payment.liveMode, dateCreated: payment.dateCreated,
            dateApproved: payment.dateApproved, dateLastUpdated: payment.dateLastUpdated,
            moneyReleaseDate: payment.moneyReleaseDate, paymentMethodID: payment.paymentMethodID,
            paymentTypeID: payment.paymentTypeID, merchantOrderID: payment.merchantOrderID, paymentIDs: [payment.id])
    }

    public init(merchantOrder order: MerchantOrder) {
        self.init(
            type: .merchantOrder, id: order.id, status: order.orderStatus ?? order.status, statusDetail: order.status,
            externalReference: order.externalReference, amount: order.totalAmount, paidAmount: order.paidAmount,
            dateLastUpdated: order.lastUpdated, paymentIDs: order.payments.map(\.id))
    }

    public init(order: MercadoPagoOrder) {
        self.init(
            type: .order, id: order.id, status: order.status, statusDetail: order.statusDetail,
            externalReference: order.externalReference, amount: order.totalAmount, currency: order.currency,
            dateLastUpdated: order.lastUpdated, paymentIDs: order.paymentIDs)
    }

    enum CodingKeys: String, CodingKey {
        case type, id, status, amount, currency
        case statusDetail = "status_detail"
        case externalReference = "external_reference"
        case paidAmount = "paid_amount"
        case liveMode = "live_mode"
        case dateCreated = "date_created"
        case dateApproved = "date_approved"
        case dateLastUpdated = "date_last_updated"
        case moneyReleaseDate = "money_release_date"
        case paymentMethodID = "payment_method_id"
        case paymentTypeID = "payment_type_id"
        case merchantOrderID = "merchant_order_id"
        case paymentIDs = "payment_ids"
    }

    public func encode(to encoder: any Encoder) throws {
        // Every key, explicit nulls: the shop's parser sees one shape.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(id, forKey: .id)
        try container.encode(status, forKey: .status)
        try container.encode(statusDetail, forKey: .statusDetail)
        try container.encode(externalReference, forKey: .externalReference)
        try container.encode(amount.map { "\($0)" }, forKey: .amount)
        try container.encode(paidAmount.map { "\($0)" }, forKey: .paidAmount)
        try container.encode(currency, forKey: .currency)
        try container.encode(liveMode, forKey: .liveMode)
        try container.encode(dateCreated, forKey: .dateCreated)
        try container.encode(dateApproved, forKey: .dateApproved)
        try container.encode(dateLastUpdated, forKey: .dateLastUpdated)
        try container.encode(moneyReleaseDate, forKey: .moneyReleaseDate)
        try container.encode(paymentMethodID, forKey: .paymentMethodID)
        try container.encode(paymentTypeID, forKey: .paymentTypeID)
        try container.encode(merchantOrderID, forKey: .merchantOrderID)
        try container.encode(paymentIDs, forKey: .paymentIDs)
    }
}

/// A delivery to be enqueued: the whole document is built now and stored as text, so every attempt — after a
/// restart too — sends the same bytes under the same `delivery_id` (the shop's idempotency key).
public struct ForwardDraft: Sendable, Hashable {
    public var deliveryID: String
    public var seller: String?
    public var sellerID: Int64?
    /// golive's notification `seq`; nil for a change found by a sweep (backfill).
    public var notificationSeq: Int64?
    /// Mercado Pago's notification id; nil for backfill.
    public var notificationID: String?
    public var topic: String
    public var action: String?
    /// The resource id: deliveries with the same seller, resource type and `data_id` go out in order.
    public var dataID: String?
    public var liveMode: Bool?
    public var receivedAt: Date?
    public var source: ForwardSource
    public var resource: ForwardResource?
    /// The JSON document sent (UTF-8 text).
    public var body: String

    public init(
        deliveryID: String = ForwardDraft.newDeliveryID(), seller: String?, sellerID: Int64?, notificationSeq: Int64?,
        notificationID: String?, topic: String, action: String?, dataID: String?, liveMode: Bool?, receivedAt: Date?,
        source: ForwardSource, resource: ForwardResource?
    ) {
        self.deliveryID = deliveryID
        self.seller = seller
        self.sellerID = sellerID
        self.notificationSeq = notificationSeq
        self.notificationID = notificationID
        self.topic = topic
        self.action = action
        self.dataID = dataID
        self.liveMode = liveMode
        self.receivedAt = receivedAt
        self.source = source
        self.resource = resource
        let document = ForwardDocument(
            deliveryID: deliveryID, seq: notificationSeq, notificationID: notificationID, seller: seller,
            sellerID: sellerID, topic: topic, action: action, dataID: dataID, liveMode: liveMode,
            receivedAt: receivedAt, source: source, resource: resource)
        body =
            (try? JSONEncoder.goLive(pretty: false).encode(document)).map { String(decoding: $0, as: UTF8.self) }
            ?? "{}"
    }

    /// A processed notification and what the processor fetched (nil for a topic golive does not fetch).
    public init(notification stored: StoredNotification, resource: ForwardResource?, source: ForwardSource) {
        let n = stored.notification
        self.init(
            seller: n.seller, sellerID: stored.sellerID, notificationSeq: stored.seq, notificationID: n.notificationID,
            topic: n.topic, action: n.action, dataID: n.dataID ?? resource?.id,
            liveMode: n.liveMode ?? resource?.liveMode,
            receivedAt: n.receivedAt, source: source, resource: resource)
    }

    /// A payment whose change no notification announced (found by a sweep of `/v1/payments/search`).
    public init(backfilledPayment payment: Payment, seller: String?, sellerID: Int64?, foundAt: Date) {
        self.init(
            seller: seller, sellerID: sellerID ?? payment.collectorID, notificationSeq: nil, notificationID: nil,
            topic: "payment", action: "payment.updated", dataID: payment.id, liveMode: payment.liveMode,
            receivedAt: foundAt, source: .backfill, resource: ForwardResource(payment: payment))
    }

    /// `dlv_` and 32 hex digits of a random UUID.
    public static func newDeliveryID() -> String {
        "dlv_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    /// Deliveries with the same key are sent in enqueue order; without a `data_id` there is no order to keep.
    public var orderKey: String {
        guard let dataID else { return deliveryID }
        let kind = resource?.type.rawValue ?? NotificationResource(topic: topic)?.rawValue ?? topic
        return "\(seller ?? "")|\(kind)|\(dataID)"
    }
}

/// The document POSTed to the shop (docs/FORWARDING.md).
struct ForwardDocument: Encodable {
    var deliveryID: String
    var seq: Int64?
    var notificationID: String?
    var seller: String?
    var sellerID: Int64?
    var topic: String
    var action: String?
    var dataID: String?
    var liveMode: Bool?
    var receivedAt: Date?
    var source: ForwardSource
    var resource: ForwardResource?

    enum CodingKeys: String, CodingKey {
        case seq, seller, topic, action, source, resource
        case deliveryID = "delivery_id"
        case notificationID = "notification_id"
        case sellerID = "seller_id"
        case dataID = "data_id"
        case liveMode = "live_mode"
        case receivedAt = "received_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(deliveryID, forKey: .deliveryID)
        try container.encode(seq, forKey: .seq)
        try container.encode(notificationID, forKey: .notificationID)
        try container.encode(seller, forKey: .seller)
        try container.encode(sellerID, forKey: .sellerID)
        try container.encode(topic, forKey: .topic)
        try container.encode(action, forKey: .action)
        try container.encode(dataID, forKey: .dataID)
        try container.encode(liveMode, forKey: .liveMode)
        try container.encode(receivedAt, forKey: .receivedAt)
        try container.encode(source, forKey: .source)
        try container.encode(resource, forKey: .resource)
    }
}

/// A delivery as stored in the outbox.
public struct ForwardDelivery: Sendable, Hashable, Encodable {
    /// The outbox row (increasing): the order deliveries are made in.
    public var id: Int64
    public var deliveryID: String
    public var seller: String?
    public var notificationSeq: Int64?
    public var topic: String
    public var dataID: String?
    public var source: ForwardSource
    /// `pending`, `retrying`, `delivered` or `dead` (never `none`).
    public var state: ForwardingState
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastError: String?
    /// The HTTP status of the last answer, nil when there was none (timeout, connection refused).
    public var lastStatus: Int?
    public var createdAt: Date
    public var deliveredAt: Date?
    public var body: String

    public init(
        id: Int64, deliveryID: String, seller: String?, notificationSeq: Int64?, topic: String, dataID: String?,
        source: ForwardSource, state: ForwardingState, attempts: Int, nextAttemptAt: Date?, lastError: String?,
        lastStatus: Int?, createdAt: Date, deliveredAt: Date?, body: String
    ) {
        self.id = id
        self.deliveryID = deliveryID
        self.seller = seller
        self.notificationSeq = notificationSeq
        self.topic = topic
        self.dataID = dataID
        self.source = source
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.lastStatus = lastStatus
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
        self.body = body
    }

    enum CodingKeys: String, CodingKey {
        case id, seller, topic, source, state, attempts
        case deliveryID = "delivery_id"
        case notificationSeq = "seq"
        case dataID = "data_id"
        case nextAttemptAt = "next_attempt_at"
        case lastError = "last_error"
        case lastStatus = "last_status"
        case createdAt = "created_at"
        case deliveredAt = "delivered_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(deliveryID, forKey: .deliveryID)
        try container.encode(seller, forKey: .seller)
        try container.encode(notificationSeq, forKey: .notificationSeq)
        try container.encode(topic, forKey: .topic)
        try container.encode(dataID, forKey: .dataID)
        try container.encode(source, forKey: .source)
        try container.encode(state, forKey: .state)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(nextAttemptAt, forKey: .nextAttemptAt)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(lastStatus, forKey: .lastStatus)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(deliveredAt, forKey: .deliveredAt)
    }
}

/// What one attempt came to.
public enum ForwardAttemptResult: Sendable, Hashable {
    /// The shop answered 2xx.
    case delivered(status: Int)
    /// Try again at `nextAttemptAt`.
    case retry(status: Int?, error: String, nextAttemptAt: Date)
    /// Given up: the last attempt failed, or the shop answered 410 Gone.
    case dead(status: Int?, error: String)
}

/// The forwarding state of one notification (its latest delivery), for listings and the feed.
public struct ForwardSummary: Sendable, Hashable {
    public var deliveryID: String
    public var state: ForwardingState
    public var attempts: Int
    public var lastError: String?

    public init(deliveryID: String, state: ForwardingState, attempts: Int, lastError: String?) {
        self.deliveryID = deliveryID
        self.state = state
        self.attempts = attempts
        self.lastError = lastError
    }
}

/// Deliveries by state (the alerts read `dead`; `/metrics` and `golive notifications` show the rest).
public struct ForwardCounts: Sendable, Hashable {
    public var pending: Int
    public var retrying: Int
    public var delivered: Int
    public var dead: Int
    /// The oldest delivery not yet delivered nor dead (how far behind the shop is).
    public var oldestUndeliveredAt: Date?

    public init(
        pending: Int = 0, retrying: Int = 0, delivered: Int = 0, dead: Int = 0, oldestUndeliveredAt: Date? = nil
    ) {
        self.pending = pending
        self.retrying = retrying
        self.delivered = delivered
        self.dead = dead
        self.oldestUndeliveredAt = oldestUndeliveredAt
    }
}
