import Foundation
import MercadoPagoSandbox
import Testing

@Suite("Seeded payments, payment by id, merchant orders")
struct PaymentsTests {
    @Test("the production seller has about 30 live payments covering every documented status")
    func fixturesCoverEveryStatus() async throws {
        try await withSandbox { _, client in
            let payments = try await client.allPayments()
            #expect(payments.count >= 30)
            #expect(payments.allSatisfy { $0["live_mode"] as? Bool == true })
            #expect(payments.allSatisfy { $0.int("collector_id") == 240_112_233 })
            #expect(payments.allSatisfy { $0.string("currency_id") == "ARS" })

            let pairs = Set(
                payments.compactMap { p in p.string("status").map { "\($0)/\(p.string("status_detail") ?? "")" } })
            for expected in [
                "approved/accredited", "approved/partially_refunded", "authorized/pending_capture",
                "pending/pending_waiting_payment", "pending/pending_waiting_transfer", "in_process/pending_contingency",
                "in_process/pending_review_manual", "cancelled/expired", "refunded/refunded", "charged_back/settled",
            ] {
                #expect(pairs.contains(expected), "missing \(expected)")
            }
            #expect(payments.contains { $0.string("status") == "in_mediation" })
            let rejections = Set(
                payments.filter { $0.string("status") == "rejected" }.compactMap { $0.string("status_detail") })
            #expect(rejections.count >= 4)
            #expect(rejections.allSatisfy { $0.hasPrefix("cc_rejected_") })
        }
    }

    @Test("payments span 60 days with consistent dates, amounts and completeness")
    func fixtureShapes() async throws {
        try await withSandbox { _, client in
            let payments = try await client.allPayments()
            func date(_ payment: [String: Any], _ key: String) -> Date? { parseDate(payment.string(key)) }

            let created = payments.compactMap { date($0, "date_created") }
            #expect(created.count == payments.count)
            #expect(created.allSatisfy { $0 <= fixedNow && $0 >= fixedNow.addingTimeInterval(-60 * 86_400) })
            #expect(created.contains { $0 < fixedNow.addingTimeInterval(-50 * 86_400) })

            for payment in payments {
                let updated = try #require(date(payment, "date_last_updated"))
                #expect(updated <= fixedNow)
                #expect(updated >= date(payment, "date_created") ?? .distantFuture)
                let status = payment.string("status") ?? ""
                if status == "approved" { #expect(date(payment, "date_approved") != nil) }
                if ["pending", "in_process", "rejected", "cancelled", "authorized"].contains(status) {
                    #expect(payment["date_approved"] is NSNull)
                }
                let amount = try #require(payment["transaction_amount"] as? Double)
                #expect(amount > 0 && (amount * 100).rounded() == amount * 100, "\(amount) has more than 2 decimals")
                let details = try #require(payment.object("transaction_details"))
                #expect(details["net_received_amount"] is Double || details["net_received_amount"] is Int)
                #expect(payment.string("payment_method_id") != nil && payment.string("payment_type_id") != nil)
                #expect(payment["fee_details"] is [Any])
            }

            let approved = payments.filter { $0.string("status") == "approved" }
            let releases = approved.compactMap { date($0, "money_release_date") }
            #expect(releases.contains { $0 > fixedNow }, "recent approved payments release in the future")
            #expect(releases.contains { $0 < fixedNow }, "older approved payments were released")

            // Different completeness: full approval data on some, nothing optional on others.
            let complete = payments.filter {
                $0.object("additional_info")?.object("shipments") != nil && $0.string("statement_descriptor") != nil
                    && $0.object("payer")?.object("phone") != nil && $0.string("notification_url") != nil
            }
            let bare = payments.filter { $0["additional_info"] == nil && $0["external_reference"] is NSNull }
            #expect(complete.count >= 5)
            #expect(bare.count >= 3)
            let items = payments.flatMap { ($0.object("additional_info")?["items"] as? [[String: Any]]) ?? [] }
            #expect(items.contains { $0["quantity"] is String }, "some quantities arrive as strings")
            #expect(items.contains { $0["quantity"] is Int })
        }
    }

    @Test("a payment by id: own 200, another seller's 404, unknown 404 with code 2000, non-numeric 400")
    func paymentByID() async throws {
        try await withSandbox { _, client in
            let first = try #require(try await client.allPayments().first)
            let id = try #require(first.int("id"))

            let own = try await client.get("/v1/payments/\(id)", token: Token.production)
            #expect(own.status == 200)
            #expect(own.object.int("id") == id)
            #expect(own.text == (try await client.get("/v1/payments/\(id)?access_token=\(Token.production)").text))

            for token in [Token.testUser, Token.testCredentials] {
                let foreign = try await client.get("/v1/payments/\(id)", token: token)
                #expect(foreign.status == 404)
            }

            let unknown = try await client.get("/v1/payments/1", token: Token.production)
            #expect(unknown.status == 404)
            #expect(unknown.object.string("message") == "Payment not found")
            #expect(unknown.object.string("error") == "not_found")
            #expect(unknown.object.int("status") == 404)
            #expect(unknown.causeCodes == [2000])

            for bad in ["abc", "12ab", "-5", "99999999999999999999999"] {
                let reply = try await client.get("/v1/payments/\(bad)", token: Token.production)
                #expect(reply.status == 400, "\(bad)")
                #expect(reply.object.string("error") == "bad_request")
            }
        }
    }

    @Test("a merchant order lists its payments and derives its status from them")
    func merchantOrder() async throws {
        try await withSandbox { _, client in
            let payments = try await client.allPayments()
            let withOrder = payments.filter { $0.object("order")?.int("id") != nil }
            #expect(withOrder.count >= 5)
            #expect(withOrder.allSatisfy { $0.object("order")?.string("type") == "mercadopago" })

            let paid = try #require(
                withOrder.first { $0.string("status") == "approved" && $0.string("status_detail") == "accredited" })
            let orderID = try #require(paid.object("order")?.int("id"))
            let reply = try await client.get("/merchant_orders/\(orderID)", token: Token.production)
            #expect(reply.status == 200)
            let order = reply.object
            #expect(order.int("id") == orderID)
            #expect(order.string("status") == "closed")
            #expect(order.string("order_status") == "paid")
            #expect(order.object("collector")?.int("id") == 240_112_233)
            #expect(order.string("external_reference") == paid.string("external_reference"))
            #expect(order.string("preference_id")?.hasPrefix("240112233-") == true)
            let orderPayments = try #require(order["payments"] as? [[String: Any]])
            #expect(orderPayments.contains { $0.int("id") == paid.int("id") })
            for key in [
                "transaction_amount", "total_paid_amount", "status", "status_detail", "date_created", "last_modified",
            ] {
                #expect(orderPayments.allSatisfy { $0[key] != nil }, "\(key)")
            }
            #expect(order["total_amount"] as? Double == paid["transaction_amount"] as? Double)
            #expect(order["paid_amount"] as? Double == paid["transaction_amount"] as? Double)
            #expect(order["items"] is [[String: Any]])
            for key in ["shipping_cost", "refunded_amount", "notification_url", "date_created", "last_updated"] {
                #expect(order[key] != nil, "\(key)")
            }

            // An order with a rejected attempt and a later approved payment lists both.
            let multi = Dictionary(grouping: withOrder) { $0.object("order")?.int("id") ?? 0 }.first {
                $0.value.count > 1
            }
            #expect(multi != nil)

            #expect(try await client.get("/merchant_orders/\(orderID)", token: Token.testUser).status == 404)
            #expect(try await client.get("/merchant_orders/1", token: Token.production).status == 404)
            #expect(try await client.get("/merchant_orders/x1", token: Token.production).status == 400)
        }
    }

