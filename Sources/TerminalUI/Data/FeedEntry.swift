public import Foundation
public import GoLiveCore

/// One received notification as the dashboard's feed shows it (DESIGN.md `golive notifications --json`).
public struct FeedEntry: Sendable, Hashable {
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var seq: Int64
    /// Mercado Pago's notification id (`ipn:TOPIC:ID` for an IPN).
    public var id: String
    public var receivedAt: Date
    /// `webhook` or `ipn`.
    public var kind: String
    public var topic: String
    public var action: String?
    public var dataID: String?
    public var liveMode: Bool?
    /// `valid`, `unsigned` or `not_configured`.
    public var signature: String
    /// Which signed-template variant matched (MERCADOPAGO.md), when one did.
    public var signatureVariant: String?
    public var duplicate: Bool
    /// `pending`, `done` or `failed`.
    public var processing: String
    /// The fetched resource's status (`approved`, `rejected`…), once processed.
    public var resourceStatus: String?
    /// Request headers as received (signature headers included; never a secret: the secret is not in them).
    public var headers: [Header]
    /// A one-paragraph description of the fetched resource (amount, status, payer masked), when fetched.
    public var resourceSummary: String?
    /// The body as received (JSON text), for the detail overlay.
    public var body: String
    /// Forwarding (issue 11): its latest delivery to the shop, nil when there is none.
    public var forwarding: ForwardSummary?

    public init(
        seq: Int64, id: String, receivedAt: Date, kind: String, topic: String, action: String? = nil,
        dataID: String? = nil, liveMode: Bool? = nil, signature: String, signatureVariant: String? = nil,
        duplicate: Bool = false, processing: String, resourceStatus: String? = nil, headers: [Header] = [],
        resourceSummary: String? = nil, body: String = ""
    ) {
        self.body = body
        self.seq = seq
        self.id = id
        self.receivedAt = receivedAt
        self.kind = kind
        self.topic = topic
        self.action = action
        self.dataID = dataID
        self.liveMode = liveMode
        self.signature = signature
        self.signatureVariant = signatureVariant
        self.duplicate = duplicate
        self.processing = processing
        self.resourceStatus = resourceStatus
        self.headers = headers
        self.resourceSummary = resourceSummary
    }

    /// The text the `/` filter matches against.
    var searchableText: String {
        [
            kind, topic, action ?? "", dataID ?? "", signature, processing, resourceStatus ?? "", id,
            duplicate ? "duplicate" : "",
        ].joined(separator: " ").lowercased()
    }
}

/// Where the feed comes from: the notifications store (filled by the notifications requirement).
public protocol FeedSource: Sendable {
    /// Newest first.
    func recentNotifications(seller: String, limit: Int) async throws -> [FeedEntry]
}
