public import Foundation

/// The six go-live requirements as groups of checks (issue 10's all-sellers overview rolls each seller's checks
/// up to one status per requirement). A requirement's id is the prefix of its checks' ids (`credentials.pair` →
/// `credentials`), so a check added later under an existing prefix joins its requirement by itself.
public struct Requirement: Sendable, Hashable, Identifiable {
    /// `credentials`, `ssl`, `notifications`, `approval`, `quality`, `reports`.
    public var id: String

    public init(_ id: String) { self.id = id }

    /// In go-live order (the walkthrough's).
    public static let all: [Requirement] = [
        Requirement("credentials"), Requirement("ssl"), Requirement("notifications"), Requirement("approval"),
        Requirement("quality"), Requirement("reports"),
    ]

    /// Whether a check belongs to this requirement.
    public func contains(_ check: CheckID) -> Bool { check.rawValue.hasPrefix(id + ".") }

    /// The worst status among this requirement's results (`fail` > `unknown` > `warn` > `pass`); nil when none.
    public func status(of results: [CheckResult]) -> CheckStatus? {
        results.filter { contains($0.id) }.map(\.status).max { $0.severity < $1.severity }
    }
}

extension CheckStatus {
    /// How bad a status is for sorting worst first: `fail` 3, `unknown` 2, `warn` 1, `pass` 0.
    public var severity: Int {
        switch self {
        case .pass: 0
        case .warn: 1
        case .unknown: 2
        case .fail: 3
        }
    }
}

/// Why a seller's checks could not really run: no access token, a token Mercado Pago rejects (401/403), the API
/// unreachable, or the check itself failing (the store). The seller's other results are still reported.
public struct SellerCheckError: Sendable, Hashable, Codable, Error {
    /// `seller.no_access_token`, `seller.token_rejected`, `seller.api_unreachable`, `seller.api_failed`, or the
    /// code of the ``GoLiveError`` that stopped the check (e.g. `store.unavailable`).
    public var code: String
    public var message: String
    public var remedy: String?

    public init(code: String, message: String, remedy: String?) {
        self.code = code
        self.message = message
        self.remedy = remedy
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
        try container.encode(remedy, forKey: .remedy)  // explicit null, like the top-level error document
    }

    /// The error a seller's report shows, if any, judged from its `credentials.access_token` result: without an
    /// accepted token no API-backed check could run.
    public static func judge(_ report: ReadinessReport) -> SellerCheckError? {
        guard let token = report.checks.first(where: { $0.id == .credentialsAccessToken }), token.status != .pass
        else { return nil }
        let remedy = token.actions.first
        let name = report.seller
        guard token.details["access_token"] != nil else {
            return SellerCheckError(
                code: "seller.no_access_token", message: "Seller \"\(name)\" has no access token configured.",
                remedy: remedy)
        }
        let error = token.details["error"] ?? .null
        guard let kind = error["kind"].string else { return nil }
        let status = error["http_status"].int64.map { " (HTTP \($0))" } ?? ""
        switch kind {
        case "unauthorized", "forbidden":
            return SellerCheckError(
                code: "seller.token_rejected",
                message: "Mercado Pago rejects seller \"\(name)\"'s access token\(status): its checks could not run.",
                remedy: remedy)
        case "timeout", "unreachable":
            return SellerCheckError(
                code: "seller.api_unreachable",
                message: "Mercado Pago could not be reached for seller \"\(name)\" (\(kind)).", remedy: remedy)
        default:
            return SellerCheckError(
                code: "seller.api_failed",
                message: "Mercado Pago answered an error for seller \"\(name)\"\(status) (\(kind)).", remedy: remedy)
        }
    }
}

/// One seller in `golive check --all-sellers --json`: the single-seller `check --json` document, plus the
/// requirement roll-up and an `error` (null when the checks ran).
public struct SellerReadiness: Sendable, Hashable, Encodable {
    public var report: ReadinessReport
    public var error: SellerCheckError?

    public init(report: ReadinessReport, error: SellerCheckError?) {
        self.report = report
        self.error = error
    }

