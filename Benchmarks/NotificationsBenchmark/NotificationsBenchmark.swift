// Notifications benchmark: durable notifications per second through golive's receiver, against two ceilings
// measured in the same run on the same machine and disk:
//   fsync  a raw loop appending 512 bytes and fsync-ing a file in the store's folder (the disk's commit rate);
//   bare   a Hummingbird route that answers 200 without reading anything (the HTTP stack's rate);
//   golive POST /webhooks/mercadopago with unique signed notifications: parse, verify (HMAC), group commit
//          (WAL, synchronous=FULL), 200 — with the outbox processor running.
// Load: N concurrent keep-alive connections over loopback (AsyncHTTPClient), each sending back to back.
//
// Run: swift build -c release --product NotificationsBenchmark && .build/release/NotificationsBenchmark \
//        [--seconds 20] [--connections 64] [--phases fsync,bare,golive] [--no-processor]   (--help)
import AsyncHTTPClient
import Foundation
import GoLiveCore
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import StoreSQLite
import Synchronization
import WebhookServer
import WebhookSignature

struct Options {
    var seconds: Double = 20
    var connections = 64
    var phases: [String] = ["fsync", "bare", "golive"]
    var processor = true
    /// issue 10: a PostgreSQL server (maintenance URL) for the pg1/pg2 phases; a database is created for each.
    var postgres: String? = ProcessInfo.processInfo.environment["POSTGRES_URL"]
    var folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-bench-\(UUID().uuidString)")

    init() {
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--seconds": seconds = Double(arguments.next() ?? "") ?? seconds
            case "--connections": connections = Int(arguments.next() ?? "") ?? connections
            case "--phases": phases = (arguments.next() ?? "").split(separator: ",").map(String.init)
            case "--folder": folder = URL(fileURLWithPath: arguments.next() ?? folder.path)
            case "--no-processor": processor = false
            case "--postgres": postgres = arguments.next()
            case "--help", "-h":
                print(
                    """
                    NotificationsBenchmark [--seconds 20] [--connections 64] [--phases fsync,bare,golive,pg1,pg2]
                                           [--folder DIR] [--no-processor] [--postgres URL]
                    Durable notifications per second through golive's receiver, and in the same run two ceilings:
                    fsync (512-byte append + fsync in the store's folder) and bare (a Hummingbird route answering
                    200). The golive phase runs the outbox processor too unless --no-processor; it prints p50/p99,
                    commits, RSS (before, 1 s, 60 s, every 30 s, end) and the store's file sizes.
                    pg1 / pg2 (issue 10, with --postgres or POSTGRES_URL): the same generator against one and two
                    receivers (each its own pool and processor, the load split between them) on one PostgreSQL
                    database, as several `golive serve` behind a load balancer; ratios to the SQLite phase.
                    """)
                exit(0)
            default: print("unknown argument \(argument)")
            }
        }
    }
}

/// Latencies in buckets 1 % wide from 1 µs up (fixed size: a list of every latency would itself grow the
/// process's memory by 8 bytes a request and spoil the memory figure of a long run).
struct LatencyHistogram: Sendable {
    static let growth = 1.01
    static let bucketCount = 2400  // 1 µs · 1.01^2400 ≈ 2.3 · 10^4 s
    var counts = [Int](repeating: 0, count: bucketCount)
    var total = 0

    mutating func record(_ seconds: Double) {
        let micros = max(1, seconds * 1_000_000)
        counts[min(Self.bucketCount - 1, Int(log(micros) / log(Self.growth)))] += 1
        total += 1
    }

    mutating func add(_ other: LatencyHistogram) {
        for index in counts.indices { counts[index] += other.counts[index] }
        total += other.total
    }

    /// The upper bound of the bucket holding the `p` quantile, in milliseconds.
    func percentile(_ p: Double) -> Double {
        guard total > 0 else { return .nan }
        let rank = min(total - 1, Int(Double(total) * p))
        var seen = 0
        for (index, count) in counts.enumerated() {
            seen += count
            if seen > rank { return pow(Self.growth, Double(index + 1)) / 1000 }
        }
        return .nan
    }
}

struct LoadResult {
    var completed: Int
    var failed: Int
    var seconds: Double
    var latencies: LatencyHistogram
    var rate: Double { Double(completed) / seconds }
    func percentile(_ p: Double) -> Double { latencies.percentile(p) }
}

final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    func withLock<T>(_ body: (inout Value) -> T) -> T { value.withLock { body(&$0) } }
}

/// Resident memory in MiB (Linux /proc).
func residentMiB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return .nan }
    let pages = Double(text.split(separator: " ").dropFirst().first ?? "0") ?? 0
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}

