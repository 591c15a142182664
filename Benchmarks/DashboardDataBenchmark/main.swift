// Dashboard data benchmark: a store as big as a busy shop's (1,000,000 notifications) and the reads the
// dashboard makes before its first frame with data, timed in-process, with an anchor measured in the same run
// (the same reads on a store holding one page of notifications).
//
//   DashboardDataBenchmark populate PATH [--rows 1000000] [--seller default] [--others 3]
//       writes ROWS notifications through the store's own API (batches of 5,000, as the receiver commits
//       them): 1 in (OTHERS+1) for SELLER, the rest spread over other sellers; newest processed, the rest done.
//       Then `golive dashboard --store sqlite:PATH` (or wall) shows them; Benchmarks/dashboard/first_frame.py
//       measures the real binary on a pty.
//   DashboardDataBenchmark reads PATH [--seller default] [--repeat 20]
//       opens the store, then times what DashboardData reads first (watermarks + the newest 200 of the seller +
//       the checks), p50/p99 over REPEAT fresh opens, and prints the query plan of the feed page.
//
// Run: swift build -c release --product DashboardDataBenchmark && .build/release/DashboardDataBenchmark populate /tmp/big.sqlite
import Foundation
import GoLiveCore
import StoreSQLite

func option(_ name: String, _ fallback: String) -> String {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}

func milliseconds(_ duration: Duration) -> Double { duration.timeInterval * 1000 }

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
}

func populate(path: String, rows: Int, seller: String, others: Int) async throws {
    let store = try SQLiteStore(path: path)
    let start = Date(timeIntervalSince1970: 1_790_000_000)
    let clock = ContinuousClock()
    let began = clock.now
    var written = 0
    let batch = 5_000
    while written < rows {
        let count = min(batch, rows - written)
        let notifications = (0..<count).map { offset -> IncomingNotification in
            let n = written + offset
            let owner = n % (others + 1) == 0 ? seller : "seller-\(n % (others + 1))"
            return IncomingNotification(
                kind: .webhook, notificationID: "bench-\(n)", topic: "payment",
                action: n % 3 == 0 ? "payment.created" : "payment.updated", dataID: "\(10_000_000 + n / 2)",
                liveMode: true, userID: 1000 + Int64(n % (others + 1)), requestID: "req-\(n)", seller: owner,
                signature: .valid, signatureVariant: "as_received",
                receivedAt: start.addingTimeInterval(Double(n) * 2.5),
                body: #"{"action":"payment.updated","api_version":"v1","data":{"id":"\#(10_000_000 + n / 2)"},"#
                    + #""date_created":"2026-01-01T00:00:00Z","id":\#(n),"live_mode":true,"type":"payment","#
                    + #""user_id":"\#(1000 + n % (others + 1))"}"#)
        }
        let stored = try await store.recordNotifications(notifications)
        // The outbox as a running receiver leaves it: all done but the newest few.
        let done = stored.filter { $0.seq <= Int64(rows - 50) }.map {
            ProcessingRecord(seq: $0.seq, outcome: .done(resourceStatus: "approved"))
        }
        try await store.recordProcessing(done, at: start)
        written += count
        if written % 100_000 == 0 || written == rows {
            print("  \(written) rows, \(String(format: "%.1f", (clock.now - began).timeInterval)) s")
        }
    }
    try await store.recordReceiverHeartbeat(listen: "127.0.0.1:8080", at: Date())
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    print(
        "populated \(path): \(rows) notifications, \(size / 1_000_000) MB, \(String(format: "%.1f", (clock.now - began).timeInterval)) s"
    )
}

/// The first reads of the dashboard, on a freshly opened store; returns milliseconds.
func firstReads(path: String, seller: String) async throws -> (open: Double, reads: Double, rows: Int) {
    let clock = ContinuousClock()
    let began = clock.now
    let store = try SQLiteStore(path: path)
    let watch = try StoreChangeWatch(path: path)
    _ = try watch.dataVersion()
    let opened = clock.now
    _ = try await store.dashboardMarks(seller: seller)
    let page = try await store.notifications(NotificationQuery(seller: seller, limit: 200))
    _ = try await store.latestCheckResults(seller: seller)
    _ = try await store.checkHistory(.qualityScore, seller: seller, limit: 12)
    _ = try await store.sellers()
    let done = clock.now
    return (milliseconds(opened - began), milliseconds(done - opened), page.count)
}

func reads(path: String, seller: String, repeats: Int) async throws {
    let anchorPath = FileManager.default.temporaryDirectory.appendingPathComponent(
        "golive-anchor-\(UUID().uuidString).sqlite"
    ).path
    defer {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: anchorPath + suffix) }
    }
    try await populate(path: anchorPath, rows: 200, seller: seller, others: 0)
    let store = try SQLiteStore(path: path)
    for line in try store.feedQueryPlan(seller: seller) { print("plan: \(line)") }
    var big: [Double] = []
    var small: [Double] = []
    var opens: [Double] = []
    var rows = 0
    for _ in 0..<repeats {
        let measured = try await firstReads(path: path, seller: seller)
        big.append(measured.reads)
        opens.append(measured.open)
        rows = measured.rows
        small.append(try await firstReads(path: anchorPath, seller: seller).reads)
    }
    func show(_ label: String, _ values: [Double]) {
        print(
            "\(label): p50 \(String(format: "%.2f", percentile(values, 0.5))) ms, p99 "
                + "\(String(format: "%.2f", percentile(values, 0.99))) ms")
    }
    print("first reads of \(path) (\(rows) rows in the page), \(repeats) fresh opens:")
    show("  open store + change watch", opens)
    show("  first reads, big store", big)
    show("  first reads, anchor (200 rows)", small)
    print("  ratio big/anchor (p50): \(String(format: "%.2f", percentile(big, 0.5) / percentile(small, 0.5)))")
}

let arguments = CommandLine.arguments
guard arguments.count >= 3, ["populate", "reads"].contains(arguments[1]) else {
    print("usage: DashboardDataBenchmark populate PATH [--rows N] [--seller NAME] [--others K]")
    print("       DashboardDataBenchmark reads PATH [--seller NAME] [--repeat N]")
    exit(2)
}
let path = arguments[2]
let seller = option("--seller", "default")
do {
    if arguments[1] == "populate" {
        try await populate(
            path: path, rows: Int(option("--rows", "1000000")) ?? 1_000_000, seller: seller,
            others: Int(option("--others", "3")) ?? 3)
    } else {
        try await reads(path: path, seller: seller, repeats: Int(option("--repeat", "20")) ?? 20)
    }
} catch {
    print("failed: \(error)")
    exit(1)
}