    /// Each requirement's worst status, by requirement id; a requirement without results is absent.
    public var requirements: [String: CheckStatus] {
        var out: [String: CheckStatus] = [:]
        for requirement in Requirement.all {
            if let status = requirement.status(of: report.checks) { out[requirement.id] = status }
        }
        return out
    }

    enum CodingKeys: String, CodingKey {
        case ready, seller, checks, error, requirements
        case checkedAt = "checked_at"
        case sellerID = "seller_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(report.ready, forKey: .ready)
        try container.encode(report.checkedAt, forKey: .checkedAt)
        try container.encode(report.sellerID, forKey: .sellerID)
        try container.encode(report.seller, forKey: .seller)
        try container.encode(report.checks, forKey: .checks)
        try container.encode(requirements.mapValues(\.rawValue), forKey: .requirements)
        try container.encode(error, forKey: .error)
    }
}

/// `golive check --all-sellers --json`: every configured seller, in configuration order, and a summary.
/// `ready` is true when every seller is ready.
public struct AllSellersReport: Sendable, Hashable, Encodable {
    public var checkedAt: Date
    public var sellers: [SellerReadiness]

    public init(sellers: [SellerReadiness], checkedAt: Date) {
        self.sellers = sellers
        self.checkedAt = checkedAt
    }

    public var ready: Bool { !sellers.isEmpty && sellers.allSatisfy(\.report.ready) }

    public struct Summary: Sendable, Hashable, Encodable {
        public var sellers: Int
        public var ready: Int
        public var notReady: Int
        public var errors: Int

        public init(sellers: Int, ready: Int, notReady: Int, errors: Int) {
            self.sellers = sellers
            self.ready = ready
            self.notReady = notReady
            self.errors = errors
        }

        enum CodingKeys: String, CodingKey {
            case sellers, ready, errors
            case notReady = "not_ready"
        }
    }

    public var summary: Summary {
        let ready = sellers.filter(\.report.ready).count
        return Summary(
            sellers: sellers.count, ready: ready, notReady: sellers.count - ready,
            errors: sellers.filter { $0.error != nil }.count)
    }

    enum CodingKeys: String, CodingKey {
        case ready, sellers, summary
        case checkedAt = "checked_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ready, forKey: .ready)
        try container.encode(checkedAt, forKey: .checkedAt)
        try container.encode(sellers, forKey: .sellers)
        try container.encode(summary, forKey: .summary)
    }

    /// Runs `check` for every seller, at most `limit` at a time, and keeps configuration order. A seller whose
    /// check throws gets an error entry (no results); the others are still reported.
    public static func run(
        _ sellers: [SellerSettings], limit: Int, clock: any GoLiveClock = SystemClock(),
        check: @escaping @Sendable (SellerSettings) async throws -> ReadinessReport
    ) async -> AllSellersReport {
        let started = clock.now()
        var results = [SellerReadiness?](repeating: nil, count: sellers.count)
        await withTaskGroup(of: (Int, SellerReadiness).self) { group in
            var next = 0
            func add() {
                guard next < sellers.count else { return }
                let index = next
                let seller = sellers[index]
                next += 1
                group.addTask {
                    do {
                        let report = try await check(seller)
                        return (index, SellerReadiness(report: report, error: SellerCheckError.judge(report)))
                    } catch {
                        let failure =
                            (error as? GoLiveError).map {
                                SellerCheckError(code: $0.code.rawValue, message: $0.message, remedy: $0.remedy)
                            }
                            ?? SellerCheckError(
                                code: "seller.check_failed",
                                message: "The checks of seller \"\(seller.name)\" failed: \(error).",
                                remedy: "Run `golive check --seller \(seller.name)` to see more, then run again.")
                        let empty = ReadinessReport(seller: seller.name, sellerID: nil, checks: [], checkedAt: started)
                        return (index, SellerReadiness(report: empty, error: failure))
                    }
                }
            }
            for _ in 0..<max(1, limit) { add() }
            for await (index, readiness) in group {
                results[index] = readiness
                add()
            }
        }
        return AllSellersReport(sellers: results.compactMap { $0 }, checkedAt: started)
    }
}