/// `connections` loops sending back to back for `seconds`; `makeRequest(connection, index)` builds each.
func runLoad(
    connections: Int, seconds: Double, client: HTTPClient,
    makeRequest: @escaping @Sendable (Int, Int) -> HTTPClientRequest,
    onSample: @escaping @Sendable () -> Void = {}
) async -> LoadResult {
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    let started = ContinuousClock.now
    let results = await withTaskGroup(of: (Int, Int, LatencyHistogram).self) { group in
        for connection in 0..<connections {
            group.addTask {
                var ok = 0
                var failed = 0
                var latencies = LatencyHistogram()
                var index = 0
                while ContinuousClock.now < deadline {
                    let request = makeRequest(connection, index)
                    index += 1
                    let sent = ContinuousClock.now
                    do {
                        let response = try await client.execute(request, timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 1 << 16)
                        if response.status == .ok {
                            ok += 1
                            latencies.record((ContinuousClock.now - sent).timeInterval)
                        } else {
                            failed += 1
                        }
                    } catch {
                        failed += 1
                    }
                }
                return (ok, failed, latencies)
            }
        }
        group.addTask {
            while ContinuousClock.now < deadline {
                try? await Task.sleep(for: .seconds(1))
                onSample()
            }
            return (0, 0, LatencyHistogram())
        }
        var total = (0, 0, LatencyHistogram())
        for await (ok, failed, latencies) in group {
            total.0 += ok
            total.1 += failed
            total.2.add(latencies)
        }
        return total
    }
    let elapsed = (ContinuousClock.now - started).timeInterval
    return LoadResult(completed: results.0, failed: results.1, seconds: elapsed, latencies: results.2)
}

func fsyncCeiling(folder: URL, seconds: Double) -> Double {
    let path = folder.appendingPathComponent("fsync-probe").path
    let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
    guard fd >= 0 else { return .nan }
    defer {
        close(fd)
        unlink(path)
    }
    let record = [UInt8](repeating: 0x61, count: 512)
    let start = Date()
    var count = 0
    while Date().timeIntervalSince(start) < seconds {
        _ = record.withUnsafeBytes { write(fd, $0.baseAddress, 512) }
        fsync(fd)
        count += 1
    }
    return Double(count) / Date().timeIntervalSince(start)
}

func startBare() async throws -> (String, Task<Void, any Error>) {
    let router = Router()
    router.post("/webhooks/mercadopago") { _, _ -> HTTPResponse.Status in .ok }
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let app = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) },
        logger: Logger(label: "bare", factory: { _ in SwiftLogNoOpLogHandler() }))
    let task = Task { try await app.run() }
    var iterator = ports.makeAsyncIterator()
    return ("http://127.0.0.1:\(await iterator.next() ?? 0)", task)
}

