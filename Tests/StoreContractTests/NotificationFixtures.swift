import Foundation
import GoLiveCore
import StorePostgres
import StoreSQLite

/// Notifications, rejected deliveries and orders for the notification contract tests.
enum Fixture {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    static func incoming(
        _ id: String, seller: String? = "shop", dataID: String? = nil, topic: String = "payment",
        liveMode: Bool? = true, signature: SignatureStatus = .valid, secret: SecretGeneration? = nil,
        at seconds: Double = 0
    ) -> IncomingNotification {
        IncomingNotification(
            kind: .webhook, notificationID: id, topic: topic, action: "payment.updated", dataID: dataID ?? "p-\(id)",
            liveMode: liveMode, userID: 42, requestID: "req-\(id)", seller: seller, signature: signature,
            signatureVariant: signature == .valid ? "v1" : nil, receivedAt: t0.addingTimeInterval(seconds),
            body: #"{"id":"\#(id)"}"#, secret: secret)
    }

    static func order(
        _ reference: String, status: String, updated seconds: Double?, seq: Int64?, payments: [String] = [],
        seller: String = "shop"
    ) -> ShopOrder {
        ShopOrder(
            seller: seller, externalReference: reference, sellerID: 42, status: status,
            statusDetail: "detail-\(status)",
            amount: Decimal(string: "1234.56"), currency: "ARS", paymentIDs: payments, source: .payment,
            sourceID: payments.first ?? "none", dateLastUpdated: seconds.map { t0.addingTimeInterval($0) },
            lastNotificationSeq: seq, updatedAt: t0)
    }

    static func forward(
        _ deliveryID: String, seq: Int64?, dataID: String, seller: String = "shop"
    ) -> ForwardDraft {
        ForwardDraft(
            deliveryID: deliveryID, seller: seller, sellerID: 42, notificationSeq: seq,
            notificationID: seq.map { "n\($0)" },
            topic: "payment", action: "payment.updated", dataID: dataID, liveMode: true, receivedAt: t0,
            source: .notification, resource: nil)
    }
}

/// What both stores offer outside the protocols (`golive notifications replay`, the feed's test-mode count), held
/// to the same behaviour here.
protocol NotificationLookups: Sendable {
    func notification(seq: Int64) async throws -> StoredNotification?
    func testModeCount(seller: String?) async throws -> Int
}

extension SQLiteStore: NotificationLookups {}
extension PostgresStore: NotificationLookups {}
