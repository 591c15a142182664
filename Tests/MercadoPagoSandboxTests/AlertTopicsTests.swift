import Foundation
import MercadoPagoSandbox
import Testing

/// The additional topics golive alerts on (issue 11), shaped as MERCADOPAGO.md §5.2/§5.3 describe them.
@Suite struct AlertTopicsTests {
    @Test("fraud alerts, chargebacks and claims go out with the documented topic, body type and fields")
    func documentedShapes() async throws {
        try await withWebhooks { _, client, receiver in
            for topic in ["stop_delivery_op_wh", "topic_chargebacks_wh", "topic_claims_integration_wh"] {
                let reply = try await client.send(
                    .post, "/_sandbox/notifications", json: #"{"type": "\#(topic)", "data_id": "5550001"}"#)
                #expect(reply.status == 200, "\(topic): \(reply.text)")
            }
            let requests = try await receiver.waitFor(3)
            #expect(
                requests.map { $0.query["type"] } == [
                    "stop_delivery_op_wh", "topic_chargebacks_wh", "topic_claims_integration_wh",
                ])
            let fraud = requests[0].json
            #expect(fraud["type"] as? String == "stop_delivery_op_wh")
            #expect((fraud["application_id"] as? NSNumber)?.int64Value == 4_829_301_746_251_938)
            #expect((fraud["version"] as? NSNumber)?.intValue == 1)
            #expect(fraud["action"] is NSNull, "the docs name no action for fraud alerts; none is invented")
            #expect(requests[1].json["type"] as? String == "topic_chargebacks_wh")
            #expect(requests[2].json["type"] as? String == "claim", "claims carry body type = claim")
            #expect(requests[2].json["application_id"] == nil)
            for request in requests {
                #expect(verifiedVariant(request, secret: productionSecret) == "as_received")
            }
        }
    }

    @Test("a fraud alert is never retried, even when queued with retries; a payment is")
    func fraudIsNotRetried() async throws {
        try await withWebhooks(settings: WebhookSettings(timeScale: 3600), answer: { _ in .status(500) }) {
            _, client, receiver in
            for topic in ["stop_delivery_op_wh", "payment"] {
                let reply = try await client.send(
                    .post, "/_sandbox/notifications",
                    json: #"{"type": "\#(topic)", "data_id": "5550002", "retry": true}"#)
                #expect(reply.status == 202, "\(topic): \(reply.text)")
            }
            let requests = try await receiver.waitFor(4, timeout: .seconds(30))
            #expect(requests.filter { $0.query["type"] == "stop_delivery_op_wh" }.count == 1)
            #expect(requests.filter { $0.query["type"] == "payment" }.count >= 2)
        }
    }
}
