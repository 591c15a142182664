import Foundation
import GoLiveCore
import LoopbackHTTPS
import StoreSQLite
import Testing

/// The real binary against real TLS servers on loopback, with certificates generated here (issue 4).
@Suite("golive ssl (binary)")
struct SSLCommandTests {
    /// Written here from TLS.md §2 and DESIGN.md, not derived from the code: sorted finding ids and status.
    static let expected: [SSLFixtureSet.Kind: (ids: [String], status: String)] = [
        .valid: ([], "pass"),
        .expiring: (["cert.expiring_soon"], "warn"),
        .expired: (["cert.expired"], "fail"),
        .notYetValid: (["cert.not_yet_valid"], "fail"),
        .wrongHost: (["cert.hostname_mismatch"], "fail"),
        .movedPage: ([], "pass"),
        .expiredIntermediate: (["cert.expired"], "fail"),
        .expiredWrongHost: (["cert.expired", "cert.hostname_mismatch"], "fail"),
        .selfSigned: (["cert.self_signed"], "fail"),
        .untrustedRoot: (["cert.untrusted_root"], "fail"),
        .incompleteChain: (["cert.incomplete_chain"], "fail"),
        .rsa1024: (["cert.weak_key"], "fail"),
        .sha1: (["cert.weak_signature"], "fail"),
        .tls10: (["tls.legacy_protocol"], "fail"),
        .tls13Only: ([], "pass"),
        .noHSTS: (["http.no_hsts"], "warn"),
        .shortHSTS: (["http.no_hsts"], "warn"),
        .mixedContent: (["page.mixed_content", "page.mixed_content", "page.sdk_not_https"], "fail"),
    ]

    @Test("every fixture: exact finding ids, status and exit code from `golive ssl --json`")
    func fixtures() async throws {
        let fixtures = try await SSLFixtureSet.start()
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        for kind in SSLFixtureSet.Kind.allCases {
            let run = try await binary.run([
                "ssl", fixtures.url(kind).absoluteString, "--ca-file", fixtures.caFile, "--http-port",
                String(fixtures.redirectPort), "--json", "--timeout", "5",
            ])
            let json = try JSONValue.parse(Data(run.stdout.utf8))
            let expected = try #require(Self.expected[kind])
            #expect(json["findings"].array.compactMap { $0["id"].string }.sorted() == expected.ids, "\(kind)")
            #expect(json["status"].string == expected.status, "\(kind)")
            #expect(run.status == (expected.status == "fail" ? 1 : 0), "\(kind): exit \(run.status) \(run.stderr)")
            #expect(json["url"].string == fixtures.url(kind).absoluteString)
            for finding in json["findings"].array {
                #expect(["error", "warning", "info"].contains(finding["severity"].string ?? ""))
                #expect((finding["message"].string ?? "").count > 20)
            }
        }
        // The http:// redirect probe through the binary: 200 over http is an error.
        let plain = try await binary.run([
            "ssl", fixtures.url(.valid).absoluteString, "--ca-file", fixtures.caFile, "--http-port",
            String(fixtures.plainPort), "--json",
        ])
        let plainJSON = try JSONValue.parse(Data(plain.stdout.utf8))
        #expect(plainJSON["findings"].array.compactMap { $0["id"].string } == ["http.no_https_redirect"])
        #expect(plain.status == 1)
        await fixtures.stop()
    }

