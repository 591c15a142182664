import Foundation
import GoLiveCore
import LoopbackHTTPS
import MercadoPagoSandbox
import Synchronization
import Testing

/// `golive check` against a Sandbox measures `notifications.url` through the Sandbox's `POST /_sandbox/simulate`
/// (issue 11): the real binary, an in-process Sandbox trusting the test's root, a real HTTPS receiver.
@Suite("golive check: notifications.url through the Sandbox")
struct NotificationURLCommandTests {
    @Test("against a Sandbox API base the Sandbox delivers and times the test notification (measured_by sandbox)")
    func measuredThroughTheSandbox() async throws {
        let root = try GeneratedCertificate.root(commonName: "golive url-check cli root")
        let leaf = try root.leaf(names: ["127.0.0.1", "localhost"])
        let received = ReceivedCount()
        let receiver = try await LoopbackServer.start(tls: .init(chainPEM: [leaf.pem], keyPEM: leaf.keyPEM)) {
            method, _ in
            if method == "POST" { received.add() }
            return LoopbackServer.Response(status: method == "POST" ? 200 : 405)
        }
        let sandbox = MercadoPagoSandbox(options: SandboxOptions(trustRootsPEM: [root.pem]))
        let base = try await sandbox.start()
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let account = try #require(MercadoPagoSandbox.account(named: "production"))
        let run = try await binary.run(
            ["check", "--json", "--api-base", base.absoluteString],
            environment: [
                "MP_ACCESS_TOKEN": account.accessToken, "MP_WEBHOOK_SECRET": account.webhookSecret,
                "GOLIVE_NOTIFICATION_URL": "https://127.0.0.1:\(receiver.port)/webhooks/mercadopago",
                "GOLIVE_STORE": "sqlite:" + binary.home.appendingPathComponent("golive.sqlite").path,
            ])
        let attempts = await sandbox.webhookDeliveries()
        await sandbox.stop()
        await receiver.stop()
        let checks = try JSONValue.parse(Data(run.stdout.utf8))["checks"].array
        let url = try #require(checks.first { $0["id"].string == "notifications.url" }, "\(run.all)")
        #expect(url["status"].string == "pass", "\(url)")
        #expect(url["details"]["measured_by"].string == "sandbox")
        #expect(url["details"]["status_code"].int64 == 200)
        #expect(received.value == 1, "one test notification, delivered by the Sandbox")
        #expect(attempts.contains { $0.topic == "golive_url_check" && $0.status == 200 && $0.signature != nil })
    }
}

/// Requests a loopback handler saw.
final class ReceivedCount: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
