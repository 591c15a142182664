import Crypto
import Foundation
import Hummingbird
import Logging
import MercadoPagoSandbox
import NIOCore
import Synchronization
import Testing

/// One request the test receiver got.
struct ReceivedRequest: Sendable {
    let path: String
    let query: [String: String]
    let headers: [String: String]
    let body: String
    let at: ContinuousClock.Instant

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }

    /// The body's `id`, Mercado Pago's notification id.
    var notificationID: Int64? { (json["id"] as? NSNumber)?.int64Value }
}

/// What the receiver does with the n-th request (from 0).
enum ReceiverAnswer: Sendable {
    case status(Int)
    /// Never answers until the receiver stops (or the client gives up).
    case hang
}

/// A tiny Hummingbird server on loopback that records every request and answers as told.
final class WebhookReceiver: Sendable {
    private let recorded = Mutex<[ReceivedRequest]>([])
    private let answer: @Sendable (Int) -> ReceiverAnswer
    private let task = Mutex<Task<Void, any Error>?>(nil)

    init(answer: @escaping @Sendable (Int) -> ReceiverAnswer = { _ in .status(200) }) {
        self.answer = answer
    }

    var requests: [ReceivedRequest] { recorded.withLock { $0 } }

    /// Starts on a free port; returns the URL of `/webhooks/mercadopago`.
    func start() async throws -> URL {
        let router = Router()
        router.post("webhooks/mercadopago") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            var query: [String: String] = [:]
            for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let index = self.recorded.withLock { requests in
                requests.append(
                    ReceivedRequest(
                        path: request.uri.path, query: query, headers: headers, body: String(buffer: body), at: .now))
                return requests.count - 1
            }
            switch self.answer(index) {
            case .status(let code):
                return Response(status: .init(code: code))
            case .hang:
                try await Task.sleep(for: .seconds(3_600))
                return Response(status: .ok)
            }
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: Logger(label: "test.receiver", factory: { _ in SwiftLogNoOpLogHandler() }))
        task.withLock {
            $0 = Task {
                defer { continuation.finish() }
                try await application.run()
            }
        }
        for await port in ports {
            return try #require(URL(string: "http://127.0.0.1:\(port)/webhooks/mercadopago"))
        }
        throw CancellationError()
    }

    func stop() async {
        let running = task.withLock { $0 }
        running?.cancel()
        _ = await running?.result
    }

    /// Waits until at least `count` requests arrived (or `timeout` passes) and returns them.
    @discardableResult
    /// Returns as soon as `count` requests arrived; the bound only matters on a loaded 2-core machine running every
    /// suite at once (where a retry 25 ms apart once took over 10 s to arrive).
    func waitFor(_ count: Int, timeout: Duration = .seconds(30)) async throws -> [ReceivedRequest] {
        let deadline = ContinuousClock.now + timeout
        while requests.count < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        return requests
    }
}

/// The sandbox's delivery log once it holds at least `count` attempts (the receiver sees a request before
/// the sandbox has recorded its answer).
func awaitDeliveries(_ sandbox: MercadoPagoSandbox, atLeast count: Int, timeout: Duration = .seconds(30)) async throws
    -> [WebhookDelivery]
{
    let deadline = ContinuousClock.now + timeout
    var log = await sandbox.webhookDeliveries()
    while log.count < count, ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(10))
        log = await sandbox.webhookDeliveries()
    }
    return log
}

/// A sandbox delivering to a fresh receiver, both stopped when the body ends.
func withWebhooks(
    settings: WebhookSettings = WebhookSettings(),
    answer: @escaping @Sendable (Int) -> ReceiverAnswer = { _ in .status(200) },
    _ body: (MercadoPagoSandbox, SandboxClient, WebhookReceiver) async throws -> Void
) async throws {
    let receiver = WebhookReceiver(answer: answer)
    let target = try await receiver.start()
    var settings = settings
    settings.url = target
    let sandbox = MercadoPagoSandbox(options: SandboxOptions(now: { fixedNow }, webhooks: settings))
    do {
        let url = try await sandbox.start()
        try await body(sandbox, SandboxClient(baseURL: url), receiver)
    } catch {
        await sandbox.stop()
        await receiver.stop()
        throw error
    }
    await sandbox.stop()
    await receiver.stop()
}

/// The receiver's side of MERCADOPAGO.md §5.4, written here independently of the Sandbox's signer:
/// parse `ts` and `v1`, rebuild the manifest from the query's `data.id`, HMAC-SHA256, compare.
/// Returns the data.id variant that matched, or nil.
func verifiedVariant(_ request: ReceivedRequest, secret: String) -> String? {
    guard let header = request.headers["x-signature"] else { return nil }
    var parts: [String: String] = [:]
    for piece in header.split(separator: ",") {
        let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        if pair.count == 2 { parts[pair[0]] = pair[1] }
    }
    guard let ts = parts["ts"], let v1 = parts["v1"] else { return nil }
    let dataID = request.query["data.id"]
    let variants: [(String, String?)] = [("as_received", dataID), ("lowercased", dataID?.lowercased())]
    for (name, id) in variants {
        var manifest = ""
        if let id { manifest += "id:\(id);" }
        if let requestID = request.headers["x-request-id"] { manifest += "request-id:\(requestID);" }
        manifest += "ts:\(ts);"
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data(manifest.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        let hex = mac.map { String(format: "%02x", $0) }.joined()
        if hex == v1 { return name }
    }
    return nil
}

let productionSecret = MercadoPagoSandbox.account(named: "production")?.webhookSecret ?? ""
