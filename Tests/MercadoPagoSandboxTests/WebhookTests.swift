import Foundation
import MercadoPagoSandbox
import Testing

/// Fast enough that the whole 24 h retry schedule passes in about 0.1 s.
private let fast = 1_000_000.0
/// The per-attempt deadline of tests that are not about the deadline: a time-scaled one drops to 1 s, and under
/// a full parallel run on 2 cores a loopback 500 once took longer, was logged as a timeout and changed the
/// schedule under test.
private let roomy: Duration = .seconds(8)

@Suite("Webhook delivery")
struct WebhookTests {
    @Test("A created payment is delivered as a signed payment.created webhook shaped as §5.3")
    func paymentCreated() async throws {
        try await withWebhooks { sandbox, client, receiver in
            let reply = try await client.createPayment(
                json: #"{"transaction_amount": 150, "payer": {"email": "a@example.com"}}"#)
            #expect(reply.status == 201)
            let paymentID = try #require(reply.object.int("id"))
            let request = try #require(try await receiver.waitFor(1).first)

            #expect(request.query["data.id"] == String(paymentID))
            #expect(request.query["type"] == "payment")
            let body = request.json
            #expect(body["type"] as? String == "payment")
            #expect(body["action"] as? String == "payment.created")
            #expect(body["api_version"] as? String == "v1")
            #expect(body["live_mode"] as? Bool == true)
            #expect((body["user_id"] as? NSNumber)?.int64Value == 240_112_233)
            #expect((body["data"] as? [String: Any])?["id"] as? String == String(paymentID))
            #expect(request.notificationID != nil)
            #expect(parseDate(body["date_created"] as? String) == fixedNow)

            let requestID = try #require(request.headers["x-request-id"])
            #expect(UUID(uuidString: requestID) != nil)
            let signature = try #require(request.headers["x-signature"])
            #expect(signature.hasPrefix("ts=\(Int(fixedNow.timeIntervalSince1970)),v1="))
            #expect(verifiedVariant(request, secret: productionSecret) == "as_received")
            #expect(verifiedVariant(request, secret: "another secret") == nil)

            _ = try await awaitDeliveries(sandbox, atLeast: 1)
            let deliveries = try await client.get("/_sandbox/deliveries").array
            #expect(deliveries.count == 1)
            #expect(deliveries.first?.int("status") == 200)
            #expect(deliveries.first?.int("attempt") == 1)
            #expect(deliveries.first?["delivered"] as? Bool == true)
        }
    }

    @Test("A status change is delivered as payment.updated, and its merchant order's webhook follows")
    func statusChange() async throws {
        try await withWebhooks { _, client, receiver in
            let payments = try await client.allPayments()
            let withOrder = try #require(
                payments.first { ($0.object("order")?["id"] as? NSNumber) != nil && $0.string("status") == "pending" }
                    ?? payments.first { ($0.object("order")?["id"] as? NSNumber) != nil })
            let paymentID = try #require(withOrder.int("id"))
            let orderID = try #require((withOrder.object("order")?["id"] as? NSNumber)?.int64Value)

            let reply = try await client.send(
                .post, "/_sandbox/payments/\(paymentID)/status", json: #"{"status": "refunded"}"#)
            #expect(reply.status == 200)
            #expect(reply.object.string("status") == "refunded")
            #expect(reply.object.string("status_detail") == "refunded")

            let requests = try await receiver.waitFor(2)
            #expect(requests.count == 2)
            let payment = try #require(requests.first { $0.query["type"] == "payment" })
            #expect(payment.query["data.id"] == String(paymentID))
            #expect(payment.json["action"] as? String == "payment.updated")
            let order = try #require(requests.first { $0.query["type"] == "topic_merchant_order_wh" })
            #expect(order.query["data.id"] == String(orderID))
            for request in requests {
                #expect(verifiedVariant(request, secret: productionSecret) == "as_received")
            }

            let unknown = try await client.send(.post, "/_sandbox/payments/1/status", json: #"{"status": "approved"}"#)
            #expect(unknown.status == 404)
            let bad = try await client.send(
                .post, "/_sandbox/payments/\(paymentID)/status", json: #"{"status": "paid"}"#)
            #expect(bad.status == 400)
        }
    }

    @Test("A failing receiver is retried on the time-scaled 15-minute schedule with the same notification id")
    func retriesAfterFailures() async throws {
        // 15 simulated minutes = 25 ms.
        let settings = WebhookSettings(timeScale: 36_000, deadline: roomy)
        try await withWebhooks(settings: settings, answer: { $0 < 2 ? .status(500) : .status(200) }) {
            sandbox, client, receiver in
            _ = try await client.send(.post, "/_sandbox/payments", json: #"{"payment": {"status": "pending"}}"#)
            let requests = try await receiver.waitFor(3)
            #expect(requests.count == 3)
            #expect(Set(requests.map(\.notificationID)).count == 1, "a retry is the same notification")
            #expect(
                Set(requests.compactMap { $0.headers["x-request-id"] }).count == 3, "each attempt its own request id")
            for (earlier, later) in zip(requests, requests.dropFirst()) {
                #expect(later.at - earlier.at >= .milliseconds(24))
            }
            try await Task.sleep(for: .milliseconds(100))
            #expect(receiver.requests.count == 3, "nothing after the 200")

            _ = try await awaitDeliveries(sandbox, atLeast: 3)
            let deliveries = try await client.get("/_sandbox/deliveries").array
            #expect(deliveries.compactMap { $0.int("attempt") } == [1, 2, 3])
            #expect(deliveries.compactMap { $0.int("status") } == [500, 500, 200])
            #expect(deliveries.compactMap { $0["scheduled_offset_s"] as? Double } == [0, 900, 1_800])
            #expect(deliveries.compactMap { $0["next_retry_s"] as? Double } == [900, 900])
        }
    }

    @Test("A receiver that never answers gets 9 attempts over 24 simulated hours, then no more")
    func fullSchedule() async throws {
        let settings = WebhookSettings(timeScale: fast, deadline: roomy)
        try await withWebhooks(settings: settings, answer: { _ in .status(503) }) { sandbox, client, receiver in
            _ = try await client.send(.post, "/_sandbox/payments", json: "{}")
            try await receiver.waitFor(9)
            let deliveries = try await awaitDeliveries(sandbox, atLeast: 9)
            try await Task.sleep(for: .milliseconds(200))
            #expect(receiver.requests.count == 9)
            #expect(
                deliveries.map(\.scheduledOffsetSeconds) == [
                    0, 900, 1_800, 3_600, 7_200, 14_400, 28_800, 57_600, 86_400,
                ])
            #expect(deliveries.last?.nextRetrySeconds == nil)
            #expect(deliveries.allSatisfy { $0.status == 503 && !$0.delivered })
        }
    }

    @Test("An attempt that exceeds the deadline counts as failed and is retried")
    func timeoutIsRetried() async throws {
        // A deadline well above what a loaded 2-core machine needs to answer the second attempt (all suites
        // run in parallel; with 2.5 s a full run once timed out the second attempt too): only the hanging first
        // attempt may time out.
        let settings = WebhookSettings(timeScale: fast, deadline: roomy)
        try await withWebhooks(settings: settings, answer: { $0 == 0 ? .hang : .status(201) }) {
            sandbox, client, receiver in
            _ = try await client.send(.post, "/_sandbox/payments", json: "{}")
            let deliveries = try await awaitDeliveries(sandbox, atLeast: 2)
            #expect(deliveries.count == 2)
            #expect(deliveries.first?.error == "timeout")
            #expect(deliveries.first?.status == nil)
            #expect((deliveries.first?.latencyMilliseconds ?? 0) >= 7_990)
            #expect(deliveries.last?.status == 201)
            #expect(deliveries.last?.delivered == true)
        }
    }

    @Test("The default deadline is 22 s scaled, never under 1 s")
    func deadlines() {
        #expect(WebhookSettings().effectiveDeadline == .seconds(22))
        #expect(WebhookSettings(timeScale: 2).effectiveDeadline == .seconds(11))
        #expect(WebhookSettings(timeScale: 3_600).effectiveDeadline == .seconds(1))
        #expect(WebhookSettings(deadline: .milliseconds(50)).effectiveDeadline == .milliseconds(50))
    }

    @Test("duplicates: 1 delivers every notification twice: same id, new request id")
    func duplicates() async throws {
        let settings = WebhookSettings(duplicates: 1, seed: 7, timeScale: fast, deadline: roomy)
        try await withWebhooks(settings: settings) { sandbox, client, receiver in
            _ = try await client.send(.post, "/_sandbox/payments", json: "{}")
            _ = try await client.send(.post, "/_sandbox/payments", json: "{}")
            let requests = try await receiver.waitFor(4)
            #expect(requests.count == 4)
            let byID = Dictionary(grouping: requests, by: { $0.notificationID ?? 0 })
            #expect(byID.count == 2)
            for (_, copies) in byID {
                #expect(copies.count == 2)
                #expect(Set(copies.compactMap { $0.headers["x-request-id"] }).count == 2)
                #expect(copies.allSatisfy { verifiedVariant($0, secret: productionSecret) != nil })
            }
            #expect(try await awaitDeliveries(sandbox, atLeast: 4).filter(\.duplicate).count == 2)
        }
    }

    @Test("out_of_order spreads first attempts so later changes overtake earlier ones")
    func outOfOrder() async throws {
        // 1200 simulated seconds over 1.2 s: far wider than the time the 8 changes take.
        let settings = WebhookSettings(
            outOfOrder: true, outOfOrderWindow: 1_200, seed: 3, timeScale: 1_000, deadline: roomy)
        try await withWebhooks(settings: settings) { _, client, receiver in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask { _ = try await client.send(.post, "/_sandbox/payments", json: "{}") }
                }
                try await group.waitForAll()
            }
            let requests = try await receiver.waitFor(8)
            // Notification ids are given in the order the changes happened.
            let arrived = requests.compactMap(\.notificationID)
            #expect(arrived.count == 8)
            #expect(arrived != arrived.sorted(), "with 8 changes spread over 1200 s some must arrive out of order")
        }
    }

