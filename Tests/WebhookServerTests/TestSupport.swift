import AsyncHTTPClient
import Foundation
import GoLiveCore
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import StoreSQLite
import Synchronization
import WebhookServer
import WebhookSignature

/// A store seam: forwards to a real SQLite store, but can be told to fail commits (as root, `chmod` cannot
/// make the file unwritable — DESIGN.md "Testing").
final class SwitchableStore: NotificationStore {
    let inner: SQLiteStore
    private let failing = Mutex(false)

    init(_ inner: SQLiteStore) { self.inner = inner }

    func setFailing(_ value: Bool) { failing.withLock { $0 = value } }

    private func check() throws {
        if failing.withLock({ $0 }) {
            throw GoLiveError(.storeUnavailable, "disk I/O error (injected)", remedy: "none")
        }
    }

    func recordNotifications(_ batch: [IncomingNotification]) async throws -> [StoredNotification] {
        try check()
        return try await inner.recordNotifications(batch)
    }
    func recordRejected(_ rejected: [RejectedDelivery]) async throws {
        try check()
        try await inner.recordRejected(rejected)
    }
    func notifications(_ query: NotificationQuery) async throws -> [StoredNotification] {
        try await inner.notifications(query)
    }
    func rejectedDeliveries(limit: Int) async throws -> [RejectedDelivery] {
        try await inner.rejectedDeliveries(limit: limit)
    }
    func notificationSummary(seller: String?, since: Date) async throws -> NotificationSummary {
        try await inner.notificationSummary(seller: seller, since: since)
    }
    func dueNotifications(now: Date, limit: Int) async throws -> [StoredNotification] {
        try await inner.dueNotifications(now: now, limit: limit)
    }
    func recordProcessing(_ outcomes: [ProcessingRecord], at: Date) async throws {
        try check()
        try await inner.recordProcessing(outcomes, at: at)
    }
    func requeueNotifications(seq: Int64?, at: Date) async throws -> Int {
        try await inner.requeueNotifications(seq: seq, at: at)
    }
    func applyOrderUpdate(_ update: ShopOrder) async throws -> Bool {
        try check()
        return try await inner.applyOrderUpdate(update)
    }
    func order(seller: String, externalReference: String) async throws -> ShopOrder? {
        try await inner.order(seller: seller, externalReference: externalReference)
    }
    func order(paymentID: String) async throws -> ShopOrder? { try await inner.order(paymentID: paymentID) }
    func orders(seller: String, status: String?, updatedFrom from: Date, to: Date) async throws -> [ShopOrder] {
        try await inner.orders(seller: seller, status: status, updatedFrom: from, to: to)
    }
    func recordReceiverHeartbeat(listen: String, at: Date) async throws {
        try check()
        try await inner.recordReceiverHeartbeat(listen: listen, at: at)
    }
}

/// The receiver's Hummingbird application on a free loopback port, in this process.
struct RunningReceiver {
    let url: String
    let task: Task<Void, any Error>
    let receiver: WebhookReceiver
    let metrics: ReceiverMetrics

    static func start(store: any NotificationStore, sellers: [ReceiverSeller], bodyLimit: Int = 64 * 1024) async throws
        -> RunningReceiver
    {
        let metrics = ReceiverMetrics()
        let batcher = NotificationBatcher(store: store) { commit in
            metrics.commit(
                notifications: commit.notifications, seconds: commit.duration.timeInterval,
                succeeded: commit.succeeded)
        }
        let receiver = WebhookReceiver(sellers: sellers, batcher: batcher, metrics: metrics, bodyLimit: bodyLimit)
        let (addresses, continuation) = AsyncStream<String>.makeStream()
        let application = WebhookServerFactory.application(
            host: "127.0.0.1", port: 0, receiver: receiver, metrics: metrics,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            onListening: { continuation.yield($0) })
        let task = Task { try await application.run() }
        var iterator = addresses.makeAsyncIterator()
        guard let address = await iterator.next() else { throw CancellationError() }
        return RunningReceiver(url: "http://\(address)", task: task, receiver: receiver, metrics: metrics)
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

struct HTTPAnswer {
    var status: Int
    var body: String
}

/// One POST or GET over real HTTP.
func http(
    _ client: HTTPClient, _ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: Data? = nil
) async throws -> HTTPAnswer {
    var request = HTTPClientRequest(url: url)
    request.method = method
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
    let response = try await client.execute(request, timeout: .seconds(30))
    let buffer = try await response.body.collect(upTo: 1 << 20)
    return HTTPAnswer(status: Int(response.status.code), body: String(buffer: buffer))
}

/// A webhook delivery signed as Mercado Pago documents it.
func signedDelivery(
    base: String, notificationID: String, dataID: String, topic: String = "payment", action: String = "payment.updated",
    userID: Int64? = nil, secret: Secret, ts: String = "1704908010"
) -> (url: String, headers: [(String, String)], body: Data) {
    let requestID = UUID().uuidString.lowercased()
    let header = WebhookSignature.header(dataID: dataID, requestID: requestID, ts: ts, secret: secret)
    var body: [String: JSONValue] = [
        "id": .string(notificationID), "type": .string(topic), "action": .string(action), "live_mode": true,
        "api_version": "v1", "date_created": "2026-11-26T10:04:58.396-04:00", "data": ["id": .string(dataID)],
    ]
    if let userID { body["user_id"] = .number(Decimal(userID)) }
    let query = "data.id=\(dataID)&type=\(topic)"
    return (
        "\(base)/webhooks/mercadopago?\(query)", [("x-signature", header), ("x-request-id", requestID)],
        JSONValue.object(body).encoded()
    )
}
