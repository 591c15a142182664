import AsyncHTTPClient
import Foundation
import GoLiveCore
import MercadoPagoClient
import MercadoPagoSandbox
import NIOCore
import Testing

/// The client against the Sandbox over real loopback HTTP. Retry waits are measured on an injected clock.
@Suite("Mercado Pago client ↔ Sandbox")
struct MercadoPagoClientTests {
    static let production = SandboxHarness.account("production")

    @Test("GET /users/me for every account kind")
    func users() async throws {
        let harness = try await SandboxHarness.start()
        for account in MercadoPagoSandbox.accounts {
            let user = try await harness.withClient(token: account.accessToken) { try await $0.currentUser() }
            #expect(user.nickname != nil)
            if account.name == "test-user" { #expect(user.isTestAccount) }
            if account.name == "production" || account.name == "test-credentials" {
                #expect(user.id == Self.production.userID)
                #expect(!user.isTestAccount)
            }
        }
        await #expect {
            try await harness.withClient(token: MercadoPagoSandbox.invalidAccessToken) { try await $0.currentUser() }
        } throws: { error in
            (error as? MercadoPagoError)?.kind == .unauthorized && (error as? MercadoPagoError)?.attempts == 1
        }
        await harness.stop()
    }

    @Test("search pages with offset/limit until the total, sorted, and each page's payment reads by id")
    func searchAndPaging() async throws {
        let harness = try await SandboxHarness.start()
        try await harness.withClient(token: Self.production.accessToken) { client in
            let first = try await client.searchPayments(
                PaymentSearchQuery(offset: 0, limit: 7, sort: .dateCreated, criteria: .descending))
            #expect(first.results.count == 7)
            #expect(first.total > 7)
            #expect(first.hasMore)
            let created = first.results.compactMap(\.dateCreated)
            #expect(created == created.sorted(by: >))

            let all = try await client.allPayments(
                PaymentSearchQuery(limit: 7, sort: .dateCreated, criteria: .ascending))
            #expect(all.count == first.total)
            #expect(Set(all.map(\.id)).count == all.count)
            let ascending = all.compactMap(\.dateCreated)
            #expect(ascending == ascending.sorted())

            let one = try #require(all.first)
            let fetched = try await client.payment(id: one.id)
            #expect(fetched.id == one.id)
            #expect(fetched.status == one.status)
            #expect(Set(all.compactMap(\.status)).isSuperset(of: ["approved", "rejected", "pending", "refunded"]))
        }
        await harness.stop()
    }

    @Test("search by a date range returns only payments inside it")
    func range() async throws {
        let harness = try await SandboxHarness.start()
        try await harness.withClient(token: Self.production.accessToken) { client in
            let all = try await client.allPayments(PaymentSearchQuery(limit: 50))
            let dates = all.compactMap(\.dateCreated).sorted()
            let begin = dates[dates.count / 4]
            let end = dates[dates.count * 3 / 4]
            let inside = try await client.allPayments(
                PaymentSearchQuery(limit: 50, range: .init(field: .dateCreated, begin: begin, end: end)))
            #expect(!inside.isEmpty)
            #expect(inside.count < all.count)
            #expect(inside.allSatisfy { ($0.dateCreated ?? .distantPast) >= begin.addingTimeInterval(-1) })
            #expect(inside.allSatisfy { ($0.dateCreated ?? .distantFuture) <= end.addingTimeInterval(1) })
        }
        await harness.stop()
    }

