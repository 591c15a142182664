// Forwarding and backfill benchmark (issue 11), each with an anchor measured in the same run on the same machine:
//
//   forwarding  deliveries per second from the forward outbox (a real SQLite store) to a local shop (a Hummingbird
//               route reading the body and answering 200), through golive's ForwardWorker: due batch, HMAC
//               signature, POST (HTTPForwardTransport), outcome recorded durably per delivery.
//     anchor    the same signed POSTs of the same bodies to the same shop, with the same client and concurrency,
//               without the store (the HTTP + signing ceiling).
//   backfill    payments scanned per second by one BackfillJob sweep of `/v1/payments/search` against the
//               in-process Sandbox: a first sweep (every payment never notified: order updated, finding recorded,
//               forward queued) and a steady sweep (every payment already known).
//     anchor    paging the same window with the same client and page size, judging nothing.
//
// Run: swift build -c release --product ForwardingBackfillBenchmark && \
//        .build/release/ForwardingBackfillBenchmark [--deliveries 3000] [--payments 3000] [--concurrency 4]
import AsyncHTTPClient
import Foundation
import GoLiveCore
import Hummingbird
import Logging
import MercadoPagoClient
import MercadoPagoSandbox
import NIOCore
import NIOHTTP1
import ShopForwarding
import StoreSQLite
import Synchronization

func option(_ name: String, _ fallback: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return Int(arguments[index + 1]) ?? fallback
}

func seconds(_ duration: Duration) -> Double { duration.timeInterval }

/// A shared counter for the load loops.
final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int {
        value.withLock { current in
            defer { current += 1 }; return current
        }
    }
    var count: Int { value.withLock { $0 } }
    func reset() { value.withLock { $0 = 0 } }
}

/// `count` drafts of backfilled payments, three per payment (so per-payment ordering is exercised).
func drafts(_ count: Int) -> [ForwardDraft] {
    (0..<count).map { index in
        let id = String(1_400_000_000 + index / 3)
        let status = ["pending", "approved", "refunded"][index % 3]
        let payment = Payment(
            json: [
                "id": .string(id), "status": .string(status), "status_detail": "accredited",
                "external_reference": .string("BENCH-\(index / 3)"),
                "transaction_amount": .number(Decimal(string: "1500.5")!), "currency_id": "ARS", "live_mode": true,
                "date_created": "2026-11-27T05:55:20.000-04:00", "date_last_updated": "2026-11-27T05:55:26.000-04:00",
                "collector_id": 240_112_233,
            ])!
        return ForwardDraft(backfilledPayment: payment, seller: "default", sellerID: 240_112_233, foundAt: Date())
    }
}

/// The shop's backend: reads the body, answers 200, counts.
func startShop(received: Counter) async throws -> (URL, Task<Void, any Error>) {
    let router = Router()
    router.post("/golive") { request, _ -> Response in
        _ = try await request.body.collect(upTo: 1 << 20)
        _ = received.next()
        return Response(status: .ok)
    }
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let application = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
        onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
        logger: Logger(label: "shop", factory: { _ in SwiftLogNoOpLogHandler() }))
    let task = Task { try await application.runService() }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else { throw CancellationError() }
    return (URL(string: "http://127.0.0.1:\(port)/golive")!, task)
}

func forwarding(deliveries: Int, concurrency: Int, folder: URL) async throws {
    let clock = ContinuousClock()
    let received = Counter()
    let (shopURL, shopTask) = try await startShop(received: received)
    let signer = HMACForwardSigner(secret: Secret("bench-forward-secret-0123456789"))
    let transport = HTTPForwardTransport()
    let policy = ForwardPolicy(
        maxAttempts: 8, baseDelay: .seconds(30), maxDelay: .seconds(1800), jitter: 0.2, timeout: .seconds(10))

    // Anchor: the same signed POSTs, same transport and concurrency, no store.
    let anchorBodies = drafts(deliveries).map { Data($0.body.utf8) }
    let next = Counter()
    let anchorStart = clock.now
    await withTaskGroup(of: Void.self) { group in
        for _ in 0..<concurrency {
            group.addTask {
                while true {
                    let index = next.next()
                    guard index < anchorBodies.count else { return }
                    let body = anchorBodies[index]
                    let header = signer.signatureHeader(timestamp: Int64(Date().timeIntervalSince1970), body: body)
                    _ = await transport.post(
                        ForwardRequest(
                            url: shopURL,
                            headers: [
                                ("Content-Type", "application/json"), ("User-Agent", "golive-forward/1"),
                                ("X-GoLive-Delivery", "dlv_anchor"), ("X-GoLive-Attempt", "1"),
                                ("X-GoLive-Signature", header),
                            ], body: body, timeout: .seconds(10)))
                }
            }
        }
    }
    let anchorSeconds = seconds(clock.now - anchorStart)

    // golive: the outbox in a real store, drained by the ForwardWorker.
    let store = try SQLiteStore(path: folder.appendingPathComponent("forward.sqlite").path)
    let queued = drafts(deliveries)
    for chunk in stride(from: 0, to: queued.count, by: 500) {
        try await store.enqueueForwards(Array(queued[chunk..<min(chunk + 500, queued.count)]), at: Date())
    }
    let worker = ForwardWorker(
        outbox: store, transport: transport, signer: signer, url: shopURL, policy: policy, concurrency: concurrency)
    received.reset()
    let forwardStart = clock.now
    while try await worker.deliverDue() > 0 {}
    let forwardSeconds = seconds(clock.now - forwardStart)
    let counts = try await store.forwardCounts(seller: nil)
    await transport.shutdown()
    shopTask.cancel()

    let anchorRate = Double(deliveries) / anchorSeconds
    let forwardRate = Double(counts.delivered) / forwardSeconds
    print(
        "forwarding: \(deliveries) deliveries (3 per payment), concurrency \(concurrency), a local shop answering 200")
    print(
        String(
            format: "  anchor  signed POSTs, no store:        %8.0f deliveries/s  (%.2f s)", anchorRate, anchorSeconds))
    print(
        String(
            format: "  golive  ForwardWorker via the outbox:  %8.0f deliveries/s  (%.2f s, delivered %d, shop saw %d)",
            forwardRate, forwardSeconds, counts.delivered, received.count))
    print(String(format: "  ratio golive/anchor: %.2f", forwardRate / anchorRate))
}