    @Test("In order by default: a payment's created and updated arrive in the order they happened")
    func inOrderByDefault() async throws {
        try await withWebhooks { _, client, receiver in
            let id = try #require(try await client.send(.post, "/_sandbox/payments", json: "{}").object.int("id"))
            for status in ["in_process", "approved", "refunded"] {
                _ = try await client.send(.post, "/_sandbox/payments/\(id)/status", json: #"{"status": "\#(status)"}"#)
            }
            let requests = try await receiver.waitFor(4)
            #expect(
                requests.map { $0.json["action"] as? String } == [
                    "payment.created", "payment.updated", "payment.updated", "payment.updated",
                ])
            let ids = requests.compactMap(\.notificationID)
            #expect(ids == ids.sorted() && Set(ids).count == 4)
        }
    }

    @Test("The same seed gives the same request ids")
    func seedIsDeterministic() async throws {
        var runs: [[String]] = []
        for _ in 0..<2 {
            try await withWebhooks(settings: WebhookSettings(seed: 42)) { _, client, receiver in
                _ = try await client.send(.post, "/_sandbox/payments", json: "{}")
                _ = try await client.send(.post, "/_sandbox/payments", json: "{}")
                runs.append(try await receiver.waitFor(2).compactMap { $0.headers["x-request-id"] })
            }
        }
        #expect(runs.count == 2 && runs[0].count == 2)
        #expect(runs[0] == runs[1])
    }

