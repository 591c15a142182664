import Foundation
public import GoLiveCore
import HTTPTypes
public import Hummingbird
public import Logging
public import NIOCore
public import ServiceLifecycle

/// The request context of the receiver: knows the peer's address (for the rejected log) and the body limit.
public struct ReceiverRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// The routes of `golive serve` (DESIGN.md "HTTP routes of golive serve") on Hummingbird.
public enum WebhookRoutes {
    /// - Parameter trustedProxies: whose `X-Forwarded-For` names the client in the rejected log (issue 11).
    public static func router(
        receiver: WebhookReceiver, metrics: ReceiverMetrics, trustedProxies: TrustedProxies = .none
    ) -> Router<ReceiverRequestContext> {
        let router = Router(context: ReceiverRequestContext.self)
        router.post("/webhooks/mercadopago") { request, context -> Response in
            let limit = receiver.bodyLimit
            var body: Data?
            let declared = request.headers[.contentLength].flatMap { Int($0) }
            if declared == nil || declared! <= limit {
                do {
                    let buffer = try await request.body.collect(upTo: limit)
                    body = Data(buffer.readableBytesView)
                } catch is NIOTooManyBytesError {
                    body = nil
                }
            }
            let answer = await receiver.receive(
                query: request.uri.query, signatureHeader: request.headers[Self.signatureField],
                requestID: request.headers[Self.requestIDField],
                body: body,
                remoteAddress: trustedProxies.clientAddress(
                    peer: context.remoteAddress.map(Self.describe),
                    forwardedFor: request.headers[values: Self.forwardedForField]))
            return json(answer)
        }
        router.get("/healthz") { _, _ -> Response in json(receiver.healthz()) }
        router.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
        }
        return router
    }

    static let signatureField = HTTPField.Name("x-signature")!
    static let requestIDField = HTTPField.Name("x-request-id")!
    static let forwardedForField = HTTPField.Name("x-forwarded-for")!

    static func json(_ answer: ReceiverResponse) -> Response {
        Response(
            status: HTTPResponse.Status(code: answer.status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: answer.body)))
    }

    static func describe(_ address: SocketAddress) -> String {
        if let ip = address.ipAddress, let port = address.port { return "\(ip):\(port)" }
        return "\(address)"
    }
}

/// The receiver as a ServiceLifecycle service: Hummingbird's application, which on graceful shutdown
/// (SIGTERM) stops accepting and finishes the requests in flight.
public enum WebhookServerFactory {
    /// - Parameter onListening: called with the bound `host:port` (port 0 picks a free one).
    public static func application(
        host: String, port: Int, receiver: WebhookReceiver, metrics: ReceiverMetrics, logger: Logger,
        trustedProxies: TrustedProxies = .none, onListening: @escaping @Sendable (String) -> Void
    ) -> some Service {
        Application(
            router: WebhookRoutes.router(receiver: receiver, metrics: metrics, trustedProxies: trustedProxies),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                let shownHost = host.contains(":") ? "[\(host)]" : host
                onListening("\(shownHost):\(bound)")
            },
            logger: logger)
    }
}

/// Runs the outbox processor until graceful shutdown.
public struct ProcessorService: Service {
    public let processor: NotificationProcessor
    public let pollInterval: Duration

    public init(processor: NotificationProcessor, pollInterval: Duration = .milliseconds(100)) {
        self.processor = processor
        self.pollInterval = pollInterval
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await processor.run(pollInterval: pollInterval)
        }
    }
}

/// Writes the receiver's heartbeat to the store every `interval` (so one-shot checks can tell `serve` runs)
/// and reports the store's health to `/healthz`.
public struct HeartbeatService: Service {
    public let store: any NotificationStore
    public let receiver: WebhookReceiver
    public let listen: @Sendable () -> String
    public let interval: Duration
    /// The probe's interval while the store is failing.
    public let failingInterval: Duration = .seconds(1)
    public let clock: any GoLiveClock

    public init(
        store: any NotificationStore, receiver: WebhookReceiver, listen: @escaping @Sendable () -> String,
        interval: Duration = .seconds(10), clock: any GoLiveClock = SystemClock()
    ) {
        self.store = store
        self.receiver = receiver
        self.listen = listen
        self.interval = interval
        self.clock = clock
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                var healthy = true
                do {
                    try await store.recordReceiverHeartbeat(listen: listen(), at: clock.now())
                    receiver.storeProbe(succeeded: true)
                } catch {
                    healthy = false
                    receiver.storeProbe(succeeded: false, error: "\(error)")
                }
                // While the store is down, probe every second, so `/healthz` says it is back soon after it is
                // (issue 10: a PostgreSQL restart) even when no delivery arrives to find out.
                do { try await clock.sleep(for: healthy ? interval : min(interval, failingInterval)) } catch { break }
            }
        }
    }
}
