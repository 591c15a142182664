import Foundation
import GoLiveCore
import Yams

/// The config's `retention:` section (issue 11, "Data"): `golive serve` purges by itself.
///
/// ```yaml
/// retention:
///   older_than_days: 90      # payer data scrubbed from rows older than this (required)
///   delete_after_days: 180   # rows deleted after this (default 2 × older_than_days)
///   every: 1d                # how often serve purges (default 1d; at least 1h)
/// ```
enum RetentionConfig {
    static let keys: Set<String> = ["older_than_days", "delete_after_days", "every"]

    static func parse(_ node: Node, path: String) throws(GoLiveError) -> RetentionSettings {
        guard let mapping = node.mapping else {
            throw ConfigFile.invalid(path, "retention must be a mapping (older_than_days, delete_after_days, every)")
        }
        var olderThan: Int?
        var deleteAfter: Int?
        var every = Duration.seconds(86_400)
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard keys.contains(key) else {
                throw ConfigFile.invalid(
                    path, "unknown retention setting \"\(key)\" (known: \(keys.sorted().joined(separator: ", ")))")
            }
            let text = try ConfigFile.scalar(value, "retention.\(key)", path)
            switch key {
            case "every":
                guard let duration = HumanDuration.parse(text), duration >= .seconds(3600) else {
                    throw ConfigFile.invalid(path, "retention.every must be a duration of at least 1h, such as 1d")
                }
                every = duration
            default:
                guard let days = Int(text), days >= 1 else {
                    throw ConfigFile.invalid(path, "retention.\(key) must be a whole number of days (1 or more)")
                }
                if key == "older_than_days" { olderThan = days } else { deleteAfter = days }
            }
        }
        guard let olderThan else { throw ConfigFile.invalid(path, "retention needs older_than_days") }
        let settings = RetentionSettings(olderThanDays: olderThan, deleteAfterDays: deleteAfter, every: every)
        do {
            _ = try settings.policy(now: .init())
        } catch let error as GoLiveError {
            throw ConfigFile.invalid(path, "retention: \(error.message)")
        } catch {
            throw ConfigFile.invalid(path, "retention: \(error)")
        }
        return settings
    }
}

/// The config's `trusted_proxies:` (issue 11, "Deployment"): a list (or a comma-separated string) of IP
/// addresses and CIDR ranges whose `X-Forwarded-For` `serve` believes. `--trusted-proxy` and
/// `GOLIVE_TRUSTED_PROXIES` replace it.
enum TrustedProxiesConfig {
    static func parse(_ node: Node, path: String) throws(GoLiveError) -> TrustedProxies {
        let values: [String]
        if let list = node.sequence {
            values = try list.map { item throws(GoLiveError) in try ConfigFile.scalar(item, "trusted_proxies", path) }
        } else {
            values = [try ConfigFile.scalar(node, "trusted_proxies", path)]
        }
        do {
            return try TrustedProxies(parsing: values)
        } catch let error as GoLiveError {
            throw ConfigFile.invalid(path, "trusted_proxies: \(error.message)")
        } catch {
            throw ConfigFile.invalid(path, "trusted_proxies: \(error)")
        }
    }
}
