public import Foundation

/// What an incident is about.
public enum AlertKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Some readiness check is `fail` (recovers when none fails).
    case readiness
    /// The checkout page's certificate has fewer than `certificate_days` left.
    case certificate
    /// Signature rejections reached the threshold within the window.
    case rejections
    /// No notification for `silence_minutes` of business time.
    case silence
    /// Deliveries to the shop's backend (`serve --forward-to`) were dead-lettered after their last retry.
    case forwarding
    /// A `stop_delivery_op_wh` fraud alert from Mercado Pago (never retried by Mercado Pago).
    case fraud
    /// A chargeback notification (`topic_chargebacks_wh`, IPN `chargebacks`).
    case chargeback
    /// A claim notification (`topic_claims_integration_wh`, body `type` = `claim`).
    case claim
    /// `golive alerts test`.
    case test

    /// Event kinds: each notification is its own incident, alerted once, closed once delivered (no recovery).
    public var isEvent: Bool { [.fraud, .chargeback, .claim, .test].contains(self) }

    /// The event kind of a notification topic, nil for topics that do not alert (MERCADOPAGO.md §5.2).
    public init?(topic: String) {
        switch topic.lowercased() {
        case "stop_delivery_op_wh": self = .fraud
        case "topic_chargebacks_wh", "chargebacks", "chargeback": self = .chargeback
        case "topic_claims_integration_wh", "claim", "claims": self = .claim
        default: return nil
        }
    }

    /// The topics ``init(topic:)`` recognises.
    public static let eventTopics = [
        "stop_delivery_op_wh", "topic_chargebacks_wh", "chargebacks", "chargeback", "topic_claims_integration_wh",
        "claim", "claims",
    ]
}

/// open → notified → (recovered → closed). Events: open → notified → closed.
public enum IncidentState: String, Sendable, Hashable, Codable {
    /// Detected; the alert is queued for the targets.
    case open
    /// Every target acknowledged the alert (or gave up on it) — still ongoing.
    case notified
    /// Cleared (after the hysteresis); the recovery message is queued.
    case recovered
    /// Over: recovery delivered, or an event whose alert was delivered.
    case closed

    public var isActive: Bool { self == .open || self == .notified }
}

/// One incident per (seller, kind[, key]) at a time.
public struct Incident: Sendable, Hashable, Encodable {
    public var id: Int64
    public var seller: String
    public var kind: AlertKind
    /// "" for conditions; the notification id for events.
    public var key: String
    public var state: IncidentState
    public var summary: String
    public var details: [String: String]
    public var openedAt: Date
    public var notifiedAt: Date?
    /// When the condition was first seen clear again (the hysteresis runs from here); nil while it holds.
    public var clearSince: Date?
    public var recoveredAt: Date?
    public var closedAt: Date?

    public init(
        id: Int64, seller: String, kind: AlertKind, key: String, state: IncidentState, summary: String,
        details: [String: String], openedAt: Date, notifiedAt: Date? = nil, clearSince: Date? = nil,
        recoveredAt: Date? = nil, closedAt: Date? = nil
    ) {
        self.id = id
        self.seller = seller
        self.kind = kind
        self.key = key
        self.state = state
        self.summary = summary
        self.details = details
        self.openedAt = openedAt
        self.notifiedAt = notifiedAt
        self.clearSince = clearSince
        self.recoveredAt = recoveredAt
        self.closedAt = closedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, seller, kind, key, state, summary, details
        case openedAt = "opened_at"
        case notifiedAt = "notified_at"
        case clearSince = "clear_since"
        case recoveredAt = "recovered_at"
        case closedAt = "closed_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(seller, forKey: .seller)
        try container.encode(kind, forKey: .kind)
        try container.encode(key, forKey: .key)
        try container.encode(state, forKey: .state)
        try container.encode(summary, forKey: .summary)
        try container.encode(details, forKey: .details)
        try container.encode(openedAt, forKey: .openedAt)
        try container.encode(notifiedAt, forKey: .notifiedAt)
        try container.encode(clearSince, forKey: .clearSince)
        try container.encode(recoveredAt, forKey: .recoveredAt)
        try container.encode(closedAt, forKey: .closedAt)
    }
}

/// Which message of an incident a delivery carries.
public enum AlertEvent: String, Sendable, Hashable, Codable {
    case alert, recovery, test
}

/// Where a delivery stands: retried with backoff until acknowledged (2xx / exit 0) or given up.
public enum AlertDeliveryState: String, Sendable, Hashable, Codable {
    case pending, delivered, failed
    /// Not sent: the incident recovered before any target acknowledged its alert.
    case cancelled
}

