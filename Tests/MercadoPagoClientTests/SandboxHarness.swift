import AsyncHTTPClient
import Foundation
import GoLiveCore
import MercadoPagoClient
import MercadoPagoSandbox
import NIOCore
import NIOHTTP1

/// A Sandbox on a free loopback port, a client for one of its accounts, and its control API.
struct SandboxHarness {
    let sandbox: MercadoPagoSandbox
    let baseURL: URL
    let clock: ManualClock

    static func start() async throws -> SandboxHarness {
        let sandbox = MercadoPagoSandbox()
        let url = try await sandbox.start()
        return SandboxHarness(sandbox: sandbox, baseURL: url, clock: ManualClock())
    }

    func stop() async { await sandbox.stop() }

    /// Runs `body` with a client for `account` whose retries sleep on the harness's manual clock. The default
    /// timeout is generous (a loaded 2-core CI machine running every suite at once once took over 5 s to answer
    /// /users/me); the timeout tests pass their own.
    func withClient<T>(
        token: String, retryPolicy: RetryPolicy = RetryPolicy(), requestTimeout: Duration = .seconds(30),
        _ body: (MercadoPagoClient) async throws -> T
    ) async throws -> T {
        let http = MercadoPagoClient.makeHTTPClient(connectTimeout: .seconds(10))
        let client = MercadoPagoClient(
            configuration: .init(
                baseURL: baseURL, accessToken: Secret(token), retryPolicy: retryPolicy, requestTimeout: requestTimeout),
            httpClient: http, clock: clock)
        do {
            let value = try await body(client)
            try await http.shutdown()
            return value
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    static func account(_ name: String) -> SandboxAccount {
        MercadoPagoSandbox.account(named: name)!
    }

    // MARK: Control API

    @discardableResult
    func control(_ method: HTTPMethod, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
        var request = HTTPClientRequest(url: baseURL.absoluteString + path)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body.encoded()))
        }
        // Test plumbing, not behaviour under test: generous, as for the client above (a full parallel run on 2 loaded
        // cores once held six of these past 5 s at the same moment).
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        let data = Data(buffer.readableBytesView)
        return data.isEmpty ? .null : try JSONValue.parse(data)
    }

    func injectFault(_ fault: JSONValue) async throws { try await control(.POST, "/_sandbox/faults", fault) }

    /// The Mercado Pago requests the Sandbox received for a path (retries included).
    func requests(to path: String) async throws -> [JSONValue] {
        try await control(.GET, "/_sandbox/requests").array.filter { $0["path"].string == path }
    }
}
