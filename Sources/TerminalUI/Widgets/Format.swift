public import Foundation

/// Text formats shared by the panes. Times in the dashboard's time zone (injected, so snapshots are stable).
public enum Format {
    static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// `23:41:07`.
    public static func clock(_ date: Date, zone: TimeZone) -> String {
        let parts = calendar(zone).dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    /// `11-26 23:41`.
    public static func shortDateTime(_ date: Date, zone: TimeZone) -> String {
        let parts = calendar(zone).dateComponents([.month, .day, .hour, .minute], from: date)
        return String(
            format: "%02d-%02d %02d:%02d", parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0)
    }

    /// `2026-11-26`.
    public static func date(_ date: Date, zone: TimeZone) -> String {
        let parts = calendar(zone).dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// `4s`, `12m`, `3h`, `2d`.
    public static func age(from date: Date, to now: Date) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m" }
        if seconds < 86_400 { return "\(seconds / 3600)h" }
        return "\(seconds / 86_400)d"
    }

    /// `1,234.50` from an exact decimal (rounded half-up to cents).
    public static func money(_ amount: Decimal) -> String {
        var value = amount
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .plain)
        let negative = rounded < 0
        let text = NSDecimalNumber(decimal: negative ? -rounded : rounded).stringValue
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(pieces[0])
        var cents = pieces.count > 1 ? String(pieces[1]) : ""
        cents += String(repeating: "0", count: max(0, 2 - cents.count))
        var grouped = ""
        for (index, digit) in whole.reversed().enumerated() {
            if index > 0, index % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (negative ? "-" : "") + String(grouped.reversed()) + "." + cents.prefix(2)
    }
}
