public import Foundation

/// A notification golive received for a payment, as the quality measurement needs it.
public struct PaymentNotificationFact: Sendable, Hashable {
    /// `valid`, `unsigned` or `not_configured` (DESIGN.md, `golive notifications --json`).
    public var signature: String
    /// `pending`, `done` or `failed`.
    public var processing: String
    public var receivedAt: Date

    public init(signature: String, processing: String, receivedAt: Date) {
        self.signature = signature
        self.processing = processing
        self.receivedAt = receivedAt
    }
}

/// The seam to the notifications requirement: the notifications golive's receiver stored for a payment.
/// The notifications store adapts to it; without one, notification evidence is `unknown`, never guessed.
public protocol PaymentNotificationEvidence: Sendable {
    /// Notifications received for payment `paymentID` of seller `seller` (its golive name), any order.
    func notifications(forPayment paymentID: String, seller: String) async throws -> [PaymentNotificationFact]
}

/// Everything a quality measurement rests on, gathered before scoring so that scoring is a pure function.
public struct QualityEvidence: Sendable {
    public var payment: Payment
    public var merchantOrder: MerchantOrder?
    /// The latest stored result of other go-live checks (`ssl.checkout_page`, `reports.configured`).
    public var checkResults: [CheckID: CheckResult]
    /// Notifications for this payment; nil when golive has no notification store to ask.
    public var notifications: [PaymentNotificationFact]?
    /// The seller's sign-offs by `what`.
    public var signOffs: [String: SignOff]
    /// Things that limited the evidence (a merchant order that could not be fetched…).
    public var notes: [String]

    public init(
        payment: Payment, merchantOrder: MerchantOrder? = nil, checkResults: [CheckID: CheckResult] = [:],
        notifications: [PaymentNotificationFact]? = nil, signOffs: [String: SignOff] = [:], notes: [String] = []
    ) {
        self.payment = payment
        self.merchantOrder = merchantOrder
        self.checkResults = checkResults
        self.notifications = notifications
        self.signOffs = signOffs
        self.notes = notes
    }
}

extension JSONValue {
    /// Whether a value counts as sent: a non-blank string, a number, a boolean, a non-empty array or object.
    var isPresent: Bool {
        switch self {
        case .null: false
        case .string: string != nil
        case .number, .bool: true
        case .array(let items): !items.isEmpty
        case .object(let members): members.values.contains { $0.isPresent }
        }
    }
}
