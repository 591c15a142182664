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
        // The all-sellers overview (issue 10): the same for every seller's results; the verdict was judged before.
        safe.overview = snapshot.overview.map { row in
            var row = row
            row.checks = row.checks.map(redact)
            row.error = row.error.map { error in
                SellerCheckError(code: error.code, message: scrub(error.message), remedy: error.remedy.map(scrub))
            }
            return row
        }
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
    /// without `.`/`-`/`/` separators) in free text; ISO dates and money amounts stay as they are. The rules are
    /// the core's (`PayerData.scrubText`), shared with every other output.
    public static func scrub(_ text: String) -> String { PayerData.scrubText(text) }

    /// Keeps the last three digits (and the separators' places); every other digit becomes `•`.
    static func maskDigits(_ word: String) -> String { PayerData.maskDigits(word) }
}
