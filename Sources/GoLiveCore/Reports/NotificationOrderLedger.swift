public import Foundation

/// The orders the notifications requirement keeps (``NotificationStore``), for one seller, as reconciliation
/// reads them.
public struct NotificationOrderLedger: OrderLedger {
    public let store: any NotificationStore
    /// golive's name for the seller (the store's key), not Mercado Pago's user id.
    public let seller: String

    public init(store: any NotificationStore, seller: String) {
        self.store = store
        self.seller = seller
    }

    public func order(externalReference: String) async throws -> LedgerOrder? {
        try await store.order(seller: seller, externalReference: externalReference).map(Self.ledgerOrder)
    }

    public func order(paymentID: String) async throws -> LedgerOrder? {
        guard let order = try await store.order(paymentID: paymentID), order.seller == seller else { return nil }
        return Self.ledgerOrder(order)
    }

    public func approvedOrders(from: Date, to: Date) async throws -> [LedgerOrder] {
        try await store.orders(seller: seller, status: "approved", updatedFrom: from, to: to).map(Self.ledgerOrder)
    }

    static func ledgerOrder(_ order: ShopOrder) -> LedgerOrder {
        LedgerOrder(
            externalReference: order.externalReference, status: order.status, amount: order.amount,
            paymentIDs: order.paymentIDs, updatedAt: order.dateLastUpdated ?? order.updatedAt)
    }
}
