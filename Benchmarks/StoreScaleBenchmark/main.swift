// The notifications' store on PostgreSQL (issue 10), with SQLite as the anchor measured in the same run with the
// same generator, on the same machine:
//
//   ingest    notifications recorded per second, in batches (a receiver's group commit: `recordNotifications`,
//             durable before it returns): SQLite (one writer, the anchor), PostgreSQL with one instance, and two
//             `PostgresStore` instances (two pools, as two `golive serve` processes) writing at once.
//   process   notifications claimed and recorded `done` per second (`dueNotifications` + `recordProcessing`, no
//             fetch): SQLite, PostgreSQL with one instance and with two instances claiming at once
//             (FOR UPDATE SKIP LOCKED; each notification processed once — checked).
//
// Run: swift build -c release --product StoreScaleBenchmark && \
//        POSTGRES_URL=postgres://user@127.0.0.1:5432/postgres .build/release/StoreScaleBenchmark \
//        [--notifications 20000] [--batch 64]
// POSTGRES_URL names a maintenance database; a fresh database is created for each PostgreSQL phase and dropped.
import Foundation
import GoLiveCore
import Logging
import PostgresNIO
import StorePostgres
import StoreSQLite

func option(_ name: String, _ fallback: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return Int(arguments[index + 1]) ?? fallback
}

enum Config {
    static let total = option("--notifications", 20_000)
    static let batchSize = option("--batch", 64)
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)
}
let total = Config.total
let batchSize = Config.batchSize
guard let admin = ProcessInfo.processInfo.environment["POSTGRES_URL"], var adminURL = URLComponents(string: admin)
else {
    FileHandle.standardError.write(
        Data("Set POSTGRES_URL to a maintenance database (postgres://user@host/postgres).\n".utf8))
    exit(2)
}
let t0 = Date(timeIntervalSince1970: 1_790_000_000)
let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })

/// The same generator for every phase: distinct ids `prefix-i`, a payment body of realistic size.
@Sendable func notifications(_ prefix: String, _ range: Range<Int>) -> [IncomingNotification] {
    range.map { i in
        IncomingNotification(
            kind: .webhook, notificationID: "\(prefix)-\(i)", topic: "payment", action: "payment.updated",
            dataID: "\(100_000_000 + i)", liveMode: true, userID: 123_456, requestID: "req-\(prefix)-\(i)",
            seller: "shop", signature: .valid, signatureVariant: "v1",
            receivedAt: Config.t0.addingTimeInterval(Double(i) / 1000),
            body: #"{"action":"payment.updated","api_version":"v1","data":{"id":"\#(100_000_000 + i)"},"#
                + #""date_created":"2026-11-27T10:00:00Z","id":\#(i),"live_mode":true,"type":"payment","#
                + #""user_id":"123456"}"#, secret: .current)
    }
}

@Sendable func record(_ store: any NotificationStore, _ items: [IncomingNotification]) async throws {
    for start in stride(from: 0, to: items.count, by: Config.batchSize) {
        _ = try await store.recordNotifications(Array(items[start..<min(start + Config.batchSize, items.count)]))
    }
}

/// Claims and records `done` until nothing is due; returns the seqs handled.
@Sendable func process(_ store: any NotificationStore) async throws -> [Int64] {
    var handled: [Int64] = []
    while true {
        let due = try await store.dueNotifications(now: Config.t0.addingTimeInterval(3600), limit: 256)
        if due.isEmpty { return handled }
        try await store.recordProcessing(
            due.map { ProcessingRecord(seq: $0.seq, outcome: .done(resourceStatus: "approved")) },
            at: Config.t0.addingTimeInterval(3601))
        handled += due.map(\.seq)
    }
}

func timed<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> (T, Double) {
    let start = ContinuousClock.now
    let value = try await body()
    let elapsed = ContinuousClock.now - start
    return (value, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}

func execute(_ sql: String) async throws {
    let host = adminURL.host ?? "127.0.0.1"
    let configuration = PostgresConnection.Configuration(
        host: host, port: adminURL.port ?? 5432, username: adminURL.user ?? "postgres", password: adminURL.password,
        database: String(adminURL.path.dropFirst()), tls: .disable)
    let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
    try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    try await connection.close()
}

/// A fresh database for one phase, dropped after.
func withDatabase<T>(_ name: String, _ body: (String) async throws -> T) async throws -> T {
    let database = "golive_bench_\(name)_\(UUID().uuidString.prefix(8).lowercased())"
    try await execute("CREATE DATABASE \(database)")
    var url = adminURL
    url.path = "/" + database
    do {
        let value = try await body(url.string ?? admin)
        try await execute("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
        return value
    } catch {
        try? await execute("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
        throw error
    }
}

func rate(_ count: Int, _ seconds: Double) -> String {
    String(format: "%8.0f/s  (%.2f s)", Double(count) / seconds, seconds)
}

print(
    "StoreScaleBenchmark: \(total) notifications, batches of \(batchSize), \(ProcessInfo.processInfo.activeProcessorCount) cores"
)
let items = notifications("n", 0..<total)

/// Ingest then processing on one store; returns both durations.
func phase(_ store: any NotificationStore) async throws -> (Double, Double) {
    let (_, ingest) = try await timed { try await record(store, items) }
    let (handled, processing) = try await timed { try await process(store) }
    precondition(Set(handled).count == total, "each notification processed once")
    return (ingest, processing)
}

// SQLite (the anchor).
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-bench-\(UUID().uuidString)")
let sqlite = try SQLiteStore(path: folder.appendingPathComponent("golive.sqlite").path)
let (sqliteIngest, sqliteProcess) = try await phase(sqlite)
try? FileManager.default.removeItem(at: folder)

var results: [(String, Double, Double)] = []
let one = try await withDatabase("one") { url in
    let store = try await PostgresStore.open(url: url)
    defer { store.close() }
    return try await phase(store)
}
results.append(("PostgreSQL, 1 instance ", one.0, one.1))

let two = try await withDatabase("two") { url in
    async let openA = PostgresStore.open(url: url)
    async let openB = PostgresStore.open(url: url)
    let (a, b) = try await (openA, openB)
    defer {
        a.close()
        b.close()
    }
    let half = total / 2
    let (_, ingest) = try await timed {
        async let first: Void = record(a, Array(items[0..<half]))
        async let second: Void = record(b, Array(items[half...]))
        _ = try await (first, second)
    }
    let (handled, processing) = try await timed {
        async let first = process(a)
        async let second = process(b)
        return try await (first, second)
    }
    precondition(Set(handled.0).isDisjoint(with: handled.1), "no notification processed by both")
    precondition(Set(handled.0 + handled.1).count == total, "each notification processed once")
    return (ingest, processing)
}
results.append(("PostgreSQL, 2 instances", two.0, two.1))

print("ingest  (recordNotifications, durable)       process (claim + done)")
print("SQLite, 1 writer (anchor)   \(rate(total, sqliteIngest))   \(rate(total, sqliteProcess))")
for (name, ingest, processing) in results {
    print(
        "\(name)     \(rate(total, ingest))   \(rate(total, processing))   ratio to anchor: ingest "
            + String(format: "%.2f, process %.2f", sqliteIngest / ingest, sqliteProcess / processing))
}
