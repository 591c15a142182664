import AsyncHTTPClient
import Foundation
public import GoLiveCore
import NIOCore
import NIOHTTP1

/// POSTs the alert (`{"text": …, "golive": {…}}`) to a Slack-compatible incoming webhook. Acknowledged on a 2xx;
/// anything else (status, timeout, refused connection) is a failure the dispatcher retries. The URL is a secret:
/// only ``label`` (masked) ever appears in output.
public struct WebhookAlertTarget: AlertTarget {
    public let name = "webhook"
    let url: Secret
    let timeout: Duration
    let client: HTTPClient

    public init(url: Secret, timeout: Duration) {
        self.url = url
        self.timeout = timeout
        self.client = .shared
    }

    public var label: String { "webhook " + AlertSettings.maskURL(url.exposedForTransport) }

    public func send(_ delivery: AlertDelivery) async -> String? {
        var request = HTTPClientRequest(url: url.exposedForTransport)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "golive-alerts")
        request.headers.add(name: "X-Golive-Delivery", value: String(delivery.id))
        request.body = .bytes(ByteBuffer(string: delivery.payload))
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout.timeInterval * 1e9)))
            let body = try? await response.body.collect(upTo: 4096)
            guard (200..<300).contains(response.status.code) else {
                let text = body.map { String(buffer: $0) }?.prefix(120) ?? ""
                return "HTTP \(response.status.code)" + (text.isEmpty ? "" : ": \(Self.scrub(String(text)))")
            }
            return nil
        } catch {
            return Self.scrub(String(describing: error))
        }
    }

    /// Keeps an error text to one line and free of anything URL-like (a hook's token lives in its path).
    static func scrub(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return
            line.split(separator: " ").map { word in
                word.contains("://") ? AlertSettings.maskURL(String(word)) : String(word)
            }.joined(separator: " ")
    }
}
