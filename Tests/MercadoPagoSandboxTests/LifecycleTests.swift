import Foundation
import MercadoPagoSandbox
import Testing

@Suite("Lifecycle and determinism")
struct LifecycleTests {
    @Test("two sandboxes with the same clock serve identical documents")
    func determinism() async throws {
        var bodies: [[String]] = []
        for _ in 0..<2 {
            try await withSandbox { _, client in
                bodies.append([
                    try await client.get("/v1/payments/search?limit=1000", token: Token.production).text,
                    try await client.get("/v1/payments/search?limit=1000", token: Token.testCredentials).text,
                    try await client.get("/v1/payments/search?limit=1000", token: Token.testUser).text,
                    try await client.get("/merchant_orders/17284551000", token: Token.production).text,
                    try await client.get("/users/me", token: Token.testUser).text,
                ])
            }
        }
        #expect(bodies[0] == bodies[1])
        #expect(bodies[0][3].contains(#""id":17284551000"#))
    }

    @Test("the seeded dates move with the clock")
    func seedsFollowTheClock() async throws {
        var newest: [String] = []
        for now in [fixedNow, fixedNow.addingTimeInterval(86_400)] {
            try await withSandbox(now: now) { _, client in
                newest.append(try await client.allPayments().first?.string("date_created") ?? "")
            }
        }
        #expect(newest[0] != newest[1])
        #expect(newest[0].hasPrefix("2026-01-14T"))
        #expect(newest[1].hasPrefix("2026-01-15T"))
    }

    @Test("start returns a loopback URL, stop is idempotent, and the sandbox can start again")
    func startStopRestart() async throws {
        let sandbox = MercadoPagoSandbox(options: SandboxOptions(now: { fixedNow }))
        #expect(sandbox.baseURL == nil)
        let url = try await sandbox.start()
        #expect(url.scheme == "http")
        #expect(url.host == "127.0.0.1")
        #expect((url.port ?? 0) > 0)
        #expect(sandbox.baseURL == url)
        #expect(try await sandbox.start() == url)

        // State survives a restart: the control API's changes are still there.
        let client = SandboxClient(baseURL: url)
        let created = try await client.send(.post, "/_sandbox/payments", json: "{}")
        let id = try #require(created.object.int("id"))

        await sandbox.stop()
        await sandbox.stop()
        #expect(sandbox.baseURL == nil)

        let again = try await sandbox.start()
        let reply = try await SandboxClient(baseURL: again).get("/v1/payments/\(id)", token: Token.production)
        #expect(reply.status == 200)
        await sandbox.stop()
    }

    @Test("a port already in use makes start() throw")
    func portInUse() async throws {
        let first = MercadoPagoSandbox(options: SandboxOptions(now: { fixedNow }))
        let url = try await first.start()
        let second = MercadoPagoSandbox(options: SandboxOptions(port: url.port ?? 0, now: { fixedNow }))
        await #expect(throws: (any Error).self) { try await second.start() }
        #expect(second.baseURL == nil)
        await first.stop()
    }

    @Test("run(onReady:) serves until its task is cancelled")
    func runUntilCancelled() async throws {
        let sandbox = MercadoPagoSandbox(options: SandboxOptions(now: { fixedNow }))
        let (ready, readyContinuation) = AsyncStream<URL>.makeStream()
        let serving = Task { try await sandbox.run { readyContinuation.yield($0) } }
        var iterator = ready.makeAsyncIterator()
        let url = try #require(await iterator.next())
        #expect(try await SandboxClient(baseURL: url).get("/users/me", token: Token.production).status == 200)
        serving.cancel()
        try await serving.value
        #expect(sandbox.baseURL == nil)
    }
}
