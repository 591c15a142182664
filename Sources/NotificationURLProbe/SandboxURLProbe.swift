import AsyncHTTPClient
public import Foundation
public import GoLiveCore
import NIOCore
import NIOHTTP1

/// `notifications.url` measured end to end through the Sandbox (issue 11): when golive runs against the Sandbox
/// (`golive demo`, or an API base that is not Mercado Pago's), the Sandbox — the stand-in for Mercado Pago —
/// delivers the signed test notification with `POST /_sandbox/simulate` (its equivalent of the panel's "Simulate
/// notification") and reports the URL's status and latency, measured where Mercado Pago measures its 22 s deadline.
/// The test notification is harmless like the direct probe's: `type` `golive_url_check` (nothing to fetch),
/// `live_mode` false. Real Mercado Pago has no API for the panel's simulation, so against it golive keeps
/// ``DirectURLProbe``; so does this probe when the API base has no such route (answers 404).
public struct SandboxURLProbe: NotificationURLProbing {
    public let sandbox: URL
    public let fallback: any NotificationURLProbing

    public init(sandbox: URL, fallback: any NotificationURLProbing) {
        self.sandbox = sandbox
        self.fallback = fallback
    }

    /// Whether `apiBase` is a Sandbox rather than Mercado Pago itself (any host outside mercadopago.com and
    /// mercadolibre.com).
    public static func isSandbox(apiBase: URL) -> Bool {
        guard let host = apiBase.host?.lowercased() else { return false }
        return !["mercadopago.com", "mercadolibre.com"].contains { host == $0 || host.hasSuffix("." + $0) }
    }

    public func probe(url: URL, seller: SellerSettings, sellerID: Int64?, timeout: TimeInterval) async
        -> NotificationURLObservation
    {
        var body: [String: JSONValue] = [
            "url": .string(url.absoluteString), "type": "golive_url_check", "action": "golive_url_check.test",
            "data_id": "golive-url-check", "live_mode": false,
            "deadline_ms": .number(Decimal(Int64((timeout * 1000).rounded()))),
        ]
        if let sellerID { body["seller"] = .number(Decimal(sellerID)) }
        var request = HTTPClientRequest(url: sandbox.appendingPathComponent("_sandbox/simulate").absoluteString)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: JSONValue.object(body).encoded()))
        let started = ContinuousClock.now
        let answer: (status: UInt, document: JSONValue?)
        do {
            // The Sandbox answers once the URL answered or its deadline passed: allow that plus a margin.
            let response = try await HTTPClient.shared.execute(
                request, timeout: .milliseconds(Int64((timeout + 15) * 1000)))
            let bytes = try await response.body.collect(upTo: 1 << 20)
            answer = (response.status.code, try? JSONValue.parse(Data(bytes.readableBytesView)))
        } catch {
            return NotificationURLObservation(
                measuredBy: "sandbox", statusCode: nil, latency: DirectURLProbe.seconds(since: started),
                error: "the Sandbox at \(sandbox.absoluteString) did not answer: " + DirectURLProbe.describe(error),
                signed: false)
        }
        guard answer.status == 200, let document = answer.document else {
            if answer.status == 404 {
                return await fallback.probe(url: url, seller: seller, sellerID: sellerID, timeout: timeout)
            }
            let reason = answer.document?["message"].string ?? "HTTP \(answer.status)"
            return NotificationURLObservation(
                measuredBy: "sandbox", statusCode: nil, latency: nil,
                error: "the Sandbox could not simulate the notification: \(reason)", signed: false)
        }
        let latency = document["latency_ms"].decimal.map { NSDecimalNumber(decimal: $0).doubleValue / 1000 }
        let timedOut = document["timed_out"].bool ?? false
        var error = document["error"].string
        if timedOut, let latency { error = "timeout after \(Int(latency * 1000)) ms" }
        return NotificationURLObservation(
            measuredBy: "sandbox", statusCode: document["status"].int64.map { Int($0) }, latency: latency,
            error: error, timedOut: timedOut, signed: document["signature"].string != nil)
    }
}
