import Foundation
import MercadoPagoSandbox
import Testing

@Suite("POST /v1/payments")
struct CreatePaymentTests {
    private static let body = #"""
        {"transaction_amount": 1520.5, "description": "Termo 750 ml", "payment_method_id": "visa", "installments": 3,
         "token": "ff8080814c11e237014c1ff593b57b4d", "external_reference": "PEDIDO-30001",
         "notification_url": "https://tiendaelsol.com.ar/webhooks/mercadopago", "statement_descriptor": "TIENDAELSOL",
         "payer": {"email": "maria.gonzalez@example.com", "first_name": "APRO", "last_name": "González",
                   "identification": {"type": "DNI", "number": "30111222"}},
         "additional_info": {"items": [{"id": "TERMO-750", "title": "Termo", "quantity": "1", "unit_price": 1520.5}]}}
        """#

    @Test("X-Idempotency-Key is mandatory")
    func idempotencyKeyRequired() async throws {
        try await withSandbox { _, client in
            let reply = try await client.createPayment(key: nil, json: Self.body)
            #expect(reply.status == 400)
            #expect(reply.object.string("error") == "bad_request")
            #expect(reply.object.int("status") == 400)
            #expect(reply.object.string("message")?.contains("X-Idempotency-Key") == true)
        }
    }

    @Test("a payment is created once per idempotency key")
    func sameKeySamePayment() async throws {
        try await withSandbox { _, client in
            let before = try await client.allPayments().count
            let first = try await client.createPayment(key: "order-30001-attempt", json: Self.body)
            #expect(first.status == 201)
            let again = try await client.createPayment(key: "order-30001-attempt", json: Self.body)
            #expect(again.status == 201)
            #expect(again.object.int("id") == first.object.int("id"))
            #expect(try await client.allPayments().count == before + 1)

            let other = try await client.createPayment(key: "order-30001-second", json: Self.body)
            #expect(other.object.int("id") != first.object.int("id"))
            #expect(try await client.allPayments().count == before + 2)
        }
    }

    @Test("the created payment echoes the request and reads back by id")
    func createdDocument() async throws {
        try await withSandbox { _, client in
            let created = try await client.createPayment(json: Self.body)
            #expect(created.status == 201)
            let payment = created.object
            #expect(payment["transaction_amount"] as? Double == 1520.5)
            #expect(payment.string("status") == "approved")
            #expect(payment.string("status_detail") == "accredited")
            #expect(payment["live_mode"] as? Bool == true)
            #expect(payment.int("collector_id") == 240_112_233)
            #expect(payment.int("installments") == 3)
            #expect(payment.string("external_reference") == "PEDIDO-30001")
            #expect(payment.string("statement_descriptor") == "TIENDAELSOL")
            #expect(payment.object("payer")?.string("email") == "maria.gonzalez@example.com")
            #expect(payment.object("payer")?.object("identification")?.string("number") == "30111222")
            // Created and approved now: no date lies in the future of the sandbox's clock.
            #expect(payment.string("date_created") == "2026-01-15T11:30:00.000-04:00")
            #expect(payment.string("date_approved") == "2026-01-15T11:30:00.000-04:00")
            #expect(payment.string("date_last_updated") == "2026-01-15T11:30:00.000-04:00")
            #expect(payment.object("transaction_details")?["total_paid_amount"] as? Double == 1520.5)
            let items = payment.object("additional_info")?["items"] as? [[String: Any]]
            #expect(items?.first?["quantity"] as? String == "1")

            let id = try #require(payment.int("id"))
            let read = try await client.get("/v1/payments/\(id)", token: Token.production)
            #expect(read.text == created.text)
        }
    }

    @Test(
        "the payer's first name picks the outcome, as with Mercado Pago's test cards",
        arguments: [
            ("APRO", "approved", "accredited"), ("CONT", "in_process", "pending_contingency"),
            ("OTHE", "rejected", "cc_rejected_other_reason"), ("CALL", "rejected", "cc_rejected_call_for_authorize"),
            ("FUND", "rejected", "cc_rejected_insufficient_amount"),
            ("SECU", "rejected", "cc_rejected_bad_filled_security_code"),
            ("EXPI", "rejected", "cc_rejected_bad_filled_date"),
            ("FORM", "rejected", "cc_rejected_bad_filled_other"), ("Lucía", "approved", "accredited"),
        ]
    )
    func testCardOutcomes(name: String, status: String, detail: String) async throws {
        try await withSandbox { _, client in
            let reply = try await client.createPayment(
                json: #"{"transaction_amount": 100, "payer": {"email": "buyer@example.com", "first_name": "\#(name)"}}"#
            )
            #expect(reply.status == 201)
            #expect(reply.object.string("status") == status)
            #expect(reply.object.string("status_detail") == detail)
        }
    }

    @Test("invalid amounts and a missing payer e-mail are listed in cause")
    func validation() async throws {
        try await withSandbox { _, client in
            let both = try await client.createPayment(json: #"{"transaction_amount": -3, "payer": {}}"#)
            #expect(both.status == 400)
            #expect(both.object.string("error") == "bad_request")
            #expect(Set(both.causeCodes) == [4037, 4050])

            for body in [
                #"{"transaction_amount": "100", "payer": {"email": "a@example.com"}}"#,
                #"{"transaction_amount": 10.001, "payer": {"email": "a@example.com"}}"#,
                #"{"payer": {"email": "a@example.com"}}"#,
                #"{"transaction_amount": 1e16, "payer": {"email": "a@example.com"}}"#,
            ] {
                let reply = try await client.createPayment(json: body)
                #expect(reply.status == 400, "\(body)")
                #expect(reply.causeCodes == [4037])
            }

            for body in ["{not json", "[1, 2]", "\"text\"", ""] {
                let reply = try await client.createPayment(json: body)
                #expect(reply.status == 400, "\(body)")
                #expect(reply.object.string("error") == "bad_request")
            }
            // Nothing was created by the refused requests.
            let log = try await client.get(
                "/v1/payments/search?range=date_created&begin_date=NOW-1MINUTE", token: Token.production)
            #expect(log.object.object("paging")?.int("total") == 0)
        }
    }

    @Test("TEST- credentials create test payments; a key is scoped to its credentials")
    func testCredentialsCreateTestPayments() async throws {
        try await withSandbox { _, client in
            let test = try await client.createPayment(token: Token.testCredentials, key: "shared-key", json: Self.body)
            #expect(test.status == 201)
            #expect(test.object["live_mode"] as? Bool == false)
            let live = try await client.createPayment(token: Token.production, key: "shared-key", json: Self.body)
            #expect(live.object["live_mode"] as? Bool == true)
            #expect(live.object.int("id") != test.object.int("id"))
        }
    }
}
