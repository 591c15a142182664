import AsyncHTTPClient
import Foundation
import GoLiveCore
import MercadoPagoSandbox
import NIOHTTP1
import StoreSQLite
import Testing
import WebhookServer

/// Secret rotation (issue 11): the Sandbox signs real webhooks with the old and the new secret; the receiver on
/// loopback, with a real SQLite file, accepts both during the overlap, says which matched, and refuses the old
/// one once `previous_secret_until` has passed.
@Suite("Secret rotation: Sandbox-signed webhooks, current and previous secret")
struct RotationTests {
    static let old = "rotated-out-secret-00112233445566778899aabbccddeeff"

    /// Sends one Sandbox-signed webhook to `url` with `secret`; returns the receiver's status.
    func send(
        _ client: HTTPClient, sandbox: URL, to url: String, id: Int, dataID: String, secret: String?,
        liveMode: Bool = true
    ) async throws -> Int? {
        var body: [String: JSONValue] = [
            "url": .string("\(url)/webhooks/mercadopago"), "type": "payment", "data_id": .string(dataID),
            "seller": "production", "id": .number(Decimal(id)), "live_mode": .bool(liveMode),
        ]
        if let secret { body["secret"] = .string(secret) }
        let answer = try await http(
            client, .POST, "\(sandbox.absoluteString)/_sandbox/notifications",
            headers: [("Content-Type", "application/json")], body: JSONValue.object(body).encoded())
        #expect(answer.status == 200, "the Sandbox refused the notification: \(answer.body)")
        return try JSONValue.parse(Data(answer.body.utf8))["status"].int64.map(Int.init)
    }

    @Test("overlap: the new secret is current, the old one previous; after the overlap the old one is refused")
    func rotation() async throws {
        let account = try #require(MercadoPagoSandbox.account(named: "production"))
        let current = Secret(account.webhookSecret)
        let sandbox = MercadoPagoSandbox()
        let sandboxURL = try await sandbox.start()
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let during = try await RunningReceiver.start(
            store: store,
            sellers: [
                ReceiverSeller(
                    name: "shop", userID: account.userID, secret: current, previousSecret: Secret(Self.old),
                    previousUntil: Date() + 3600)
            ])
        let after = try await RunningReceiver.start(
            store: store,
            sellers: [
                ReceiverSeller(
                    name: "shop", userID: account.userID, secret: current, previousSecret: Secret(Self.old),
                    previousUntil: Date() - 1)
            ])
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            // During the overlap: the old secret (a retry signed before the Reset) and the new one both verify.
            #expect(
                try await send(client, sandbox: sandboxURL, to: during.url, id: 9001, dataID: "71", secret: Self.old)
                    == 200)
            #expect(
                try await send(client, sandbox: sandboxURL, to: during.url, id: 9002, dataID: "72", secret: nil) == 200)
            // A secret that is neither: refused.
            #expect(
                try await send(client, sandbox: sandboxURL, to: during.url, id: 9003, dataID: "73", secret: "nope-0000")
                    == 401)
            // After the overlap: the old secret is refused and the rejected log says why; the new one still works.
            #expect(
                try await send(client, sandbox: sandboxURL, to: after.url, id: 9004, dataID: "74", secret: Self.old)
                    == 401)
            #expect(
                try await send(client, sandbox: sandboxURL, to: after.url, id: 9005, dataID: "75", secret: nil) == 200)

            let stored = try await store.notifications(NotificationQuery(limit: 10))
            let bySecret = Dictionary(
                uniqueKeysWithValues: stored.map { ($0.notification.dataID ?? "", $0.notification.secret) })
            #expect(bySecret["71"] == .previous)
            #expect(bySecret["72"] == .current)
            #expect(bySecret["75"] == .current)
            #expect(bySecret["74"] == nil && bySecret["73"] == nil)
            // `notifications --json` carries it.
            let json = String(
                decoding: try JSONEncoder().encode(stored.first { $0.notification.dataID == "71" }), as: UTF8.self)
            #expect(json.contains(#""secret":"previous""#))
            #expect(!json.contains(Self.old))

            // /metrics counts previous-secret matches.
            let metrics = try await http(client, .GET, "\(during.url)/metrics")
            #expect(metrics.body.contains("golive_notifications_previous_secret_total 1"))
            try await Task.sleep(for: .milliseconds(200))  // the rejected log is written after the answer
            let rejected = try await store.rejectedDeliveries(limit: 10)
            let expired = try #require(rejected.first { $0.dataID == "74" })
            #expect(expired.reason == .signatureMismatch)
            #expect(expired.detail?.contains("previous secret") == true)
            #expect(expired.detail?.contains(Self.old) == false)
        } catch {
            Issue.record("\(error)")
        }
        try? await client.shutdown()
        await during.stop()
        await after.stop()
        await sandbox.stop()
    }

    @Test("notifications.signature warns while the newest traffic verifies only with the previous secret")
    func check() async throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        var seller = SellerSettings(name: "shop", webhookSecret: Secret("new-secret-1234"))
        seller.previousWebhookSecret = Secret(Self.old)
        let now = Date()
        func note(_ id: String, _ secret: SecretGeneration, _ at: Date) -> IncomingNotification {
            IncomingNotification(
                kind: .webhook, notificationID: id, topic: "payment", dataID: id, liveMode: true, seller: "shop",
                signature: .valid, signatureVariant: "as_received", receivedAt: at, secret: secret)
        }
        let source = NotificationCheckSource(store: store)
        let context = CheckContext(seller: seller, sellerID: nil, gateway: nil, now: now)
        _ = try await store.recordNotifications([note("1", .current, now - 600), note("2", .previous, now - 60)])
        var result = try #require(await source.results(in: context).first { $0.id == .notificationsSignature })
        #expect(result.status == .warn)
        #expect(result.summary.contains("previous webhook secret"))
        #expect(result.actions.joined().contains("Finish the rotation"))
        #expect(!"\(result.details)".contains(Self.old))

        // The new secret verifies the newest traffic: pass, with the action to remove the old one.
        _ = try await store.recordNotifications([note("3", .current, now - 10)])
        result = try #require(await source.results(in: context).first { $0.id == .notificationsSignature })
        #expect(result.status == .pass)
        #expect(result.actions.joined().contains("Remove the previous secret"))
    }
}