    @Test("the valid fixture's document carries certificate, protocols and HSTS as DESIGN.md shapes them")
    func document() async throws {
        let fixtures = try await SSLFixtureSet.start([.valid])
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let run = try await binary.run([
            "ssl", fixtures.url(.valid).absoluteString, "--ca-file", fixtures.caFile, "--http-port",
            String(fixtures.redirectPort), "--json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try JSONValue.parse(Data(run.stdout.utf8))
        #expect(json["certificate"]["sans"].strings == ["localhost", "127.0.0.1"])
        #expect(json["certificate"]["key"].string == "EC P-256")
        #expect(json["certificate"]["signature_algorithm"].string == "sha256WithRSAEncryption")
        #expect((88...90).contains(json["certificate"]["days_left"].int64 ?? 0))
        #expect(json["certificate"]["subject"].string?.contains("localhost") == true)
        #expect(json["certificate"]["issuer"].string?.contains("golive Test Intermediate CA") == true)
        #expect(json["certificate"]["not_before"].string != nil && json["certificate"]["not_after"].string != nil)
        #expect(json["protocols"].object?.count == 4)
        #expect(json["protocols"]["tls1.2"] == .bool(true) && json["protocols"]["tls1.0"] == .bool(false))
        #expect(json["hsts"]["max_age"].int64 == 63_072_000)
        #expect(json["hsts"]["include_subdomains"] == .bool(true))
        #expect((json["elapsed_ms"].int64 ?? 60_000) < 20_000, "no probe hung (speed is the benchmark's business)")
        // Human output says the same.
        let human = try await binary.run([
            "ssl", fixtures.url(.valid).absoluteString, "--ca-file", fixtures.caFile, "--http-port",
            String(fixtures.redirectPort),
        ])
        #expect(human.status == 0)
        #expect(human.stdout.contains("PASS"))
        #expect(human.stdout.contains("No findings."))
        await fixtures.stop()
    }

    @Test("bad usage exits 2 with a clear error; an unreachable host exits 1 with net.unreachable, quickly")
    func usageAndUnreachable() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let http = try await binary.run(["ssl", "http://shop.example.com/", "--json"])
        #expect(http.status == 2)
        #expect(try JSONValue.parse(Data(http.stdout.utf8))["error"]["code"].string == "usage")
        let missingCA = try await binary.run([
            "ssl", "https://127.0.0.1:1/", "--ca-file", binary.home.appendingPathComponent("nope.pem").path, "--json",
        ])
        #expect(missingCA.status == 2)
        #expect(try JSONValue.parse(Data(missingCA.stdout.utf8))["error"]["code"].string == "ssl.ca_file_invalid")
        #expect(missingCA.stderr.contains("nope.pem"))

        let start = ContinuousClock.now
        let refused = try await binary.run(["ssl", "https://127.0.0.1:1/checkout", "--json", "--http-port", "1"])
        #expect(refused.status == 1)
        let json = try JSONValue.parse(Data(refused.stdout.utf8))
        #expect(json["findings"].array.compactMap { $0["id"].string } == ["net.unreachable"])
        #expect(json["status"].string == "fail")
        let dns = try await binary.run(["ssl", "https://shop.invalid/checkout", "--json", "--timeout", "2"])
        #expect(dns.status == 1)
        #expect(
            try JSONValue.parse(Data(dns.stdout.utf8))["findings"].array.compactMap { $0["id"].string } == [
                "net.unreachable"
            ])
        #expect(ContinuousClock.now - start < .seconds(30), "not a hang (generous: the suites share 2 cores)")
    }

    @Test("demo check: the Sandbox's HTTPS checkout page passes ssl.checkout_page, and the result is stored")
    func demoCheck() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let run = try await binary.run(["demo", "check", "--json"])
        let json = try JSONValue.parse(Data(run.stdout.utf8))
        let ssl = try #require(json["checks"].array.first { $0["id"].string == "ssl.checkout_page" })
        #expect(ssl["status"].string == "pass", "\(ssl)")
        #expect(ssl["details"]["url"].string?.hasPrefix("https://localhost:") == true)
        #expect(ssl["details"]["findings"].array.isEmpty)
        #expect(ssl["details"]["protocols"]["tls1.3"] == .bool(true))
        #expect(ssl["checked_at"].string != nil)
    }

    @Test("check --checkout-url: a page served with an untrusted certificate fails ssl.checkout_page, stored")
    func checkWithFixture() async throws {
        let fixtures = try await SSLFixtureSet.start([.selfSigned])
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let storePath = binary.home.appendingPathComponent("store/golive.sqlite").path
        let run = try await binary.run([
            "check", "--json", "--api-base", "http://127.0.0.1:1", "--store", "sqlite:" + storePath,
            "--checkout-url", fixtures.url(.selfSigned).absoluteString,
        ])
        #expect(run.status == 1)
        let json = try JSONValue.parse(Data(run.stdout.utf8))
        let ssl = try #require(json["checks"].array.first { $0["id"].string == "ssl.checkout_page" })
        #expect(ssl["status"].string == "fail")
        #expect(ssl["details"]["findings"].array.compactMap { $0["id"].string }.contains("cert.self_signed"))
        #expect(ssl["actions"].array.count >= 1)
        let store = try SQLiteStore(path: storePath)
        let stored = try await store.latestCheckResults(seller: "default").first { $0.id == .sslCheckoutPage }
        #expect(stored?.status == .fail)
        await fixtures.stop()
    }
}
