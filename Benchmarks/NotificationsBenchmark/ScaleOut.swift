// Issue 10: the same generator against golive's receivers on PostgreSQL — one receiver, and two receivers sharing
// one database with the load split between them (each with its own pool and outbox processor, as two `golive
// serve` behind a load balancer). Every acknowledged notification is counted in the database afterwards.
import AsyncHTTPClient
import Foundation
import GoLiveCore
import Logging
import NIOCore
import NIOHTTP1
import PostgresNIO
import ServiceLifecycle
import StorePostgres
import WebhookServer
import WebhookSignature

/// One unique signed webhook, as the SQLite phase sends it.
func signedRequest(url: String, run: Substring, connection: Int, index: Int, secret: Secret) -> HTTPClientRequest {
    let id = "\(run)-\(connection)-\(index)"
    let dataID = "\(1_000_000 + index)"
    let requestID = "\(run)-\(connection)-\(index)-r"
    let ts = String(Int(Date().timeIntervalSince1970))
    var request = HTTPClientRequest(url: "\(url)/webhooks/mercadopago?data.id=\(dataID)&type=payment")
    request.method = .POST
    request.headers.add(
        name: "x-signature",
        value: WebhookSignature.header(dataID: dataID, requestID: requestID, ts: ts, secret: secret))
    request.headers.add(name: "x-request-id", value: requestID)
    request.headers.add(name: "Content-Type", value: "application/json")
    request.body = .bytes(
        ByteBuffer(
            string:
                #"{"id":"\#(id)","live_mode":true,"type":"payment","date_created":"2026-11-26T10:04:58.396-04:00","user_id":7,"api_version":"v1","action":"payment.updated","data":{"id":"\#(dataID)"}}"#
        ))
    return request
}

/// A fresh, migrated database on the server of `adminURL`; returns its URL.
func freshPostgresDatabase(adminURL: String) async throws -> String {
    let name = "golive_bench_\(UUID().uuidString.prefix(8).lowercased())"
    let admin = try PostgresStore(url: adminURL, maximumConnections: 1)
    try await admin.read("creating the benchmark database") { connection in
        try await connection.query(
            PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"),
            logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
    }
    admin.close()
    var components = URLComponents(string: adminURL)
    components?.path = "/" + name
    let url = components?.string ?? adminURL
    let store = try PostgresStore(url: url, maximumConnections: 1)
    try await store.migrateSchema()
    store.close()
    return url
}

/// `receivers` receivers on one PostgreSQL database, the load's connections split between them.
func postgresPhase(receivers: Int, adminURL: String, options: Options, client: HTTPClient) async throws -> LoadResult {
    let url = try await freshPostgresDatabase(adminURL: adminURL)
    let secret = Secret("benchmark-webhook-secret-0123456789abcdef")
    var urls: [String] = []
    var servers: [Task<Void, any Error>] = []
    var processors: [Task<Void, Never>] = []
    var stores: [PostgresStore] = []
    var allMetrics: [ReceiverMetrics] = []
    for _ in 0..<receivers {
        let store = try PostgresStore(url: url, maximumConnections: 8)
        stores.append(store)
        let metrics = ReceiverMetrics()
        allMetrics.append(metrics)
        let batcher = NotificationBatcher(store: store) { commit in
            metrics.commit(
                notifications: commit.notifications, seconds: commit.duration.timeInterval, succeeded: commit.succeeded)
        }
        let receiver = WebhookReceiver(
            sellers: [ReceiverSeller(name: "shop", userID: 7, secret: secret)], batcher: batcher, metrics: metrics)
        let (addresses, continuation) = AsyncStream<String>.makeStream()
        let app = WebhookServerFactory.application(
            host: "127.0.0.1", port: 0, receiver: receiver, metrics: metrics,
            logger: Logger(label: "golive", factory: { _ in SwiftLogNoOpLogHandler() }),
            onListening: { continuation.yield($0) })
        servers.append(Task { try await app.run() })
        if options.processor {
            processors.append(
                Task {
                    await NotificationProcessor(
                        store: store, gateway: { _ in nil }, onProcessed: { metrics.processed(lag: $0) }
                    ).run()
                })
        }
        var iterator = addresses.makeAsyncIterator()
        urls.append("http://\(await iterator.next() ?? "")")
    }
    let run = UUID().uuidString.prefix(8)
    let targets = urls
    let result = await runLoad(
        connections: options.connections, seconds: options.seconds, client: client,
        makeRequest: { connection, index in
            signedRequest(
                url: targets[connection % targets.count], run: run, connection: connection, index: index, secret: secret
            )
        })
    for server in servers { server.cancel() }
    for server in servers { _ = try? await server.value }
    for processor in processors { processor.cancel() }
    for processor in processors { await processor.value }
    let stored = try await stores[0].notificationSummary(seller: nil, since: .distantPast).received
    let commits = allMetrics.map { metrics in
        metrics.render().split(separator: "\n").first { $0.hasPrefix("golive_store_commit_seconds_count") }
            .map { String($0.split(separator: " ").last ?? "") } ?? "?"
    }
    print(
        String(
            format: "pg%d    %8.0f notif/s  p50 %.1f ms  p99 %.1f ms  (%d failed; %d acknowledged, %d stored)",
            receivers, result.rate, result.percentile(0.5), result.percentile(0.99), result.failed,
            result.completed, stored))
    print("       group commits per receiver: \(commits.joined(separator: ", "))")
    if stored < result.completed {
        print("ERROR: \(result.completed - stored) acknowledged notifications not stored")
    }
    for store in stores { store.close() }
    return result
}
