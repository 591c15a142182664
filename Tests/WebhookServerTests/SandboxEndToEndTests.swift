import AsyncHTTPClient
import Foundation
import GoLiveCore
import MercadoPagoSandbox
import NIOHTTP1
import StoreSQLite
import Testing

/// The Sandbox delivers signed webhooks to the real `golive serve`, which fetches each payment back from the
/// Sandbox and keeps the order current — with duplicates and out-of-order delivery switched on.
@Suite("Sandbox → golive serve, end to end", .serialized)
struct SandboxEndToEndTests {
    @Test("a payment's status changes in the Sandbox; the order's status follows in the store")
    func paymentStatusFollows() async throws {
        let account = try #require(MercadoPagoSandbox.account(named: "production"))
        let sandbox = MercadoPagoSandbox()
        let sandboxURL = try await sandbox.start()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("golive-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let storePath = home.appendingPathComponent("golive.sqlite").path
        let serve = try await ServeProcess.start(
            home: home, store: "sqlite:\(storePath)",
            environment: ["MP_ACCESS_TOKEN": account.accessToken, "MP_WEBHOOK_SECRET": account.webhookSecret],
            arguments: ["--api-base", sandboxURL.absoluteString])
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let store = try SQLiteStore(path: storePath)
        let reference = "ORDER-E2E-\(UUID().uuidString.prefix(8))"

        func waitForStatus(_ status: String) async throws -> ShopOrder? {
            for _ in 0..<200 {
                if let order = try await store.order(seller: "default", externalReference: reference),
                    order.status == status
                {
                    return order
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            return try await store.order(seller: "default", externalReference: reference)
        }

        do {
            await sandbox.configureWebhooks(
                WebhookSettings(
                    url: URL(string: "\(serve.url)/webhooks/mercadopago"), topics: ["payment"], duplicates: 1,
                    outOfOrder: true, outOfOrderWindow: 30, seed: 7, timeScale: 3600))
            let created = try await http(
                client, .POST, "\(sandboxURL.absoluteString)/_sandbox/payments",
                headers: [("Content-Type", "application/json")],
                body: Data(
                    #"{"seller":"production","payment":{"status":"pending","status_detail":"pending_waiting_payment","external_reference":"\#(reference)","transaction_amount":1500.5}}"#
                        .utf8))
            #expect(created.status == 201)
            let paymentID = try #require(try JSONValue.parse(Data(created.body.utf8))["id"].string)
            var order = try await waitForStatus("pending")
            #expect(order?.status == "pending")

            for status in ["approved", "refunded"] {
                let changed = try await http(
                    client, .POST, "\(sandboxURL.absoluteString)/_sandbox/payments/\(paymentID)/status",
                    headers: [("Content-Type", "application/json")], body: Data(#"{"status":"\#(status)"}"#.utf8))
                #expect(changed.status == 200 || changed.status == 201)
                order = try await waitForStatus(status)
                #expect(order?.status == status, "the order did not follow the payment to \(status)")
            }
            #expect(order?.paymentIDs == [paymentID])
            #expect(order?.amount == Decimal(string: "1500.5"))

            // Every delivery verified with the seller's secret; the Sandbox's duplicates were flagged.
            try await Task.sleep(for: .milliseconds(500))
            let stored = try await store.notifications(NotificationQuery(dataID: paymentID, limit: 100))
            #expect(!stored.isEmpty)
            #expect(stored.allSatisfy { $0.notification.signature == .valid })
            #expect(stored.contains { $0.duplicate })
            // A late, older delivery never took the order back.
            #expect(try await store.order(paymentID: paymentID)?.status == "refunded")
        } catch {
            Issue.record("\(error)")
        }
        _ = await serve.stop(signal: SIGTERM)
        try await client.shutdown()
        await sandbox.stop()
    }

    @Test("an Orders-API order: signed over the lower-cased id, fetched with /v1/orders/{id}, status follows")
    func ordersAPI() async throws {
        let account = try #require(MercadoPagoSandbox.account(named: "production"))
        let sandbox = MercadoPagoSandbox()
        let sandboxURL = try await sandbox.start()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("golive-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let storePath = home.appendingPathComponent("golive.sqlite").path
        let serve = try await ServeProcess.start(
            home: home, store: "sqlite:\(storePath)",
            environment: ["MP_ACCESS_TOKEN": account.accessToken, "MP_WEBHOOK_SECRET": account.webhookSecret],
            arguments: ["--api-base", sandboxURL.absoluteString])
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let store = try SQLiteStore(path: storePath)
        let reference = "ORDERS-E2E-\(UUID().uuidString.prefix(8))"
        do {
            await sandbox.configureWebhooks(
                WebhookSettings(
                    url: URL(string: "\(serve.url)/webhooks/mercadopago"), topics: ["order"], timeScale: 3600))
            let created = try await http(
                client, .POST, "\(sandboxURL.absoluteString)/_sandbox/orders",
                headers: [("Content-Type", "application/json")],
                body: Data(
                    #"{"seller":"production","order":{"status":"action_required","external_reference":"\#(reference)"}}"#
                        .utf8))
            #expect(created.status == 201)
            let orderID = try #require(try JSONValue.parse(Data(created.body.utf8))["id"].string)
            let changed = try await http(
                client, .POST, "\(sandboxURL.absoluteString)/_sandbox/orders/\(orderID)/status",
                headers: [("Content-Type", "application/json")], body: Data(#"{"status":"processed"}"#.utf8))
            #expect(changed.status == 200 || changed.status == 201)
            var order: ShopOrder?
            for _ in 0..<200 {
                order = try await store.order(seller: "default", externalReference: reference)
                if order?.status == "processed" { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(order?.status == "processed")
            #expect(order?.source == .order)
            #expect(order?.currency == "ARS")
            let stored = try await store.notifications(NotificationQuery(dataID: orderID, limit: 10))
            #expect(!stored.isEmpty)
            #expect(stored.allSatisfy { $0.notification.signature == .valid })
            #expect(stored.allSatisfy { $0.notification.signatureVariant == "lowercased" })
        } catch {
            Issue.record("\(error)")
        }
        _ = await serve.stop(signal: SIGTERM)
        try await client.shutdown()
        await sandbox.stop()
    }
}
