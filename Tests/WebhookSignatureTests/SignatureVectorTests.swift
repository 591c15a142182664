import Foundation
import GoLiveCore
import Testing
import WebhookSignature

/// The shared vectors (`Tests/Fixtures/signature-vectors.json`) were computed by Python's `hmac`
/// (`scripts/signature-vectors.py`): an implementation independent of ours.
@Suite("Webhook signature")
struct SignatureVectorTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let json: JSONValue
        var name: String { json["name"].string ?? "?" }
        var testDescription: String { name }
    }

    static let fixture: JSONValue = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/signature-vectors.json")
        guard let data = try? Data(contentsOf: url), let json = try? JSONValue.parse(data) else { return .null }
        return json
    }()

    static let vectors: [Vector] = fixture["vectors"].array.map(Vector.init(json:))

    @Test("the fixture covers every variant and every failure reason")
    func coverage() {
        let vectors = Self.vectors.map(\.json)
        #expect(vectors.count >= 10)
        let variants = Set(vectors.compactMap { $0["variant"].string })
        #expect(variants == ["as_received", "lowercased"])
        let units = Set(vectors.compactMap { $0["ts_unit"].string })
        #expect(units == ["seconds", "milliseconds"])
        let reasons = Set(vectors.compactMap { $0["reason"].string })
        #expect(reasons == Set(Self.fixture["reasons"].strings))
        #expect(reasons.count == 5)
    }

    @Test("each vector verifies (or fails) as Python's hmac says", arguments: vectors)
    func vector(_ vector: Vector) {
        let json = vector.json
        let verdict = WebhookSignature().verify(
            dataID: json["data_id"].string, requestID: json["x_request_id"].string,
            signature: json["x_signature"].isNull ? nil : (json["x_signature"].string ?? ""),
            candidates: [.init(seller: "shop", secret: Secret(json["secret"].string ?? ""))])
        switch (json["expect"].string, verdict) {
        case ("valid", .valid(let match)):
            #expect(match.variant.rawValue == json["variant"].string)
            #expect(match.timestampUnit.rawValue == json["ts_unit"].string)
            #expect(match.manifest == json["manifest"].string)
            #expect(match.seller == "shop")
            // Our signer agrees with Python's on the same manifest.
            #expect(
                WebhookSignature.sign(match.manifest, secret: Secret(json["secret"].string ?? ""))
                    == json["v1"].string)
        case ("invalid", .invalid(let reason, _)):
            #expect(reason.rawValue == json["reason"].string)
        default:
            Issue.record("\(vector.name): expected \(json["expect"].string ?? "?"), got \(verdict)")
        }
    }

    @Test("with several secrets, the one that matches is recorded")
    func severalSecrets() {
        let right = Secret("the-right-secret-0123456789")
        let header = WebhookSignature.header(dataID: "42", requestID: "r-1", ts: "1704908010", secret: right)
        let verdict = WebhookSignature().verify(
            dataID: "42", requestID: "r-1", signature: header,
            candidates: [
                .init(seller: "agency", secret: Secret("another-secret-0123456789")),
                .init(seller: "shop", secret: right),
            ])
        guard case .valid(let match) = verdict else {
            Issue.record("expected valid, got \(verdict)")
            return
        }
        #expect(match.seller == "shop")
        #expect(match.variant == .asReceived)
    }

    @Test("the timestamp tolerance is off by default and refuses stale ts (seconds or ms) when set")
    func tolerance() {
        let secret = Secret("tolerance-secret-0123456789")
        let now = Date(timeIntervalSince1970: 1_704_908_010)
        for ts in ["1704907000", "1704907000000"] {
            let header = WebhookSignature.header(dataID: "1", requestID: nil, ts: ts, secret: secret)
            let candidates = [WebhookSignature.Candidate(seller: "s", secret: secret)]
            guard
                case .valid = WebhookSignature().verify(
                    dataID: "1", requestID: nil, signature: header, candidates: candidates, now: now)
            else {
                Issue.record("off by default: \(ts) should verify")
                continue
            }
            let strict = WebhookSignature(tolerance: 300).verify(
                dataID: "1", requestID: nil, signature: header, candidates: candidates, now: now)
            guard case .invalid(let reason, _) = strict else {
                Issue.record("\(ts) is 1010 s old: should be stale")
                continue
            }
            #expect(reason == .staleTimestamp)
            let lenient = WebhookSignature(tolerance: 3600).verify(
                dataID: "1", requestID: nil, signature: header, candidates: candidates, now: now)
            guard case .valid = lenient else {
                Issue.record("\(ts) within an hour should verify")
                continue
            }
        }
    }

    @Test("a forged signature is not accepted because the hex merely has the right shape")
    func forged() {
        let verdict = WebhookSignature().verify(
            dataID: "1", requestID: "r", signature: "ts=1704908010,v1=" + String(repeating: "0", count: 64),
            candidates: [.init(seller: "s", secret: Secret("some-secret-0123456789"))])
        guard case .invalid(let reason, _) = verdict else {
            Issue.record("accepted a forged signature")
            return
        }
        #expect(reason == .signatureMismatch)
    }
}
