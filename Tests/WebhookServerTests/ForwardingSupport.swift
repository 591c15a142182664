import Crypto
import Foundation
import GoLiveCore
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// The shop's backend, for forwarding tests: a real Hummingbird server on a free loopback port that answers
/// each POST as scripted (500, a hang past the client's timeout, 410…; 200 once the script is used up) and
/// records every request. A hang answers 504 after the wait, and is not counted as accepted: the client had
/// given up on it by then.
final class TestShop: Sendable {
    enum Reply: Sendable {
        case status(Int)
        case hang(Duration)
    }

    struct Received: Sendable {
        var deliveryID: String
        var attempt: Int
        var signature: String
        var body: Data
        var answered: Int
    }

    let url: URL
    private let task: Task<Void, any Error>
    private let state: Shared

    final class Shared: Sendable {
        let script = Mutex<[Reply]>([])
        let received = Mutex<[Received]>([])
    }

    private init(url: URL, task: Task<Void, any Error>, state: Shared) {
        self.url = url
        self.task = task
        self.state = state
    }

    static func start(script: [Reply] = []) async throws -> TestShop {
        let state = Shared()
        state.script.withLock { $0 = script }
        let router = Router()
        router.post("/golive") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let reply = state.script.withLock { $0.isEmpty ? Reply.status(200) : $0.removeFirst() }
            let status: Int
            switch reply {
            case .status(let code): status = code
            case .hang: status = 504
            }
            // Recorded on arrival (a hung request too, with the 504 it ends with).
            let headers = request.headers
            state.received.withLock {
                $0.append(
                    Received(
                        deliveryID: headers[.init("X-GoLive-Delivery")!] ?? "",
                        attempt: Int(headers[.init("X-GoLive-Attempt")!] ?? "") ?? 0,
                        signature: headers[.init("X-GoLive-Signature")!] ?? "",
                        body: Data(body.readableBytesView), answered: status))
            }
            if case .hang(let duration) = reply { try? await Task.sleep(for: duration) }
            return Response(status: .init(code: status))
        }
        let (addresses, continuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "shop", factory: { _ in SwiftLogNoOpLogHandler() }))
        let task = Task { try await application.runService() }
        var iterator = addresses.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        return TestShop(url: URL(string: "http://127.0.0.1:\(port)/golive")!, task: task, state: state)
    }

    func script(_ replies: [Reply]) { state.script.withLock { $0 = replies } }
    var received: [Received] { state.received.withLock { $0 } }
    /// The requests the shop answered 2xx, in the order it received them.
    var accepted: [Received] { received.filter { (200..<300).contains($0.answered) } }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

/// Verifies `X-GoLive-Signature: t=…,v1=…` with this test's own HMAC (swift-crypto), not golive's signer.
func verifyForwardSignature(_ header: String, body: Data, secret: String) -> Bool {
    var timestamp: String?
    var hashes: [String] = []
    for part in header.split(separator: ",") {
        let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard pair.count == 2 else { continue }
        if pair[0] == "t" { timestamp = pair[1] }
        if pair[0] == "v1" { hashes.append(pair[1]) }
    }
    guard let timestamp else { return false }
    var message = Data((timestamp + ".").utf8)
    message.append(body)
    let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
    let expected = mac.map { String(format: "%02x", $0) }.joined()
    return hashes.contains(expected)
}

/// The `delivery_id`, `data_id` and resource status of a forwarded body.
func forwardedFields(_ body: Data) -> (deliveryID: String?, dataID: String?, status: String?, seq: Int64?) {
    guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
        return (nil, nil, nil, nil)
    }
    let resource = object["resource"] as? [String: Any]
    return (
        object["delivery_id"] as? String, object["data_id"] as? String, resource?["status"] as? String,
        (object["seq"] as? NSNumber)?.int64Value
    )
}
