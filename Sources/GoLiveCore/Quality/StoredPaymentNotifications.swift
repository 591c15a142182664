/// Quality's view of the notifications store: the payment notifications golive's receiver stored for a payment.
public struct StoredPaymentNotifications: PaymentNotificationEvidence {
    public let store: any NotificationStore

    public init(store: any NotificationStore) { self.store = store }

    public func notifications(forPayment paymentID: String, seller: String) async throws -> [PaymentNotificationFact] {
        // A notification whose seller could not be decided (no user_id, one secret) still concerns this payment.
        try await store.notifications(NotificationQuery(dataID: paymentID, limit: 500))
            .filter { stored in
                let notification = stored.notification
                return (notification.seller == nil || notification.seller == seller)
                    && notification.topic.lowercased().hasPrefix("payment")
            }
            .map { stored in
                PaymentNotificationFact(
                    signature: stored.notification.signature.rawValue, processing: stored.processing.rawValue,
                    receivedAt: stored.notification.receivedAt)
            }
    }
}
