import AsyncHTTPClient
public import Foundation
public import GoLiveCore
import NIOCore
import NIOHTTP1
import NIOSSL
import WebhookSignature

/// `notifications.url` measured by golive itself (issue 11): POSTs one harmless test notification, signed with the
/// seller's current webhook secret exactly as Mercado Pago signs (MERCADOPAGO.md §5.4), to the configured URL and
/// times the answer, connection and TLS included. Harmless: its `type` is `golive_url_check` (no resource to
/// fetch, so golive's receiver stores it as done) and `live_mode` is false (kept apart from production).
public struct DirectURLProbe: NotificationURLProbing {
    /// PEM certificates trusted in addition to the system roots (`--ca-file`; tests' generated roots).
    public var trustRootsPEM: [String]

    public init(trustRootsPEM: [String] = []) {
        self.trustRootsPEM = trustRootsPEM
    }

    /// Reads the PEM file of `--ca-file`; an unreadable one trusts nothing extra (the probe then says why).
    public init(caFile: String?) {
        trustRootsPEM = caFile.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }.map { [$0] } ?? []
    }

    public func probe(url: URL, seller: SellerSettings, sellerID: Int64?, timeout: TimeInterval) async
        -> NotificationURLObservation
    {
        let dataID = "golive-url-check"
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        let existing = components?.queryItems ?? []
        components?.queryItems =
            existing + [
                URLQueryItem(name: "data.id", value: dataID), URLQueryItem(name: "type", value: "golive_url_check"),
            ]
        guard let target = components?.url else {
            return .init(measuredBy: "golive", statusCode: nil, latency: nil, error: "invalid URL", signed: false)
        }
        let requestID = UUID().uuidString.lowercased()
        var body: [String: JSONValue] = [
            "id": .string("golive-url-check-\(requestID)"), "live_mode": false, "type": "golive_url_check",
            "action": "golive_url_check.test", "api_version": "v1",
            "date_created": .string(ISO8601DateFormatter().string(from: Date())), "data": ["id": .string(dataID)],
        ]
        if let sellerID { body["user_id"] = .number(Decimal(sellerID)) }
        var request = HTTPClientRequest(url: target.absoluteString)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "x-request-id", value: requestID)
        request.headers.add(name: "user-agent", value: "golive notifications.url check")
        if let secret = seller.webhookSecret {
            let ts = String(Int(Date().timeIntervalSince1970))
            request.headers.add(
                name: "x-signature",
                value: WebhookSignature.header(dataID: dataID, requestID: requestID, ts: ts, secret: secret))
        }
        request.body = .bytes(ByteBuffer(bytes: JSONValue.object(body).encoded()))

        var tls = TLSConfiguration.makeClientConfiguration()
        let roots = trustRootsPEM.flatMap { (try? NIOSSLCertificate.fromPEMBytes(Array($0.utf8))) ?? [] }
        if !roots.isEmpty { tls.additionalTrustRoots = [.certificates(roots)] }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        // Connecting gets half the deadline (at most 10 s): a refused connection, which AsyncHTTPClient retries until
        // then, is reported as unreachable rather than as a slow answer.
        let connect = min(timeout / 2, 10)
        configuration.timeout = .init(
            connect: .milliseconds(Int64(connect * 1000)), read: .milliseconds(Int64(timeout * 1000)))
        configuration.redirectConfiguration = .disallow
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let signed = seller.webhookSecret != nil
        let started = ContinuousClock.now
        var observation: NotificationURLObservation
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            _ = try await response.body.collect(upTo: 64 * 1024)
            observation = .init(
                measuredBy: "golive", statusCode: Int(response.status.code), latency: Self.seconds(since: started),
                signed: signed)
        } catch {
            let elapsed = Self.seconds(since: started)
            // No answer in time (the read or the whole deadline), as opposed to no connection at all: AsyncHTTPClient
            // retries a refused connection until its connect timeout, which is a reachability failure.
            let text = "\(error)"
            let timedOut = text.contains("deadlineExceeded") || text.contains("readTimeout")
            observation = .init(
                measuredBy: "golive", statusCode: nil, latency: elapsed,
                error: timedOut
                    ? "timeout after \(Int(elapsed * 1000)) ms"
                    : "connection failed: " + Self.describe(error), timedOut: timedOut,
                signed: signed)
        }
        try? await client.shutdown()
        return observation
    }

    static func seconds(since start: ContinuousClock.Instant) -> TimeInterval {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    static func describe(_ error: any Error) -> String {
        let text = "\(error)"
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}