func backfill(payments: Int, folder: URL) async throws {
    let clock = ContinuousClock()
    let sandbox = MercadoPagoSandbox()
    let sandboxURL = try await sandbox.start()
    let account = MercadoPagoSandbox.account(named: "production")!
    let control = HTTPClient(eventLoopGroupProvider: .singleton)
    let createStart = clock.now
    let next = Counter()
    await withTaskGroup(of: Void.self) { group in
        for _ in 0..<8 {
            group.addTask {
                while true {
                    let index = next.next()
                    guard index < payments else { return }
                    var request = HTTPClientRequest(url: "\(sandboxURL.absoluteString)/_sandbox/payments")
                    request.method = .POST
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.body = .bytes(
                        ByteBuffer(
                            string:
                                #"{"seller":"production","payment":{"status":"approved","external_reference":"BF-\#(index)"}}"#
                        ))
                    _ = try? await control.execute(request, timeout: .seconds(30)).body.collect(upTo: 1 << 20)
                }
            }
        }
    }
    let createSeconds = seconds(clock.now - createStart)
    try? await control.shutdown()

    let connection = MercadoPagoConnection(baseURL: sandboxURL, requestTimeout: .seconds(60))
    let gateway = connection.gateway(accessToken: Secret(account.accessToken))
    let begin = Date().addingTimeInterval(-7200)
    let window = PaymentSearchQuery.DateRange(field: .dateLastUpdated, begin: begin, end: Date().addingTimeInterval(1))

    // Anchor: the same window paged with the same client and page size, nothing judged.
    let pageStart = clock.now
    var offset = 0
    var paged = 0
    while true {
        let page = try await gateway.searchPayments(
            PaymentSearchQuery(offset: offset, limit: 100, sort: .dateLastUpdated, criteria: .ascending, range: window))
        paged += page.results.count
        offset += page.results.count
        if page.results.isEmpty || offset >= page.total { break }
    }
    let pageSeconds = seconds(clock.now - pageStart)

    let store = try SQLiteStore(path: folder.appendingPathComponent("backfill.sqlite").path)
    var job = BackfillJob(
        notifications: store, store: store, settings: BackfillSettings(lookback: .seconds(7200), overlap: .seconds(600))
    )
    job.forward = store
    let firstStart = clock.now
    let first = await job.sweep(seller: "default", gateway: gateway, since: begin)
    let firstSeconds = seconds(clock.now - firstStart)
    let steadyStart = clock.now
    let steady = await job.sweep(seller: "default", gateway: gateway, since: begin)
    let steadySeconds = seconds(clock.now - steadyStart)
    await connection.shutdown()
    await sandbox.stop()

    let anchorRate = Double(paged) / pageSeconds
    print(
        "backfill: \(payments) payments created in the Sandbox (" + String(format: "%.1f", createSeconds)
            + " s), page size 100")
    print(
        String(
            format: "  anchor  paging the search, no judging:     %7.0f payments/s  (%d in %.2f s)", anchorRate, paged,
            pageSeconds))
    for (name, report, elapsed) in [
        ("first sweep (all never notified)", first, firstSeconds),
        ("steady sweep (all known)        ", steady, steadySeconds),
    ] {
        let rate = Double(report.scanned) / elapsed
        print(
            String(
                format: "  golive  %@: %7.0f payments/s  (%d scanned, %d found, %.2f s), ratio to anchor %.2f",
                name as NSString, rate, report.scanned, report.found.count, elapsed, rate / anchorRate)
                + (report.error.map { " ERROR: \($0)" } ?? ""))
    }
}

@main
enum ForwardingBackfillBenchmark {
    static func main() async throws {
        let deliveries = option("--deliveries", 3_000)
        let payments = option("--payments", 3_000)
        let concurrency = option("--concurrency", 4)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "golive-fwdbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await forwarding(deliveries: deliveries, concurrency: concurrency, folder: folder)
        try await backfill(payments: payments, folder: folder)
    }
}
