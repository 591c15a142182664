import Foundation
import GoLiveCore
import Testing

@Suite("SSL rules: facts in, findings out")
struct SSLRulesTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let day: TimeInterval = 86_400

    func observation(
        notBefore: TimeInterval = -10, notAfter: TimeInterval = 80, key: PublicKeyFacts = .init(kind: .ec, bits: 256),
        trust: ChainTrust = .trusted, hostnameMatches: Bool = true, weakSignature: Bool = false,
        protocols: [TLSProtocolVersion: Bool] = [.tls10: false, .tls11: false, .tls12: true, .tls13: true],
        redirect: RedirectOutcome = .toHTTPS(status: 301, location: "https://shop.example.com/checkout"),
        page: PageFacts? = PageFacts(status: 200, hsts: "max-age=63072000", mixedContent: [], sdkReferences: [])
    ) -> SSLObservation {
        SSLObservation(
            url: URL(string: "https://shop.example.com/checkout")!, host: "shop.example.com", port: 443,
            negotiatedProtocol: .tls13,
            certificate: CertificateFacts(
                subject: "CN=shop.example.com", issuer: "CN=Int", sans: ["shop.example.com"],
                notBefore: now + notBefore * day, notAfter: now + notAfter * day, key: key,
                signatureAlgorithm: weakSignature ? "sha1WithRSAEncryption" : "sha256WithRSAEncryption"),
            presentedChain: [
                PresentedCertificate(
                    subject: "CN=shop.example.com", issuer: "CN=Int",
                    signatureAlgorithm: weakSignature ? "sha1WithRSAEncryption" : "sha256WithRSAEncryption",
                    weakSignature: weakSignature),
                PresentedCertificate(
                    subject: "CN=Int", issuer: "CN=Root", signatureAlgorithm: "sha256WithRSAEncryption",
                    weakSignature: false),
            ], trust: trust, hostnameMatches: hostnameMatches, protocols: protocols, redirect: redirect, page: page)
    }

    func ids(_ observation: SSLObservation) -> [String] {
        SSLRules.findings(for: observation, at: now).map(\.id.rawValue)
    }

    @Test("a clean observation passes with no findings")
    func clean() {
        let report = SSLRules.evaluate(observation(), at: now)
        #expect(report.findings.isEmpty)
        #expect(report.status == .pass)
        #expect(report.daysLeft == 80)
        #expect(report.checkResult.status == .pass)
        #expect(report.checkResult.id == .sslCheckoutPage)
    }

    @Test("validity: expired, not yet valid, 10 days left (warning), 3 days left (error)")
    func validity() {
        #expect(ids(observation(notBefore: -100, notAfter: -1)) == ["cert.expired"])
        #expect(ids(observation(notBefore: 5, notAfter: 90)) == ["cert.not_yet_valid"])
        let soon = SSLRules.evaluate(observation(notAfter: 10.5), at: now)
        #expect(soon.findingIDs == [.expiringSoon])
        #expect(soon.status == .warn)
        let verySoon = SSLRules.evaluate(observation(notAfter: 3), at: now)
        #expect(verySoon.status == .fail)
    }

    @Test("an expired intermediate is cert.expired, naming it; a valid one says nothing")
    func intermediateValidity() {
        var expired = observation()
        expired.presentedChain[1].notBefore = now - 400 * day
        expired.presentedChain[1].notAfter = now - 10 * day
        let findings = SSLRules.findings(for: expired, at: now)
        #expect(findings.map(\.id) == [.expired])
        #expect(findings.first?.message.contains("CN=Int") == true)
        var fine = observation()
        fine.presentedChain[1].notBefore = now - 400 * day
        fine.presentedChain[1].notAfter = now + 400 * day
        #expect(SSLRules.findings(for: fine, at: now).isEmpty)
    }

    @Test("two problems give two findings, each with its own id")
    func twoProblems() {
        let found = ids(observation(notBefore: -100, notAfter: -1, hostnameMatches: false))
        #expect(Set(found) == ["cert.expired", "cert.hostname_mismatch"])
        #expect(found.count == 2)
    }

    @Test("trust verdicts map to their own ids")
    func trust() {
        #expect(ids(observation(trust: .selfSigned)) == ["cert.self_signed"])
        #expect(ids(observation(trust: .untrustedRoot(root: "CN=X"))) == ["cert.untrusted_root"])
        #expect(
            ids(observation(trust: .incompleteChain(missingIssuer: "CN=Int", caIssuers: "http://ca/int.crt")))
                == ["cert.incomplete_chain"])
        let message = SSLRules.findings(
            for: observation(trust: .incompleteChain(missingIssuer: "CN=Int", caIssuers: "http://ca/int.crt")), at: now
        ).first?.message
        #expect(message?.contains("http://ca/int.crt") == true)
    }

    @Test("keys and signatures: RSA 1024 and EC 192 are weak, RSA 2048 and Ed25519 are not; SHA-1 is weak")
    func crypto() {
        #expect(ids(observation(key: .init(kind: .rsa, bits: 1024))) == ["cert.weak_key"])
        #expect(ids(observation(key: .init(kind: .ec, bits: 192))) == ["cert.weak_key"])
        #expect(ids(observation(key: .init(kind: .rsa, bits: 2048))).isEmpty)
        #expect(ids(observation(key: .init(kind: .ed25519, bits: 256))).isEmpty)
        #expect(ids(observation(weakSignature: true)) == ["cert.weak_signature"])
    }

    @Test("protocols: TLS 1.0/1.1 error, no 1.2/1.3 error, 1.2 without 1.3 warning")
    func protocols() {
        #expect(
            ids(observation(protocols: [.tls10: true, .tls11: true, .tls12: true, .tls13: true]))
                == ["tls.legacy_protocol"])
        #expect(
            Set(ids(observation(protocols: [.tls10: true, .tls11: false, .tls12: false, .tls13: false])))
                == ["tls.legacy_protocol", "tls.no_modern_protocol"])
        let noThirteen = SSLRules.evaluate(
            observation(protocols: [.tls10: false, .tls11: false, .tls12: true, .tls13: false]), at: now)
        #expect(noThirteen.findingIDs == [.noModernProtocol])
        #expect(noThirteen.status == .warn)
    }

    @Test("redirect: http→http and no redirect are errors, nothing listening is info, https is fine")
    func redirect() {
        #expect(ids(observation(redirect: .toHTTP(status: 302, location: "http://x/"))) == ["http.no_https_redirect"])
        #expect(ids(observation(redirect: .noRedirect(status: 200))) == ["http.no_https_redirect"])
        let info = SSLRules.evaluate(
            observation(redirect: .unavailable(port: 80, reason: "connection refused")), at: now)
        #expect(info.findings.map(\.severity) == [.info])
        #expect(info.status == .pass)
    }

    @Test("HSTS: absent, short, unparsable are warnings; a year or more is fine")
    func hsts() {
        func page(_ header: String?) -> PageFacts {
            PageFacts(status: 200, hsts: header, mixedContent: [], sdkReferences: [])
        }
        #expect(ids(observation(page: page(nil))) == ["http.no_hsts"])
        #expect(ids(observation(page: page("max-age=300"))) == ["http.no_hsts"])
        #expect(ids(observation(page: page("includeSubDomains"))) == ["http.no_hsts"])
        #expect(ids(observation(page: page("max-age=\"31536000\"; includeSubDomains; preload"))).isEmpty)
        let policy = HSTSPolicy(header: "Max-Age=31536000 ; includeSubDomains;preload")
        #expect(policy == HSTSPolicy(maxAge: 31_536_000, includeSubDomains: true, preload: true))
        #expect(ids(observation(page: nil)).isEmpty, "no page fetched: nothing said about HSTS")
    }

    @Test("unreachable: only net.unreachable, whatever else is known")
    func unreachable() {
        var unreachable = observation(trust: .selfSigned)
        unreachable.unreachable = "connection refused"
        let report = SSLRules.evaluate(unreachable, at: now)
        #expect(report.findingIDs == [.unreachable])
        #expect(report.status == .fail)
    }

    @Test("the page scanner finds http:// active and passive content and the SDK, and ignores links and comments")
    func scanner() {
        let html = """
            <html><head><!-- <script src="http://commented.example/x.js"></script> -->
            <SCRIPT SRC='http://sdk.mercadopago.com/js/v2'></SCRIPT>
            <script>var s = "<iframe src='http://inline.example'>";</script>
            <link rel="stylesheet" href="http://cdn.example/a.css"><link rel="canonical" href="http://shop.example/">
            </head><body><a href="http://example.com">x</a>
            <form method=post action=http://shop.example/pay></form>
            <iframe src="http://frame.example/"></iframe><img src="http://img.example/a.png" alt="a > b">
            <video src="https://ok.example/v.mp4"></video><object data="http://obj.example/o"></object>
            </body></html>
            """
        let result = PageScanner.scan(html: html)
        #expect(
            result.mixedContent.map { "\($0.element) \($0.url) \($0.blockable)" } == [
                "script http://sdk.mercadopago.com/js/v2 true", "link http://cdn.example/a.css true",
                "form http://shop.example/pay true", "iframe http://frame.example/ true",
                "img http://img.example/a.png false", "object http://obj.example/o true",
            ])
        #expect(result.sdkReferences == ["http://sdk.mercadopago.com/js/v2"])
        let report = SSLRules.evaluate(
            observation(
                page: PageFacts(
                    status: 200, hsts: "max-age=31536000", mixedContent: result.mixedContent,
                    sdkReferences: result.sdkReferences)), at: now)
        #expect(
            report.findings.map { "\($0.id) \($0.severity)" } == [
                "page.mixed_content error", "page.sdk_not_https error", "page.mixed_content warning",
            ])
    }

    @Test("the JSON document has DESIGN.md's keys")
    func json() {
        let report = SSLRules.evaluate(observation(notAfter: 10.5), at: now)
        let json = report.json
        #expect(json["status"] == .string("warn"))
        #expect(json["url"] == .string("https://shop.example.com/checkout"))
        #expect(json["findings"][0]["id"] == .string("cert.expiring_soon"))
        #expect(json["findings"][0]["severity"] == .string("warning"))
        #expect(json["certificate"]["days_left"].int64 == 10)
        #expect(json["certificate"]["key"] == .string("EC 256-bit"))
        #expect(json["protocols"]["tls1.3"] == .bool(true))
        #expect(json["protocols"]["tls1.0"] == .bool(false))
        #expect(json["hsts"]["max_age"].int64 == 63_072_000)
        #expect(json["elapsed_ms"].int64 != nil)
        #expect(json["certificate"]["not_after"].string != nil)
    }
}
