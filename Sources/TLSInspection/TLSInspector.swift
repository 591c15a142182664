public import Foundation
public import GoLiveCore
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import SwiftASN1
import X509

/// Gathers the HTTPS facts of a checkout URL (TLS.md §3): the presented chain, judged with swift-certificates;
/// the TLS versions the server accepts, one pinned handshake each, in parallel; the `http://` redirect; and
/// the page itself (HSTS, mixed content, the Mercado Pago SDK). Never throws: what could not be learnt is a
/// fact too (`unreachable`, `pageError`, a redirect probe that found nothing listening).
public struct TLSInspector: Sendable {
    public struct Options: Sendable {
        /// PEM certificates trusted in addition to the system roots, for every TLS connection of the check.
        public var caFile: String?
        /// Where the http→https redirect is probed (DESIGN.md: default 80).
        public var httpPort: Int
        /// The bound for each connection (connect + handshake, or one HTTP exchange).
        public var timeout: Duration

        public init(caFile: String? = nil, httpPort: Int = 80, timeout: Duration = .seconds(10)) {
            self.caFile = caFile
            self.httpPort = httpPort
            self.timeout = timeout
        }
    }

    public let options: Options
    let extraRoots: [Certificate]
    let extraRootsNIO: [NIOSSLCertificate]

