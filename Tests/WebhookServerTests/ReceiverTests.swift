import AsyncHTTPClient
import Foundation
import GoLiveCore
import NIOHTTP1
import StoreSQLite
import Testing
import WebhookServer
import WebhookSignature

@Suite("Receiver over HTTP")
struct ReceiverTests {
    let secret = Secret("receiver-test-secret-0123456789abcdef")

    @Test("signed webhook 200, unsigned/tampered 401 and logged, IPN unsigned, 400 malformed, 413 answered")
    func statuses() async throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await RunningReceiver.start(
            store: store, sellers: [ReceiverSeller(name: "shop", userID: 7, secret: secret)], bodyLimit: 4096)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let good = signedDelivery(
                base: server.url, notificationID: "1001", dataID: "555", userID: 7, secret: secret)
            var answer = try await http(client, .POST, good.url, headers: good.headers, body: good.body)
            #expect(answer.status == 200)
            #expect(answer.body.contains(#""duplicate":false"#))
            // The same delivery again: stored, flagged.
            answer = try await http(client, .POST, good.url, headers: good.headers, body: good.body)
            #expect(answer.status == 200)
            #expect(answer.body.contains(#""duplicate":true"#))
            // No signature at all.
            answer = try await http(client, .POST, good.url, body: good.body)
            #expect(answer.status == 401)
            #expect(answer.body.contains("missing_signature"))
            // Tampered: the signature of 555 on data.id 556.
            answer = try await http(
                client, .POST, good.url.replacingOccurrences(of: "555", with: "556"), headers: good.headers,
                body: good.body)
            #expect(answer.status == 401)
            #expect(answer.body.contains("signature_mismatch"))
            // IPN: accepted as unsigned.
            answer = try await http(client, .POST, "\(server.url)/webhooks/mercadopago?topic=payment&id=777")
            #expect(answer.status == 200)
            answer = try await http(
                client, .POST, "\(server.url)/webhooks/mercadopago?data.id=1&type=payment", headers: good.headers,
                body: Data("{not json".utf8))
            #expect(answer.status == 400)
            // Too large: answered 413, and the connection still works afterwards.
            answer = try await http(
                client, .POST, good.url, headers: good.headers, body: Data(repeating: UInt8(ascii: "a"), count: 20_000))
            #expect(answer.status == 413)
            answer = try await http(client, .GET, "\(server.url)/healthz")
            #expect(answer.status == 200)
            #expect(answer.body.contains(#""store":"writable""#))
            let metrics = try await http(client, .GET, "\(server.url)/metrics")
            #expect(metrics.body.contains(#"golive_notifications_rejected_total{reason="signature_mismatch"} 1"#))
            #expect(metrics.body.contains("golive_notifications_duplicates_total 1"))
            #expect(metrics.body.contains("golive_store_commit_seconds_count"))
        } catch {
            Issue.record("\(error)")
        }
        try await client.shutdown()
        await server.stop()

        let stored = try await store.notifications(NotificationQuery(limit: 10))
        #expect(stored.map(\.notification.signature) == [.unsigned, .valid, .valid])
        #expect(stored.last?.notification.signatureVariant == "as_received")
        #expect(stored.last?.notification.seller == "shop")
        #expect(stored.first?.notification.notificationID == "ipn:payment:777")
        // The rejected log is written after the answer; give it a moment.
        var reasons: [String] = []
        for _ in 0..<50 {
            reasons = try await store.rejectedDeliveries(limit: 10).map(\.reason.rawValue)
            if reasons.count == 4 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(Set(reasons) == ["missing_signature", "signature_mismatch", "malformed_json", "body_too_large"])
    }

    @Test("a store that cannot commit gets 503 (so Mercado Pago retries) and /healthz says so; then it recovers")
    func storeFailure() async throws {
        let (sqlite, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = SwitchableStore(sqlite)
        let server = try await RunningReceiver.start(
            store: store, sellers: [ReceiverSeller(name: "shop", userID: 7, secret: secret)])
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            store.setFailing(true)
            let delivery = signedDelivery(base: server.url, notificationID: "9", dataID: "42", secret: secret)
            var answer = try await http(client, .POST, delivery.url, headers: delivery.headers, body: delivery.body)
            #expect(answer.status == 503)
            answer = try await http(client, .GET, "\(server.url)/healthz")
            #expect(answer.status == 503)
            store.setFailing(false)
            answer = try await http(client, .POST, delivery.url, headers: delivery.headers, body: delivery.body)
            #expect(answer.status == 200)
            #expect(answer.body.contains(#""duplicate":false"#))
            answer = try await http(client, .GET, "\(server.url)/healthz")
            #expect(answer.status == 200)
        } catch {
            Issue.record("\(error)")
        }
        try await client.shutdown()
        await server.stop()
        #expect(try await sqlite.notifications(NotificationQuery(limit: 10)).count == 1)
    }

    @Test("with two sellers, the body's user_id picks the secret; otherwise every secret is tried")
    func twoSellers() async throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let other = Secret("second-seller-secret-0123456789abcd")
        let server = try await RunningReceiver.start(
            store: store,
            sellers: [
                ReceiverSeller(name: "shop", userID: 7, secret: secret),
                ReceiverSeller(name: "outlet", userID: 8, secret: other),
            ])
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let claimed = signedDelivery(base: server.url, notificationID: "a", dataID: "1", userID: 8, secret: other)
            #expect(
                try await http(client, .POST, claimed.url, headers: claimed.headers, body: claimed.body).status == 200)
            let anonymous = signedDelivery(base: server.url, notificationID: "b", dataID: "2", secret: other)
            #expect(
                try await http(client, .POST, anonymous.url, headers: anonymous.headers, body: anonymous.body).status
                    == 200)
            // Claims seller 7 but is signed with seller 8's secret: refused.
            let wrong = signedDelivery(base: server.url, notificationID: "c", dataID: "3", userID: 7, secret: other)
            #expect(try await http(client, .POST, wrong.url, headers: wrong.headers, body: wrong.body).status == 401)
        } catch {
            Issue.record("\(error)")
        }
        try await client.shutdown()
        await server.stop()
        let stored = try await store.notifications(NotificationQuery(limit: 10))
        #expect(stored.map(\.notification.seller) == ["outlet", "outlet"])
    }
}
