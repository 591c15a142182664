import Foundation
import GoLiveCore
import LoopbackHTTPS
import TLSInspection
import Testing

/// One fixture set for the whole suite (certificates and servers are made once; the process ends them).
enum Fixtures {
    static let shared = Task { try await SSLFixtureSet.start() }
}

/// The finding ids (sorted) and the status each fixture must get: written here, not derived from the code.
let expectations: [SSLFixtureSet.Kind: (ids: [String], status: CheckStatus)] = [
    .valid: ([], .pass),
    .expiring: (["cert.expiring_soon"], .warn),
    .expired: (["cert.expired"], .fail),
    .notYetValid: (["cert.not_yet_valid"], .fail),
    .wrongHost: (["cert.hostname_mismatch"], .fail),
    .movedPage: ([], .pass),
    .expiredIntermediate: (["cert.expired"], .fail),
    .expiredWrongHost: (["cert.expired", "cert.hostname_mismatch"], .fail),
    .selfSigned: (["cert.self_signed"], .fail),
    .untrustedRoot: (["cert.untrusted_root"], .fail),
    .incompleteChain: (["cert.incomplete_chain"], .fail),
    .rsa1024: (["cert.weak_key"], .fail),
    .sha1: (["cert.weak_signature"], .fail),
    .tls10: (["tls.legacy_protocol"], .fail),
    .tls13Only: ([], .pass),
    .noHSTS: (["http.no_hsts"], .warn),
    .shortHSTS: (["http.no_hsts"], .warn),
    .mixedContent: (["page.mixed_content", "page.mixed_content", "page.sdk_not_https"], .fail),
]

@Suite("TLS inspection of real TLS servers on loopback")
struct FixtureTests {
    func inspect(
        _ url: URL, caFile: String?, httpPort: Int, timeout: Duration = .seconds(5)
    ) async throws -> SSLReport {
        let inspector = try TLSInspector(options: .init(caFile: caFile, httpPort: httpPort, timeout: timeout))
        return SSLRules.evaluate(await inspector.inspect(url), at: Date())
    }

    @Test("each fixture gets exactly its findings and status", arguments: SSLFixtureSet.Kind.allCases)
    func fixture(_ kind: SSLFixtureSet.Kind) async throws {
        let fixtures = try await Fixtures.shared.value
        let report = try await inspect(fixtures.url(kind), caFile: fixtures.caFile, httpPort: fixtures.redirectPort)
        let expected = try #require(expectations[kind])
        #expect(report.findingIDs.map(\.rawValue).sorted() == expected.ids, "\(kind): \(report.findings)")
        #expect(report.status == expected.status, "\(kind)")
        #expect(report.observation.unreachable == nil)
        // No probe waited out its 5 s timeout more than once or twice; speed itself is the benchmark's business
        // (Benchmarks/ssl), and a loaded 2-core CI machine can take seconds for the dozen handshakes.
        #expect(report.observation.elapsed < .seconds(20), "\(kind) took \(report.observation.elapsed)")
    }

    @Test("protocol probes: TLS 1.0 fixture accepts 1.0–1.3, the 1.3-only one only 1.3, the valid one 1.2 and 1.3")
    func protocols() async throws {
        let fixtures = try await Fixtures.shared.value
        let expected: [SSLFixtureSet.Kind: [TLSProtocolVersion: Bool]] = [
            .tls10: [.tls10: true, .tls11: true, .tls12: true, .tls13: true],
            .tls13Only: [.tls10: false, .tls11: false, .tls12: false, .tls13: true],
            .valid: [.tls10: false, .tls11: false, .tls12: true, .tls13: true],
        ]
        for (kind, protocols) in expected {
            let report = try await inspect(fixtures.url(kind), caFile: fixtures.caFile, httpPort: fixtures.redirectPort)
            #expect(report.observation.protocols == protocols, "\(kind)")
        }
    }

    @Test("certificate facts: subject, SANs, key, signature, days left; the RSA-1024 leaf is described without parsing")
    func facts() async throws {
        let fixtures = try await Fixtures.shared.value
        let valid = try await inspect(fixtures.url(.valid), caFile: fixtures.caFile, httpPort: fixtures.redirectPort)
        let certificate = try #require(valid.observation.certificate)
        #expect(certificate.sans == ["localhost", "127.0.0.1"])
        #expect(certificate.key == PublicKeyFacts(kind: .ec, bits: 256, curve: "P-256"))
        #expect(certificate.signatureAlgorithm == "sha256WithRSAEncryption")
        #expect(certificate.issuer.contains("golive Test Intermediate CA"))
        #expect((88...90).contains(valid.daysLeft ?? 0))
        #expect(valid.observation.presentedChain.count == 2)
        #expect(valid.observation.trust == .trusted)

        let weak = try await inspect(fixtures.url(.rsa1024), caFile: fixtures.caFile, httpPort: fixtures.redirectPort)
        let weakCertificate = try #require(weak.observation.certificate)
        #expect(weakCertificate.key.kind == .rsa && weakCertificate.key.bits == 1024)
        #expect(weakCertificate.parseError != nil)
        #expect(weak.observation.trust == .trusted)

        let sha1 = try await inspect(fixtures.url(.sha1), caFile: fixtures.caFile, httpPort: fixtures.redirectPort)
        #expect(sha1.observation.certificate?.signatureAlgorithm == "sha1WithRSAEncryption")
    }

