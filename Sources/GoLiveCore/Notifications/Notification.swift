public import Foundation

/// How a notification arrived (MERCADOPAGO.md §5.1).
public enum NotificationKind: String, Sendable, Hashable, Codable {
    case webhook
    case ipn
}

/// What the signature check concluded for an accepted notification (DESIGN.md `golive notifications`).
public enum SignatureStatus: String, Sendable, Hashable, Codable {
    /// A configured secret verified the `x-signature`.
    case valid
    /// An IPN: Mercado Pago does not sign them (§5.4.4); its resource is always fetched, so it cannot forge.
    case unsigned
    /// No secret is configured for the seller: nothing could be verified.
    case notConfigured = "not_configured"
}

/// Where a notification is in the outbox.
public enum ProcessingState: String, Sendable, Hashable, Codable {
    case pending, done, failed
}

/// Why a delivery was refused (the rejected log's `reason`). The signature reasons match the shared vectors
/// (`Tests/Fixtures/signature-vectors.json`).
public struct RejectionReason: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible, Error {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// A secret is configured but the webhook carries no `x-signature`.
    public static let missingSignature = RejectionReason(rawValue: "missing_signature")
    /// `x-signature` has no `key=value` pairs.
    public static let malformedSignature = RejectionReason(rawValue: "malformed_signature")
    public static let missingTimestamp = RejectionReason(rawValue: "missing_timestamp")
    public static let missingHash = RejectionReason(rawValue: "missing_hash")
    /// No configured secret reproduces `v1`: a wrong secret, or a forged/tampered delivery.
    public static let signatureMismatch = RejectionReason(rawValue: "signature_mismatch")
    /// The signature verified but `ts` is outside the configured tolerance (off by default).
    public static let staleTimestamp = RejectionReason(rawValue: "stale_timestamp")
    /// The body is not JSON (or not an object).
    public static let malformedJSON = RejectionReason(rawValue: "malformed_json")
    /// Neither a webhook (`data.id`/`type`) nor an IPN (`topic`/`id`): nothing to fetch.
    public static let missingResource = RejectionReason(rawValue: "missing_resource")
    public static let bodyTooLarge = RejectionReason(rawValue: "body_too_large")

    /// Whether this reason is about the signature (what `notifications.signature` counts).
    public var isSignatureFailure: Bool {
        [.missingSignature, .malformedSignature, .missingTimestamp, .missingHash, .signatureMismatch, .staleTimestamp]
            .contains(self)
    }
}

/// A notification as parsed from one delivery, before it is stored.
public struct IncomingNotification: Sendable, Hashable {
    public var kind: NotificationKind
    /// Mercado Pago's notification id from the body; for an IPN, which has none, `ipn:TOPIC:ID`.
    public var notificationID: String
    /// `type` of a webhook, `topic` of an IPN (`payment`, `merchant_order`, `order`…).
    public var topic: String
    public var action: String?
    /// The resource id: the query's `data.id` (webhook) or `id` (IPN).
    public var dataID: String?
    public var liveMode: Bool?
    /// The body's `user_id`: the seller's Mercado Pago user id.
    public var userID: Int64?
    public var requestID: String?
    /// The configured seller it belongs to, when known.
    public var seller: String?
    public var signature: SignatureStatus
    /// Which form of the manifest verified (`as_received` or `lowercased`); nil unless `valid`.
    public var signatureVariant: String?
    public var receivedAt: Date
    /// The raw body as received (JSON text), kept for diagnosis; may be empty for an IPN.
    public var body: String
    /// Which secret verified it during a rotation (issue 11): nil unless `valid`.
    public var secret: SecretGeneration?

    public init(
        kind: NotificationKind, notificationID: String, topic: String, action: String? = nil, dataID: String?,
        liveMode: Bool? = nil, userID: Int64? = nil, requestID: String? = nil, seller: String? = nil,
        signature: SignatureStatus, signatureVariant: String? = nil, receivedAt: Date, body: String = "",
        secret: SecretGeneration? = nil
    ) {
        self.kind = kind
        self.notificationID = notificationID
        self.topic = topic
        self.action = action
        self.dataID = dataID
        self.liveMode = liveMode
        self.userID = userID
        self.requestID = requestID
        self.seller = seller
        self.signature = signature
        self.signatureVariant = signatureVariant
        self.receivedAt = receivedAt
        self.body = body
        self.secret = secret
    }

    /// Which resource the processor fetches for this topic, nil when golive does not track it.
    public var resource: NotificationResource? { NotificationResource(topic: topic) }
}

/// The resources whose state golive follows, and the endpoint each is fetched from (MERCADOPAGO.md §5.2).
public enum NotificationResource: String, Sendable, Hashable, Codable {
    /// `GET /v1/payments/{id}`
    case payment
    /// `GET /merchant_orders/{id}`
    case merchantOrder = "merchant_order"
    /// `GET /v1/orders/{id}`
    case order

    public init?(topic: String) {
        switch topic.lowercased() {
        case "payment", "payments": self = .payment
        case "merchant_order", "merchant_orders", "topic_merchant_order_wh": self = .merchantOrder
        case "order", "orders": self = .order
        default: return nil
        }
    }
}

