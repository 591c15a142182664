public import Foundation

/// A report's `display_timezone` (MERCADOPAGO.md: the reports configuration, default `GMT-04`) as a zone to show
/// times in, with the name to print next to them.
///
/// `GMT-04`, `GMT-4`, `GMT-03:00`, `UTC+0530` become a fixed offset (no tzdata needed); a region name
/// (`America/Argentina/Buenos_Aires`) uses the system's zone data when it has it; anything else falls back to
/// UTC and says so in `label` (`UTC (unknown zone "Mars/Olympus")`), never a silent guess.
public struct DisplayTimeZone: Sendable, Hashable {
    public var zone: TimeZone
    /// Printed after report times: `GMT-04`, `America/Santiago`, or the UTC fallback with the unknown name.
    public var label: String
    /// False when `label` names a zone golive could not use (and `zone` is UTC).
    public var resolved: Bool

    /// Mercado Pago's default for report configurations.
    public static let mercadoPagoDefault = DisplayTimeZone(parsing: "GMT-04")

    public init(parsing text: String?) {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            self = .mercadoPagoDefault
            return
        }
        if let seconds = Self.fixedOffset(trimmed), let zone = TimeZone(secondsFromGMT: seconds) {
            self.zone = zone
            label = Self.offsetLabel(seconds)
            resolved = true
        } else if trimmed.contains("/"), let zone = TimeZone(identifier: trimmed) {
            self.zone = zone
            label = trimmed
            resolved = true
        } else {
            zone = TimeZone(secondsFromGMT: 0)!
            label = "UTC (unknown zone \"\(trimmed)\")"
            resolved = false
        }
    }

    /// `GMT-04`, `UTC+5:30`, `GMT`, `-0300` → seconds east of Greenwich; nil when not an offset.
    static func fixedOffset(_ text: String) -> Int? {
        var rest = Substring(text.uppercased())
        for prefix in ["GMT", "UTC", "Z"] where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            break
        }
        if rest.isEmpty { return text.uppercased() == "GMT" || text.uppercased() == "UTC" || text == "Z" ? 0 : nil }
        guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
        let digits = rest.dropFirst().replacingOccurrences(of: ":", with: "")
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(\.isASCII), let number = Int(digits) else {
            return nil
        }
        let (hours, minutes) = digits.count <= 2 ? (number, 0) : (number / 100, number % 100)
        guard hours <= 14, minutes < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }

    static func offsetLabel(_ seconds: Int) -> String {
        if seconds == 0 { return "GMT" }
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        let hours = magnitude / 3600
        let minutes = (magnitude % 3600) / 60
        let hh = hours < 10 ? "0\(hours)" : "\(hours)"
        return minutes == 0 ? "GMT\(sign)\(hh)" : "GMT\(sign)\(hh):\(minutes < 10 ? "0" : "")\(minutes)"
    }
}
