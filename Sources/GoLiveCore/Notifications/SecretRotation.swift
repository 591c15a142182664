import Foundation

/// Which of a seller's webhook secrets verified a delivery during a rotation (issue 11): the one configured now
/// (`webhook_secret`), or the one before the last Reset (`previous_webhook_secret`), accepted during the overlap
/// until `previous_secret_until`.
public enum SecretGeneration: String, Sendable, Hashable, Codable {
    case current
    case previous
}

extension NotificationCheckSource {
    /// `notifications.signature` during a secret rotation (issue 11), once signed notifications verify and none
    /// was refused; nil when the seller has no previous secret and none verified with one.
    ///
    /// - `warn` while the newest verified traffic still matches only the previous secret: Mercado Pago still signs
    ///   with the old one (the Reset was not saved), or the secret configured as current is not the new one.
    /// - `pass` with an action to remove the old secret once the current one verifies the newest traffic, or
    ///   when `previous_secret_until` has passed (the receiver no longer accepts it).
    static func rotation(
        _ summary: NotificationSummary, seller: SellerSettings, details: [String: JSONValue], now: Date
    ) -> CheckResult? {
        guard seller.previousWebhookSecret != nil || summary.validPrevious > 0 else { return nil }
        var details = details
        let iso = ISO8601DateFormatter()
        details["valid_previous_secret"] = .number(Decimal(summary.validPrevious))
        if let previous = seller.previousWebhookSecret { details["previous_secret"] = .string(previous.masked) }
        if let until = seller.previousSecretUntil {
            details["previous_secret_until"] = .string(iso.string(from: until))
        }
        if let last = summary.lastPreviousAt { details["last_previous_secret_at"] = .string(iso.string(from: last)) }
        let title = title(.notificationsSignature)
        let remove =
            "Remove the previous secret (previous_webhook_secret_file in the config, or "
            + "MP_WEBHOOK_SECRET_PREVIOUS[_FILE])."
        let onlyPrevious =
            summary.validPrevious > 0
            && (summary.lastCurrentAt == nil || summary.lastPreviousAt.map { $0 >= summary.lastCurrentAt! } == true)
        if onlyPrevious {
            return CheckResult(
                id: .notificationsSignature, title: title, status: .warn,
                summary: "The newest signed notifications verify only with the previous webhook secret "
                    + "(\(summary.validPrevious) of \(summary.valid) recently): the secret rotation is not finished.",
                details: details,
                actions: [
                    "Finish the rotation: the current secret must be the one Your integrations > (your app) > Webhooks "
                        + "shows now (after Reset); once deliveries verify with it, remove the previous secret.",
                    remove,
                ], checkedAt: now)
        }
        if let until = seller.previousSecretUntil, now >= until {
            return CheckResult(
                id: .notificationsSignature, title: title, status: .pass,
                summary: "\(summary.valid) signed notification(s) verified recently, none refused; the previous "
                    + "secret is no longer accepted (since \(iso.string(from: until))).",
                details: details, actions: [remove], checkedAt: now)
        }
        return CheckResult(
            id: .notificationsSignature, title: title, status: .pass,
            summary: "\(summary.valid) signed notification(s) verified recently, none refused; "
                + "\(summary.validPrevious) with the previous secret (rotation in progress).",
            details: details,
            actions: ["When no delivery needs the old secret any more: " + remove],
            checkedAt: now)
    }
}
