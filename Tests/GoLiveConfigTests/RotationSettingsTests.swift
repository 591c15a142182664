import Foundation
import GoLiveConfig
import GoLiveCore
import Testing

@Suite("Configuration: secret rotation and the notification URL (issue 11)")
struct RotationSettingsTests {
    static let old = "old-secret-0123456789abcdef0123456789abcdef"
    static let new = "new-secret-fedcba9876543210fedcba9876543210"

    func resolver(_ env: [String: String], _ folder: TempFolder) -> SettingsResolver {
        SettingsResolver(
            environment: env.merging(["HOME": folder.url.path]) { a, _ in a }, currentDirectory: folder.url.path)
    }

    @Test("config: previous_webhook_secret_file, previous_secret_until (a day is 00:00 UTC), notification_url")
    func config() throws {
        let folder = try TempFolder()
        try folder.write("new.secret", Self.new)
        try folder.write("old.secret", Self.old + "\n")
        let config = try folder.write(
            "config.yaml",
            """
            sellers:
              - name: shop
                webhook_secret_file: new.secret
                previous_webhook_secret_file: old.secret
                previous_secret_until: 2026-12-01
                notification_url: https://shop.example/webhooks/mercadopago
            """, mode: 0o644)
        let settings = try resolver(["GOLIVE_CONFIG": config], folder).resolve(CommandLineSettings())
        #expect(settings.seller.webhookSecret?.exposedForTransport == Self.new)
        #expect(settings.seller.previousWebhookSecret?.exposedForTransport == Self.old)
        let until = try #require(settings.seller.previousSecretUntil)
        #expect(ISO8601DateFormatter().string(from: until) == "2026-12-01T00:00:00Z")
        #expect(settings.seller.acceptedPreviousSecret(at: until - 1)?.exposedForTransport == Self.old)
        #expect(settings.seller.acceptedPreviousSecret(at: until) == nil)
        #expect(settings.seller.notificationURL?.absoluteString == "https://shop.example/webhooks/mercadopago")
        // Never printed in full.
        #expect(!"\(settings.seller)".contains(Self.old))
    }

    @Test("environment: MP_WEBHOOK_SECRET_PREVIOUS_FILE refused when group/others can read it; _UNTIL parsed")
    func environment() throws {
        let folder = try TempFolder()
        let unsafe = try folder.write("old.secret", Self.old, mode: 0o640)
        do {
            _ = try resolver(["MP_WEBHOOK_SECRET": Self.new, "MP_WEBHOOK_SECRET_PREVIOUS_FILE": unsafe], folder)
                .resolve(CommandLineSettings())
            Issue.record("an unsafe previous-secret file was accepted")
        } catch {
            #expect(error.code == .configUnsafePermissions)
            #expect(error.description.contains("MP_WEBHOOK_SECRET_PREVIOUS_FILE") || error.description.contains(unsafe))
            #expect(!error.description.contains(Self.old))
        }
        let safe = try folder.write("old2.secret", Self.old, mode: 0o600)
        let settings = try resolver(
            [
                "MP_WEBHOOK_SECRET": Self.new, "MP_WEBHOOK_SECRET_PREVIOUS_FILE": safe,
                "MP_WEBHOOK_SECRET_PREVIOUS_UNTIL": "2026-12-01T12:00:00Z",
                "GOLIVE_NOTIFICATION_URL": "http://shop.example/hook",
            ], folder
        ).resolve(CommandLineSettings())
        #expect(settings.seller.previousWebhookSecret?.exposedForTransport == Self.old)
        #expect(
            settings.seller.previousSecretUntil.map { ISO8601DateFormatter().string(from: $0) }
                == "2026-12-01T12:00:00Z")
        #expect(settings.seller.notificationURL?.scheme == "http")  // accepted here; the check fails it
    }

    @Test("a malformed previous_secret_until is a clear config error")
    func badDate() throws {
        let folder = try TempFolder()
        #expect(throws: GoLiveError.self) {
            try resolver(
                [
                    "MP_WEBHOOK_SECRET": Self.new, "MP_WEBHOOK_SECRET_PREVIOUS": Self.old,
                    "MP_WEBHOOK_SECRET_PREVIOUS_UNTIL": "next tuesday",
                ], folder
            ).resolve(CommandLineSettings())
        }
    }
}
