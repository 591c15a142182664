public import Foundation

/// A payment status change Mercado Pago never notified, found by the backfill sweep (issue 11): the feed shows
/// the newest as distinct lines (`⚠ never notified  1322000042  approved`).
public struct NeverNotifiedLine: Sendable, Hashable {
    public var paymentID: String
    public var status: String
    public var foundAt: Date
    public var externalReference: String?
    /// A notification about it arrived after all (late).
    public var notifiedLate: Bool

    public init(
        paymentID: String, status: String, foundAt: Date, externalReference: String? = nil, notifiedLate: Bool = false
    ) {
        self.paymentID = paymentID
        self.status = status
        self.foundAt = foundAt
        self.externalReference = externalReference
        self.notifiedLate = notifiedLate
    }
}
