import AsyncHTTPClient
import Foundation
import GoLiveCore
import MercadoPagoSandbox
import NIOHTTP1
import StoreSQLite
import Testing
import WebhookServer

/// Issue 11: test-mode traffic (`live_mode=false`) is kept apart from production: the Sandbox delivers both to the
/// receiver; `golive notifications` (the real binary) hides test mode by default, `--test-mode` shows only it,
/// `--all` both; `notifications.receiving` counts live traffic only.
@Suite("Test-mode notifications apart from production")
struct TestModeTests {
    @Test("Sandbox deliveries with live_mode true/false; listings and notifications.receiving keep them apart")
    func separation() async throws {
        let account = try #require(MercadoPagoSandbox.account(named: "production"))
        let sandbox = MercadoPagoSandbox()
        let sandboxURL = try await sandbox.start()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("golive-testmode-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let path = home.appendingPathComponent("golive.sqlite").path
        let store = try SQLiteStore(path: path)
        let receiver = try await RunningReceiver.start(
            store: store,
            sellers: [ReceiverSeller(name: "default", userID: nil, secret: Secret(account.webhookSecret))])
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let seller = SellerSettings(name: "default", webhookSecret: Secret(account.webhookSecret))
            let source = NotificationCheckSource(store: store)
            try await store.recordReceiverHeartbeat(listen: "127.0.0.1:1", at: Date())
            func receiving() async throws -> CheckResult {
                try #require(
                    await source.results(in: CheckContext(seller: seller, sellerID: nil, gateway: nil, now: Date()))
                        .first { $0.id == .notificationsReceiving })
            }
            // A simulation from the panel's test URL: test mode only — receiving has no production traffic yet.
            for (id, live) in [(8001, false), (8002, false)] {
                let sent = try await http(
                    client, .POST, "\(sandboxURL.absoluteString)/_sandbox/notifications",
                    headers: [("Content-Type", "application/json")],
                    body: JSONValue.object([
                        "url": .string("\(receiver.url)/webhooks/mercadopago"), "type": "payment",
                        "data_id": .string("\(id)"), "seller": "production", "id": .number(Decimal(id)),
                        "live_mode": .bool(live),
                    ]).encoded())
                #expect(try JSONValue.parse(Data(sent.body.utf8))["status"].int64 == 200)
            }
            var result = try await receiving()
            #expect(result.status == .unknown)
            #expect(result.details["test_mode_in_window"] == .number(2))
            // Production traffic: a webhook and an IPN (whose live_mode is unknown: production).
            let live = try await http(
                client, .POST, "\(sandboxURL.absoluteString)/_sandbox/notifications",
                headers: [("Content-Type", "application/json")],
                body: JSONValue.object([
                    "url": .string("\(receiver.url)/webhooks/mercadopago"), "type": "payment", "data_id": "8003",
                    "seller": "production", "id": 8003, "live_mode": true,
                ]).encoded())
            #expect(try JSONValue.parse(Data(live.body.utf8))["status"].int64 == 200)
            let ipn = try await http(client, .POST, "\(receiver.url)/webhooks/mercadopago?topic=payment&id=8004")
            #expect(ipn.status == 200)
            result = try await receiving()
            #expect(result.status == .pass)
            #expect(result.details["received_in_window"] == .number(2))

            func listed(_ flags: [String]) async throws -> [String] {
                let run = try await runGoLive(
                    ["notifications", "--json", "--store", "sqlite:\(path)"] + flags, home: home, environment: [:])
                #expect(run.status == 0, "\(run.stderr)")
                return try JSONValue.parse(Data(run.stdout.utf8)).array.compactMap { $0["data_id"].string }.sorted()
            }
            #expect(try await listed([]) == ["8003", "8004"])
            #expect(try await listed(["--test-mode"]) == ["8001", "8002"])
            #expect(try await listed(["--all"]) == ["8001", "8002", "8003", "8004"])
            let both = try await runGoLive(
                ["notifications", "--test-mode", "--all", "--store", "sqlite:\(path)"], home: home, environment: [:])
            #expect(both.status == 2)
            #expect(try await store.testModeCount(seller: "default") == 2)
        } catch {
            Issue.record("\(error)")
        }
        try? await client.shutdown()
        await receiver.stop()
        await sandbox.stop()
    }
}
