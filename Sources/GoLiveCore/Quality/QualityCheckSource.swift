public import Foundation

/// The `quality.score` and `approval.data` checks (DESIGN.md "Checks and who runs them").
///
/// `quality.score` reads the latest stored measurement (it never measures: measuring needs a payment ID, or
/// the monthly job). `approval.data` looks at the seller's recent payments through the gateway.
public struct QualityCheckSource: CheckSource {
    public let store: any QualityStore
    public let recentPayments: Int
    /// A measurement older than this is stale: Mercado Pago measures monthly.
    public let staleAfter: TimeInterval

    public init(store: any QualityStore, recentPayments: Int = 50, staleAfter: TimeInterval = 40 * 86_400) {
        self.store = store
        self.recentPayments = recentPayments
        self.staleAfter = staleAfter
    }

    public var checkIDs: [CheckID] { [.qualityScore, .approvalData] }

    public func results(in context: CheckContext) async -> [CheckResult] {
        async let score = qualityScore(context)
        async let approval = approvalData(context)
        return await [score, approval]
    }

    func qualityScore(_ context: CheckContext) async -> CheckResult {
        let title = "Integration quality ≥ 73"
        let latest: QualityMeasurement?
        do {
            latest = try await store.qualityMeasurements(seller: context.seller.name, limit: 1).first
        } catch {
            return CheckResult(
                id: .qualityScore, title: title, status: .unknown,
                summary: "The stored quality measurements could not be read: \(error).",
                actions: ["Check the store (--store) and run again."], checkedAt: context.now)
        }
        guard let m = latest else {
            return CheckResult(
                id: .qualityScore, title: title, status: .unknown,
                summary: "No quality measurement is stored for this seller.",
                actions: [
                    "Run golive quality PAYMENT_ID with the ID of a production payment (or golive quality for the "
                        + "latest approved one); the minimum score to go live is 73."
                ], checkedAt: context.now)
        }
        return Self.result(for: m, now: context.now, staleAfter: staleAfter)
    }

    /// The `quality.score` check for a stored measurement.
    public static func result(
        for m: QualityMeasurement, now: Date, staleAfter: TimeInterval = 40 * 86_400
    ) -> CheckResult {
        let date = m.measuredAt.formatted(.iso8601.year().month().day())
        let official = m.officialScore.map { ", official \($0)" } ?? ""
        var details: [String: JSONValue] = [
            "payment_id": .string(m.paymentID), "score": .number(Decimal(m.score)),
            "threshold": .number(Decimal(m.threshold)), "live_mode": .bool(m.liveMode),
            "measured_at": .string(m.measuredAt.formatted(.iso8601)),
        ]
        details["official_score"] = m.officialScore.map { .number(Decimal($0)) } ?? .null
        let missing = m.missingMandatory.map(\.id)
        let unknownMandatory = m.actions.filter { $0.level == .mandatory && $0.status == .unknown }.map(\.id)
        var result = CheckResult(
            id: .qualityScore, title: "Integration quality ≥ 73", status: .pass,
            summary: "golive's estimate \(m.score)/100\(official) from payment \(m.paymentID) on \(date).",
            details: details,
            actions: m.actions.filter { $0.status == .missing }.prefix(4).map {
                "\($0.id) (+\($0.points)): \($0.message)"
            },
            checkedAt: now)
        if !m.liveMode {
            result.status = .unknown
            result.summary =
                "The latest measurement used test payment \(m.paymentID): it says nothing about production."
            result.actions.insert(
                "Measure a payment made with production credentials: golive quality PAYMENT_ID.", at: 0)
        } else if !missing.isEmpty || m.score < m.threshold {
            result.status = .fail
            let why = missing.isEmpty ? "" : "; missing mandatory: \(missing.joined(separator: ", "))"
            result.summary = "golive's estimate \(m.score)/100 (minimum \(m.threshold))\(why) — payment \(m.paymentID)."
        } else if !unknownMandatory.isEmpty {
            result.status = .warn
            result.summary += " Mandatory but invisible to golive: \(unknownMandatory.joined(separator: ", "))."
            result.actions.append(
                contentsOf: unknownMandatory.map { "Check \($0), then: golive quality signoff \($0) --by NAME." })
        } else if now.timeIntervalSince(m.measuredAt) > staleAfter {
            result.status = .warn
            result.summary += " The measurement is over \(Int(staleAfter / 86_400)) days old."
            result.actions.append("Measure again: golive quality PAYMENT_ID.")
        }
        return result
    }

    func approvalData(_ context: CheckContext) async -> CheckResult {
        guard let gateway = context.gateway else {
            return CheckResult(
                id: .approvalData, title: "Payments carry approval data", status: .fail,
                summary: "No access token is configured, so recent payments cannot be read.",
                actions: ["Set MP_ACCESS_TOKEN or MP_ACCESS_TOKEN_FILE."], checkedAt: context.now)
        }
        do {
            let page = try await gateway.searchPayments(
                PaymentSearchQuery(limit: recentPayments, sort: .dateCreated, criteria: .descending))
            let advice = ApprovalAdvice.analyse(page.results, seller: context.seller.name, at: context.now)
            return advice.checkResult(at: context.now)
        } catch {
            return CheckResult(
                id: .approvalData, title: "Payments carry approval data", status: .unknown,
                summary: "Recent payments could not be read: \(error.summary).", actions: [error.remedy],
                checkedAt: context.now)
        }
    }
}
