import Foundation
import GoLiveCore
import StoreSQLite
import Synchronization
import Testing

@Suite("Notification parsing")
struct NotificationParserTests {
    func parse(_ query: String?, _ body: String) -> Result<NotificationParser.Parsed, RejectionReason> {
        NotificationParser.parse(query: QueryItems(query), body: Data(body.utf8))
    }

    @Test("a webhook: ids from the query, the rest from the body; unknown fields and nulls ignored")
    func webhook() throws {
        let parsed = try parse(
            "data.id=ORD01JQ4S4KY8HWQ6NA5PXB65B3D3&type=order",
            #"{"id": 12345, "type": "order", "action": "order.processed", "user_id": "44444", "live_mode": true, "data": {"id": "ORD01JQ4S4KY8HWQ6NA5PXB65B3D3", "status": null}, "extra": [1]}"#
        ).get()
        #expect(parsed.kind == .webhook)
        #expect(parsed.notificationID == "12345")
        #expect(parsed.topic == "order")
        #expect(parsed.dataID == "ORD01JQ4S4KY8HWQ6NA5PXB65B3D3")
        #expect(parsed.queryDataID == parsed.dataID)
        #expect(parsed.userID == 44444)
        #expect(parsed.action == "order.processed")
    }

    @Test("IPN by query (any body), and by body resource; both get ipn:TOPIC:ID")
    func ipn() throws {
        let byQuery = try parse("topic=merchant_order&id=987", "not json at all").get()
        #expect(byQuery.kind == .ipn)
        #expect(byQuery.notificationID == "ipn:merchant_order:987")
        #expect(byQuery.queryDataID == nil)
        let byBody = try parse(
            nil, #"{"resource": "https://api.mercadolibre.com/merchant_orders/555", "topic": "merchant_order"}"#
        ).get()
        #expect(byBody.notificationID == "ipn:merchant_order:555")
        #expect(byBody.dataID == "555")
    }

    @Test("a webhook without a body id gets a stable derived id; nothing to fetch or bad JSON is refused")
    func edges() throws {
        let derived = try parse(nil, #"{"type": "payment", "action": "payment.updated", "data": {"id": 7}}"#).get()
        #expect(derived.notificationID == "webhook:payment:7:payment.updated:-")
        #expect(derived.queryDataID == nil)
        #expect(parse("data.id=1&type=payment", "{oops") == .failure(.malformedJSON))
        #expect(parse(nil, "{}") == .failure(.missingResource))
        #expect(parse("data.id=1&type=payment", "").map(\.dataID) == .success("1"))
        // Numeric ids stay numbers (never "true"), big ones exact; a boolean where a flag belongs.
        let numeric = try parse(
            nil,
            #"{"id": 1, "type": "payment", "user_id": 123456789012, "live_mode": false, "data": {"id": 98765432101}}"#
        ).get()
        #expect(numeric.notificationID == "1")
        #expect(numeric.dataID == "98765432101")
        #expect(numeric.userID == 123_456_789_012)
        #expect(numeric.liveMode == false)
        let stringy = try parse(
            nil, #"{"id": "77", "type": "payment", "user_id": "44", "live_mode": "true", "data": {"id": "5"}}"#
        ).get()
        #expect(stringy.userID == 44)
        #expect(stringy.liveMode == true)
    }
}

@Suite("Notification checks")
struct NotificationCheckTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let seller = SellerSettings(name: "shop", webhookSecret: Secret("check-secret-0123456789abcdef"))

