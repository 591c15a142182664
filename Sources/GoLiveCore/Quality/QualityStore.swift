public import Foundation

/// An operator's statement that something golive cannot see is done (DESIGN.md: the walkthrough reuses it).
/// `what` is a quality criterion id (`device_id`, `frontend_sdk`…) or, for the walkthrough, a step id.
public struct SignOff: Sendable, Hashable, Codable {
    /// The seller's name in golive's configuration: sign-offs are stored per seller.
    public var seller: String
    public var what: String
    public var by: String
    public var at: Date
    public var note: String?

    public init(seller: String, what: String, by: String, at: Date, note: String? = nil) {
        self.seller = seller
        self.what = what
        self.by = by
        self.at = at
        self.note = note
    }
}

/// The score Mercado Pago's panel gave, recorded beside golive's estimate (`golive quality record`).
public struct OfficialQualityScore: Sendable, Hashable, Codable {
    public var seller: String
    public var paymentID: String
    public var score: Int
    public var recordedAt: Date

    public init(seller: String, paymentID: String, score: Int, recordedAt: Date) {
        self.seller = seller
        self.paymentID = paymentID
        self.score = score
        self.recordedAt = recordedAt
    }

    enum CodingKeys: String, CodingKey {
        case seller, score
        case paymentID = "payment_id"
        case recordedAt = "recorded_at"
    }
}

/// Where sign-offs are kept, per seller: the quality criteria's and (reusing the record) the walkthrough's.
public protocol SignOffStore: Sendable {
    /// Appends a sign-off; the latest of each `what` is the one that counts.
    func saveSignOff(_ signOff: SignOff) async throws
    /// The latest sign-off of each `what`, for a seller.
    func signOffs(seller: String) async throws -> [SignOff]
}

/// Where quality measurements, official scores and sign-offs are kept. The SQLite store implements it
/// (`SQLiteStore+Quality.swift`); tests of the core may use any implementation.
public protocol QualityStore: SignOffStore {
    /// Appends a measurement to the history. A monthly measurement (``QualityMeasurement/month`` set) is
    /// kept once per seller and month: returns false, storing nothing, when that month already has one.
    @discardableResult
    func recordQualityMeasurement(_ measurement: QualityMeasurement) async throws -> Bool
    /// The history, newest first.
    func qualityMeasurements(seller: String, limit: Int) async throws -> [QualityMeasurement]
    /// The automatic measurement of `month` (`yyyy-MM`), if it ran.
    func monthlyQualityMeasurement(seller: String, month: String) async throws -> QualityMeasurement?

    func recordOfficialScore(_ score: OfficialQualityScore) async throws
    /// The latest official score recorded for a payment.
    func officialScore(seller: String, paymentID: String) async throws -> OfficialQualityScore?
}
