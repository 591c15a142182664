import Foundation
import GoLiveCore
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The HTTP side: the `http://` redirect probe and the page fetch over verified HTTPS (`--ca-file` roots
/// added). One GET each on a connection of its own, bounded by the timeout; redirects are never followed.
/// (Raw SwiftNIO rather than AsyncHTTPClient: its pool retries a refused connection until the connect
/// timeout, which made a closed port cost the whole timeout.)
struct PageProbe: Sendable {
    let options: TLSInspector.Options
    let extraRoots: [NIOSSLCertificate]

    struct Failure: Error {
        var message: String
    }

    /// The page is read up to this size; the markup that matters comes first.
    static let maximumBody = 2 << 20

    func redirect(for url: URL, host: String) async -> RedirectOutcome {
        let port = options.httpPort
        let result = await HTTPFetch(host: host, port: port, path: Self.path(of: url), timeout: options.timeout)
            .run(tls: nil)
        switch result {
        case .success(let response):
            if (300..<400).contains(response.status), let location = response.headers.first(name: "location") {
                return location.lowercased().hasPrefix("https://")
                    ? .toHTTPS(status: response.status, location: location)
                    : .toHTTP(status: response.status, location: location)
            }
            return .noRedirect(status: response.status)
        case .failure(let error):
            return .unavailable(port: port, reason: HandshakeProbe.describe(error, timeout: options.timeout))
        }
    }

    /// https:// redirects the page fetch follows (`/checkout` → `/checkout/`, → the login-free page).
    static let maximumHops = 3

    func page(_ url: URL) async -> Result<PageFacts, Failure> {
        var current = url
        var hsts: String?
        for hop in 0...Self.maximumHops {
            let response: HTTPFetch.Response
            switch await fetch(current) {
            case .failure(let failure): return .failure(failure)
            case .success(let fetched): response = fetched
            }
            // Browsers take HSTS from any https:// response, the redirects included.
            hsts = hsts ?? response.headers.first(name: "strict-transport-security")
            if (300..<400).contains(response.status), hop < Self.maximumHops,
                let location = response.headers.first(name: "location"),
                let next = URL(string: location, relativeTo: current)?.absoluteURL,
                TLSInspector.endpoint(of: next) != nil
            {
                current = next
                continue
            }
            let scan = PageScanner.scan(html: response.body)
            return .success(
                PageFacts(
                    status: response.status, hsts: hsts, mixedContent: scan.mixedContent,
                    sdkReferences: scan.sdkReferences, finalURL: current == url ? nil : current.absoluteString))
        }
        return .failure(Failure(message: "too many redirects"))
    }

    private func fetch(_ url: URL) async -> Result<HTTPFetch.Response, Failure> {
        guard let (host, port) = TLSInspector.endpoint(of: url) else {
            return .failure(Failure(message: "not an https:// URL"))
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        let isIP = host.contains(":") || host.split(separator: ".").allSatisfy { UInt8($0) != nil }
        tls.certificateVerification = isIP ? .noHostnameVerification : .fullVerification
        if !extraRoots.isEmpty { tls.additionalTrustRoots = [.certificates(extraRoots)] }
        let result = await HTTPFetch(host: host, port: port, path: Self.path(of: url), timeout: options.timeout)
            .run(tls: tls)
        return result.mapError {
            Failure(
                message: "the page could not be fetched over verified HTTPS: "
                    + HandshakeProbe.describe($0, timeout: options.timeout))
        }
    }

    static func path(of url: URL) -> String {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        components?.scheme = nil
        components?.host = nil
        components?.port = nil
        components?.user = nil
        components?.password = nil
        components?.fragment = nil
        let path = components?.string ?? "/"
        return path.hasPrefix("/") ? path : "/" + path
    }
}

/// One HTTP/1.1 GET with `Connection: close`, optionally over TLS.
struct HTTPFetch: Sendable {
    let host: String
    let port: Int
    let path: String
    let timeout: Duration

    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: String
    }

    func run(tls: TLSConfiguration?) async -> Result<Response, any Error> {
        let context: NIOSSLContext?
        do {
            context = try tls.map { try NIOSSLContext(configuration: $0) }
        } catch {
            return .failure(error)
        }
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let promise = loop.makePromise(of: Response.self)
        let timeout = TimeAmount.nanoseconds(Int64(timeout.timeInterval * 1_000_000_000))
        let isIP = host.contains(":") || host.split(separator: ".").allSatisfy { UInt8($0) != nil }
        let sni = isIP ? nil : host
        let hostHeader = (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
        let path = path
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let context {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: context, serverHostname: sni))
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(
                        ResponseCollector(promise: promise, timeout: timeout, limit: PageProbe.maximumBody))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: port).get()
        } catch {
            promise.fail(error)
            return .failure(error)
        }
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path)
        head.headers.add(name: "host", value: hostHeader)
        head.headers.add(name: "user-agent", value: "golive-ssl")
        head.headers.add(name: "accept", value: "text/html,*/*")
        head.headers.add(name: "connection", value: "close")
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        let result: Result<Response, any Error>
        do {
            result = .success(try await promise.futureResult.get())
        } catch {
            result = .failure(error)
        }
        try? await channel.close()
        return result
    }
}

final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    private let promise: EventLoopPromise<HTTPFetch.Response>
    private let timeout: TimeAmount
    private let limit: Int
    private var head: HTTPResponseHead?
    private var body: [UInt8] = []
    private var done = false
    private var timer: Scheduled<Void>?

    init(promise: EventLoopPromise<HTTPFetch.Response>, timeout: TimeAmount, limit: Int) {
        self.promise = promise
        self.timeout = timeout
        self.limit = limit
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: timeout) {
            let (collector, context) = loopBound.value
            collector.finish(.failure(HandshakeProbe.Timeout()))
            context.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let received):
            head = received
        case .body(var buffer):
            if body.count < limit, let bytes = buffer.readBytes(length: min(buffer.readableBytes, limit - body.count)) {
                body += bytes
            }
        case .end:
            complete()
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if head != nil, error is NIOSSLError {
            complete()  // a server closing without close_notify after the response
        } else {
            finish(.failure(error))
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if head != nil { complete() } else { finish(.failure(ChannelError.eof)) }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        finish(.failure(ChannelError.ioOnClosedChannel))
    }

    private func complete() {
        guard let head else { return }
        finish(
            .success(
                HTTPFetch.Response(
                    status: Int(head.status.code), headers: head.headers, body: String(decoding: body, as: UTF8.self))))
    }

    private func finish(_ result: Result<HTTPFetch.Response, any Error>) {
        guard !done else { return }
        done = true
        timer?.cancel()
        promise.completeWith(result)
    }
}
