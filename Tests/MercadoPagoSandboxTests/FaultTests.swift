import AsyncHTTPClient
import Foundation
import MercadoPagoSandbox
import Testing

@Suite("Fault injection")
struct FaultTests {
    @Test("a status fault answers with the error document and Retry-After for `times` requests, then stops")
    func statusFault() async throws {
        try await withSandbox { _, client in
            try await client.addFault(
                #"{"path": "/v1/payments/search", "kind": "status", "status": 429, "retry_after": "2", "times": 2}"#)
            for _ in 0..<2 {
                let reply = try await client.get("/v1/payments/search", token: Token.production)
                #expect(reply.status == 429)
                #expect(reply.header("Retry-After") == "2")
                #expect(reply.object.string("message") == "too many requests")
                #expect(reply.object.string("error") == "too_many_requests")
                #expect(reply.object.int("status") == 429)
                #expect((reply.object["cause"] as? [Any])?.isEmpty == true)
            }
            #expect(try await client.get("/v1/payments/search", token: Token.production).status == 200)

            // Every attempt is in the request log, which is how tests count a client's retries.
            let log = try await client.get("/_sandbox/requests").array
            #expect(log.filter { $0.string("path") == "/v1/payments/search" }.count == 3)
            #expect(try await client.get("/_sandbox/faults").array.isEmpty)
        }
    }

    @Test("a fault matches by path prefix and, when given, by method")
    func matching() async throws {
        try await withSandbox { _, client in
            try await client.addFault(#"{"path": "/v1/payments", "method": "post", "kind": "status", "status": 503}"#)
            #expect(try await client.get("/v1/payments/search", token: Token.production).status == 200)
            #expect(try await client.get("/users/me", token: Token.production).status == 200)
            let created = try await client.createPayment(
                json: #"{"transaction_amount": 5, "payer": {"email": "a@example.com"}}"#)
            #expect(created.status == 503)
            #expect(created.object.string("error") == "service_unavailable")
            #expect(created.header("Retry-After") == nil)

            try await client.addFault(#"{"path": "/v1/payments", "kind": "status", "status": 500, "times": 3}"#)
            #expect(try await client.get("/v1/payments/1321456789", token: Token.production).status == 500)
            let cleared = try await client.send(.delete, "/_sandbox/faults")
            #expect(cleared.object.int("deleted") == 1)
            #expect(try await client.get("/v1/payments/1321456789", token: Token.production).status == 200)
        }
    }

    @Test("a latency fault delays the normal answer")
    func latencyFault() async throws {
        try await withSandbox { _, client in
            try await client.addFault(#"{"path": "/users/me", "kind": "latency", "latency_ms": 300}"#)
            let start = ContinuousClock.now
            let reply = try await client.get("/users/me", token: Token.production)
            #expect(ContinuousClock.now - start >= .milliseconds(300))
            #expect(reply.status == 200)
            #expect(reply.object.int("id") == 240_112_233)
        }
    }

    @Test("a malformed fault answers 200 application/json with a body that does not parse")
    func malformedFault() async throws {
        try await withSandbox { _, client in
            try await client.addFault(#"{"path": "/v1/payments/", "kind": "malformed"}"#)
            let reply = try await client.get("/v1/payments/1321456789", token: Token.production)
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type")?.hasPrefix("application/json") == true)
            #expect(!reply.text.isEmpty)
            #expect(reply.json == nil)
            #expect(reply.text.hasPrefix(#"{"id":1321456789"#))
        }
    }

    @Test("a hanging request gives up on the client's timeout, blocks nobody, and stop() stays prompt")
    func hangFault() async throws {
        let sandbox = MercadoPagoSandbox(options: SandboxOptions(now: { fixedNow }))
        let client = SandboxClient(baseURL: try await sandbox.start())
        try await client.addFault(#"{"path": "/v1/payments/search", "kind": "hang", "times": 2}"#)

        let hanging = Task {
            try await client.get("/v1/payments/search", token: Token.production, timeout: .seconds(30))
        }
        // Other requests are served while one hangs.
        #expect(try await client.get("/users/me", token: Token.production).status == 200)

        let start = ContinuousClock.now
        await #expect(throws: HTTPClientError.self) {
            try await client.get("/v1/payments/search", token: Token.production, timeout: .milliseconds(400))
        }
        // Bounds far below the 30 s hang, not speed tests: a loaded 2-core CI machine once took 5.3 s to stop.
        #expect(ContinuousClock.now - start < .seconds(20))

        let stopping = ContinuousClock.now
        await sandbox.stop()
        #expect(ContinuousClock.now - stopping < .seconds(20))
        // The first request, still parked at stop(), ends (with an error or a 5xx) instead of hanging forever.
        let outcome = await hanging.result
        if case .success(let reply) = outcome { #expect(reply.status >= 500) }
        #expect(sandbox.baseURL == nil)
    }

    @Test(
        "invalid fault definitions get 400",
        arguments: [
            #"{"kind": "status"}"#, #"{"path": "v1", "kind": "status"}"#, #"{"path": "/v1", "kind": "explode"}"#,
            #"{"path": "/v1", "kind": "status", "status": 200}"#,
            #"{"path": "/v1", "kind": "latency", "latency_ms": -1}"#,
            #"{"path": "/v1", "kind": "hang", "times": 0}"#, #"{"path": "/v1", "kind": "status", "retry_after": true}"#,
            "[]",
        ])
    func invalidFaults(body: String) async throws {
        try await withSandbox { _, client in
            let reply = try await client.send(.post, "/_sandbox/faults", json: body)
            #expect(reply.status == 400)
            #expect(reply.object.string("error") == "bad_request")
        }
    }
}
