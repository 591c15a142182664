public import Foundation

/// The identifiers of the go-live checks (DESIGN.md, "Checks and who runs them"). A contract: scripts and
/// the store key on these strings.
public struct CheckID: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (lhs: CheckID, rhs: CheckID) -> Bool { lhs.rawValue < rhs.rawValue }

    public static let credentialsAccessToken = CheckID("credentials.access_token")
    public static let credentialsProduction = CheckID("credentials.production")
    public static let credentialsPair = CheckID("credentials.pair")
    public static let sslCheckoutPage = CheckID("ssl.checkout_page")
    public static let notificationsReceiving = CheckID("notifications.receiving")
    public static let notificationsSignature = CheckID("notifications.signature")
    /// Issue 11: the notification URL configured in Mercado Pago is HTTPS, reachable and answers well under 22 s.
    public static let notificationsURL = CheckID("notifications.url")
    public static let qualityScore = CheckID("quality.score")
    public static let approvalData = CheckID("approval.data")
    public static let reportsConfigured = CheckID("reports.configured")

    /// Every check, in go-live order.
    public static let all: [CheckID] = [
        .credentialsAccessToken, .credentialsProduction, .credentialsPair, .sslCheckoutPage,
        .notificationsReceiving, .notificationsSignature, .notificationsURL, .qualityScore, .approvalData,
        .reportsConfigured,
    ]

    public static let credentials: [CheckID] = [.credentialsAccessToken, .credentialsProduction, .credentialsPair]
}

public enum CheckStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case pass, warn, fail, unknown

    /// Whether this status lets the integration go live (`pass` and `warn` do).
    public var isReady: Bool { self == .pass || self == .warn }
}

/// The outcome of one check at one moment: the same document everywhere (JSON, store, dashboard).
public struct CheckResult: Sendable, Hashable, Codable {
    public var id: CheckID
    public var title: String
    public var status: CheckStatus
    /// One line.
    public var summary: String
    /// Evidence, as JSON. Never holds a secret in full.
    public var details: [String: JSONValue]
    /// What to do next, most useful first.
    public var actions: [String]
    public var checkedAt: Date

    public init(
        id: CheckID, title: String, status: CheckStatus, summary: String, details: [String: JSONValue] = [:],
        actions: [String] = [], checkedAt: Date
    ) {
        self.id = id
        self.title = title
        self.status = status
        self.summary = summary
        self.details = details
        self.actions = actions
        self.checkedAt = checkedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, title, status, summary, details, actions
        case checkedAt = "checked_at"
    }
}

/// `golive check --json` and `golive credentials --json`.
public struct ReadinessReport: Sendable, Hashable, Codable {
    public var ready: Bool
    public var checkedAt: Date
    /// The seller's Mercado Pago user id, when the token let golive learn it.
    public var sellerID: Int64?
    /// The seller's name in golive's configuration.
    public var seller: String
    public var checks: [CheckResult]

    public init(seller: String, sellerID: Int64?, checks: [CheckResult], checkedAt: Date) {
        self.seller = seller
        self.sellerID = sellerID
        self.checks = checks
        self.checkedAt = checkedAt
        ready = !checks.isEmpty && checks.allSatisfy { $0.status.isReady }
    }

    enum CodingKeys: String, CodingKey {
        case ready, seller, checks
        case checkedAt = "checked_at"
        case sellerID = "seller_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ready, forKey: .ready)
        try container.encode(checkedAt, forKey: .checkedAt)
        try container.encode(sellerID, forKey: .sellerID)  // explicit null, the contract has the key
        try container.encode(seller, forKey: .seller)
        try container.encode(checks, forKey: .checks)
    }
}

extension JSONEncoder {
    /// The encoder of every JSON document golive prints: ISO-8601 dates, stable key order.
    public static func goLive(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys]
        return encoder
    }
}

extension JSONDecoder {
    public static func goLive() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
