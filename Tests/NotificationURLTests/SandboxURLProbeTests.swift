import Foundation
import GoLiveCore
import Logging
import LoopbackHTTPS
import MercadoPagoSandbox
import NotificationURLProbe
import ServiceLifecycle
import StoreSQLite
import Testing
import WebhookServer

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `notifications.url` measured end to end through the Sandbox (issue 11): the Sandbox's `POST /_sandbox/simulate`
/// delivers the signed test webhook to a real HTTPS receiver (a certificate generated here, trusted by the Sandbox
/// through `SandboxOptions.trustRootsPEM`) and reports its status and latency; the check judges them with the
/// standard thresholds (warn above 5 s, fail at 22 s — Mercado Pago's deadline).
@Suite("notifications.url through the Sandbox")
struct SandboxURLProbeTests {
    @Test("fast passes, 6 s warns, 25 s fails at 22 s — measured by the Sandbox with Mercado Pago's deadline")
    func latencyThroughTheSandbox() async throws {
        let world = try NotificationURLTests.World()
        let account = try #require(MercadoPagoSandbox.account(named: "production"))
        let sandbox = MercadoPagoSandbox(options: SandboxOptions(trustRootsPEM: [world.root.pem]))
        let base = try await sandbox.start()
        let fast = try await world.server()
        let slow = try await world.server(delay: .seconds(6))
        let tooSlow = try await world.server(delay: .seconds(25))
        func check(_ port: Int) async -> CheckResult {
            var seller = SellerSettings(name: "production", webhookSecret: Secret(account.webhookSecret))
            seller.notificationURL = URL(string: "https://127.0.0.1:\(port)/webhooks/mercadopago")
            let probe = SandboxURLProbe(sandbox: base, fallback: world.probe)
            return await NotificationURLCheckSource(probe: probe).results(
                in: CheckContext(seller: seller, sellerID: account.userID, gateway: nil, now: Date()))[0]
        }
        async let passed = check(fast.port)
        async let warned = check(slow.port)
        async let failed = check(tooSlow.port)
        let (good, late, lost) = await (passed, warned, failed)
        await fast.stop()
        await slow.stop()
        await tooSlow.stop()
        let attempts = await sandbox.webhookDeliveries()
        await sandbox.stop()

        #expect(good.status == .pass, "\(good.summary)")
        #expect(good.details["measured_by"] == .string("sandbox"))
        #expect(good.details["status_code"] == .number(200))
        #expect(good.details["signed"] == .bool(true))
        #expect(good.details["measurement"]?.string?.contains("/_sandbox/simulate") == true)

        #expect(late.status == .warn, "\(late.summary)")
        let lateMS = late.details["latency_ms"]?.int64 ?? 0
        #expect(lateMS >= 6_000 && lateMS < 21_000, "\(lateMS)")

        #expect(lost.status == .fail, "\(lost.summary)")
        #expect(lost.summary.contains("did not answer within 22 s"))
        let lostMS = lost.details["latency_ms"]?.int64 ?? 0
        #expect(lostMS >= 21_900 && lostMS < 25_000, "the Sandbox gave up at its 22 s deadline: \(lostMS) ms")
        #expect(lost.details["error"]?.string?.hasPrefix("timeout") == true)

        // The Sandbox signed each like a real notification, harmless (nothing to fetch, test mode), never retried.
        let simulated = attempts.filter { $0.topic == "golive_url_check" }
        #expect(simulated.count == 3)
        #expect(simulated.allSatisfy { $0.custom && $0.signature?.contains("v1=") == true && $0.attempt == 1 })
    }

    @Test(
        "the route refuses bad input; against Mercado Pago itself, or a base without the route, the direct probe is used"
    )
    func routeAndFallback() async throws {
        #expect(!SandboxURLProbe.isSandbox(apiBase: URL(string: "https://api.mercadopago.com")!))
        #expect(SandboxURLProbe.isSandbox(apiBase: URL(string: "http://127.0.0.1:8080")!))
        let world = try NotificationURLTests.World()
        let sandbox = MercadoPagoSandbox(options: SandboxOptions(trustRootsPEM: [world.root.pem]))
        let base = try await sandbox.start()
        let receiver = try await world.server()
        let url = "https://127.0.0.1:\(receiver.port)/webhooks/mercadopago"
        // The route itself: the panel's fields, a deadline, and what the URL answered.
        let answer = try await post(
            base.appendingPathComponent("_sandbox/simulate"), #"{"url":"\#(url)","type":"payment","data_id":"999"}"#)
        #expect(answer.status == 200)
        #expect(answer.json["status"].int64 == 200)
        #expect(answer.json["delivered"].bool == true)
        #expect(answer.json["deadline_ms"].int64 == 22_000)
        #expect(answer.json["live_mode"].bool == false)
        #expect(answer.json["latency_ms"].decimal != nil)
        let missing = try await post(base.appendingPathComponent("_sandbox/simulate"), #"{"type":"payment"}"#)
        #expect(missing.status == 400)
        let unknown = try await post(
            base.appendingPathComponent("_sandbox/simulate"), #"{"url":"\#(url)","retry":true}"#)
        #expect(unknown.status == 400)
        #expect(unknown.json["message"].string?.contains("retry") == true)
        await sandbox.stop()

        // A base without the route (404): the fallback, golive's own probe, measures.
        let notSandbox = try await LoopbackServer.start(tls: nil) { _, _ in LoopbackServer.Response(status: 404) }
        let probe = SandboxURLProbe(
            sandbox: try #require(URL(string: "http://127.0.0.1:\(notSandbox.port)")), fallback: world.probe)
        let observation = await probe.probe(
            url: try #require(URL(string: url)),
            seller: SellerSettings(name: "shop", webhookSecret: Secret("s3cr3t-0123456789")),
            sellerID: nil, timeout: 20)
        await notSandbox.stop()
        await receiver.stop()
        #expect(observation.measuredBy == "golive")
        #expect(observation.statusCode == 200)
    }

    func post(_ url: URL, _ body: String) async throws -> (status: Int, json: JSONValue) {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, (try? JSONValue.parse(data)) ?? .null)
    }
}
