public import Foundation

/// Money still to be released, by date ("liquidez", MERCADOPAGO.md §6.5): approved payments whose
/// `money_release_date` is ahead and whose `money_release_status` is not `released`, by release day.
public struct Liquidity: Sendable, Hashable {
    public struct Day: Sendable, Hashable {
        /// `yyyy-MM-dd` as the payment's `money_release_date` writes it (its own offset).
        public var date: String
        public var amount: Decimal
        public var payments: Int
    }

    public var asOf: Date
    public var currency: String?
    public var totalPending: Decimal
    public var byDate: [Day]

    /// Groups payments; the amount is `transaction_details.net_received_amount` (what will reach the balance),
    /// else `transaction_amount`.
    public static func compute(payments: [Payment], asOf: Date) -> Liquidity {
        var days: [String: Day] = [:]
        var currencies = Set<String>()
        for payment in payments {
            guard payment.status == "approved",
                payment.raw["money_release_status"].string != "released",
                let text = payment.raw["money_release_date"].string, text.count >= 10,
                let amount = payment.raw["transaction_details"]["net_received_amount"].decimal
                    ?? payment.transactionAmount
            else { continue }
            let date = String(text.prefix(10))
            days[date, default: Day(date: date, amount: 0, payments: 0)].amount += amount
            days[date, default: Day(date: date, amount: 0, payments: 0)].payments += 1
            if let currency = payment.currencyID { currencies.insert(currency) }
        }
        let sorted = days.values.sorted { $0.date < $1.date }
        return Liquidity(
            asOf: asOf, currency: currencies.count == 1 ? currencies.first : nil,
            totalPending: sorted.reduce(0) { $0 + $1.amount }, byDate: sorted)
    }

    /// The document of `golive report liquidity --json` (DESIGN.md).
    public func json(sellerID: Int64?) -> JSONValue {
        [
            "seller_id": sellerID.map { .number(Decimal($0)) } ?? .null,
            "as_of": .string(MercadoPagoDate.format(asOf)),
            "currency": currency.map(JSONValue.string) ?? .null,
            "total_pending": .string(Self.money(totalPending)),
            "by_date": .array(
                byDate.map {
                    [
                        "date": .string($0.date), "amount": .string(Self.money($0.amount)),
                        "payments": .number(Decimal($0.payments)),
                    ]
                }),
        ]
    }

    /// Two decimals at least, exact.
    package static func money(_ value: Decimal) -> String {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .plain)
        if rounded == value {
            let formatter = NumberFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.minimumFractionDigits = 2
            formatter.maximumFractionDigits = 2
            formatter.usesGroupingSeparator = false
            return formatter.string(from: value as NSDecimalNumber) ?? "\(value)"
        }
        return "\(value)"
    }
}
