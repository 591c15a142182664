import Foundation
import GoLiveConfig
import GoLiveCore
import Testing

@Suite("Configuration: retention and trusted proxies (issue 11)")
struct DataKeepConfigTests {
    func resolve(_ yaml: String) throws -> GoLiveSettings {
        let folder = try TempFolder()
        let config = try folder.write("config.yaml", yaml, mode: 0o644)
        return try SettingsResolver(
            environment: ["HOME": folder.url.path, "GOLIVE_CONFIG": config], currentDirectory: folder.url.path
        ).resolve(CommandLineSettings())
    }

    @Test("retention: and trusted_proxies: are read; absent, serve neither purges nor trusts anyone")
    func read() throws {
        let settings = try resolve(
            """
            retention:
              older_than_days: 90
              delete_after_days: 365
              every: 12h
            trusted_proxies: [127.0.0.1, "10.0.0.0/8"]
            """)
        #expect(
            settings.retention == RetentionSettings(olderThanDays: 90, deleteAfterDays: 365, every: .seconds(43_200)))
        #expect(settings.trustedProxies.trusts("10.1.2.3") && !settings.trustedProxies.trusts("192.168.0.1"))
        let policy = try #require(try settings.retention?.policy(now: Date(timeIntervalSince1970: 0)))
        #expect(policy.deleteAfterDays == 365)

        let defaults = try resolve("retention: {older_than_days: 30}\ntrusted_proxies: ::1\n")
        #expect(defaults.retention?.every == .seconds(86_400))
        #expect(try defaults.retention?.policy(now: Date()).deleteAfterDays == 60)
        #expect(defaults.trustedProxies.trusts("::1"))

        let none = try resolve("lang: en\n")
        #expect(none.retention == nil && none.trustedProxies == .none)
    }

    @Test("bad values are configuration errors that say what is wrong")
    func invalid() throws {
        for (yaml, words) in [
            ("retention: {delete_after_days: 10}", "older_than_days"),
            ("retention: {older_than_days: 30, delete_after_days: 10}", "shorter"),
            ("retention: {older_than_days: 0}", "whole number"),
            ("retention: {older_than_days: 30, every: 5m}", "at least 1h"),
            ("retention: {older_than_days: 30, keep: 1}", "unknown retention setting"),
            ("trusted_proxies: [10.0.0.0/40]", "prefix"),
        ] {
            do {
                _ = try resolve(yaml)
                Issue.record("accepted: \(yaml)")
            } catch let error as GoLiveError {
                #expect(error.code == .configInvalid && error.message.contains(words), "\(yaml): \(error.message)")
            }
        }
    }
}
