import Foundation

/// `GET /v1/payments/search` (MERCADOPAGO.md §7): paging, sort, criteria, a date range and simple filters.
struct PaymentSearch {
    static let dateFields = ["date_approved", "date_created", "date_last_updated", "money_release_date"]
    static let maximumLimit = 1_000
    /// How deep paging may go: `offset + limit` at most this. MERCADOPAGO.md §7 calls the offset window
    /// UNCONFIRMED; 10 000 is this Sandbox's choice (the usual search-index window), so that a client that pages
    /// by offset alone meets the wall and must narrow the date range instead.
    static let maximumWindow = 10_000
    /// §7: the search "returns payments from the last 12 months only" (by creation date).
    static let searchableMonths = 12

    var offset = 0
    var limit = 30
    var sort = "date_created"
    var ascending = false
    var range: (field: String, begin: Date?, end: Date?)?
    var status: String?
    var externalReference: String?
    /// Payments created before this are not searchable (§7's 12-month window).
    var oldest: Date?

    /// Validates the query; every mistake is a 400 with Mercado Pago's error document.
    init(query: [String: String], now: Date) throws(MercadoPagoError) {
        if let text = query["offset"] {
            guard let value = Int(text), value >= 0 else { throw .badRequest("offset must be a non-negative integer") }
            offset = value
        }
        if let text = query["limit"] {
            guard let value = Int(text), value >= 0 else { throw .badRequest("limit must be a non-negative integer") }
            // §7: code 1000 is "number of rows exceeded"; the 1000-row ceiling is this sandbox's (the doc has none).
            guard value <= Self.maximumLimit else {
                throw .badRequest("the number of rows exceeded the maximum of \(Self.maximumLimit)", code: 1000)
            }
            limit = value
        }
        if let text = query["sort"] {
            guard Self.dateFields.contains(text) else {
                throw .badRequest("invalid sort: use one of " + Self.dateFields.joined(separator: ", "), code: 1003)
            }
            sort = text
        }
        if let text = query["criteria"] {
            guard text == "asc" || text == "desc" else {
                throw .badRequest("invalid criteria: use asc or desc", code: 1004)
            }
            ascending = text == "asc"
        }

        let begin = try Self.date(query["begin_date"], name: "begin_date", now: now)
        let end = try Self.date(query["end_date"], name: "end_date", now: now)
        if let field = query["range"] {
            guard Self.dateFields.contains(field) else {
                throw .badRequest("invalid range: use one of " + Self.dateFields.joined(separator: ", "))
            }
            range = (field, begin, end)
        } else if begin != nil || end != nil {
            // The doc pairs the dates with `range`; without one, the creation date is the natural reading.
            range = ("date_created", begin, end)
        }

        status = query["status"]
        externalReference = query["external_reference"]
        guard offset + limit <= Self.maximumWindow else {
            throw .badRequest(
                "offset + limit must be at most \(Self.maximumWindow): narrow begin_date/end_date instead of paging "
                    + "deeper", code: 1000)
        }
        oldest = MercadoPagoDate.utcCalendar.date(byAdding: .month, value: -Self.searchableMonths, to: now)
    }

    /// §7 code 1001: dates must look like `yyyy-MM-dd'T'HH:mm:ss.SSSZ`; `NOW-30DAYS` forms are accepted too.
    private static func date(_ text: String?, name: String, now: Date) throws(MercadoPagoError) -> Date? {
        guard let text else { return nil }
        if let date = MercadoPagoDate.parse(text) ?? MercadoPagoDate.parseRelative(text, now: now) { return date }
        throw .badRequest("\(name) must be formatted as yyyy-MM-dd'T'HH:mm:ss.SSSZ or NOW-nDAYS", code: 1001)
    }

    /// The `{"paging":{…},"results":[…]}` document over the payments the caller may see.
    func run(over payments: [StoredPayment]) -> JSON {
        let matching = payments.filter(matches)
        let sorted = matching.map { (payment: $0, key: Self.dateValue($0, sort)) }.sorted { left, right in
            switch (left.key, right.key) {
            case (let l?, let r?) where l != r: return ascending ? l < r : l > r
            case (.some, nil): return true  // payments without the date go last either way
            case (nil, .some): return false
            default: return ascending ? left.payment.id < right.payment.id : left.payment.id > right.payment.id
            }
        }
        let page = sorted.dropFirst(offset).prefix(limit)
        return [
            "paging": ["total": .int(matching.count), "limit": .int(limit), "offset": .int(offset)],
            "results": .array(page.map { .object($0.payment.document) }),
        ]
    }

    private func matches(_ payment: StoredPayment) -> Bool {
        if let oldest, let created = Self.dateValue(payment, "date_created"), created < oldest { return false }
        if let status, payment.document["status"]?.stringValue != status { return false }
        if let externalReference, payment.document["external_reference"]?.stringValue != externalReference {
            return false
        }
        if let range {
            guard let date = Self.dateValue(payment, range.field) else { return false }
            if let begin = range.begin, date < begin { return false }
            if let end = range.end, date > end { return false }
        }
        return true
    }

    private static func dateValue(_ payment: StoredPayment, _ field: String) -> Date? {
        payment.document[field]?.stringValue.flatMap(MercadoPagoDate.parse)
    }
}