    @Test("merchant orders, unknown ids and another seller's payment")
    func ordersAndNotFound() async throws {
        let harness = try await SandboxHarness.start()
        let testUser = SandboxHarness.account("test-user")
        try await harness.withClient(token: Self.production.accessToken) { client in
            let all = try await client.allPayments(PaymentSearchQuery(limit: 100))
            let withOrder = try #require(all.first { $0.merchantOrderID != nil })
            let order = try await client.merchantOrder(id: withOrder.merchantOrderID!)
            #expect(order.payments.contains { $0.id == withOrder.id })

            await #expect { try await client.payment(id: "999999999999") } throws: { error in
                (error as? MercadoPagoError)?.kind == .notFound
            }
            let theirs = try await harness.withClient(token: testUser.accessToken) {
                try await $0.searchPayments(PaymentSearchQuery(limit: 1)).results.first
            }
            if let theirs {
                await #expect { try await client.payment(id: theirs.id) } throws: { error in
                    (error as? MercadoPagoError)?.kind == .notFound
                }
            }
        }
        await harness.stop()
    }

    @Test("POST /v1/payments carries the idempotency key; the same key returns the same payment")
    func createPayment() async throws {
        let harness = try await SandboxHarness.start()
        try await harness.withClient(token: Self.production.accessToken) { client in
            let body: JSONValue = [
                "transaction_amount": .number(Decimal(string: "150.75")!), "description": "Mesa de roble",
                "payment_method_id": "visa", "installments": 1, "external_reference": "order-42",
                "payer": ["email": "comprador@example.com", "first_name": "APRO"],
            ]
            let creation = PaymentCreation(body: body, idempotencyKey: "key-\(UUID().uuidString)")
            let created = try await client.createPayment(creation)
            #expect(created.status == "approved")
            #expect(created.transactionAmount == Decimal(string: "150.75"))
            let again = try await client.createPayment(creation)
            #expect(again.id == created.id)
            let keys = try await harness.requests(to: "/v1/payments").compactMap { $0["idempotency_key"].string }
            #expect(keys == [creation.idempotencyKey, creation.idempotencyKey])

            var rejected = body
            if case .object(var members) = rejected {
                members["payer"] = ["email": "comprador@example.com", "first_name": "OTHE"]
                rejected = .object(members)
            }
            let declined = try await client.createPayment(PaymentCreation(body: rejected))
            #expect(declined.status == "rejected")
            #expect(declined.statusDetail == "cc_rejected_other_reason")
        }
        await harness.stop()
    }

    @Test("not-activated credentials: /users/me works, payments answer 401 cause 7")
    func notActivated() async throws {
        let harness = try await SandboxHarness.start()
        let account = SandboxHarness.account("not-activated")
        try await harness.withClient(token: account.accessToken) { client in
            _ = try await client.currentUser()
            await #expect { try await client.searchPayments(PaymentSearchQuery(limit: 1)) } throws: { error in
                (error as? MercadoPagoError)?.isUnactivatedLiveCredentials == true
            }
        }
        await harness.stop()
    }

    // MARK: Faults

    @Test("429 with Retry-After: retried, and the wait is the one the server asked for")
    func rateLimitedThenOK() async throws {
        let harness = try await SandboxHarness.start()
        try await harness.injectFault([
            "path": "/users/me", "kind": "status", "status": 429, "retry_after": "3", "times": 2,
        ])
        let user = try await harness.withClient(token: Self.production.accessToken) { try await $0.currentUser() }
        #expect(user.id == Self.production.userID)
        #expect(harness.clock.sleeps == [.seconds(3), .seconds(3)])
        #expect(try await harness.requests(to: "/users/me").count == 3)
        await harness.stop()
    }

    @Test("500 forever: three retries with exponential backoff, then a typed error")
    func serverErrorGivesUp() async throws {
        let harness = try await SandboxHarness.start()
        try await harness.injectFault(["path": "/users/me", "kind": "status", "status": 500, "times": 10])
        await #expect {
            try await harness.withClient(token: Self.production.accessToken) { try await $0.currentUser() }
        } throws: { error in
            let error = error as? MercadoPagoError
            return error?.kind == .serverError && error?.attempts == 4 && error?.httpStatus == 500
        }
        #expect(harness.clock.sleeps == [.seconds(1), .seconds(2), .seconds(4)])
        #expect(try await harness.requests(to: "/users/me").count == 4)
        await harness.stop()
    }

    @Test("a POST retried after a 503 reuses its idempotency key")
    func postRetrySameKey() async throws {
        let harness = try await SandboxHarness.start()
        try await harness.injectFault([
            "path": "/v1/payments", "method": "POST", "kind": "status", "status": 503, "times": 1,
        ])
        try await harness.withClient(token: Self.production.accessToken) { client in
            let creation = PaymentCreation(
                body: ["transaction_amount": 10, "payment_method_id": "visa", "payer": ["email": "a@b.com"]],
                idempotencyKey: "retry-key-1")
            _ = try await client.createPayment(creation)
        }
        let keys = try await harness.requests(to: "/v1/payments").compactMap { $0["idempotency_key"].string }
        #expect(keys == ["retry-key-1", "retry-key-1"])
        await harness.stop()
    }

    @Test("a malformed JSON body is a typed error, not retried")
    func malformed() async throws {
        let harness = try await SandboxHarness.start()
        try await harness.injectFault(["path": "/users/me", "kind": "malformed", "times": 1])
        await #expect {
            try await harness.withClient(token: Self.production.accessToken) { try await $0.currentUser() }
        } throws: { error in
            (error as? MercadoPagoError)?.kind == .malformedResponse
        }
        #expect(harness.clock.sleeps.isEmpty)
        await harness.stop()
    }

    @Test("a hung connection ends in a timeout error within the request timeout")
    func hung() async throws {
        let harness = try await SandboxHarness.start()
        try await harness.injectFault(["path": "/users/me", "kind": "hang", "times": 1])
        let started = ContinuousClock.now
        await #expect {
            try await harness.withClient(token: Self.production.accessToken, requestTimeout: .milliseconds(700)) {
                try await $0.currentUser()
            }
        } throws: { error in
            (error as? MercadoPagoError)?.kind == .timeout
        }
        #expect(ContinuousClock.now - started < .seconds(5))
        await harness.stop()
    }

    @Test("latency below the timeout is just slower")
    func latency() async throws {
        let harness = try await SandboxHarness.start()
        try await harness.injectFault(["path": "/users/me", "kind": "latency", "latency_ms": 200, "times": 1])
        let user = try await harness.withClient(token: Self.production.accessToken) { try await $0.currentUser() }
        #expect(user.id == Self.production.userID)
        await harness.stop()
    }

    @Test("nothing listening: unreachable within the connect timeout, not retried four times over")
    func unreachable() async throws {
        let http = MercadoPagoClient.makeHTTPClient(connectTimeout: .seconds(2))
        let clock = ManualClock()
        let client = MercadoPagoClient(
            configuration: .init(baseURL: URL(string: "http://127.0.0.1:1")!, accessToken: Secret("APP_USR-x")),
            httpClient: http, clock: clock)
        await #expect { try await client.currentUser() } throws: { error in
            let error = error as? MercadoPagoError
            return error?.kind == .unreachable && error?.attempts == 1
        }
        #expect(clock.sleeps.isEmpty)
        try await http.shutdown()
    }
}

@Suite("Which transport failures are retried")
struct TransportFailureTests {
    @Test("a connection lost mid-request is retried; one never made, or a timeout, is not")
    func classification() {
        #expect(MercadoPagoClient.isConnectionLost(HTTPClientError.remoteConnectionClosed))
        #expect(MercadoPagoClient.isConnectionLost(IOError(errnoCode: ECONNRESET, reason: "read")))
        #expect(!MercadoPagoClient.isConnectionLost(HTTPClientError.connectTimeout))
        #expect(!MercadoPagoClient.isConnectionLost(HTTPClientError.deadlineExceeded))
        #expect(!MercadoPagoClient.isConnectionLost(IOError(errnoCode: ECONNREFUSED, reason: "connect")))
    }
}
