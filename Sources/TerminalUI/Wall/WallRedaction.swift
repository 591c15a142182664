import Foundation
import GoLiveCore

/// What the wall may show a room: never a secret, a full payer e-mail or an identification number. Applied in
/// the wall's rendering path to the snapshot (free text dropped: headers, bodies, resource summaries, check
/// details) and again to every string drawn (``scrub(_:)``), whatever the source put in it.
public enum WallRedaction {
    /// The snapshot with everything the wall does not draw removed and every remaining text scrubbed.
    public static func redact(_ snapshot: DashboardSnapshot) -> DashboardSnapshot {
        var safe = snapshot
        safe.accessToken = snapshot.accessToken.map(scrub)
        safe.publicKey = snapshot.publicKey.map(scrub)
        safe.problem = snapshot.problem.map(scrub)
        safe.checks = snapshot.checks.map(redact)
        safe.qualityHistory = []
        if case .loaded(let entries) = snapshot.feed {
            safe.feed = .loaded(
                entries.map { entry in
                    var entry = entry
                    entry.headers = []
                    entry.body = ""
                    entry.resourceSummary = nil
                    entry.id = scrub(entry.id)
                    return entry
                })
        }
        return safe
    }

    static func redact(_ result: CheckResult) -> CheckResult {
        var result = result
        result.summary = scrub(result.summary)
        result.actions = result.actions.map(scrub)
        result.details = [:]
        return result
    }

    /// Masks e-mail addresses, access tokens and keys, and identification numbers (7 or more digits, with or
    /// without `.`/`-`/`/` separators) in free text; ISO dates and money amounts stay as they are.
    public static func scrub(_ text: String) -> String {
        guard text.contains(where: { $0 == "@" || $0.isNumber || $0 == "-" }) else { return text }
        var out = ""
        var word = ""
        for character in text {
            if character.isWhitespace || "()[]{}<>;\"'".contains(character) {
                out += scrubWord(word)
                word = ""
                out.append(character)
            } else {
                word.append(character)
            }
        }
        return out + scrubWord(word)
    }

    static func scrubWord(_ word: String) -> String {
        guard !word.isEmpty else { return word }
        if let at = word.firstIndex(of: "@"), at != word.startIndex, word[word.index(after: at)...].contains(".") {
            return Masking.maskEmail(word)
        }
        if word.hasPrefix("APP_USR-") || word.hasPrefix("TEST-") {
            return word.contains("…") ? word : Masking.maskSecret(word)
        }
        // Dates (2026-11-27, release-2026-11-25.csv, 27/11/2026) are not identification numbers.
        let withoutDates = word.replacingOccurrences(
            of: #"\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4}"#, with: "", options: .regularExpression)
        guard withoutDates.filter(\.isNumber).count >= 7 else { return word }
        // Money: digits grouped by separators with a two-digit decimal part (1.234.567,89 or 1,234,567.89).
        if word.range(of: #"^[A-Z$]*\d{1,3}([.,]\d{3})*[.,]\d{2}$"#, options: .regularExpression) != nil {
            return word
        }
        // A long token of letters and digits (an access token without a known prefix) or an ID number.
        if word.count >= 20, word.contains(where: \.isLetter) { return Masking.maskSecret(word) }
        return maskDigits(word)
    }

    /// Keeps the last three digits (and the separators' places); every other digit becomes `•`.
    static func maskDigits(_ word: String) -> String {
        var remaining = word.filter(\.isNumber).count
        return String(
            word.map { character -> Character in
                guard character.isNumber else { return character }
                remaining -= 1
                return remaining < 3 ? character : "•"
            })
    }
}
