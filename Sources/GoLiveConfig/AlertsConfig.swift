import Foundation
import GoLiveCore
import Yams

/// The `alerts:` section of the config file (docs/ALERTS.md):
///
/// ```yaml
/// alerts:
///   webhook_url_file: /etc/golive/slack-hook    # or webhook_url: (then the config must be chmod 600)
///   command: ["/usr/local/bin/page-oncall", "--team", "shop"]   # argv, run without a shell
///   timeout_seconds: 10
///   certificate_days: 14
///   silence_minutes: 60
///   business_hours: "mon-fri 09:00-18:00"        # or a list of such windows
///   timezone: America/Argentina/Buenos_Aires
///   rejections: {threshold: 3, window_minutes: 15}
///   recovery_minutes: 5
/// ```
/// Anything wrong is a usage error (exit 2) naming the setting; the webhook URL is never printed in full.
enum AlertsConfig {
    static let keys: Set<String> = [
        "webhook_url", "webhook_url_file", "command", "timeout_seconds", "certificate_days", "silence_minutes",
        "business_hours", "timezone", "rejections", "recovery_minutes",
    ]

    static func parse(_ node: Node, path: String, files: any FileAccess) throws(GoLiveError) -> AlertSettings {
        guard let mapping = node.mapping else { throw invalid(path, "alerts must be a mapping of settings") }
        var settings = AlertSettings()
        var businessHours: [String]?
        var timezone: String?
        var url: String?
        var urlFile: String?
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard keys.contains(key) else {
                throw invalid(
                    path, "unknown alerts setting \"\(key)\" (known: \(keys.sorted().joined(separator: ", ")))")
            }
            switch key {
            case "webhook_url": url = try scalar(value, key, path)
            case "webhook_url_file": urlFile = try scalar(value, key, path)
            case "command":
                guard let list = value.sequence else {
                    throw invalid(
                        path,
                        "alerts.command must be a list (the program and its arguments, run without a shell), "
                            + "e.g. [\"/usr/local/bin/notify\", \"--team\", \"shop\"]")
                }
                var argv: [String] = []
                for item in list {
                    guard let text = item.scalar?.string else {
                        throw invalid(path, "alerts.command must be a list of strings")
                    }
                    argv.append(text)
                }
                guard let program = argv.first, !program.isEmpty else {
                    throw invalid(path, "alerts.command is empty")
                }
                settings.command = argv
            case "timeout_seconds":
                settings.timeout = .seconds(try number(value, "alerts.timeout_seconds", path, 1...300))
            case "certificate_days":
                settings.certificateDays = try number(value, "alerts.certificate_days", path, 1...365)
            case "silence_minutes":
                settings.silenceMinutes = try number(value, "alerts.silence_minutes", path, 1...10080)
            case "recovery_minutes":
                settings.recoveryMinutes = try number(value, "alerts.recovery_minutes", path, 0...1440)
            case "business_hours":
                if let list = value.sequence {
                    var specs: [String] = []
                    for item in list {
                        guard let text = item.scalar?.string else {
                            throw invalid(path, "alerts.business_hours must be text or a list of texts")
                        }
                        specs.append(text)
                    }
                    businessHours = specs
                } else {
                    businessHours = [try scalar(value, key, path)]
                }
            case "timezone": timezone = try scalar(value, key, path)
            case "rejections":
                guard let rejections = value.mapping else {
                    throw invalid(path, "alerts.rejections must be a mapping {threshold, window_minutes}")
                }
                for (innerKey, innerValue) in rejections {
                    switch innerKey.string ?? "" {
                    case "threshold":
                        settings.rejectionsThreshold = try number(
                            innerValue, "alerts.rejections.threshold", path, 1...100_000)
                    case "window_minutes":
                        settings.rejectionsWindowMinutes = try number(
                            innerValue, "alerts.rejections.window_minutes", path, 1...10080)
                    default:
                        throw invalid(
                            path,
                            "unknown setting \"\(innerKey.string ?? "")\" in alerts.rejections (known: threshold, window_minutes)"
                        )
                    }
                }
            default: break
            }
        }
        if let businessHours {
            do {
                settings.businessHours = try BusinessHours.parse(businessHours, timeZone: timezone)
            } catch {
                throw invalid(path, error.message.hasSuffix(".") ? String(error.message.dropLast()) : error.message)
            }
        } else if timezone != nil {
            throw invalid(path, "alerts.timezone applies to alerts.business_hours, which is not set")
        }
        switch (url, urlFile) {
        case (.some, .some):
            throw invalid(path, "alerts sets both webhook_url and webhook_url_file; keep one")
        case (let inline?, nil):
            try files.refuseUnsafePermissions(path, what: "config file holding alerts.webhook_url")
            settings.webhookURL = try webhookURL(inline, setting: "alerts.webhook_url in \(path)")
        case (nil, let file?):
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            let resolved = file.hasPrefix("/") ? file : folder + "/" + file
            let secret = try files.readSecret(at: resolved, setting: "alerts.webhook_url_file")
            settings.webhookURL = try webhookURL(
                secret.exposedForTransport.trimmingCharacters(in: .whitespacesAndNewlines),
                setting: "alerts.webhook_url_file \(resolved)")
        case (nil, nil): break
        }
        guard settings.webhookURL != nil || settings.command != nil else {
            throw invalid(path, "alerts has no target: set webhook_url (or webhook_url_file) and/or command")
        }
        return settings
    }

    static func webhookURL(_ text: String, setting: String) throws(GoLiveError) -> Secret {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            url.host?.isEmpty == false
        else {
            throw GoLiveError(
                .configInvalid, "\(setting) is not an http(s) URL (\(AlertSettings.maskURL(text))).",
                remedy: "Use the incoming-webhook URL your chat tool gives, e.g. https://hooks.slack.com/services/…")
        }
        return Secret(text)
    }

    static func scalar(_ node: Node, _ key: String, _ path: String) throws(GoLiveError) -> String {
        guard let text = node.scalar?.string else { throw invalid(path, "alerts.\(key) must be a single value") }
        return text
    }

    static func number(_ node: Node, _ setting: String, _ path: String, _ range: ClosedRange<Int>) throws(GoLiveError)
        -> Int
    {
        guard let text = node.scalar?.string, let value = Int(text), range.contains(value) else {
            throw invalid(path, "\(setting) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    static func invalid(_ path: String, _ reason: String) -> GoLiveError {
        GoLiveError(
            .configInvalid, "The config file \(path) is invalid: \(reason).",
            remedy: "Fix the alerts section (docs/ALERTS.md) and run again.")
    }
}