    @Test("ts_unit milliseconds sends a 13-digit ts that still verifies")
    func millisecondTimestamps() async throws {
        try await withWebhooks(settings: WebhookSettings(timestampUnit: .milliseconds)) { _, client, receiver in
            _ = try await client.send(.post, "/_sandbox/payments", json: "{}")
            let request = try #require(try await receiver.waitFor(1).first)
            #expect(
                request.headers["x-signature"]?.hasPrefix("ts=\(Int64(fixedNow.timeIntervalSince1970 * 1000)),") == true
            )
            #expect(verifiedVariant(request, secret: productionSecret) == "as_received")
        }
    }

    @Test("IPN mode posts ?topic=…&id=… without a signature; both sends the two")
    func ipn() async throws {
        try await withWebhooks(settings: WebhookSettings(mode: .both)) { sandbox, client, receiver in
            let id = try #require(try await client.send(.post, "/_sandbox/payments", json: "{}").object.int("id"))
            let requests = try await receiver.waitFor(2)
            let ipn = try #require(requests.first { $0.query["topic"] != nil })
            #expect(ipn.query["topic"] == "payment")
            #expect(ipn.query["id"] == String(id))
            #expect(ipn.query["data.id"] == nil)
            #expect(ipn.headers["x-signature"] == nil)
            let webhook = try #require(requests.first { $0.query["type"] != nil })
            #expect(verifiedVariant(webhook, secret: productionSecret) != nil)

            await sandbox.configureWebhooks(
                WebhookSettings(url: await sandbox.webhookSettings().url, mode: .ipn))
            _ = try await client.send(.post, "/_sandbox/payments", json: "{}")
            try await receiver.waitFor(3)
            try await Task.sleep(for: .milliseconds(100))
            #expect(receiver.requests.count == 3)
            #expect(receiver.requests.last?.query["topic"] == "payment")
        }
    }

    @Test("use_notification_url: a payment's own notification_url wins, and its source_news picks the kind")
    func notificationURL() async throws {
        try await withWebhooks(settings: WebhookSettings(mode: .both, useNotificationURL: true)) {
            _, client, receiver in
            let own = try #require(
                try await client.get("/_sandbox/webhooks").object.string("url").map {
                    $0 + "?source_news=ipn&cliente=tienda"
                })
            let created = try await client.send(
                .post, "/_sandbox/payments", json: #"{"payment": {"notification_url": "\#(own)"}}"#)
            let id = try #require(created.object.int("id"))
            // Without one, the configured URL gets both kinds.
            _ = try await client.send(.post, "/_sandbox/payments", json: "{}")
            let requests = try await receiver.waitFor(3)
            try await Task.sleep(for: .milliseconds(100))
            #expect(receiver.requests.count == 3)
            let first = try #require(requests.first)
            #expect(first.query["topic"] == "payment" && first.query["id"] == String(id))
            #expect(first.query["cliente"] == "tienda" && first.query["source_news"] == "ipn")
            #expect(requests.dropFirst().allSatisfy { $0.query["cliente"] == nil })
        }
    }

    @Test("Orders API: GET /v1/orders/{id}, order webhooks signed over the lower-cased id")
    func orders() async throws {
        try await withWebhooks { _, client, receiver in
            let created = try await client.send(
                .post, "/_sandbox/orders",
                json: #"{"seller": "production", "amount": 120, "order": {"external_reference": "PEDIDO-77"}}"#)
            #expect(created.status == 201)
            let id = try #require(created.object.string("id"))
            #expect(id.hasPrefix("ORD01") && id.count == 29 && id == id.uppercased())
            #expect(created.object.string("total_paid_amount") == "120.00")

            let read = try await client.get("/v1/orders/\(id)", token: Token.production)
            #expect(read.status == 200)
            #expect(read.object.string("external_reference") == "PEDIDO-77")
            #expect(read.object.string("status") == "processed")
            #expect(try await client.get("/v1/orders/\(id)", token: Token.testUser).status == 404)
            #expect(try await client.get("/v1/orders/ORD01NOPE", token: Token.production).status == 404)

            let refunded = try await client.send(
                .post, "/_sandbox/orders/\(id)/status", json: #"{"status": "refunded"}"#)
            #expect(refunded.object.string("status") == "refunded")

            let requests = try await receiver.waitFor(2)
            #expect(requests.map { $0.json["action"] as? String } == ["order.processed", "order.refunded"])
            for request in requests {
                #expect(request.query["type"] == "order")
                #expect(request.query["data.id"] == id)
                #expect(verifiedVariant(request, secret: productionSecret) == "lowercased")
                let data = request.json["data"] as? [String: Any]
                #expect(data?["external_reference"] as? String == "PEDIDO-77")
            }
        }
    }

    @Test("Stopping the sandbox cancels pending retries and hanging attempts promptly")
    func stopsCleanly() async throws {
        let receiver = WebhookReceiver(answer: { _ in .hang })
        let target = try await receiver.start()
        let sandbox = MercadoPagoSandbox(
            options: SandboxOptions(now: { fixedNow }, webhooks: WebhookSettings(url: target)))
        let client = SandboxClient(baseURL: try await sandbox.start())
        _ = try await client.send(.post, "/_sandbox/payments", json: "{}")
        try await receiver.waitFor(1)
        let started = ContinuousClock.now
        await sandbox.stop()
        // Well under the attempt's 22 s deadline it would otherwise wait for; not a speed test (loaded 2-core
        // machines took over 5 s here).
        #expect(ContinuousClock.now - started < .seconds(15))
        let count = receiver.requests.count
        try await Task.sleep(for: .milliseconds(100))
        #expect(receiver.requests.count == count)
        await receiver.stop()
    }
}
