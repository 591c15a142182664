import Foundation
import MercadoPagoSandbox
import Testing

@Suite("Control API")
struct ControlTests {
    @Test("GET /_sandbox/accounts lists the fixture credentials")
    func accounts() async throws {
        try await withSandbox { _, client in
            let accounts = try await client.get("/_sandbox/accounts").array
            #expect(accounts.compactMap { $0.string("name") } == MercadoPagoSandbox.accounts.map(\.name))
            for (listed, account) in zip(accounts, MercadoPagoSandbox.accounts) {
                #expect(listed.string("access_token") == account.accessToken)
                #expect(listed.string("public_key") == account.publicKey)
                #expect(listed.int("user_id").map(Int64.init) == account.userID)
                #expect(listed.string("summary") == account.summary)
            }
            #expect(accounts.first { $0.string("name") == "test-credentials" }?["live_mode"] as? Bool == false)
        }
    }

    @Test("POST /_sandbox/payments merges the given fields over defaults; the API then serves it")
    func createPayment() async throws {
        try await withSandbox { _, client in
            let reply = try await client.send(
                .post, "/_sandbox/payments",
                json: #"""
                    {"seller": "production", "payment": {"transaction_amount": 2500, "status": "pending",
                     "external_reference": "PEDIDO-CTRL-1",
                     "payer": {"email": "ctrl@example.com", "first_name": "Ana"}}}
                    """#
            )
            #expect(reply.status == 201)
            let payment = reply.object
            let id = try #require(payment.int("id"))
            #expect(payment.string("status") == "pending")
            #expect(payment.string("status_detail") == "pending_waiting_payment")
            #expect(payment["transaction_amount"] as? Double == 2500)
            #expect(payment.string("external_reference") == "PEDIDO-CTRL-1")
            #expect(payment.object("payer")?.string("first_name") == "Ana")
            #expect(payment.object("payer")?.string("id") != nil, "defaults kept under the merged payer")
            #expect(payment.int("collector_id") == 240_112_233)
            #expect(payment["live_mode"] as? Bool == true)

            let read = try await client.get("/v1/payments/\(id)", token: Token.production)
            #expect(read.status == 200)
            #expect(read.text == reply.text)

            let byUserID = try await client.send(
                .post, "/_sandbox/payments", json: #"{"seller": 1987654321, "payment": {}}"#)
            #expect(byUserID.object.int("collector_id") == 1_987_654_321)
            let testMode = try await client.send(.post, "/_sandbox/payments", json: #"{"seller": "test-credentials"}"#)
            #expect(testMode.object["live_mode"] as? Bool == false)
            let testID = try #require(testMode.object.int("id"))
            #expect(try await client.get("/v1/payments/\(testID)", token: Token.testCredentials).status == 200)
        }
    }

    @Test("PATCH /_sandbox/payments/{id} merges fields and bumps date_last_updated")
    func patchPayment() async throws {
        try await withSandbox { _, client in
            let payment = try #require(
                try await client.allPayments().first {
                    $0.string("status") == "approved" && $0.string("status_detail") == "accredited"
                }
            )
            let id = try #require(payment.int("id"))
            let patched = try await client.send(
                .patch, "/_sandbox/payments/\(id)",
                json: #"{"status": "refunded", "status_detail": "refunded", "id": 5}"#
            )
            #expect(patched.status == 200)
            #expect(patched.object.int("id") == id)
            #expect(patched.object.string("status") == "refunded")
            #expect(patched.object.string("date_last_updated") == "2026-01-15T11:30:00.000-04:00")

            let read = try await client.get("/v1/payments/\(id)", token: Token.production)
            #expect(read.object.string("status") == "refunded")
            let searched = try await client.get(
                "/v1/payments/search?status=refunded&limit=100", token: Token.production)
            #expect((searched.object["results"] as? [[String: Any]])?.contains { $0.int("id") == id } == true)

            #expect(try await client.send(.patch, "/_sandbox/payments/1", json: "{}").status == 404)
            #expect(try await client.send(.patch, "/_sandbox/payments/\(id)", json: "[1]").status == 400)
            #expect(try await client.send(.patch, "/_sandbox/payments/abc", json: "{}").status == 400)
        }
    }

    @Test(
        "bad control requests get 400, never a crash",
        arguments: [
            #"{"seller": "nobody"}"#, #"{"seller": 42}"#, #"{"payment": {"status": "lost"}}"#,
            #"{"payment": {"transaction_amount": 0}}"#, #"{"payment": []}"#, #"{"payment": {"id": 1321456789}}"#,
            #"{"payment": {"id": 9223372036854775807}}"#, #"{"payment": {"transaction_amount": 1e300}}"#,
            "{oops",
        ])
    func badControlRequests(body: String) async throws {
        try await withSandbox { _, client in
            let reply = try await client.send(.post, "/_sandbox/payments", json: body)
            #expect(reply.status == 400)
            #expect(reply.object.string("error") == "bad_request")
        }
    }

    @Test("the request log masks tokens, keeps idempotency keys and skips control routes")
    func requestLog() async throws {
        try await withSandbox { _, client in
            _ = try await client.get("/users/me", token: Token.production)
            _ = try await client.get("/v1/payments/search?limit=2&access_token=\(Token.testCredentials)")
            _ = try await client.createPayment(
                key: "key-123", json: #"{"transaction_amount": 1, "payer": {"email": "a@example.com"}}"#)
            _ = try await client.get("/users/me")

            let log = try await client.get("/_sandbox/requests").array
            #expect(log.count == 4)
            #expect(log[0].string("method") == "GET")
            #expect(log[0].string("path") == "/users/me")
            #expect(log[0].string("authorization") == "APP_USR-…2233")
            #expect(log[0]["query"] is NSNull)
            #expect(log[0].string("at") == "2026-01-15T11:30:00.000-04:00")
            #expect(log[1].string("authorization") == "TEST-…2233")
            #expect(log[1].string("query") == "limit=2&access_token=TEST-…2233")
            #expect(log[2].string("method") == "POST")
            #expect(log[2].string("idempotency_key") == "key-123")
            #expect(log[3]["authorization"] is NSNull)
            #expect(!String(describing: log).contains(Token.production))

            #expect(try await client.send(.delete, "/_sandbox/requests").object.int("deleted") == 4)
            #expect(try await client.get("/_sandbox/requests").array.isEmpty)
        }
    }

    @Test("unknown routes get Mercado Pago's 404 document")
    func unknownRoute() async throws {
        try await withSandbox { _, client in
            for path in ["/v1/customers", "/_sandbox/nothing", "/"] {
                let reply = try await client.get(path, token: Token.production)
                #expect(reply.status == 404, "\(path)")
                #expect(reply.object.string("error") == "not_found")
            }
        }
    }
}
