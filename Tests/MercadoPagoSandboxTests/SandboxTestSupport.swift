import AsyncHTTPClient
import Foundation
import MercadoPagoSandbox
import NIOCore
import NIOHTTP1
import Testing

/// A fixed clock, so fixture dates are the same on every run: 2026-01-15T15:30:00Z.
let fixedNow = Date(timeIntervalSince1970: 1_768_491_000)

enum Token {
    static let production = MercadoPagoSandbox.account(named: "production")?.accessToken ?? ""
    static let testUser = MercadoPagoSandbox.account(named: "test-user")?.accessToken ?? ""
    static let testCredentials = MercadoPagoSandbox.account(named: "test-credentials")?.accessToken ?? ""
    static let notActivated = MercadoPagoSandbox.account(named: "not-activated")?.accessToken ?? ""
}

/// One HTTP answer, with the body parsed as JSON when it is JSON.
struct Reply {
    let status: Int
    let headers: HTTPHeaders
    let text: String

    func header(_ name: String) -> String? { headers.first(name: name) }

    /// The parsed body; `nil` when it is not valid JSON.
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
    var object: [String: Any] { json as? [String: Any] ?? [:] }
    var array: [[String: Any]] { json as? [[String: Any]] ?? [] }

    /// `cause[].code` of Mercado Pago's error document.
    var causeCodes: [Int] { (object["cause"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? Int } }
}

/// A running sandbox on a free loopback port, stopped when the test body ends.
func withSandbox(
    now: Date = fixedNow, _ body: (MercadoPagoSandbox, SandboxClient) async throws -> Void
) async throws {
    let sandbox = MercadoPagoSandbox(options: SandboxOptions(now: { now }))
    let url = try await sandbox.start()
    do {
        try await body(sandbox, SandboxClient(baseURL: url))
    } catch {
        await sandbox.stop()
        throw error
    }
    await sandbox.stop()
}

/// Real HTTP over loopback with the shared AsyncHTTPClient.
struct SandboxClient {
    let baseURL: URL

    enum Method: String {
        case get = "GET", post = "POST", patch = "PATCH", delete = "DELETE"
    }

    func get(_ path: String, token: String? = nil, timeout: Duration = .seconds(10)) async throws -> Reply {
        try await send(.get, path, token: token, timeout: timeout)
    }

    func send(
        _ method: Method, _ path: String, token: String? = nil, headers: [(String, String)] = [], json: String? = nil,
        timeout: Duration = .seconds(10)
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL.absoluteString + path)
        request.method = HTTPMethod(rawValue: method.rawValue)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await HTTPClient.shared.execute(
            request, timeout: .milliseconds(Int64(timeout / .milliseconds(1))))
        let body = try await response.body.collect(upTo: 16 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, text: String(buffer: body))
    }

    /// `POST /v1/payments` with an idempotency key.
    func createPayment(token: String = Token.production, key: String? = UUID().uuidString, json: String) async throws
        -> Reply
    {
        try await send(
            .post, "/v1/payments", token: token, headers: key.map { [("X-Idempotency-Key", $0)] } ?? [], json: json)
    }

    func addFault(_ json: String) async throws {
        let reply = try await send(.post, "/_sandbox/faults", json: json)
        #expect(reply.status == 201, "fault not queued: \(reply.text)")
    }

    /// Every payment the token can see, newest first.
    func allPayments(token: String = Token.production) async throws -> [[String: Any]] {
        try await get("/v1/payments/search?limit=1000", token: token).object["results"] as? [[String: Any]] ?? []
    }
}

/// Parses Mercado Pago's `2026-01-15T11:30:00.000-04:00`.
func parseDate(_ text: String?) -> Date? {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return text.flatMap(formatter.date)
}

extension Dictionary where Key == String, Value == Any {
    func string(_ key: String) -> String? { self[key] as? String }
    func int(_ key: String) -> Int? { self[key] as? Int }
    func object(_ key: String) -> [String: Any]? { self[key] as? [String: Any] }
}