/// One message to one target (the outbox row).
public struct AlertDelivery: Sendable, Hashable, Encodable {
    public var id: Int64
    public var incidentID: Int64
    public var target: String
    public var event: AlertEvent
    public var state: AlertDeliveryState
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastError: String?
    public var createdAt: Date
    public var deliveredAt: Date?
    /// The message: `{"text": …, "golive": {…}}`, as sent.
    public var payload: String

    public init(
        id: Int64, incidentID: Int64, target: String, event: AlertEvent, state: AlertDeliveryState, attempts: Int,
        nextAttemptAt: Date?, lastError: String?, createdAt: Date, deliveredAt: Date?, payload: String
    ) {
        self.id = id
        self.incidentID = incidentID
        self.target = target
        self.event = event
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
        self.payload = payload
    }

    enum CodingKeys: String, CodingKey {
        case id, target, event, state, attempts
        case incidentID = "incident_id"
        case nextAttemptAt = "next_attempt_at"
        case lastError = "last_error"
        case createdAt = "created_at"
        case deliveredAt = "delivered_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(incidentID, forKey: .incidentID)
        try container.encode(target, forKey: .target)
        try container.encode(event, forKey: .event)
        try container.encode(state, forKey: .state)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(nextAttemptAt, forKey: .nextAttemptAt)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(deliveredAt, forKey: .deliveredAt)
    }
}

/// The outcome of one delivery attempt.
public enum AlertDeliveryOutcome: Sendable, Hashable {
    case delivered
    case retry(error: String, nextAttemptAt: Date)
    case failed(error: String)
}

/// A notification that may be an event incident (fraud, chargeback, claim).
public struct AlertEventNotification: Sendable, Hashable {
    public var seq: Int64
    public var seller: String?
    public var notificationID: String
    public var topic: String
    public var action: String?
    public var dataID: String?
    public var liveMode: Bool?
    public var receivedAt: Date

    public init(
        seq: Int64, seller: String?, notificationID: String, topic: String, action: String?, dataID: String?,
        liveMode: Bool?, receivedAt: Date
    ) {
        self.seq = seq
        self.seller = seller
        self.notificationID = notificationID
        self.topic = topic
        self.action = action
        self.dataID = dataID
        self.liveMode = liveMode
        self.receivedAt = receivedAt
    }
}

/// The alerts' side of the store: incidents, their delivery outbox and the event cursor. Every change of an
/// incident and the messages it queues commit together, so a restart neither loses nor repeats an alert.
public protocol AlertStore: Sendable {
    /// Incidents that are `open` or `notified`, plus `recovered` ones still delivering their recovery.
    func unfinishedIncidents() async throws -> [Incident]
    /// Incidents newest first; `activeOnly`: `open`/`notified`/`recovered`.
    func incidents(limit: Int, activeOnly: Bool) async throws -> [Incident]
    /// Opens an incident and queues its alert to each target in one transaction. Returns nil (and queues
    /// nothing) when an event with the same (seller, kind, key) exists, or a condition of that (seller, kind)
    /// is still active.
    func openIncident(
        seller: String, kind: AlertKind, key: String, summary: String, details: [String: String],
        targets: [String], payload: @escaping @Sendable (Int64) -> String, at: Date
    ) async throws -> Incident?
    /// Updates the summary/details and the hysteresis start of an active incident.
    func updateIncident(id: Int64, summary: String, details: [String: String], clearSince: Date?) async throws
    /// Recovers an incident: pending alerts are cancelled; targets that acknowledged the alert get the recovery
    /// message; with none, it closes at once (nobody was told, nothing to retract).
    func recoverIncident(id: Int64, payload: String, at: Date) async throws
    /// Pending deliveries whose attempt is due, oldest first.
    func dueAlertDeliveries(now: Date, limit: Int) async throws -> [AlertDelivery]
    /// Takes the due deliveries for sending: in one transaction, pushes their next attempt `lease` ahead, so
    /// another dispatcher on the same store (or this one after a crash mid-send) leaves them alone until then.
    func claimAlertDeliveries(now: Date, lease: TimeInterval, limit: Int) async throws -> [AlertDelivery]
    /// Records an attempt's outcome and moves the incident on when its last pending message is settled:
    /// open → notified (events: → closed), recovered → closed.
    func recordAlertDelivery(id: Int64, outcome: AlertDeliveryOutcome, at: Date) async throws
    func alertDeliveries(incident: Int64) async throws -> [AlertDelivery]
    /// Event notifications after `seq` (duplicates excluded), oldest first, and the newest seq looked at.
    func alertEventNotifications(afterSeq: Int64, limit: Int) async throws -> (
        events: [AlertEventNotification], lastSeq: Int64
    )
    func alertCursor() async throws -> Int64?
    func setAlertCursor(_ seq: Int64) async throws
}
