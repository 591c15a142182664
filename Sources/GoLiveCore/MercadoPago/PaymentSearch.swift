public import Foundation

/// The query of `GET /v1/payments/search` (MERCADOPAGO.md §7).
public struct PaymentSearchQuery: Sendable, Hashable {
    public enum SortField: String, Sendable, CaseIterable {
        case dateApproved = "date_approved"
        case dateCreated = "date_created"
        case dateLastUpdated = "date_last_updated"
        case moneyReleaseDate = "money_release_date"
    }

    public enum Criteria: String, Sendable { case ascending = "asc", descending = "desc" }

    public struct DateRange: Sendable, Hashable {
        public var field: SortField
        public var begin: Date
        public var end: Date

        public init(field: SortField, begin: Date, end: Date) {
            self.field = field
            self.begin = begin
            self.end = end
        }
    }

    public var offset: Int
    public var limit: Int
    public var sort: SortField?
    public var criteria: Criteria?
    public var range: DateRange?
    public var status: String?
    public var externalReference: String?

    public init(
        offset: Int = 0, limit: Int = 30, sort: SortField? = nil, criteria: Criteria? = nil, range: DateRange? = nil,
        status: String? = nil, externalReference: String? = nil
    ) {
        self.offset = offset
        self.limit = limit
        self.sort = sort
        self.criteria = criteria
        self.range = range
        self.status = status
        self.externalReference = externalReference
    }

    /// The query items, in a stable order.
    public var queryItems: [(name: String, value: String)] {
        var items: [(String, String)] = [("offset", String(offset)), ("limit", String(limit))]
        if let sort { items.append(("sort", sort.rawValue)) }
        if let criteria { items.append(("criteria", criteria.rawValue)) }
        if let range {
            items.append(("range", range.field.rawValue))
            items.append(("begin_date", MercadoPagoDate.format(range.begin)))
            items.append(("end_date", MercadoPagoDate.format(range.end)))
        }
        if let status { items.append(("status", status)) }
        if let externalReference { items.append(("external_reference", externalReference)) }
        return items
    }
}

/// One page of `/v1/payments/search`.
public struct PaymentSearchPage: Sendable, Hashable {
    public let total: Int
    public let limit: Int
    public let offset: Int
    public let results: [Payment]

    public init(total: Int, limit: Int, offset: Int, results: [Payment]) {
        self.total = total
        self.limit = limit
        self.offset = offset
        self.results = results
    }

    public init?(json: JSONValue) {
        guard case .array(let items) = json["results"] else { return nil }
        results = items.compactMap(Payment.init(json:))
        offset = json["paging"]["offset"].int64.map(Int.init) ?? 0
        limit = json["paging"]["limit"].int64.map(Int.init) ?? items.count
        total = json["paging"]["total"].int64.map(Int.init) ?? (offset + items.count)
    }

    /// Whether another page follows this one.
    public var hasMore: Bool { !results.isEmpty && offset + results.count < total }
}

/// A payment to create with `POST /v1/payments`. The body is JSON as Mercado Pago documents it; the
/// idempotency key makes a retried POST return the already-created payment instead of charging twice.
public struct PaymentCreation: Sendable, Hashable {
    public var body: JSONValue
    public var idempotencyKey: String

    public init(body: JSONValue, idempotencyKey: String = UUID().uuidString) {
        self.body = body
        self.idempotencyKey = idempotencyKey
    }
}