    @Test("receiving: unknown before traffic, fail without a receiver, warn when stale, pass when recent")
    func receiving() {
        func status(_ summary: NotificationSummary) -> CheckStatus {
            NotificationCheckSource.receiving(summary, seller: seller, window: 86400, heartbeatWindow: 120, now: now)
                .status
        }
        #expect(status(NotificationSummary()) == .unknown)
        #expect(status(NotificationSummary(receiverHeartbeat: now - 5)) == .unknown)
        #expect(status(NotificationSummary(lastReceivedAt: now - 60, received: 1)) == .fail)
        #expect(
            status(NotificationSummary(lastReceivedAt: now - 60, received: 1, receiverHeartbeat: now - 600)) == .fail)
        #expect(status(NotificationSummary(lastReceivedAt: now - 200_000, receiverHeartbeat: now - 5)) == .warn)
        #expect(status(NotificationSummary(lastReceivedAt: now - 60, received: 3, receiverHeartbeat: now - 5)) == .pass)
    }

    @Test("signature: fail without a secret or with rejections, unknown before a verified one, pass after")
    func signature() {
        func result(_ summary: NotificationSummary, seller: SellerSettings? = nil) -> CheckResult {
            NotificationCheckSource.signature(summary, seller: seller ?? self.seller, now: now)
        }
        #expect(result(NotificationSummary(valid: 3), seller: SellerSettings(name: "shop")).status == .fail)
        #expect(result(NotificationSummary()).status == .unknown)
        #expect(result(NotificationSummary(valid: 3)).status == .pass)
        let wrongSecret = result(
            NotificationSummary(signatureRejections: 4, lastRejectionReason: .signatureMismatch))
        #expect(wrongSecret.status == .fail)
        #expect(wrongSecret.actions.first?.contains("secret is probably not") == true)
        let probing = result(
            NotificationSummary(valid: 10, signatureRejections: 1, lastRejectionReason: .signatureMismatch))
        #expect(probing.status == .fail)
        #expect(probing.actions.first?.contains("probing") == true)
        // The secret never appears in full.
        let text = String(
            decoding: try! JSONEncoder.goLive().encode(result(NotificationSummary(valid: 1))), as: UTF8.self)
        #expect(!text.contains("check-secret-0123456789abcdef"))
    }
}

/// A gateway that fails a given number of times, then answers.
final class FlakyGateway: MercadoPagoGateway {
    let failures: Mutex<Int>
    let payments: [String: JSONValue]
    let orders: [String: JSONValue]

    init(failures: Int, payments: [String: JSONValue] = [:], orders: [String: JSONValue] = [:]) {
        self.failures = Mutex(failures)
        self.payments = payments
        self.orders = orders
    }

    private func maybeFail(_ endpoint: String) throws(MercadoPagoError) {
        let fail = failures.withLock { count in
            defer { count -= 1 }
            return count > 0
        }
        if fail { throw MercadoPagoError(kind: .serverError, endpoint: endpoint, httpStatus: 500) }
    }

    func currentUser() async throws(MercadoPagoError) -> MercadoPagoUser {
        throw MercadoPagoError(kind: .notFound, endpoint: "GET /users/me")
    }
    func payment(id: String) async throws(MercadoPagoError) -> Payment {
        try maybeFail("GET /v1/payments/\(id)")
        guard let json = payments[id], let payment = Payment(json: json) else {
            throw MercadoPagoError(kind: .notFound, endpoint: "GET /v1/payments/\(id)", httpStatus: 404)
        }
        return payment
    }
    func searchPayments(_ query: PaymentSearchQuery) async throws(MercadoPagoError) -> PaymentSearchPage {
        throw MercadoPagoError(kind: .notFound, endpoint: "GET /v1/payments/search")
    }
    func merchantOrder(id: String) async throws(MercadoPagoError) -> MerchantOrder {
        throw MercadoPagoError(kind: .notFound, endpoint: "GET /merchant_orders/\(id)", httpStatus: 404)
    }
    func order(id: String) async throws(MercadoPagoError) -> MercadoPagoOrder {
        try maybeFail("GET /v1/orders/\(id)")
        guard let json = orders[id], let order = MercadoPagoOrder(json: json) else {
            throw MercadoPagoError(kind: .notFound, endpoint: "GET /v1/orders/\(id)", httpStatus: 404)
        }
        return order
    }
    func createPayment(_ creation: PaymentCreation) async throws(MercadoPagoError) -> Payment {
        throw MercadoPagoError(kind: .badRequest, endpoint: "POST /v1/payments")
    }
}