@main
enum NotificationsBenchmark {
    static func main() async throws {
        let options = Options()
        try FileManager.default.createDirectory(at: options.folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: options.folder) }
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: options.connections)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print("machine: \(cores) cores; \(options.connections) connections; \(Int(options.seconds)) s a phase")
        var fsyncRate = Double.nan
        var bare: LoadResult?
        var golive: LoadResult?

        if options.phases.contains("fsync") {
            fsyncRate = fsyncCeiling(folder: options.folder, seconds: min(options.seconds, 10))
            print(String(format: "fsync  %8.0f fsync/s (512-byte append + fsync, same folder)", fsyncRate))
        }
        if options.phases.contains("bare") {
            let (url, task) = try await startBare()
            let result = await runLoad(connections: options.connections, seconds: options.seconds, client: client) {
                _, _ in
                var request = HTTPClientRequest(url: "\(url)/webhooks/mercadopago?data.id=1&type=payment")
                request.method = .POST
                request.body = .bytes(ByteBuffer(string: #"{"id":"1","type":"payment","data":{"id":"1"}}"#))
                return request
            }
            task.cancel()
            _ = try? await task.value
            bare = result
            print(
                String(
                    format: "bare   %8.0f req/s  p50 %.1f ms  p99 %.1f ms  (%d failed)", result.rate,
                    result.percentile(0.5), result.percentile(0.99), result.failed))
        }
        if options.phases.contains("golive") {
            let storePath = options.folder.appendingPathComponent("golive.sqlite").path
            let store = try SQLiteStore(path: storePath)
            let secret = Secret("benchmark-webhook-secret-0123456789abcdef")
            let metrics = ReceiverMetrics()
            let batcher = NotificationBatcher(store: store) { commit in
                metrics.commit(
                    notifications: commit.notifications, seconds: commit.duration.timeInterval,
                    succeeded: commit.succeeded)
            }
            let receiver = WebhookReceiver(
                sellers: [ReceiverSeller(name: "shop", userID: 7, secret: secret)], batcher: batcher, metrics: metrics)
            let (addresses, continuation) = AsyncStream<String>.makeStream()
            let app = WebhookServerFactory.application(
                host: "127.0.0.1", port: 0, receiver: receiver, metrics: metrics,
                logger: Logger(label: "golive", factory: { _ in SwiftLogNoOpLogHandler() }),
                onListening: { continuation.yield($0) })
            let server = Task { try await app.run() }
            // The outbox processor runs as in `serve` (no token: each notification is marked failed, in batches).
            let withProcessor = options.processor
            let processor = Task {
                guard withProcessor else { return }
                await NotificationProcessor(
                    store: store, gateway: { _ in nil }, onProcessed: { metrics.processed(lag: $0) }
                ).run()
            }
            var iterator = addresses.makeAsyncIterator()
            let url = "http://\(await iterator.next() ?? "")"
            let memory = Shared<[Double]>([residentMiB()])
            let run = UUID().uuidString.prefix(8)
            let result = await runLoad(
                connections: options.connections, seconds: options.seconds, client: client,
                makeRequest: { connection, index in
                    signedRequest(url: url, run: run, connection: connection, index: index, secret: secret)
                },
                onSample: { memory.withLock { $0.append(residentMiB()) } })
            server.cancel()
            _ = try? await server.value
            processor.cancel()
            await processor.value
            golive = result
            let stored = try await store.notificationSummary(seller: nil, since: .distantPast).received
            let samples = memory.withLock { $0 }
            print(
                String(
                    format: "golive %8.0f notif/s  p50 %.1f ms  p99 %.1f ms  (%d failed; %d acknowledged, %d stored)",
                    result.rate, result.percentile(0.5), result.percentile(0.99), result.failed, result.completed,
                    stored))
            let commits = metrics.render().split(separator: "\n").first {
                $0.hasPrefix("golive_store_commit_seconds_count")
            }
            print("       \(commits ?? "")")
            let rendered = metrics.render().split(separator: "\n")
            let processed = rendered.first { $0.hasPrefix("golive_notifications_processed_total") }
            let lag = rendered.first { $0.hasPrefix("golive_notification_processing_lag_seconds_sum") }
            print("       outbox processor during the run: \(processed ?? "") (\(lag ?? ""))")
            // samples[0] is before the load, then one a second.
            if let first = samples.dropFirst().first, let last = samples.last, let peak = samples.max() {
                func mib(_ value: Double) -> String { String(format: "%.1f MiB", value) }
                let minute = samples.count > 60 ? ", after 60 s \(mib(samples[60]))" : ""
                print(
                    "       memory (RSS) before \(mib(samples[0])), after 1 s \(mib(first))\(minute), at the end "
                        + "\(mib(last)), peak \(mib(peak))")
            }
            if samples.count > 31 {
                let timeline = stride(from: 30, to: samples.count, by: 30).map {
                    "\(Int($0)) s \(Int(samples[$0].rounded()))"
                }
                print("       RSS every 30 s (MiB): " + timeline.joined(separator: ", "))
            }
            let sizes = ["", "-wal", "-shm"].map { suffix in
                let attributes = try? FileManager.default.attributesOfItem(atPath: storePath + suffix)
                return Double((attributes?[.size] as? NSNumber)?.int64Value ?? 0) / 1_048_576
            }
            print(
                String(
                    format: "       store: %.1f MiB database, %.1f MiB WAL, %.1f MiB WAL index", sizes[0], sizes[1],
                    sizes[2]))
            if stored < result.completed {
                print("ERROR: \(result.completed - stored) acknowledged notifications not stored")
            }
        }
        var postgres: [Int: LoadResult] = [:]  // issue 10
        for receivers in [1, 2] where options.phases.contains("pg\(receivers)") {
            guard let admin = options.postgres else {
                print("pg\(receivers): skipped (no --postgres URL nor POSTGRES_URL)")
                continue
            }
            postgres[receivers] = try await postgresPhase(
                receivers: receivers, adminURL: admin, options: options, client: client)
        }
        if let golive {
            for (receivers, result) in postgres.sorted(by: { $0.key < $1.key }) {
                print(String(format: "ratio  pg%d / golive (SQLite) = %.2f", receivers, result.rate / golive.rate))
            }
            if let bare { print(String(format: "ratio  golive / bare = %.0f %%", 100 * golive.rate / bare.rate)) }
            if !fsyncRate.isNaN { print(String(format: "ratio  golive / fsync = %.2f", golive.rate / fsyncRate)) }
        }
        try await client.shutdown()
    }
}
