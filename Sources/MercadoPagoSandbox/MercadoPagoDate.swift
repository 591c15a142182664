import Foundation

/// Dates as Mercado Pago writes and reads them.
///
/// Mercado Pago's documents carry `yyyy-MM-dd'T'HH:mm:ss.SSS-04:00` (see the payment samples in its
/// reference); search accepts ISO-8601 with an offset and, in the docs' examples, `NOW-30DAYS`.
enum MercadoPagoDate {
    /// The offset Mercado Pago's API answers in, fixed so output never depends on the machine's zone.
    static let servedOffsetSeconds = -4 * 3600

    static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()

    /// `2025-03-07T14:05:09.120-04:00`
    static func format(_ date: Date) -> String {
        // Whole milliseconds first, so 0.11999… s from floating point still prints as .120.
        let totalMillis = Int64(((date.timeIntervalSince1970 + TimeInterval(servedOffsetSeconds)) * 1000).rounded())
        let (seconds, remainder) = totalMillis.quotientAndRemainder(dividingBy: 1000)
        let wholeSeconds = remainder < 0 ? seconds - 1 : seconds
        let millis = Int(remainder < 0 ? remainder + 1000 : remainder)
        let shifted = Date(timeIntervalSince1970: TimeInterval(wholeSeconds))
        let parts = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: shifted)
        let offsetMinutes = abs(servedOffsetSeconds) / 60
        return pad(parts.year ?? 0, 4) + "-" + pad(parts.month ?? 0, 2) + "-" + pad(parts.day ?? 0, 2) + "T"
            + pad(parts.hour ?? 0, 2) + ":" + pad(parts.minute ?? 0, 2) + ":" + pad(parts.second ?? 0, 2)
            + "." + pad(millis, 3) + (servedOffsetSeconds < 0 ? "-" : "+")
            + pad(offsetMinutes / 60, 2) + ":" + pad(offsetMinutes % 60, 2)
    }

    static func json(_ date: Date?) -> JSON {
        date.map { .string(format($0)) } ?? .null
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Parses `yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM|±HHMM)`; nil for anything else.
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20,
            let year = number(bytes, 0, 4), bytes[4] == UInt8(ascii: "-"),
            let month = number(bytes, 5, 2), bytes[7] == UInt8(ascii: "-"),
            let day = number(bytes, 8, 2), bytes[10] == UInt8(ascii: "T"),
            let hour = number(bytes, 11, 2), bytes[13] == UInt8(ascii: ":"),
            let minute = number(bytes, 14, 2), bytes[16] == UInt8(ascii: ":"),
            let second = number(bytes, 17, 2),
            (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour),
            (0...59).contains(minute), (0...59).contains(second)
        else { return nil }

        var index = 19
        var fraction = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            var nanoseconds = 0
            while index < bytes.count, index - start < 9, let digit = digitValue(bytes[index]) {
                nanoseconds = nanoseconds * 10 + digit
                index += 1
            }
            guard index > start else { return nil }
            for _ in 0..<(9 - (index - start)) { nanoseconds *= 10 }
            fraction = Double(nanoseconds) / 1_000_000_000
        }

        guard index < bytes.count else { return nil }
        var offsetSeconds = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            guard let hours = number(bytes, index + 1, 2) else { return nil }
            var minutesStart = index + 3
            if minutesStart < bytes.count, bytes[minutesStart] == UInt8(ascii: ":") { minutesStart += 1 }
            guard let minutes = number(bytes, minutesStart, 2), hours <= 23, minutes <= 59 else { return nil }
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
            index = minutesStart + 2
        default:
            return nil
        }
        guard index == bytes.count else { return nil }

        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let local = utcCalendar.date(from: components),
            // Reject dates the calendar silently rolls over, such as February 30.
            utcCalendar.component(.day, from: local) == day
        else { return nil }
        return local.addingTimeInterval(fraction - TimeInterval(offsetSeconds))
    }

    /// Solr-style date math as used in Mercado Pago's search examples: `NOW`, `NOW-30DAYS`, `NOW+2HOURS`.
    static func parseRelative(_ text: String, now: Date) -> Date? {
        let upper = text.uppercased()
        guard upper.hasPrefix("NOW") else { return nil }
        let rest = upper.dropFirst(3)
        if rest.isEmpty { return now }
        guard let sign = rest.first, sign == "-" || sign == "+" else { return nil }
        let body = rest.dropFirst()
        let digits = body.prefix { $0.isASCII && $0.isNumber }
        guard let amount = Int(digits), amount <= 100_000 else { return nil }
        let unit: Calendar.Component
        switch body.dropFirst(digits.count) {
        case "SECOND", "SECONDS": unit = .second
        case "MINUTE", "MINUTES": unit = .minute
        case "HOUR", "HOURS": unit = .hour
        case "DAY", "DAYS": unit = .day
        case "WEEK", "WEEKS": unit = .weekOfYear
        case "MONTH", "MONTHS": unit = .month
        case "YEAR", "YEARS": unit = .year
        default: return nil
        }
        return utcCalendar.date(byAdding: unit, value: sign == "-" ? -amount : amount, to: now)
    }

    private static func digitValue(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private static func number(_ bytes: [UInt8], _ start: Int, _ length: Int) -> Int? {
        guard start >= 0, start + length <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<(start + length)] {
            guard let digit = digitValue(byte) else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