@Suite("Notification processor")
struct NotificationProcessorTests {
    @Test("failed fetches back off exponentially, then succeed and update the order (Orders API)")
    func backoffThenDone() async throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clock = ManualClock(now: Date(timeIntervalSince1970: 1_790_000_000))
        let gateway = FlakyGateway(
            failures: 2,
            orders: [
                "ORD01ABC": [
                    "id": "ORD01ABC", "status": "processed", "status_detail": "accredited",
                    "external_reference": "shop-77", "total_amount": "120.00", "currency": "MXN",
                    "last_updated_date": "2026-11-26T10:00:00.000-04:00",
                    "transactions": ["payments": [["id": "PAY01"]]],
                ]
            ])
        let processor = NotificationProcessor(
            store: store, gateway: { _ in gateway }, clock: clock, baseDelay: .seconds(5))
        _ = try await store.recordNotifications([
            webhook("o1", dataID: "ORD01ABC", topic: "order", action: "order.processed", at: clock.now())
        ])
        #expect(try await processor.processDue() == 1)
        var stored = try #require(try await store.notifications(NotificationQuery(limit: 1)).first)
        #expect(stored.processing == .pending)
        #expect(stored.nextAttemptAt == clock.now() + 5)
        #expect(try await processor.processDue() == 0)  // not due yet
        clock.advance(by: .seconds(5))
        #expect(try await processor.processDue() == 1)
        stored = try #require(try await store.notifications(NotificationQuery(limit: 1)).first)
        #expect(stored.nextAttemptAt == clock.now() + 10)
        clock.advance(by: .seconds(10))
        #expect(try await processor.processDue() == 1)
        stored = try #require(try await store.notifications(NotificationQuery(limit: 1)).first)
        #expect(stored.processing == .done)
        #expect(stored.resourceStatus == "processed")
        #expect(stored.attempts == 3)
        let order = try #require(try await store.order(seller: "shop", externalReference: "shop-77"))
        #expect(order.status == "processed")
        #expect(order.amount == Decimal(string: "120.00"))
        #expect(order.source == .order)
        #expect(try await store.order(paymentID: "PAY01")?.externalReference == "shop-77")
    }

    @Test("after maxAttempts the notification is failed; without a token at once; untracked topics are done")
    func givingUp() async throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clock = ManualClock(now: Date(timeIntervalSince1970: 1_790_000_000))
        let gateway = FlakyGateway(failures: 100)
        let processor = NotificationProcessor(
            store: store, gateway: { name in name == "shop" ? gateway : nil }, clock: clock, maxAttempts: 3,
            baseDelay: .seconds(1))
        _ = try await store.recordNotifications([
            webhook("p1", dataID: "1", at: clock.now()), webhook("p2", dataID: "2", seller: "other", at: clock.now()),
            webhook("c1", dataID: "9", topic: "topic_claims_integration_wh", action: "claim.created", at: clock.now()),
        ])
        for _ in 0..<5 {
            try await processor.processDue()
            clock.advance(by: .seconds(60))
        }
        let byID = Dictionary(
            uniqueKeysWithValues: try await store.notifications(NotificationQuery(limit: 10)).map {
                ($0.notification.notificationID, $0)
            })
        #expect(byID["p1"]?.processing == .failed)
        #expect(byID["p1"]?.attempts == 3)
        #expect(byID["p1"]?.lastError?.contains("gave up after 3 attempts") == true)
        #expect(byID["p2"]?.processing == .failed)
        #expect(byID["p2"]?.attempts == 1)
        #expect(byID["p2"]?.lastError?.contains("No access token") == true)
        #expect(byID["c1"]?.processing == .done)
    }
}
