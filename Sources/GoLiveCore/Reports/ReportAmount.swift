/// An amount of money from a report, exact: an integer count of ten-thousandths of the currency unit.
///
/// Mercado Pago writes amounts with two decimals; four leave room for a tax or fee column written with more
/// without ever passing through binary floating point. Sums are checked for overflow.
public struct ReportAmount: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Ten-thousandths of the currency unit.
    public var units: Int64

    public static let scale: Int64 = 10_000
    public static let zero = ReportAmount(units: 0)

    public init(units: Int64) { self.units = units }

    public static func < (lhs: ReportAmount, rhs: ReportAmount) -> Bool { lhs.units < rhs.units }

    /// Parses `225.96`, `-43.04`, `1e`-free plain decimals; `,` as the decimal mark when `decimalComma`.
    public init?(_ text: String, decimalComma: Bool = false) {
        var bytes = Array(text.utf8)
        let parsed = bytes.withUnsafeMutableBufferPointer {
            ReportAmount.parse(UnsafeBufferPointer($0), decimalComma: decimalComma)
        }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses the bytes of a field. Empty (or blank) is zero; anything but an optional sign, digits and one
    /// decimal mark followed by at most four digits is nil. Surrounding spaces are allowed.
    @inline(__always)
    package static func parse(_ field: UnsafeBufferPointer<UInt8>, decimalComma: Bool) -> ReportAmount? {
        var index = 0
        var end = field.count
        while index < end, field[index] == 0x20 { index += 1 }
        while end > index, field[end - 1] == 0x20 { end -= 1 }
        if index == end { return .zero }
        var negative = false
        if field[index] == 0x2D {
            negative = true
            index += 1
        } else if field[index] == 0x2B {
            index += 1
        }
        var whole: Int64 = 0
        var digits = 0
        while index < end {
            let digit = field[index] &- 0x30
            guard digit < 10 else { break }
            let (times, overflowA) = whole.multipliedReportingOverflow(by: 10)
            let (plus, overflowB) = times.addingReportingOverflow(Int64(digit))
            if overflowA || overflowB { return nil }
            whole = plus
            digits += 1
            index += 1
        }
        var fraction: Int64 = 0
        var fractionDigits = 0
        if index < end, field[index] == 0x2E || (decimalComma && field[index] == 0x2C) {
            index += 1
            while index < end {
                let digit = field[index] &- 0x30
                guard digit < 10 else { return nil }
                if fractionDigits == 4 {
                    // More precision than we keep is only accepted when it is zeros.
                    guard digit == 0 else { return nil }
                } else {
                    fraction = fraction * 10 + Int64(digit)
                    fractionDigits += 1
                }
                index += 1
            }
            if fractionDigits == 0 && digits == 0 { return nil }
        }
        guard index == end, digits > 0 || fractionDigits > 0 else { return nil }
        while fractionDigits < 4 {
            fraction *= 10
            fractionDigits += 1
        }
        let (scaled, overflowA) = whole.multipliedReportingOverflow(by: scale)
        let (units, overflowB) = scaled.addingReportingOverflow(fraction)
        if overflowA || overflowB { return nil }
        return ReportAmount(units: negative ? -units : units)
    }

    /// `+` that reports overflow instead of trapping.
    @inline(__always)
    package func adding(_ other: ReportAmount) -> ReportAmount? {
        let (sum, overflow) = units.addingReportingOverflow(other.units)
        return overflow ? nil : ReportAmount(units: sum)
    }

    // Wrapping: sums are accumulated with overflow checks (`accumulate`), so these never see a huge value.
    public static func + (lhs: ReportAmount, rhs: ReportAmount) -> ReportAmount {
        ReportAmount(units: lhs.units &+ rhs.units)
    }

    public static func - (lhs: ReportAmount, rhs: ReportAmount) -> ReportAmount {
        ReportAmount(units: lhs.units &- rhs.units)
    }

    public static prefix func - (value: ReportAmount) -> ReportAmount { ReportAmount(units: 0 &- value.units) }

    public static func += (lhs: inout ReportAmount, rhs: ReportAmount) { lhs = lhs + rhs }
    public static func -= (lhs: inout ReportAmount, rhs: ReportAmount) { lhs = lhs - rhs }

    /// A decimal string with two decimals, or more when the amount has them: `225.96`, `-0.50`, `0.125`.
    public var description: String {
        let magnitude = units.magnitude
        let whole = magnitude / UInt64(Self.scale)
        var fraction = String(magnitude % UInt64(Self.scale))
        fraction = String(repeating: "0", count: 4 - fraction.count) + fraction
        while fraction.count > 2, fraction.hasSuffix("0") { fraction.removeLast() }
        return (units < 0 ? "-" : "") + "\(whole).\(fraction)"
    }
}
