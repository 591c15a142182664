import GoLiveCore
import Yams

/// The `backfill:` section of the config file (issue 11):
///
/// ```yaml
/// backfill:
///   enabled: true     # default true: `golive serve` sweeps every seller with an access token
///   every: 10m        # how often (default 10m; at least 1m)
///   lookback: 2h      # how far back the first sweep of a seller looks (default 2h)
///   overlap: 10m      # each sweep re-reads this much before the previous sweep's mark (default 10m)
///   page_size: 100    # payments per search page (1…1000)
///   settle: 30s       # leave changes younger than this to the next sweep (default 0; at most 1h)
/// ```
enum BackfillConfig {
    static let keys: Set<String> = ["enabled", "every", "lookback", "overlap", "page_size", "settle"]

    static func parse(_ node: Node, path: String) throws(GoLiveError) -> BackfillSettings {
        guard let mapping = node.mapping else {
            throw ConfigFile.invalid(
                path, "backfill must be a mapping (every, lookback, overlap, enabled, page_size, settle)")
        }
        var settings = BackfillSettings()
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard keys.contains(key) else {
                throw ConfigFile.invalid(
                    path, "unknown backfill setting \"\(key)\" (known: \(keys.sorted().joined(separator: ", ")))")
            }
            let text = try ConfigFile.scalar(value, "backfill.\(key)", path)
            switch key {
            case "enabled":
                guard let flag = Bool(text.lowercased()) else {
                    throw ConfigFile.invalid(path, "backfill.enabled must be true or false")
                }
                settings.enabled = flag
            case "page_size":
                guard let size = Int(text), (1...1000).contains(size) else {
                    throw ConfigFile.invalid(path, "backfill.page_size must be from 1 to 1000")
                }
                settings.pageSize = size
            default:
                guard let duration = HumanDuration.parse(text) else {
                    throw ConfigFile.invalid(path, "backfill.\(key) must be a duration such as 90s, 10m, 2h or 1d")
                }
                switch key {
                case "every":
                    guard duration >= .seconds(60) else {
                        throw ConfigFile.invalid(path, "backfill.every must be at least 1m")
                    }
                    settings.every = duration
                case "lookback": settings.lookback = duration
                case "settle":
                    guard duration <= .seconds(3600) else {
                        throw ConfigFile.invalid(path, "backfill.settle must be at most 1h")
                    }
                    settings.settle = duration
                default: settings.overlap = duration
                }
            }
        }
        return settings
    }
}
