public import Foundation

/// A merchant order from `GET /merchant_orders/{id}`: the commercial order that groups payments.
public struct MerchantOrder: Sendable, Hashable, Identifiable {
    public let id: String
    public let status: String?
    public let orderStatus: String?
    public let externalReference: String?
    public let preferenceID: String?
    public let totalAmount: Decimal?
    public let paidAmount: Decimal?
    public let lastUpdated: Date?
    public let payments: [PaymentSummary]
    public let raw: JSONValue

    public init?(json: JSONValue) {
        guard let id = json["id"].string else { return nil }
        self.id = id
        status = json["status"].string
        orderStatus = json["order_status"].string
        externalReference = json["external_reference"].string
        preferenceID = json["preference_id"].string
        totalAmount = json["total_amount"].decimal
        paidAmount = json["paid_amount"].decimal
        lastUpdated = json["last_updated"].date
        payments = json["payments"].array.compactMap(PaymentSummary.init(json:))
        raw = json
    }

    public struct PaymentSummary: Sendable, Hashable {
        public let id: String
        public let status: String?
        public let transactionAmount: Decimal?

        public init?(json: JSONValue) {
            guard let id = json["id"].string else { return nil }
            self.id = id
            status = json["status"].string
            transactionAmount = json["transaction_amount"].decimal
        }
    }
}
