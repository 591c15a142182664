public import Foundation

/// Money as each Mercado Pago site writes it: `ARS 1.234,56`, `BRL 1.234,56`, `MXN 1,234.56`, `CLP 1.235`.
///
/// The separators follow the currency's home locale, whatever the UI language (an Argentine seller reads
/// `ARS 1.234,56` in the English dashboard too). Only C/C.UTF-8/POSIX locales are installed where golive runs,
/// so Foundation's locale data cannot be relied on: the table below is ours, taken from CLDR 44
/// (`common/main/<locale>.xml` `<symbols numberSystem="latn">` decimal/group, and `supplementalData.xml`
/// `<currencyData><fractions>` digits):
///
/// | site | currency | CLDR locale | decimal | group | digits |
/// |------|----------|-------------|---------|-------|--------|
/// | MLA  | ARS      | es_AR       | `,`     | `.`   | 2      |
/// | MLB  | BRL      | pt_BR       | `,`     | `.`   | 2      |
/// | MLM  | MXN      | es_MX       | `.`     | `,`   | 2      |
/// | MLC  | CLP      | es_CL       | `,`     | `.`   | 0      |
/// | MCO  | COP      | es_CO       | `,`     | `.`   | 2      |
/// | MPE  | PEN      | es_PE       | `.`     | `,`   | 2      |
/// | MLU  | UYU      | es_UY       | `,`     | `.`   | 2      |
/// | —    | USD, other | en_US     | `.`     | `,`   | 2      |
///
/// The ISO code comes first, a space, then the number; a negative amount puts the minus before the code
/// (CLDR's es/pt negative currency pattern `-¤ #,##0.00`): `-ARS 1.234,56`. Rounding is half away from zero
/// on the exact `Decimal` (never `Double`).
public enum Money {
    public struct Style: Sendable, Hashable {
        public var decimal: String
        public var group: String
        public var digits: Int
        public init(decimal: String, group: String, digits: Int) {
            self.decimal = decimal
            self.group = group
            self.digits = digits
        }
    }

    /// Each site's currency (MERCADOPAGO.md); nil when the site is not known.
    public static func currency(site: String?) -> String? {
        [
            "MLA": "ARS", "MLB": "BRL", "MLM": "MXN", "MLC": "CLP", "MCO": "COP", "MPE": "PEN", "MLU": "UYU",
            "MLV": "VES",
        ][site ?? ""]
    }

    static let commaDecimal = Style(decimal: ",", group: ".", digits: 2)
    static let pointDecimal = Style(decimal: ".", group: ",", digits: 2)

    /// The separators and decimals of a currency (the table above).
    public static func style(for currency: String) -> Style {
        switch currency.uppercased() {
        case "ARS", "BRL", "COP", "UYU", "VES": commaDecimal
        case "CLP": Style(decimal: ",", group: ".", digits: 0)
        case "MXN", "PEN": pointDecimal
        default: pointDecimal
        }
    }

    /// `ARS 1.234,56`; just the number (`1.234,56`) when `code` is false or the currency is unknown ("").
    public static func format(_ amount: Decimal, currency: String, code: Bool = true) -> String {
        let number = number(amount, style: style(for: currency))
        let negative = number.hasPrefix("-")
        let digits = negative ? String(number.dropFirst()) : number
        let body = code && !currency.isEmpty ? "\(currency.uppercased()) \(digits)" : digits
        return (negative ? "-" : "") + body
    }

    /// The number alone in a style: grouped thousands, rounded half away from zero to the style's digits.
    public static func number(_ amount: Decimal, style: Style) -> String {
        var value = amount
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, style.digits, .plain)
        let negative = rounded < 0
        // `description` of a Decimal is locale-independent ("1234.5").
        let text = (negative ? -rounded : rounded).description
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(pieces[0])
        var fraction = pieces.count > 1 ? String(pieces[1]) : ""
        fraction += String(repeating: "0", count: max(0, style.digits - fraction.count))
        var grouped = ""
        for (index, digit) in whole.reversed().enumerated() {
            if index > 0, index % 3 == 0 { grouped.append(contentsOf: style.group.reversed()) }
            grouped.append(digit)
        }
        var result = String(grouped.reversed())
        if style.digits > 0 { result += style.decimal + fraction.prefix(style.digits) }
        let isZero = rounded == 0
        return (negative && !isZero ? "-" : "") + result
    }
}