    /// Reads `--ca-file` now, so a bad file is a usage error before any connection is made.
    public init(options: Options) throws(GoLiveError) {
        self.options = options
        guard let path = options.caFile else {
            extraRoots = []
            extraRootsNIO = []
            return
        }
        let remedy = "Pass a PEM file with one or more certificates (-----BEGIN CERTIFICATE-----), e.g. your test root."
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GoLiveError(.sslCAFileInvalid, "The CA file \(path) cannot be read.", remedy: remedy)
        }
        let pem = String(decoding: data, as: UTF8.self)
        do {
            let documents = try PEMDocument.parseMultiple(pemString: pem).filter { $0.discriminator == "CERTIFICATE" }
            extraRoots = try documents.map { try Certificate(pemDocument: $0) }
            extraRootsNIO = try NIOSSLCertificate.fromPEMBytes(Array(data))
        } catch {
            throw GoLiveError(.sslCAFileInvalid, "The CA file \(path) is not valid PEM: \(error).", remedy: remedy)
        }
        guard !extraRoots.isEmpty else {
            throw GoLiveError(.sslCAFileInvalid, "The CA file \(path) holds no certificate.", remedy: remedy)
        }
    }

    /// The URL's host and port, or nil when it is not an https:// URL with a host.
    public static func endpoint(of url: URL) -> (host: String, port: Int)? {
        guard url.scheme?.lowercased() == "https", var host = url.host, !host.isEmpty else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, url.port ?? 443)
    }

    public func inspect(_ url: URL) async -> SSLObservation {
        let start = ContinuousClock.now
        guard let (host, port) = Self.endpoint(of: url) else {
            return SSLObservation(
                url: url, host: url.host ?? "", port: url.port ?? 443, unreachable: "not an https:// URL")
        }
        let group = MultiThreadedEventLoopGroup.singleton
        let probe = HandshakeProbe(group: group, host: host, port: port, timeout: options.timeout)
        let http = PageProbe(options: options, extraRoots: extraRootsNIO)

        async let captured = probe.capture()
        async let versions = probe.acceptedVersions()
        async let redirect = http.redirect(for: url, host: host)
        async let page = http.page(url)

        var observation = SSLObservation(url: url, host: host, port: port)
        switch await captured {
        case .failure(let error):
            observation.unreachable = HandshakeProbe.describe(error, timeout: options.timeout)
            _ = await (versions, redirect, page)
        case .success(let handshake):
            observation.negotiatedProtocol = handshake.version
            observation.protocols = await versions
            await judge(handshake.chain, host: host, probe: probe, into: &observation)
            observation.redirect = await redirect
            switch await page {
            case .success(let facts): observation.page = facts
            case .failure(let error): observation.pageError = error.message
            }
        }
        observation.elapsed = ContinuousClock.now - start
        return observation
    }

    /// Certificate facts, trust and name, each judged on its own.
    func judge(_ chain: [[UInt8]], host: String, probe: HandshakeProbe, into observation: inout SSLObservation) async {
        let raw = chain.map { try? RawCertificate(der: $0) }
        let parsed = chain.map { try? Certificate(derEncoded: $0) }
        observation.presentedChain = zip(raw, parsed).compactMap { raw, parsed in
            raw.map {
                PresentedCertificate(
                    subject: $0.subject, issuer: $0.issuer, signatureAlgorithm: $0.signatureAlgorithm,
                    weakSignature: $0.weakSignature, notBefore: parsed?.notValidBefore, notAfter: parsed?.notValidAfter)
            }
        }
        guard let leafDER = chain.first, let leafRaw = raw.first ?? nil else {
            observation.trust = .notVerified(reason: "the server sent no readable certificate")
            return
        }
        let leaf = parsed[0]
        if let leaf {
            observation.certificate = CertificateFacts(
                subject: String(describing: leaf.subject), issuer: String(describing: leaf.issuer),
                sans: Self.sans(of: leaf), notBefore: leaf.notValidBefore, notAfter: leaf.notValidAfter,
                key: leafRaw.key, signatureAlgorithm: leafRaw.signatureAlgorithm)
            let presented = parsed.compactMap { $0 }
            let roots = CertificateStore.systemTrustRoots.appending(contentsOf: extraRoots)
            if let trust = await CertificateJudge.trust(leaf: leaf, presented: presented, roots: roots) {
                observation.trust = trust
                observation.hostnameMatches = await CertificateJudge.nameMatches(leaf: leaf, host: host)
                return
            }
        } else {
            // swift-certificates refused the leaf (an RSA key under 2048 bits does that): the facts come from
            // the raw DER and BoringSSL.
            let nio = try? NIOSSLCertificate(bytes: leafDER, format: .der)
            observation.certificate = CertificateFacts(
                subject: leafRaw.subject, issuer: leafRaw.issuer, sans: [],
                notBefore: Date(timeIntervalSince1970: TimeInterval(nio?.notValidBefore ?? 0)),
                notAfter: Date(timeIntervalSince1970: TimeInterval(nio?.notValidAfter ?? 0)), key: leafRaw.key,
                signatureAlgorithm: leafRaw.signatureAlgorithm, parseError: parseFailure(leafDER))
        }
        // Trust and name from BoringSSL's own verifying handshake (system roots plus --ca-file).
        switch await probe.verifyingHandshake(extraRoots: extraRootsNIO) {
        case .success:
            observation.trust = .trusted
            observation.hostnameMatches = true
        case .failure(let error):
            if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
                observation.trust = .trusted
                observation.hostnameMatches = false
            } else {
                observation.trust = .notVerified(reason: HandshakeProbe.describe(error, timeout: options.timeout))
            }
        }
    }

    private func parseFailure(_ der: [UInt8]) -> String {
        do {
            _ = try Certificate(derEncoded: der)
            return "unknown"
        } catch {
            return "\(error)"
        }
    }

    static func sans(of certificate: Certificate) -> [String] {
        guard let names = try? certificate.extensions.subjectAlternativeNames else { return [] }
        return names.compactMap { name in
            switch name {
            case .dnsName(let dns): return dns
            case .ipAddress(let octets): return IPAddressText.format(Array(octets.bytes))
            case .uniformResourceIdentifier(let uri): return uri
            default: return nil
            }
        }
    }
}

enum IPAddressText {
    static func format(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        if bytes.count == 16 {
            var address = in6_addr()
            withUnsafeMutableBytes(of: &address) { $0.copyBytes(from: bytes) }
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            if inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil {
                return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
        return bytes.map { String($0, radix: 16) }.joined(separator: ":")
    }
}
