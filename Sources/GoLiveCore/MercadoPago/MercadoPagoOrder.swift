public import Foundation

/// An order of the Orders API from `GET /v1/orders/{id}` (MERCADOPAGO.md §5.2–5.3: `status`
/// `processed|failed|expired|action_required|…`, `external_reference`, `total_amount` as a string, and its
/// payments under `transactions.payments`), read tolerantly.
public struct MercadoPagoOrder: Sendable, Hashable, Identifiable {
    public let id: String
    public let status: String?
    public let statusDetail: String?
    public let externalReference: String?
    public let totalAmount: Decimal?
    public let currency: String?
    public let lastUpdated: Date?
    public let paymentIDs: [String]
    public let raw: JSONValue

    public init?(json: JSONValue) {
        guard let id = json["id"].string else { return nil }
        self.id = id
        status = json["status"].string
        statusDetail = json["status_detail"].string
        externalReference = json["external_reference"].string
        totalAmount = json["total_amount"].decimal ?? json["total_paid_amount"].decimal
        currency = json["currency"].string ?? json["currency_id"].string
        lastUpdated = json["last_updated_date"].date ?? json["date_last_updated"].date ?? json["last_updated"].date
        paymentIDs = json["transactions"]["payments"].array.compactMap { $0["id"].string }
        raw = json
    }
}
