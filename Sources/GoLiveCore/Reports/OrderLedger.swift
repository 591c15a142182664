public import Foundation

/// An order as the shop's side knows it (from notifications), for reconciliation against reports.
public struct LedgerOrder: Sendable, Hashable {
    public var externalReference: String
    /// The status of the resource that last updated it (`approved`, `refunded`, `charged_back`…).
    public var status: String?
    public var amount: Decimal?
    public var paymentIDs: [String]
    public var updatedAt: Date?

    public init(
        externalReference: String, status: String?, amount: Decimal?, paymentIDs: [String], updatedAt: Date?
    ) {
        self.externalReference = externalReference
        self.status = status
        self.amount = amount
        self.paymentIDs = paymentIDs
        self.updatedAt = updatedAt
    }
}

/// The orders golive keeps for one seller: what reconciliation compares report rows with. The notifications
/// requirement's store is the implementation (an adapter over `NotificationStore`); tests use a dictionary.
public protocol OrderLedger: Sendable {
    /// The order with this `external_reference`.
    func order(externalReference: String) async throws -> LedgerOrder?
    /// The order a payment (a report's `SOURCE_ID`) belongs to.
    func order(paymentID: String) async throws -> LedgerOrder?
    /// Orders approved (last updated to `approved`) in `from..<to`, oldest first.
    func approvedOrders(from: Date, to: Date) async throws -> [LedgerOrder]
}
