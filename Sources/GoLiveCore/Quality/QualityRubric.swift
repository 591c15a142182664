public import Foundation

/// Mercado Pago's integration-quality criteria as golive weighs them (MERCADOPAGO.md §3), read from data:
/// `Sources/GoLiveCore/Resources/quality-rubric.json`, embedded in the binary. A change of Mercado Pago's
/// criteria is an edit of that file, not of code; ``validate()`` (and a test) keep the file consistent.
public struct QualityRubric: Sendable, Hashable, Codable {
    public enum Level: String, Sendable, Hashable, Codable, CaseIterable {
        case mandatory, recommended
        case bestPractice = "best_practice"

        /// Mandatory first: the order in which equal gains are listed.
        var rank: Int {
            switch self {
            case .mandatory: 0
            case .recommended: 1
            case .bestPractice: 2
            }
        }
    }

    public struct Aspect: Sendable, Hashable, Codable {
        public let id: String
        public let title: String
    }

    /// Where a criterion's evidence comes from.
    public struct Evidence: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable {
            /// A field of `GET /v1/payments/{id}` (any of `paths`), else of its merchant order.
            case paymentField = "payment_field"
            /// A field that every item of `additional_info.items` (else the merchant order's items) carries.
            case itemsField = "items_field"
            /// Invisible from outside: `unknown` until an operator signs it off.
            case signoff
            /// The latest stored result of another go-live check.
            case checkResult = "check_result"
            /// Signed notifications received and verified for this payment (golive's own store).
            case notificationsSigned = "notifications_signed"
            /// Notifications for this payment that the integration processed.
            case notificationsProcessed = "notifications_processed"
        }

        public let kind: Kind
        public let paths: [String]?
        public let merchantOrderPaths: [String]?
        public let field: String?
        public let check: String?
        /// Why this cannot be seen, for `signoff` evidence.
        public let detail: String?
    }

    public struct Criterion: Sendable, Hashable, Codable {
        /// The field path for field-based criteria (`external_reference`, `payer.email`, `items.category_id`).
        public let id: String
        public let title: String
        public let aspect: String
        public let level: Level
        /// What meeting it adds to the 0–100 score; best practices add 0.
        public let points: Int
        public let evidence: Evidence
        public let fix: String
        public let source: String
    }

    /// A field the approval advice counts over recent payments (MERCADOPAGO.md §4).
    public struct ApprovalField: Sendable, Hashable, Codable {
        public let path: String
        /// `payer`, `items` or `shipments`: what the `approval.data` check weighs.
        public let group: String
        public let paths: [String]?
        public let itemField: String?
    }

    /// What a rejection's `status_detail` means and what to do (MERCADOPAGO.md §4).
    public struct Rejection: Sendable, Hashable, Codable {
        public let statusDetail: String
        /// `data_entry`, `issuer` or `fraud_prevention`.
        public let family: String
        public let meaning: String
        public let action: String
    }

    public let version: String
    public let threshold: Int
    public let note: String
    public let aspects: [Aspect]
    public let criteria: [Criterion]
    public let approvalFields: [ApprovalField]
    public let rejections: [Rejection]

    /// The points of every mandatory and recommended criterion: 100 in a consistent rubric.
    public var totalPoints: Int { criteria.reduce(0) { $0 + $1.points } }

    public func criterion(_ id: String) -> Criterion? { criteria.first { $0.id == id } }

    public func rejection(_ statusDetail: String) -> Rejection? {
        rejections.first { $0.statusDetail == statusDetail }
    }

    /// Reads and validates a rubric document.
    public static func load(_ data: Data) throws(GoLiveError) -> QualityRubric {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let rubric: QualityRubric
        do {
            rubric = try decoder.decode(QualityRubric.self, from: data)
        } catch {
            throw GoLiveError(
                .qualityRubricInvalid, "The quality rubric is not readable: \(error).",
                remedy: "Fix Sources/GoLiveCore/Resources/quality-rubric.json; its test names what is wrong.")
        }
        let problems = rubric.validate()
        guard problems.isEmpty else {
            throw GoLiveError(
                .qualityRubricInvalid, "The quality rubric is inconsistent: \(problems.joined(separator: "; ")).",
                remedy: "Fix Sources/GoLiveCore/Resources/quality-rubric.json.")
        }
        return rubric
    }

    /// The rubric shipped in the binary. Its consistency is a test (`QualityRubricTests`), so failing here
    /// means the build shipped a broken file.
    public static let standard: QualityRubric = {
        do {
            return try load(Data(PackageResources.quality_rubric_json))
        } catch {
            preconditionFailure("\(error)")
        }
    }()

    /// What is wrong with this rubric, or nothing.
    public func validate() -> [String] {
        var problems: [String] = []
        let aspectIDs = Set(aspects.map(\.id))
        if aspectIDs.count != aspects.count { problems.append("duplicate aspect ids") }
        var seen: Set<String> = []
        for criterion in criteria {
            if !seen.insert(criterion.id).inserted { problems.append("duplicate criterion id \(criterion.id)") }
            if !aspectIDs.contains(criterion.aspect) {
                problems.append("\(criterion.id): unknown aspect \(criterion.aspect)")
            }
            if criterion.points < 0 { problems.append("\(criterion.id): negative points") }
            if criterion.level == .bestPractice, criterion.points != 0 {
                problems.append("\(criterion.id): a best practice adds no points")
            }
            if criterion.level != .bestPractice, criterion.points == 0 {
                problems.append("\(criterion.id): a \(criterion.level.rawValue) criterion must add points")
            }
            if criterion.fix.isEmpty || criterion.source.isEmpty {
                problems.append("\(criterion.id): fix and source are required")
            }
            let evidence = criterion.evidence
            switch evidence.kind {
            case .paymentField where (evidence.paths ?? []).isEmpty:
                problems.append("\(criterion.id): payment_field evidence needs paths")
            case .itemsField where (evidence.field ?? "").isEmpty:
                problems.append("\(criterion.id): items_field evidence needs field")
            case .itemsField where criterion.id != "items.\(evidence.field ?? "")":
                problems.append("\(criterion.id): an items_field criterion's id is items.<field>")
            case .checkResult where (evidence.check ?? "").isEmpty:
                problems.append("\(criterion.id): check_result evidence needs check")
            default: break
            }
        }
        for aspect in aspects where !criteria.contains(where: { $0.aspect == aspect.id && $0.points > 0 }) {
            problems.append("aspect \(aspect.id) has no criterion that adds points")
        }
        if totalPoints != 100 { problems.append("points sum to \(totalPoints), not 100") }
        if !(0...100).contains(threshold) { problems.append("threshold \(threshold) is not within 0–100") }
        for field in approvalFields where (field.paths ?? []).isEmpty && (field.itemField ?? "").isEmpty {
            problems.append("approval field \(field.path): needs paths or item_field")
        }
        let details = rejections.map(\.statusDetail)
        if Set(details).count != details.count { problems.append("duplicate rejection status_detail") }
        return problems
    }
}
