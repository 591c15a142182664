import Foundation
import MercadoPagoSandbox
import Testing

/// Tests/Fixtures/signature-vectors.json, written by scripts/signature-vectors.py with Python's hmac.
private func signatureVectors() throws -> [[String: Any]] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/signature-vectors.json")
    let document = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
    return document?["vectors"] as? [[String: Any]] ?? []
}

@Suite("Webhook signatures and control")
struct WebhookControlTests {
    @Test("The Sandbox's signer reproduces every valid Python vector")
    func pythonVectors() throws {
        let vectors = try signatureVectors()
        #expect(vectors.count >= 15)
        let valid = vectors.filter { $0["expect"] as? String == "valid" }
        #expect(valid.count >= 6)
        for vector in valid {
            let name = vector["name"] as? String ?? "?"
            let dataID = vector["data_id"] as? String
            let signedID = vector["variant"] as? String == "lowercased" ? dataID?.lowercased() : dataID
            let manifest = WebhookSigner.manifest(
                dataID: signedID, requestID: vector["x_request_id"] as? String, ts: vector["ts"] as? String)
            #expect(manifest == vector["manifest"] as? String, "\(name)")
            let hex = WebhookSigner.hmacHex(manifest: manifest, secret: vector["secret"] as? String ?? "")
            #expect(hex == vector["v1"] as? String, "\(name)")
            #expect((vector["x_signature"] as? String)?.contains("v1=\(hex)") == true, "\(name)")
        }
        let reasons = Set(vectors.compactMap { $0["reason"] as? String })
        #expect(
            reasons == [
                "missing_signature", "malformed_signature", "missing_timestamp", "missing_hash", "signature_mismatch",
            ])
    }

    @Test("Each account exposes its webhook secret; TEST- and production credentials of one app share it")
    func secrets() async throws {
        let production = try #require(MercadoPagoSandbox.account(named: "production"))
        let test = try #require(MercadoPagoSandbox.account(named: "test-credentials"))
        #expect(production.webhookSecret == test.webhookSecret)
        #expect(production.webhookSecret.count == 64)
        #expect(Set(MercadoPagoSandbox.accounts.map(\.webhookSecret)).count == 3)
        #expect(MercadoPagoSandbox.webhookSecret(userID: production.userID) == production.webhookSecret)
        try await withSandbox { _, client in
            let accounts = try await client.get("/_sandbox/accounts").array
            #expect(
                accounts.first { $0.string("name") == "production" }?.string("webhook_secret")
                    == production.webhookSecret)
        }
    }

    @Test("POST /_sandbox/webhooks configures delivery; bad values are refused with the reason")
    func configure() async throws {
        try await withSandbox { sandbox, client in
            let initial = try await client.get("/_sandbox/webhooks").object
            #expect(initial["url"] is NSNull)
            #expect(initial.int("deadline_ms") == 22_000)
            #expect((initial["retry_schedule_s"] as? [Double])?.first == 900)

            let reply = try await client.send(
                .post, "/_sandbox/webhooks",
                json: #"""
                    {"url": "http://127.0.0.1:9/hook?cliente=tienda", "mode": "both", "duplicates": 0.25,
                     "out_of_order": true, "seed": 9, "ts_unit": "milliseconds", "time_scale": 3600,
                     "topics": ["payment"]}
                    """#)
            #expect(reply.status == 200)
            #expect(reply.object.string("mode") == "both")
            #expect(reply.object.int("deadline_ms") == 1_000)
            let settings = await sandbox.webhookSettings()
            #expect(settings.url?.absoluteString == "http://127.0.0.1:9/hook?cliente=tienda")
            #expect(settings.duplicates == 0.25)
            #expect(settings.seed == 9)
            #expect(settings.timestampUnit == .milliseconds)
            #expect(settings.timeScale == 3_600)
            #expect(settings.topics == ["payment"])

            for bad in [
                #"{"url": "ftp://x"}"#, #"{"duplicates": 2}"#, #"{"time_scale": 0}"#, #"{"ts_unit": "hours"}"#,
                #"{"mode": "email"}"#, #"{"topics": ["claims"]}"#, #"{"retries": 3}"#,
            ] {
                let refused = try await client.send(.post, "/_sandbox/webhooks", json: bad)
                #expect(refused.status == 400, "\(bad)")
                #expect(refused.object.string("message")?.isEmpty == false)
            }
            let off = try await client.send(.post, "/_sandbox/webhooks", json: #"{"url": null}"#)
            #expect(off.object["url"] is NSNull)
        }
    }

    @Test("POST /_sandbox/notifications sends custom and tampered notifications; only the honest one verifies")
    func tampered() async throws {
        try await withWebhooks { _, client, receiver in
            let honest = try await client.send(
                .post, "/_sandbox/notifications",
                json: #"{"type": "payment", "action": "payment.updated", "data_id": "123456789"}"#)
            #expect(honest.status == 200)
            #expect(honest.object.int("status") == 200, "the answer is the attempt, with the receiver's status")
            #expect(honest.object["custom"] as? Bool == true)

            let tampers = [
                "signature", "ts", "data_id", "secret", "missing_signature", "missing_request_id", "malformed",
            ]
            for tamper in tampers {
                let reply = try await client.send(
                    .post, "/_sandbox/notifications", json: #"{"data_id": "123456789", "tamper": "\#(tamper)"}"#)
                #expect(reply.status == 200, "\(tamper): \(reply.text)")
            }
            let requests = try await receiver.waitFor(1 + tampers.count)
            #expect(requests.count == 1 + tampers.count)
            #expect(verifiedVariant(requests[0], secret: productionSecret) == "as_received")
            for (request, tamper) in zip(requests.dropFirst(), tampers) {
                #expect(verifiedVariant(request, secret: productionSecret) == nil, "\(tamper) must not verify")
            }
            #expect(requests[6].headers["x-signature"] != nil && requests[6].headers["x-request-id"] == nil)
            #expect(requests[7].headers["x-signature"] == "garbage")
            #expect(requests[3].query["data.id"] == "1234567890")

            // Exact headers and body, unsigned, an IPN, another seller.
            let custom = try await client.send(
                .post, "/_sandbox/notifications",
                json: #"""
                    {"data_id": "42", "x_signature": "ts=1,v1=00", "x_request_id": null,
                     "body": {"hello": "world"}}
                    """#)
            #expect(custom.status == 200)
            let ipn = try await client.send(
                .post, "/_sandbox/notifications", json: #"{"kind": "ipn", "topic": "merchant_order", "data_id": 77}"#)
            #expect(ipn.status == 200)
            let testUser = try await client.send(
                .post, "/_sandbox/notifications", json: #"{"data_id": "5", "seller": "test-user"}"#)
            #expect(testUser.status == 200)
            let more = try await receiver.waitFor(requests.count + 3)
            let last3 = Array(more.suffix(3))
            #expect(last3[0].headers["x-signature"] == "ts=1,v1=00")
            #expect(last3[0].headers["x-request-id"] == nil)
            #expect(last3[0].body == #"{"hello":"world"}"#)
            #expect(last3[1].query["topic"] == "merchant_order" && last3[1].query["id"] == "77")
            #expect(last3[1].headers["x-signature"] == nil)
            let testUserSecret = try #require(MercadoPagoSandbox.account(named: "test-user")?.webhookSecret)
            #expect(verifiedVariant(last3[2], secret: testUserSecret) == "as_received")
            #expect(verifiedVariant(last3[2], secret: productionSecret) == nil)
            #expect((last3[2].json["user_id"] as? NSNumber)?.int64Value == 1_987_654_321)

            let missing = try await client.send(.post, "/_sandbox/notifications", json: #"{"type": "payment"}"#)
            #expect(missing.status == 400)
            let badTamper = try await client.send(
                .post, "/_sandbox/notifications", json: #"{"data_id": "1", "tamper": "everything"}"#)
            #expect(badTamper.status == 400)

            #expect(try await client.send(.delete, "/_sandbox/deliveries").object.int("deleted") == more.count)
            #expect(try await client.get("/_sandbox/deliveries").array.isEmpty)
        }
    }

    @Test("A custom notification with retry: true is queued and retried like a change")
    func customWithRetry() async throws {
        let settings = WebhookSettings(timeScale: 1_000_000)
        try await withWebhooks(settings: settings, answer: { $0 == 0 ? .status(500) : .status(200) }) {
            _, client, receiver in
            let reply = try await client.send(
                .post, "/_sandbox/notifications", json: #"{"data_id": "9", "retry": true, "id": 555}"#)
            #expect(reply.status == 202)
            #expect(reply.object.int("notification_id") == 555)
            let requests = try await receiver.waitFor(2)
            #expect(requests.count == 2)
            #expect(requests.allSatisfy { $0.notificationID == 555 })
        }
    }
}
