import AsyncHTTPClient
import Foundation
import GoLiveTestSupport
import MercadoPagoSandbox
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

/// What the issue-10 system tests share: the in-process Sandbox (Mercado Pago, where `serve` fetches each
/// payment back), real `golive serve` processes on one PostgreSQL, and a poster that signs notifications as
/// Mercado Pago does (MERCADOPAGO.md §5.4) and sends them to whichever receiver a test picks.
final class ScaleOutRig: Sendable {
    let sandbox: MercadoPagoSandbox
    let sandboxURL: String
    let account: SandboxAccount
    let golive: GoLiveProcesses
    let client: HTTPClient

    init() async throws {
        account = try #require(MercadoPagoSandbox.account(named: "production"))
        sandbox = MercadoPagoSandbox()
        sandboxURL = try await sandbox.start().absoluteString
        golive = try GoLiveProcesses(label: "golive-scaleout")
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 16
        // A full run on 2 loaded cores once waited over the default 10 s for a connection to a serve child
        // (getConnectionFromPoolTimeout): generous, the tests judge what serve answers, not how fast.
        configuration.timeout.connect = .seconds(30)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    func shutdown() async {
        try? await client.shutdown()
        await sandbox.stop()
        golive.cleanUp()
    }

    /// `golive serve` on `store`, fetching from the Sandbox with the production seller's token and secret.
    func serve(store: String, name: String, environment: [String: String] = [:]) async throws -> ServeProcess {
        try await ServeProcess.start(
            golive, arguments: ["--store", store, "--api-base", sandboxURL],
            environment: [
                "MP_ACCESS_TOKEN": account.accessToken, "MP_WEBHOOK_SECRET": account.webhookSecret,
                "GOLIVE_PROCESSING_LEASE_MS": "3000",
            ].merging(environment) { _, new in new }, name: name)
    }

    /// Creates `count` payments in the Sandbox (the resources the notifications name); returns their ids.
    func payments(_ count: Int) async throws -> [String] {
        try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<count {
                group.addTask {
                    let answer = try await self.request(
                        .POST, "\(self.sandboxURL)/_sandbox/payments",
                        body:
                            #"{"seller":"production","payment":{"status":"approved","external_reference":"SCALE-\#(index)","transaction_amount":100}}"#
                    )
                    let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
                    guard answer.status == 201, let id = object?["id"] else {
                        throw TestServerError("creating a Sandbox payment: \(answer.status) \(answer.body)")
                    }
                    return "\(id)"
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    /// How many times each payment was fetched (`GET /v1/payments/{id}`) by any receiver, from the Sandbox's
    /// request log: "processed once" seen from Mercado Pago's side.
    func paymentFetches() async throws -> [String: Int] {
        let answer = try await request(.GET, "\(sandboxURL)/_sandbox/requests")
        let entries = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [[String: Any]] ?? []
        var counts: [String: Int] = [:]
        for entry in entries {
            guard entry["method"] as? String == "GET", let path = entry["path"] as? String,
                path.hasPrefix("/v1/payments/"), !path.hasPrefix("/v1/payments/search")
            else { continue }
            counts[String(path.dropFirst("/v1/payments/".count)), default: 0] += 1
        }
        return counts
    }

    /// Queues a Sandbox fault (e.g. latency on payment fetches).
    func fault(_ json: String) async throws {
        let answer = try await request(.POST, "\(sandboxURL)/_sandbox/faults", body: json)
        guard answer.status == 201 else { throw TestServerError("fault: \(answer.status) \(answer.body)") }
    }

    /// Posts notification `notificationID` about payment `paymentID` to `serve`, signed with the seller's secret,
    /// with a fresh `x-request-id` (as each Mercado Pago attempt has). Returns the HTTP status, 0 when the
    /// receiver could not be reached (killed).
    func post(to serve: ServeProcess, notificationID: String, paymentID: String) async -> Int {
        let requestID = UUID().uuidString.lowercased()
        let ts = "\(Int(Date().timeIntervalSince1970))"
        let signature = WebhookSigner.header(
            dataID: paymentID, requestID: requestID, ts: ts, secret: account.webhookSecret)
        let body =
            #"{"id":"\#(notificationID)","type":"payment","action":"payment.updated","live_mode":true,"#
            + #""api_version":"v1","date_created":"2026-11-26T10:04:58.396-04:00","data":{"id":"\#(paymentID)"}}"#
        let answer = try? await request(
            .POST, "\(serve.url)/webhooks/mercadopago?data.id=\(paymentID)&type=payment", body: body,
            headers: [("x-signature", signature), ("x-request-id", requestID)], timeout: .seconds(25))
        return answer?.status ?? 0
    }

    /// `GET /healthz` of a receiver: its status (0 when unreachable) and body.
    func health(_ serve: ServeProcess) async -> (status: Int, body: String) {
        guard let answer = try? await request(.GET, "\(serve.url)/healthz") else { return (0, "") }
        return (answer.status, answer.body)
    }

    func request(
        _ method: HTTPMethod, _ url: String, body: String? = nil, headers: [(String, String)] = [],
        timeout: TimeAmount = .seconds(20)
    ) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "content-type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await client.execute(request, timeout: timeout)
        let buffer = try await response.body.collect(upTo: 8 << 20)
        return (Int(response.status.code), String(buffer: buffer))
    }

    /// Polls `condition` every 200 ms for at most `within`; returns whether it held.
    func eventually(within: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + within
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try await condition()
    }
}

/// What the store holds about the notifications, read with plain SQL (independently of the store code).
struct StoredFacts {
    /// notification_id → rows that are not flagged duplicate.
    var firsts: [String: Int] = [:]
    /// notification_id → every row.
    var rows: [String: Int] = [:]
    /// notification_id (first row) → processing state and attempts.
    var processing: [String: (state: String, attempts: Int)] = [:]

    static func read(url: String) async throws -> StoredFacts {
        var facts = StoredFacts()
        for row in try await PostgresTestServer.texts(
            "SELECT notification_id, duplicate::text, processing, attempts::text FROM notification", url: url)
        {
            guard let id = row[0] else { continue }
            facts.rows[id, default: 0] += 1
            if row[1] == "false" {
                facts.firsts[id, default: 0] += 1
                facts.processing[id] = (row[2] ?? "", Int(row[3] ?? "") ?? -1)
            }
        }
        return facts
    }

    /// Whether every one of `ids` was processed (done).
    func allDone(_ ids: some Sequence<String>) -> Bool { ids.allSatisfy { processing[$0]?.state == "done" } }
}

/// A thread-safe record of what the load generator saw.
final class LoadLog: Sendable {
    private let state = Mutex<(acked: [String], statuses: [Int: Int])>(([], [:]))

    func record(_ id: String, status: Int) {
        state.withLock {
            $0.statuses[status, default: 0] += 1
            if status == 200 { $0.acked.append(id) }
        }
    }

    var acked: [String] { state.withLock { $0.acked } }
    func count(_ status: Int) -> Int { state.withLock { $0.statuses[status] ?? 0 } }
    var statuses: [Int: Int] { state.withLock { $0.statuses } }
}

/// A value shared by several tasks of a test.
final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<T: Sendable>(_ body: (inout sending Value) -> sending T) -> T { mutex.withLock(body) }
}