/// A notification as stored: `golive notifications --json` prints these (DESIGN.md's document).
public struct StoredNotification: Sendable, Hashable, Encodable {
    /// golive's own row number: increasing, never reused.
    public var seq: Int64
    public var notification: IncomingNotification
    /// Whether an earlier delivery with the same notification id was already stored.
    public var duplicate: Bool
    public var processing: ProcessingState
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastError: String?
    /// The fetched resource's status (`approved`, `closed`, `processed`…) once processed.
    public var resourceStatus: String?
    /// The seller's Mercado Pago user id (the body's `user_id`, else what the store knows of the seller).
    public var sellerID: Int64?
    /// Forwarding (issue 11): its latest delivery to the shop, when the reader looked it up
    /// (``ForwardOutbox/forwardSummaries(notificationSeqs:)``); encoded as `forwarding: none` otherwise.
    public var forwarding: ForwardSummary?

    public init(
        seq: Int64, notification: IncomingNotification, duplicate: Bool, processing: ProcessingState,
        attempts: Int = 0, nextAttemptAt: Date? = nil, lastError: String? = nil, resourceStatus: String? = nil,
        sellerID: Int64? = nil
    ) {
        self.seq = seq
        self.notification = notification
        self.duplicate = duplicate
        self.processing = processing
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.resourceStatus = resourceStatus
        self.sellerID = sellerID ?? notification.userID
    }

    enum CodingKeys: String, CodingKey {
        case seq, id, seller, kind, topic, action, duplicate, processing, attempts, signature
        case sellerID = "seller_id"
        case receivedAt = "received_at"
        case dataID = "data_id"
        case liveMode = "live_mode"
        case signatureVariant = "signature_variant"
        case secret  // issue 11: "current" | "previous" | null
        case resourceStatus = "resource_status"
        case lastError = "last_error"
        case nextAttemptAt = "next_attempt_at"
        case forwarding  // issue 11
        case forwardAttempts = "forward_attempts"
        case forwardLastError = "forward_last_error"
        case forwardDeliveryID = "forward_delivery_id"
    }

    public func encode(to encoder: any Encoder) throws {
        // Explicit nulls: the contract has every key.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seq, forKey: .seq)
        try container.encode(notification.notificationID, forKey: .id)
        try container.encode(sellerID, forKey: .sellerID)
        try container.encode(notification.seller, forKey: .seller)
        try container.encode(notification.receivedAt, forKey: .receivedAt)
        try container.encode(notification.kind, forKey: .kind)
        try container.encode(notification.topic, forKey: .topic)
        try container.encode(notification.action, forKey: .action)
        try container.encode(notification.dataID, forKey: .dataID)
        try container.encode(notification.liveMode, forKey: .liveMode)
        try container.encode(notification.signature, forKey: .signature)
        try container.encode(notification.signatureVariant, forKey: .signatureVariant)
        try container.encode(notification.secret, forKey: .secret)
        try container.encode(duplicate, forKey: .duplicate)
        try container.encode(processing, forKey: .processing)
        try container.encode(resourceStatus, forKey: .resourceStatus)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(lastError.map(PayerData.scrubText), forKey: .lastError)
        try container.encode(nextAttemptAt, forKey: .nextAttemptAt)
        // Forwarding (issue 11), additive: none|pending|retrying|delivered|dead.
        try container.encode(forwarding?.state ?? .notForwarded, forKey: .forwarding)
        try container.encode(forwarding?.attempts ?? 0, forKey: .forwardAttempts)
        try container.encode(forwarding?.lastError, forKey: .forwardLastError)
        try container.encode(forwarding?.deliveryID, forKey: .forwardDeliveryID)
    }
}

/// A delivery that was refused (`golive notifications --rejected`): not a notification.
public struct RejectedDelivery: Sendable, Hashable, Encodable {
    public var seq: Int64?
    public var receivedAt: Date
    public var reason: RejectionReason
    public var requestID: String?
    public var dataID: String?
    public var remoteAddress: String?
    /// The seller the body claims (`user_id` matched to a configured seller), when it says.
    public var seller: String?
    /// A short, secret-free explanation (e.g. "tried 2 secrets", "body of 3 MB").
    public var detail: String?
    /// Issue 11: the raw request of a signature refusal (never printed), kept to re-verify it after a secret fix.
    public var raw: RawRequest?
    /// Issue 11: what `golive notifications replay --rejected` concluded, once it ran.
    public var replay: ReplayOutcome?

    public init(
        seq: Int64? = nil, receivedAt: Date, reason: RejectionReason, requestID: String? = nil, dataID: String? = nil,
        remoteAddress: String? = nil, seller: String? = nil, detail: String? = nil, raw: RawRequest? = nil,
        replay: ReplayOutcome? = nil
    ) {
        self.raw = raw
        self.replay = replay
        self.seq = seq
        self.receivedAt = receivedAt
        self.reason = reason
        self.requestID = requestID
        self.dataID = dataID
        self.remoteAddress = remoteAddress
        self.seller = seller
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case seq, reason, seller, detail
        case receivedAt = "received_at"
        case requestID = "request_id"
        case dataID = "data_id"
        case remoteAddress = "remote_addr"
        case replayable, replay  // issue 11 (additive)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seq, forKey: .seq)
        try container.encode(receivedAt, forKey: .receivedAt)
        try container.encode(reason, forKey: .reason)
        try container.encode(requestID, forKey: .requestID)
        try container.encode(dataID, forKey: .dataID)
        try container.encode(remoteAddress, forKey: .remoteAddress)
        try container.encode(seller, forKey: .seller)
        try container.encode(detail.map(PayerData.scrubText), forKey: .detail)
        try container.encode(raw != nil, forKey: .replayable)
        try container.encode(replay, forKey: .replay)
    }
}
