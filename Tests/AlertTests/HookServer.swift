import Foundation
import GoLiveCore
import Hummingbird
import Logging
import NIOCore
import Synchronization
import Testing

/// A Slack-like incoming-webhook receiver on loopback (Hummingbird, port 0): records each POST body and answers
/// the n-th request (from 0) with the status `answer` gives.
final class HookServer: Sendable {
    private let recorded = Mutex<[String]>([])
    private let answer: @Sendable (Int) -> Int
    private let task = Mutex<Task<Void, any Error>?>(nil)

    init(answer: @escaping @Sendable (Int) -> Int = { _ in 200 }) { self.answer = answer }

    /// Every body received, in order (acknowledged or not).
    var bodies: [String] { recorded.withLock { $0 } }

    /// The `golive` objects of the bodies the server acknowledged.
    var acknowledged: [JSONValue] {
        bodies.enumerated().filter { (200..<300).contains(answer($0.offset)) }.compactMap {
            (try? JSONValue.parse(Data($0.element.utf8)))?["golive"]
        }
    }

    func count(kind: String, event: String = "alert") -> Int {
        acknowledged.filter { $0["kind"].string == kind && $0["event"].string == event }.count
    }

    /// Starts on a free port; returns the hook's URL (with a token-like path, as Slack's have).
    func start() async throws -> URL {
        let router = Router()
        router.post("services/:team/:bot/:token") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let index = self.recorded.withLock { bodies in
                bodies.append(String(buffer: body))
                return bodies.count - 1
            }
            return Response(status: .init(code: self.answer(index)))
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: Logger(label: "test.hook", factory: { _ in SwiftLogNoOpLogHandler() }))
        task.withLock {
            $0 = Task {
                defer { continuation.finish() }
                try await application.run()
            }
        }
        for await port in ports {
            return try #require(URL(string: "http://127.0.0.1:\(port)/services/T0001/B0002/secrettokenABCDWXYZ"))
        }
        throw CancellationError()
    }

    func stop() async {
        let running = task.withLock { $0 }
        running?.cancel()
        _ = await running?.result
    }

    /// Waits until `condition` holds on the bodies (or `timeout` passes).
    func wait(timeout: Duration = .seconds(20), until condition: @escaping @Sendable (HookServer) -> Bool) async throws
    {
        let deadline = ContinuousClock.now + timeout
        while !condition(self), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
