import AsyncHTTPClient
import Foundation
import GoLiveCore
import NIOHTTP1
import StoreSQLite
import Testing

/// `serve --trusted-proxy CIDR`: the rejected log's remote address comes from `X-Forwarded-For` only when the
/// direct peer is a trusted proxy, and then it is the rightmost untrusted hop (issue 11, "Deployment").
@Suite("Trusted proxies")
struct TrustedProxyTests {
    @Test("ranges: IPv4, IPv6, single addresses, mapped addresses; bad input is a usage error")
    func ranges() throws {
        let proxies = try TrustedProxies(parsing: ["10.0.0.0/8, 127.0.0.1", "fd00::/8"])
        #expect(proxies.trusts("10.200.3.4"))
        #expect(proxies.trusts("127.0.0.1:5555"))
        #expect(!proxies.trusts("127.0.0.2"))
        #expect(proxies.trusts("[fd12::1]:443"))
        #expect(proxies.trusts("::ffff:10.1.1.1"))
        #expect(!proxies.trusts("fe80::1"))
        #expect(!proxies.trusts("not-an-ip"))
        for bad in ["10.0.0.0/33", "example.com", "1.2.3.4/-1", "::1/129"] {
            #expect(throws: GoLiveError.self) { try TrustedProxies(parsing: [bad]) }
        }
    }

    @Test("the client is the rightmost untrusted hop; an untrusted peer's header is ignored")
    func rightmostUntrusted() throws {
        let proxies = try TrustedProxies(parsing: ["127.0.0.1", "10.0.0.0/8"])
        // The client forged the left part; the proxies appended the rest.
        let header = ["6.6.6.6, 203.0.113.9", "10.0.0.5"]
        #expect(proxies.clientAddress(peer: "127.0.0.1:4000", forwardedFor: header) == "203.0.113.9")
        #expect(proxies.clientAddress(peer: "198.51.100.7:4000", forwardedFor: header) == "198.51.100.7:4000")
        #expect(proxies.clientAddress(peer: "127.0.0.1:4000", forwardedFor: []) == "127.0.0.1:4000")
        #expect(proxies.clientAddress(peer: "127.0.0.1:4000", forwardedFor: ["10.0.0.9"]) == "10.0.0.9")
        #expect(proxies.clientAddress(peer: "127.0.0.1:4000", forwardedFor: ["<script>, 10.0.0.9"]) == "10.0.0.9")
        #expect(TrustedProxies.none.clientAddress(peer: "127.0.0.1:1", forwardedFor: header) == "127.0.0.1:1")
    }

    /// Sends an unsigned webhook (refused: a secret is configured) with the given X-Forwarded-For and returns the
    /// remote address the rejected log recorded for it.
    func recordedAddress(serve: ServeProcess, storePath: String, client: HTTPClient, forwardedFor: String) async throws
        -> String?
    {
        let requestID = UUID().uuidString
        let answer = try await http(
            client, .POST, serve.url + "/webhooks/mercadopago?data.id=1&type=payment",
            headers: [("X-Forwarded-For", forwardedFor), ("x-request-id", requestID)],
            body: Data(#"{"id":"1","type":"payment","data":{"id":"1"}}"#.utf8))
        #expect(answer.status == 401)
        let store = try SQLiteStore(path: storePath)
        for _ in 0..<200 {
            if let found = try await store.rejectedDeliveries(limit: 100).first(where: { $0.requestID == requestID }) {
                return found.remoteAddress
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the refused delivery \(requestID) was never logged")
        return nil
    }

    @Test("a real serve on loopback: XFF believed only from a trusted peer (flag and environment)")
    func serveBinary() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("golive-xff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let storePath = home.appendingPathComponent("golive.sqlite").path
        let secret = ["MP_WEBHOOK_SECRET": "xff-test-secret-0123456789abcdef"]
        let client = HTTPClient(eventLoopGroupProvider: .singleton)

        // Loopback is the trusted proxy (flag); 10/8 is the proxies' internal network (environment is ignored
        // when the flag is given, so give both in the flag).
        let trusted = try await ServeProcess.start(
            home: home, store: "sqlite:\(storePath)", environment: secret,
            arguments: ["--trusted-proxy", "127.0.0.1", "--trusted-proxy", "10.0.0.0/8"])
        let viaProxies = try await recordedAddress(
            serve: trusted, storePath: storePath, client: client, forwardedFor: "6.6.6.6, 203.0.113.9, 10.1.2.3")
        #expect(viaProxies == "203.0.113.9")
        _ = await trusted.stop(signal: SIGTERM)

        // The environment variable does the same.
        let fromEnvironment = try await ServeProcess.start(
            home: home, store: "sqlite:\(storePath)",
            environment: secret.merging(["GOLIVE_TRUSTED_PROXIES": "127.0.0.0/8"]) { $1 })
        let envAddress = try await recordedAddress(
            serve: fromEnvironment, storePath: storePath, client: client, forwardedFor: "203.0.113.10")
        #expect(envAddress == "203.0.113.10")
        _ = await fromEnvironment.stop(signal: SIGTERM)

        // No trusted proxy: the header is the client's word and is ignored.
        let direct = try await ServeProcess.start(home: home, store: "sqlite:\(storePath)", environment: secret)
        let directAddress = try await recordedAddress(
            serve: direct, storePath: storePath, client: client, forwardedFor: "203.0.113.9")
        #expect(directAddress?.hasPrefix("127.0.0.1:") == true, "\(directAddress ?? "nil")")
        _ = await direct.stop(signal: SIGTERM)
        try await client.shutdown()

        // A bad range is a usage error (exit 2) before anything starts.
        let bad = try await runGoLive(
            ["serve", "--listen", "127.0.0.1:0", "--trusted-proxy", "10.0.0.0/99", "--store", "sqlite:\(storePath)"],
            home: home)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("prefix"))
    }
}
