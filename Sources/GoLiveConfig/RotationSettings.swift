public import Foundation
public import GoLiveCore

/// Issue 11's seller settings: the previous webhook secret and the end of its overlap (secret rotation), and
/// the notification URL configured in Mercado Pago. Shared by the YAML config and the environment.
public enum RotationSettings {
    static func apply(
        to seller: inout SellerSettings, previousSecret: Secret?, until: String?, notificationURL: String?,
        where origin: String
    ) throws(GoLiveError) {
        seller.previousWebhookSecret = previousSecret
        if let until {
            seller.previousSecretUntil = try parseUntil(until, setting: "previous_secret_until (\(origin))")
        }
        if let notificationURL {
            seller.notificationURL = try SettingsResolver.httpURL(
                notificationURL, setting: "notification_url (\(origin))")
        }
    }

    /// `2026-12-01` (00:00 UTC that day: the old secret is accepted before it) or a full ISO-8601 time.
    public static func parseUntil(_ text: String, setting: String) throws(GoLiveError) -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let full = ISO8601DateFormatter()
        if let date = full.date(from: trimmed) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        if trimmed.count == 10, let date = day.date(from: trimmed) { return date }
        throw GoLiveError(
            .configInvalid, "\(setting): \"\(text)\" is not a date.",
            remedy: "Write the day the old secret stops being accepted as YYYY-MM-DD (00:00 UTC), or a full "
                + "ISO-8601 time such as 2026-12-01T12:00:00Z.")
    }
}
