public import Foundation

/// Approval advice over recent payments (MERCADOPAGO.md §4): how often each approval-relevant field is
/// missing, and the rejections by `status_detail` with what each means and what to do.
/// The `golive quality approval --json` document, and the evidence of the `approval.data` check.
public struct ApprovalAdvice: Sendable, Hashable, Codable {
    public struct Field: Sendable, Hashable, Codable {
        public var path: String
        public var group: String
        public var present: Int
        public var missing: Int
        /// 0–100.
        public var missingPercent: Int

        enum CodingKeys: String, CodingKey {
            case path, group, present, missing
            case missingPercent = "missing_percent"
        }
    }

    public struct Group: Sendable, Hashable, Codable {
        public var id: String
        /// 0–100: the average share of payments carrying the group's fields.
        public var coveragePercent: Int

        enum CodingKeys: String, CodingKey {
            case id
            case coveragePercent = "coverage_percent"
        }
    }

    public struct Rejection: Sendable, Hashable, Codable {
        public var statusDetail: String
        public var count: Int
        public var family: String?
        public var meaning: String
        public var action: String

        enum CodingKeys: String, CodingKey {
            case count, family, meaning, action
            case statusDetail = "status_detail"
        }
    }

    public var seller: String
    public var sellerID: Int64?
    public var analysedAt: Date
    public var payments: Int
    public var livePayments: Int
    public var rejected: Int
    /// `pass` when every group is carried by ≥ 80 % of payments, `warn` ≥ 50 %, `fail` below, `unknown` with
    /// no payment to look at.
    public var status: CheckStatus
    public var groups: [Group]
    /// Most often missing first.
    public var fields: [Field]
    /// Most frequent first.
    public var rejections: [Rejection]
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case seller, payments, rejected, status, groups, fields, rejections, notes
        case sellerID = "seller_id"
        case analysedAt = "analysed_at"
        case livePayments = "live_payments"
    }

    public static let passPercent = 80
    public static let warnPercent = 50

    public static func analyse(
        _ payments: [Payment], seller: String, at now: Date, rubric: QualityRubric = .standard
    ) -> ApprovalAdvice {
        let fields = rubric.approvalFields.map { field -> Field in
            let present = payments.filter { carries($0, field) }.count
            let missing = payments.count - present
            return Field(
                path: field.path, group: field.group, present: present, missing: missing,
                missingPercent: payments.isEmpty ? 0 : Int((Double(missing) * 100 / Double(payments.count)).rounded()))
        }
        var groupIDs: [String] = []
        for field in rubric.approvalFields where !groupIDs.contains(field.group) { groupIDs.append(field.group) }
        let groups = groupIDs.map { id in
            let mine = fields.filter { $0.group == id }
            let coverage = mine.isEmpty ? 0 : mine.reduce(0) { $0 + (100 - $1.missingPercent) } / mine.count
            return Group(id: id, coveragePercent: payments.isEmpty ? 0 : coverage)
        }
        let rejectedPayments = payments.filter { $0.status == "rejected" }
        let byDetail = Dictionary(grouping: rejectedPayments, by: { $0.statusDetail ?? "(none)" })
        let rejections = byDetail.map { detail, members in
            let known = rubric.rejection(detail)
            return Rejection(
                statusDetail: detail, count: members.count, family: known?.family,
                meaning: known?.meaning ?? "Not described in golive's rubric.",
                action: known?.action ?? "Look up this status_detail in Mercado Pago's payment response reference.")
        }.sorted { ($0.count, $1.statusDetail) > ($1.count, $0.statusDetail) }

        let lowest = groups.map(\.coveragePercent).min() ?? 0
        let status: CheckStatus =
            payments.isEmpty
            ? .unknown : lowest >= passPercent ? .pass : lowest >= warnPercent ? .warn : .fail
        var notes: [String] = []
        let live = payments.filter { $0.liveMode == true }.count
        if live < payments.count {
            notes.append("\(payments.count - live) of \(payments.count) payments are test payments.")
        }
        notes.append(
            "Industry data (MERCADOPAGO.md §4) is sent with Checkout Pro preferences and does not appear in payments; "
                + "items.category_id is the part golive can see.")
        return ApprovalAdvice(
            seller: seller, sellerID: payments.first?.collectorID, analysedAt: now, payments: payments.count,
            livePayments: live, rejected: rejectedPayments.count, status: status, groups: groups,
            fields: fields.sorted { ($0.missing, $1.path) > ($1.missing, $0.path) }, rejections: rejections,
            notes: notes)
    }

    static func carries(_ payment: Payment, _ field: QualityRubric.ApprovalField) -> Bool {
        if let itemField = field.itemField {
            let items = payment.raw["additional_info"]["items"].array
            return !items.isEmpty && items.allSatisfy { $0[itemField].isPresent }
        }
        return (field.paths ?? []).contains { payment.raw.value(at: $0).isPresent }
    }

    /// The `approval.data` check from this advice.
    public func checkResult(at now: Date) -> CheckResult {
        let title = "Payments carry approval data"
        let details: [String: JSONValue] = [
            "payments": .number(Decimal(payments)),
            "groups": .object(
                Dictionary(uniqueKeysWithValues: groups.map { ($0.id, JSONValue.number(Decimal($0.coveragePercent))) })),
            "most_missing": .array(fields.prefix(5).filter { $0.missing > 0 }.map { .string($0.path) }),
        ]
        guard payments > 0 else {
            return CheckResult(
                id: .approvalData, title: title, status: .unknown,
                summary: "No recent payment to look at.",
                actions: ["Make a payment with production credentials, then check again."], checkedAt: now)
        }
        let coverage = groups.map { "\($0.id) \($0.coveragePercent)%" }.joined(separator: ", ")
        var actions: [String] = []
        for field in fields where field.missing > 0 && field.missingPercent >= 100 - Self.passPercent {
            actions.append("Send \(field.path): missing in \(field.missing) of \(payments) recent payments.")
        }
        if let top = rejections.first {
            actions.append("Most frequent rejection: \(top.statusDetail) (\(top.count)) — \(top.action)")
        }
        return CheckResult(
            id: .approvalData, title: title, status: status,
            summary: "Over the last \(payments) payments, approval data present: \(coverage).",
            details: details, actions: Array(actions.prefix(6)), checkedAt: now)
    }
}