    @Test("the page fetch follows https redirects on the same site and scans the page it lands on")
    func movedPage() async throws {
        let fixtures = try await Fixtures.shared.value
        let report = try await inspect(
            fixtures.url(.movedPage), caFile: fixtures.caFile, httpPort: fixtures.redirectPort)
        #expect(report.observation.page?.finalURL?.hasSuffix("/checkout/") == true)
        #expect(report.observation.page?.status == 200)
        #expect(report.observation.page?.sdkReferences == ["https://sdk.mercadopago.com/js/v2"])
    }

    @Test("without --ca-file the test root is not trusted: the valid fixture is an untrusted root, nothing else")
    func systemRootsOnly() async throws {
        let fixtures = try await Fixtures.shared.value
        let report = try await inspect(fixtures.url(.valid), caFile: nil, httpPort: fixtures.redirectPort)
        #expect(report.findingIDs.map(\.rawValue) == ["cert.untrusted_root"])
        #expect(report.observation.pageError != nil, "the page fetch must not trust the test root either")
    }

    @Test("redirect probe: 301 to https passes, 200 over http fails, nothing listening is info")
    func redirects() async throws {
        let fixtures = try await Fixtures.shared.value
        let url = fixtures.url(.valid)
        let redirected = try await inspect(url, caFile: fixtures.caFile, httpPort: fixtures.redirectPort)
        #expect(redirected.findings.isEmpty)
        guard case .toHTTPS(301, let location)? = redirected.observation.redirect else {
            Issue.record("no 301: \(String(describing: redirected.observation.redirect))")
            return
        }
        #expect(location.hasPrefix("https://localhost"))

        let plain = try await inspect(url, caFile: fixtures.caFile, httpPort: fixtures.plainPort)
        #expect(plain.findings.map(\.id) == [.noHTTPSRedirect])
        #expect(plain.findings.first?.severity == .error)
        #expect(plain.status == .fail)

        let closed = try await inspect(url, caFile: fixtures.caFile, httpPort: closedPort())
        #expect(closed.findings.map(\.id) == [.noHTTPSRedirect])
        #expect(closed.findings.first?.severity == .info)
        #expect(closed.status == .pass)
    }

    @Test("unreachable: refused port and unresolvable host give net.unreachable only, within the timeout")
    func unreachable() async throws {
        // A refused port answers at once; the long timeout only keeps a starved event loop (a full parallel run on
        // 2 cores) from turning "refused" into "timed out".
        let refused = try await inspect(
            URL(string: "https://127.0.0.1:\(closedPort())/")!, caFile: nil, httpPort: closedPort(),
            timeout: .seconds(30))
        #expect(refused.findingIDs == [.unreachable])
        #expect(refused.findings.first?.message.contains("refused") == true)
        let inspector = try TLSInspector(options: .init(timeout: .seconds(2)))
        let start = ContinuousClock.now
        let dns = SSLRules.evaluate(await inspector.inspect(URL(string: "https://shop.invalid/checkout")!), at: Date())
        #expect(dns.findingIDs == [.unreachable])
        #expect(ContinuousClock.now - start < .seconds(20), "not a hang (generous: the suites share 2 cores)")
    }

    @Test("a silent server (accepts, never answers) is unreachable after the timeout, not a hang")
    func silentServer() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let inspector = try TLSInspector(options: .init(httpPort: closedPort(), timeout: .milliseconds(500)))
        let start = ContinuousClock.now
        let report = SSLRules.evaluate(
            await inspector.inspect(URL(string: "https://127.0.0.1:\(listener.port)/")!), at: Date())
        #expect(report.findingIDs == [.unreachable])
        // The configured timeout is the one that ended the wait (the message names it), not the default 10 s.
        let timeout = Duration.milliseconds(500)
        #expect(report.findings.first?.message.contains("no TLS handshake within \(timeout)") == true)
        // Not a hang. Generous: a full parallel run on 2 cores once took 8.9 s for these few 0.5 s waits.
        #expect(ContinuousClock.now - start < .seconds(30))
    }

    @Test("--ca-file: missing, not PEM, or without a certificate is ssl.ca_file_invalid")
    func caFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let garbage = folder.appendingPathComponent("garbage.pem")
        try Data("not a certificate".utf8).write(to: garbage)
        for path in [folder.appendingPathComponent("missing.pem").path, garbage.path] {
            #expect(throws: GoLiveError.self) { try TLSInspector(options: .init(caFile: path)) }
            do {
                _ = try TLSInspector(options: .init(caFile: path))
            } catch {
                #expect(error.code == .sslCAFileInvalid)
            }
        }
    }
}

/// A port nothing listens on (bound then closed).
func closedPort() -> Int {
    let listener = try! SilentListener()
    let port = listener.port
    listener.close()
    return port
}

/// A TCP listener that accepts (the kernel does) and never speaks.
final class SilentListener: @unchecked Sendable {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        listen(fd, 16)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(fd) }
}
