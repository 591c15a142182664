import Foundation

/// The quality measurement's view of the notifications store: what the receiver stored for one payment
/// (``PaymentNotificationEvidence``), from ``NotificationStore/notifications(_:)`` filtered by `data.id`.
public struct StoredPaymentNotifications: PaymentNotificationEvidence {
    public let store: any NotificationStore

    public init(store: any NotificationStore) {
        self.store = store
    }

    public func notifications(forPayment paymentID: String, seller: String) async throws -> [PaymentNotificationFact] {
        try await store.notifications(NotificationQuery(dataID: paymentID, limit: 1000))
            .filter { stored in
                stored.notification.resource == .payment
                    && (stored.notification.seller == nil || stored.notification.seller == seller)
            }
            .map { stored in
                PaymentNotificationFact(
                    signature: stored.notification.signature.rawValue, processing: stored.processing.rawValue,
                    receivedAt: stored.notification.receivedAt)
            }
    }
}
