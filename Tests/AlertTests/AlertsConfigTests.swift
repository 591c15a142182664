import Foundation
import GoLiveConfig
import GoLiveCore
import Testing

@Suite struct AlertsConfigTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("alerts-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func resolve(_ yaml: String, mode: Int = 0o600) throws(GoLiveError) -> GoLiveSettings {
        let path = folder.appendingPathComponent("config-\(UUID().uuidString).yaml").path
        _ = FileManager.default.createFile(
            atPath: path, contents: Data(yaml.utf8), attributes: [.posixPermissions: mode])
        return try SettingsResolver(environment: ["HOME": folder.path], currentDirectory: folder.path)
            .resolve(CommandLineSettings(configFile: path))
    }

    func failure(_ yaml: String, mode: Int = 0o600) -> GoLiveError? {
        do {
            _ = try resolve(yaml, mode: mode)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesEverySetting() throws {
        let settings = try resolve(
            """
            alerts:
              webhook_url: https://hooks.slack.com/services/T0001/B0002/abcdefghijklmnopWXYZ
              command: ["/usr/local/bin/page", "--team", "shop"]
              timeout_seconds: 7
              certificate_days: 21
              silence_minutes: 45
              business_hours: ["mon-fri 09:00-18:00", "sat 10:00-13:00"]
              timezone: America/Argentina/Buenos_Aires
              rejections: {threshold: 4, window_minutes: 20}
              recovery_minutes: 3
            """)
        let alerts = try #require(settings.alerts)
        #expect(alerts.command == ["/usr/local/bin/page", "--team", "shop"])
        #expect(alerts.timeout == .seconds(7))
        #expect(alerts.certificateDays == 21 && alerts.silenceMinutes == 45 && alerts.recoveryMinutes == 3)
        #expect(alerts.rejectionsThreshold == 4 && alerts.rejectionsWindowMinutes == 20)
        #expect(alerts.businessHours?.windows.count == 2)
        #expect(alerts.businessHours?.timeZone.identifier == "America/Argentina/Buenos_Aires")
        #expect(alerts.targetNames == ["webhook", "command"])
        #expect(alerts.maskedWebhookURL == "https://hooks.slack.com/…WXYZ")
        #expect(!"\(alerts)".contains("abcdefghijklmnop"))
    }

    @Test func defaultsWithOnlyATarget() throws {
        let alerts = try #require(try resolve("alerts:\n  command: [/bin/true]\n").alerts)
        #expect(alerts.certificateDays == 14 && alerts.silenceMinutes == 60 && alerts.businessHours == nil)
        #expect(try resolve("store: sqlite:/tmp/x.sqlite\n").alerts == nil)
    }

    @Test func badSectionsAreUsageErrorsThatNeverShowTheHook() throws {
        let hook = "https://hooks.slack.com/services/T0001/B0002/abcdefghijklmnopWXYZ"
        let cases = [
            "alerts:\n  certificate_days: 10\n",  // no target
            "alerts:\n  command: /bin/notify --x\n",  // not a list
            "alerts:\n  command: []\n",
            "alerts:\n  webhook_url: ftp://\(hook.dropFirst(8))\n",
            "alerts:\n  webhook_url: \(hook)\n  silence_minutes: soon\n",
            "alerts:\n  webhook_url: \(hook)\n  business_hours: weekdays\n",
            "alerts:\n  webhook_url: \(hook)\n  business_hours: mon-fri 09:00-18:00\n  timezone: Mars/Base\n",
            "alerts:\n  webhook_url: \(hook)\n  timezone: UTC\n",
            "alerts:\n  webhook_url: \(hook)\n  rejections: {limit: 3}\n",
            "alerts:\n  webhook_url: \(hook)\n  pager: yes\n",
            "alerts: [1, 2]\n",
        ]
        for yaml in cases {
            let error = try #require(failure(yaml), "\(yaml)")
            #expect(error.isUsageError, "\(yaml)")
            #expect(error.message.contains("alerts"), "\(error.message)")
            #expect(!error.description.contains("abcdefghijklmnop"), "\(error.description)")
        }
        // A hook inline in a config others can read: refused like an inline token.
        let unsafe = try #require(failure("alerts:\n  webhook_url: \(hook)\n", mode: 0o644))
        #expect(unsafe.isUsageError)
        #expect(!unsafe.description.contains("abcdefghijklmnop"))
    }
}