    @Test("a merchant order follows its payments: pending is payment_required, approved makes it paid")
    func merchantOrderFollowsPayments() async throws {
        try await withSandbox { _, client in
            let pending = try #require(
                try await client.allPayments().first {
                    $0.string("status") == "pending" && $0.object("order")?.int("id") != nil
                }
            )
            let paymentID = try #require(pending.int("id"))
            let orderID = try #require(pending.object("order")?.int("id"))

            let before = try await client.get("/merchant_orders/\(orderID)", token: Token.production).object
            #expect(before.string("status") == "opened")
            #expect(before.string("order_status") == "payment_required")
            #expect(before["paid_amount"] as? Int == 0)

            let approved = try await client.send(
                .patch, "/_sandbox/payments/\(paymentID)",
                json: #"{"status": "approved", "status_detail": "accredited"}"#
            )
            #expect(approved.status == 200)
            let after = try await client.get("/merchant_orders/\(orderID)", token: Token.production).object
            #expect(after.string("status") == "closed")
            #expect(after.string("order_status") == "paid")
            #expect(after["paid_amount"] as? Double == after["total_amount"] as? Double)
            #expect((after["payments"] as? [[String: Any]])?.first?.string("status") == "approved")
            #expect(after.string("last_updated") == "2026-01-15T11:30:00.000-04:00")
        }
    }

    @Test("TEST- credentials see only the seller's live_mode false payments")
    func testCredentialsView() async throws {
        try await withSandbox { _, client in
            let testPayments = try await client.allPayments(token: Token.testCredentials)
            #expect(!testPayments.isEmpty)
            #expect(testPayments.allSatisfy { $0["live_mode"] as? Bool == false })
            #expect(testPayments.allSatisfy { $0.int("collector_id") == 240_112_233 })

            let liveIDs = Set(try await client.allPayments().compactMap { $0.int("id") })
            #expect(liveIDs.isDisjoint(with: testPayments.compactMap { $0.int("id") }))

            let testID = try #require(testPayments.first?.int("id"))
            #expect(try await client.get("/v1/payments/\(testID)", token: Token.testCredentials).status == 200)
            #expect(try await client.get("/v1/payments/\(testID)", token: Token.production).status == 404)

            let userPayments = try await client.allPayments(token: Token.testUser)
            #expect(!userPayments.isEmpty)
            #expect(userPayments.allSatisfy { $0.int("collector_id") == 1_987_654_321 })
        }
    }
}
