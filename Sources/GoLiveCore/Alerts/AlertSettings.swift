import Foundation

/// The `alerts:` section of the config (docs/ALERTS.md): where alerts go and when they fire.
public struct AlertSettings: Sendable, Hashable {
    /// A Slack-compatible incoming webhook (`{"text": …}` plus a `golive` object Slack ignores). A secret:
    /// Slack's hook URLs carry their token in the path, so it is shown only as ``maskedWebhookURL``.
    public var webhookURL: Secret?
    /// A program and its arguments, run directly (no shell) with the alert as JSON on stdin.
    public var command: [String]?
    /// How long a webhook request or the command may take before the delivery counts as failed.
    public var timeout: Duration
    /// A certificate with fewer days left than this opens an incident.
    public var certificateDays: Int
    /// Business minutes without a notification that open a silence incident.
    public var silenceMinutes: Int
    /// When silence counts; nil: always.
    public var businessHours: BusinessHours?
    /// Signature rejections within ``rejectionsWindowMinutes`` that open an incident.
    public var rejectionsThreshold: Int
    public var rejectionsWindowMinutes: Int
    /// Hysteresis: a condition must stay clear this long before its incident recovers (flapping protection).
    public var recoveryMinutes: Int

    public init(
        webhookURL: Secret? = nil, command: [String]? = nil, timeout: Duration = .seconds(10),
        certificateDays: Int = 14, silenceMinutes: Int = 60, businessHours: BusinessHours? = nil,
        rejectionsThreshold: Int = 3, rejectionsWindowMinutes: Int = 15, recoveryMinutes: Int = 5
    ) {
        self.webhookURL = webhookURL
        self.command = command
        self.timeout = timeout
        self.certificateDays = certificateDays
        self.silenceMinutes = silenceMinutes
        self.businessHours = businessHours
        self.rejectionsThreshold = rejectionsThreshold
        self.rejectionsWindowMinutes = rejectionsWindowMinutes
        self.recoveryMinutes = recoveryMinutes
    }

    /// The names of the configured targets, in delivery order (`webhook`, `command`).
    public var targetNames: [String] {
        (webhookURL == nil ? [] : ["webhook"]) + (command == nil ? [] : ["command"])
    }

    /// `https://hooks.slack.com/…` + the last four characters: enough to tell two hooks apart.
    public var maskedWebhookURL: String? {
        webhookURL.map { Self.maskURL($0.exposedForTransport) }
    }

    public static func maskURL(_ text: String) -> String {
        guard let url = URLComponents(string: text), let scheme = url.scheme, let host = url.host else { return "…" }
        let port = url.port.map { ":\($0)" } ?? ""
        let rest = url.path + (url.query.map { "?" + $0 } ?? "")
        guard rest.count > 1 else { return "\(scheme)://\(host)\(port)\(rest)" }
        return "\(scheme)://\(host)\(port)/…" + (rest.count >= 12 ? String(rest.suffix(4)) : "")
    }
}
