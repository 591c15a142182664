public import Foundation

/// One measurement of integration quality from one payment: the `golive quality --json` document
/// (DESIGN.md "JSON shapes"), also what the store keeps as history.
public struct QualityMeasurement: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable { case met, missing, unknown }

    /// How the measurement was started.
    public enum Trigger: String, Sendable, Hashable, Codable { case manual, monthly }

    public struct AspectScore: Sendable, Hashable, Codable {
        public var id: String
        public var title: String
        /// 0–100: the share of the aspect's points that were met.
        public var score: Int
        public var points: Int
        public var maxPoints: Int

        enum CodingKeys: String, CodingKey {
            case id, title, score, points
            case maxPoints = "max_points"
        }
    }

    public struct Action: Sendable, Hashable, Codable {
        /// The criterion id: the field path for field-based criteria.
        public var id: String
        public var title: String
        public var level: QualityRubric.Level
        public var status: Status
        public var aspect: String
        /// What meeting it adds (or added) to the score.
        public var points: Int
        public var message: String
        public var source: String
        /// Who signed it off, when an operator did.
        public var signedOffBy: String?

        enum CodingKeys: String, CodingKey {
            case id, title, level, status, aspect, points, message, source
            case signedOffBy = "signed_off_by"
        }
    }

    public var seller: String
    public var sellerID: Int64?
    public var paymentID: String
    public var liveMode: Bool
    public var paymentStatus: String?
    public var score: Int
    public var threshold: Int
    public var passed: Bool
    /// Always true: golive's estimate from published criteria, not Mercado Pago's official score.
    public var estimate: Bool
    public var officialScore: Int?
    public var measuredAt: Date
    public var trigger: Trigger
    /// `yyyy-MM` for the automatic monthly measurement, nil otherwise.
    public var month: String?
    public var rubricVersion: String
    public var note: String
    /// Plain warnings: a test payment, evidence that could not be gathered.
    public var warnings: [String]
    public var aspects: [AspectScore]
    /// Sorted by what they gain: missing first (most points first), then unknown, then met.
    public var actions: [Action]

    /// Mandatory actions that the payment shows are not done.
    public var missingMandatory: [Action] { actions.filter { $0.level == .mandatory && $0.status == .missing } }

    enum CodingKeys: String, CodingKey {
        case seller, score, threshold, passed, estimate, trigger, month, note, warnings, aspects, actions
        case sellerID = "seller_id"
        case paymentID = "payment_id"
        case liveMode = "live_mode"
        case paymentStatus = "payment_status"
        case officialScore = "official_score"
        case measuredAt = "measured_at"
        case rubricVersion = "rubric_version"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        // The contract's keys are always present, null when unknown.
        try container.encode(seller, forKey: .seller)
        try container.encode(sellerID, forKey: .sellerID)
        try container.encode(paymentID, forKey: .paymentID)
        try container.encode(liveMode, forKey: .liveMode)
        try container.encode(paymentStatus, forKey: .paymentStatus)
        try container.encode(score, forKey: .score)
        try container.encode(threshold, forKey: .threshold)
        try container.encode(passed, forKey: .passed)
        try container.encode(estimate, forKey: .estimate)
        try container.encode(officialScore, forKey: .officialScore)
        try container.encode(measuredAt, forKey: .measuredAt)
        try container.encode(trigger, forKey: .trigger)
        try container.encode(month, forKey: .month)
        try container.encode(rubricVersion, forKey: .rubricVersion)
        try container.encode(note, forKey: .note)
        try container.encode(warnings, forKey: .warnings)
        try container.encode(aspects, forKey: .aspects)
        try container.encode(actions, forKey: .actions)
    }
}
