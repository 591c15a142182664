import Foundation

/// Durations as people write them in the config and on the command line: `90s`, `10m`, `2h`, `7d`, `1h30m`
/// (a bare number is seconds).
public enum HumanDuration {
    public static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !trimmed.isEmpty else { return nil }
        if let seconds = Int(trimmed), seconds >= 0 { return .seconds(seconds) }
        var total: Int64 = 0
        var digits = ""
        for character in trimmed {
            if character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            guard let amount = Int64(digits) else { return nil }
            let unit: Int64
            switch character {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            case "d": unit = 86_400
            case "w": unit = 604_800
            default: return nil
            }
            let (product, overflow) = amount.multipliedReportingOverflow(by: unit)
            guard !overflow, product < 10 * 365 * 86_400 else { return nil }
            total += product
            digits = ""
        }
        guard digits.isEmpty else { return nil }
        return .seconds(total)
    }

    /// `10m`, `2h`, `1h30m`, `45s`.
    public static func format(_ duration: Duration) -> String {
        var seconds = Int64(duration.timeInterval.rounded())
        guard seconds > 0 else { return "0s" }
        var text = ""
        for (unit, name) in [(Int64(86_400), "d"), (3600, "h"), (60, "m"), (1, "s")] where seconds >= unit {
            text += "\(seconds / unit)\(name)"
            seconds %= unit
        }
        return text
    }
}
