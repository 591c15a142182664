import Foundation
import GoLiveCore
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// TLS handshakes with NIOSSL, each bounded by the timeout; nothing is sent after the handshake.
struct HandshakeProbe: Sendable {
    let group: any EventLoopGroup
    let host: String
    let port: Int
    let timeout: Duration

    struct Handshake: Sendable {
        var version: TLSProtocolVersion?
        /// DER, leaf first, as the server sent it.
        var chain: [[UInt8]]
    }

    struct Timeout: Error {}

    /// SNI cannot be an IP literal (NIOSSL refuses it); the name is then judged against IP SANs.
    var sni: String? {
        let isIP = host.contains(":") || host.split(separator: ".").allSatisfy { UInt8($0) != nil }
        return isIP ? nil : host
    }

    /// Accepts whatever chain the server presents and records it (TLS.md §3.2: with `.none` the callback
    /// is never called, hence `.noHostnameVerification` and a callback that accepts).
    func capture() async -> Result<Handshake, any Error> {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv1
        configuration.maximumTLSVersion = .tlsv13
        configuration.certificateVerification = .noHostnameVerification
        let box = ChainBox()
        return await handshake(configuration) { context, sni in
            try NIOSSLClientHandler(
                context: context, serverHostname: sni,
                customVerificationCallback: { certificates, promise in
                    box.set(certificates.compactMap { try? $0.toDERBytes() })
                    promise.succeed(.certificateVerified)
                })
        }.map { version in Handshake(version: version, chain: box.get()) }
    }

    /// Which versions the server accepts: one handshake per version, pinned, in parallel. Any failure
    /// counts as "not accepted".
    func acceptedVersions() async -> [TLSProtocolVersion: Bool] {
        await withTaskGroup(of: (TLSProtocolVersion, Bool).self) { group in
            for version in TLSProtocolVersion.allCases {
                group.addTask {
                    var configuration = TLSConfiguration.makeClientConfiguration()
                    configuration.minimumTLSVersion = version.nio
                    configuration.maximumTLSVersion = version.nio
                    configuration.certificateVerification = .none
                    let result = await handshake(configuration) { context, sni in
                        try NIOSSLClientHandler(context: context, serverHostname: sni)
                    }
                    if case .success = result { return (version, true) }
                    return (version, false)
                }
            }
            var accepted: [TLSProtocolVersion: Bool] = [:]
            for await (version, ok) in group { accepted[version] = ok }
            return accepted
        }
    }

    /// BoringSSL's own verification (system roots plus `extraRoots`, name included), for a leaf that
    /// swift-certificates cannot parse.
    func verifyingHandshake(extraRoots: [NIOSSLCertificate]) async -> Result<Void, any Error> {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = sni == nil ? .noHostnameVerification : .fullVerification
        if !extraRoots.isEmpty { configuration.additionalTrustRoots = [.certificates(extraRoots)] }
        return await handshake(configuration) { context, sni in
            try NIOSSLClientHandler(context: context, serverHostname: sni)
        }.map { _ in () }
    }

    private func handshake(
        _ configuration: TLSConfiguration,
        makeHandler: @escaping @Sendable (NIOSSLContext, String?) throws -> NIOSSLClientHandler
    ) async -> Result<TLSProtocolVersion?, any Error> {
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            return .failure(error)
        }
        let loop = group.next()
        let promise = loop.makePromise(of: TLSProtocolVersion?.self)
        let sni = sni
        let timeout = TimeAmount.nanoseconds(Int64(timeout.timeInterval * 1_000_000_000))
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(makeHandler(context, sni))
                    try channel.pipeline.syncOperations.addHandler(
                        HandshakeWatcher(promise: promise, timeout: timeout))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: port).get()
        } catch {
            promise.fail(error)
            return .failure(error)
        }
        let result: Result<TLSProtocolVersion?, any Error>
        do {
            result = .success(try await promise.futureResult.get())
        } catch {
            result = .failure(error)
        }
        try? await channel.close()
        return result
    }

    /// A sentence for a person: what went wrong reaching the endpoint.
    static func describe(_ error: any Error, timeout: Duration) -> String {
        switch error {
        case let error as NIOConnectionError:
            if let failure = error.connectionErrors.first {
                return describe(failure.error, timeout: timeout)
            }
            if error.dnsAError != nil || error.dnsAAAAError != nil {
                return "DNS lookup of \(error.host) failed"
            }
            return "could not connect to \(error.host):\(error.port)"
        case let error as IOError where error.errnoCode == ECONNREFUSED:
            return "connection refused"
        case let error as IOError:
            return "\(error)"
        case ChannelError.connectTimeout:
            return "no connection within \(timeout)"
        case is Timeout:
            return "no TLS handshake within \(timeout)"
        case let error as NIOSSLError:
            return "TLS handshake failed (\(error))"
        default:
            return "\(error)"
        }
    }
}

/// Completes the promise once: on handshake completion (with the negotiated version), on error, on close,
/// or when the timeout fires.
final class HandshakeWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    private let promise: EventLoopPromise<TLSProtocolVersion?>
    private let timeout: TimeAmount
    private var done = false
    private var timer: Scheduled<Void>?

    init(promise: EventLoopPromise<TLSProtocolVersion?>, timeout: TimeAmount) {
        self.promise = promise
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: timeout) {
            let (watcher, context) = loopBound.value
            watcher.finish(.failure(HandshakeProbe.Timeout()))
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event {
            let version = try? context.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self).tlsVersion
            finish(.success(version.flatMap { $0 }.map(TLSProtocolVersion.init(nio:))))
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(error))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(ChannelError.eof))
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        finish(.failure(ChannelError.ioOnClosedChannel))
    }

    private func finish(_ result: Result<TLSProtocolVersion?, any Error>) {
        guard !done else { return }
        done = true
        timer?.cancel()
        promise.completeWith(result)
    }
}

/// The chain the verification callback saw; written on the event loop, read after the handshake.
final class ChainBox: @unchecked Sendable {
    private let lock = NSLock()
    private var chain: [[UInt8]] = []
    func set(_ value: [[UInt8]]) { lock.withLock { chain = value } }
    func get() -> [[UInt8]] { lock.withLock { chain } }
}

extension TLSProtocolVersion {
    var nio: TLSVersion {
        switch self {
        case .tls10: .tlsv1
        case .tls11: .tlsv11
        case .tls12: .tlsv12
        case .tls13: .tlsv13
        }
    }

    init(nio: TLSVersion) {
        switch nio {
        case .tlsv1: self = .tls10
        case .tlsv11: self = .tls11
        case .tlsv12: self = .tls12
        case .tlsv13: self = .tls13
        }
    }
}
