public import Foundation

/// A payment from `GET /v1/payments/{id}` or a search result, read tolerantly.
/// The whole document stays in ``raw`` for the checks that need fields not modelled here.
public struct Payment: Sendable, Hashable, Identifiable {
    public let id: String
    public let status: String?
    public let statusDetail: String?
    public let liveMode: Bool?
    public let externalReference: String?
    public let notificationURL: String?
    public let transactionAmount: Decimal?
    public let currencyID: String?
    public let dateCreated: Date?
    public let dateApproved: Date?
    public let dateLastUpdated: Date?
    public let moneyReleaseDate: Date?
    public let collectorID: Int64?
    public let payerEmail: String?
    public let paymentMethodID: String?
    public let paymentTypeID: String?
    public let merchantOrderID: String?
    public let statementDescriptor: String?
    public let raw: JSONValue

    public init?(json: JSONValue) {
        guard let id = json["id"].string else { return nil }
        self.id = id
        status = json["status"].string
        statusDetail = json["status_detail"].string
        liveMode = json["live_mode"].bool
        externalReference = json["external_reference"].string
        notificationURL = json["notification_url"].string
        transactionAmount = json["transaction_amount"].decimal
        currencyID = json["currency_id"].string
        dateCreated = json["date_created"].date
        dateApproved = json["date_approved"].date
        dateLastUpdated = json["date_last_updated"].date
        moneyReleaseDate = json["money_release_date"].date
        collectorID = json["collector_id"].int64 ?? json["collector"]["id"].int64
        payerEmail = json["payer"]["email"].string
        paymentMethodID = json["payment_method_id"].string
        paymentTypeID = json["payment_type_id"].string
        merchantOrderID = json["order"]["id"].string
        statementDescriptor = json["statement_descriptor"].string
        raw = json
    }

    /// The items of `additional_info.items`, quantities accepted as numbers or strings.
    public var items: [Item] { raw["additional_info"]["items"].array.map(Item.init(json:)) }

    public struct Item: Sendable, Hashable {
        public let id: String?
        public let title: String?
        public let description: String?
        public let categoryID: String?
        public let quantity: Decimal?
        public let unitPrice: Decimal?

        public init(json: JSONValue) {
            id = json["id"].string
            title = json["title"].string
            description = json["description"].string
            categoryID = json["category_id"].string
            quantity = json["quantity"].decimal
            unitPrice = json["unit_price"].decimal
        }
    }
}
