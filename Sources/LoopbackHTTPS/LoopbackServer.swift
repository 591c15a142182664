import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A small static HTTP or HTTPS server on loopback (raw SwiftNIO): one handler answers every request,
/// each connection is closed after its response. It stops cleanly (stopping a Hummingbird TLS server
/// crashed in NIOAsyncWriter), which the Sandbox's checkout page and the SSL tests need.
public final class LoopbackServer: Sendable {
    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: String
        /// How long to wait before answering (a slow server: issue 11's notifications.url tests).
        public var delay: Duration = .zero

        public init(status: Int = 200, headers: [(String, String)] = [], body: String = "", delay: Duration = .zero) {
            self.delay = delay
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    /// The TLS side: the chain to send (leaf first) and the leaf's key.
    public struct TLS: Sendable {
        public enum Version: Sendable, Hashable {
            case tls10, tls11, tls12, tls13
        }

        public var chainPEM: [String]
        public var keyPEM: String
        public var minimumVersion: Version
        public var maximumVersion: Version

        public init(
            chainPEM: [String], keyPEM: String, minimumVersion: Version = .tls12, maximumVersion: Version = .tls13
        ) {
            self.chainPEM = chainPEM
            self.keyPEM = keyPEM
            self.minimumVersion = minimumVersion
            self.maximumVersion = maximumVersion
        }
    }

    public typealias Handler = @Sendable (_ method: String, _ path: String) -> Response

    private let channel: any Channel
    public let port: Int
    public let host: String

    private init(channel: any Channel, host: String) {
        self.channel = channel
        self.host = host
        port = channel.localAddress?.port ?? 0
    }

    /// Binds to `host` on a free port (or `port`).
    public static func start(
        host: String = "127.0.0.1", port: Int = 0, tls: TLS? = nil, handler: @escaping Handler
    ) async throws -> LoopbackServer {
        let context = try tls.map { tls -> NIOSSLContext in
            let chain = try tls.chainPEM.flatMap { try NIOSSLCertificate.fromPEMBytes(Array($0.utf8)) }
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(tls.keyPEM.utf8), format: .pem)))
            configuration.minimumTLSVersion = tls.minimumVersion.nio
            configuration.maximumTLSVersion = tls.maximumVersion.nio
            return try NIOSSLContext(configuration: configuration)
        }
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let context {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(StaticResponder(handler: handler))
                }
            }
        let channel = try await bootstrap.bind(host: host, port: port).get()
        return LoopbackServer(channel: channel, host: host)
    }

    public func stop() async {
        try? await channel.close()
    }
}

final class StaticResponder: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let handler: LoopbackServer.Handler
    private var request: HTTPRequestHead?

    init(handler: @escaping LoopbackServer.Handler) { self.handler = handler }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            request = head
        case .body:
            break
        case .end:
            guard let head = request else { return }
            request = nil
            let path = String(head.uri.split(separator: "?", maxSplits: 1).first ?? "/")
            let response = handler(head.method.rawValue, path)
            guard response.delay > .zero else { return respond(response, head: head, context: context) }
            let (seconds, attoseconds) = response.delay.components
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)) {
                loopBound.value.0.respond(response, head: head, context: loopBound.value.1)
            }
        }
    }

    private func respond(_ response: LoopbackServer.Response, head: HTTPRequestHead, context: ChannelHandlerContext) {
        do {
            var headers = HTTPHeaders(response.headers)
            headers.replaceOrAdd(name: "content-length", value: String(response.body.utf8.count))
            headers.replaceOrAdd(name: "connection", value: "close")
            if !headers.contains(name: "content-type") {
                headers.add(name: "content-type", value: "text/html; charset=utf-8")
            }
            let responseHead = HTTPResponseHead(
                version: head.version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            var buffer = context.channel.allocator.buffer(capacity: response.body.utf8.count)
            buffer.writeString(response.body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                loopBound.value.close(promise: nil)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

extension LoopbackServer.TLS.Version {
    var nio: TLSVersion {
        switch self {
        case .tls10: .tlsv1
        case .tls11: .tlsv11
        case .tls12: .tlsv12
        case .tls13: .tlsv13
        }
    }
}
