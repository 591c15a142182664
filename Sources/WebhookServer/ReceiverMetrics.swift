import Foundation
import Synchronization

/// The receiver's counters, served at `GET /metrics` in Prometheus' text format: notifications received
/// (by kind and signature), rejected (by reason), duplicates, store failures, commit latency and batch
/// size, and processing lag.
public final class ReceiverMetrics: Sendable {
    struct Histogram {
        let bounds: [Double]
        var counts: [UInt64]
        var sum: Double = 0
        var count: UInt64 = 0

        init(bounds: [Double]) {
            self.bounds = bounds
            counts = Array(repeating: 0, count: bounds.count)
        }

        mutating func observe(_ value: Double) {
            for (index, bound) in bounds.enumerated() where value <= bound { counts[index] += 1 }
            sum += value
            count += 1
        }
    }

    struct State {
        var received: [String: UInt64] = [:]
        var rejected: [String: UInt64] = [:]
        var duplicates: UInt64 = 0
        var storeFailures: UInt64 = 0
        var commits: UInt64 = 0
        var commitLatency = Histogram(bounds: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5])
        var batchSize = Histogram(bounds: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024])
        var processingLag = Histogram(bounds: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600])
        var processed: UInt64 = 0
        var previousSecret: UInt64 = 0  // issue 11: rotation
    }

    private let state = Mutex(State())
    /// More sections appended to `/metrics` (forwarding, issue 11: ``ForwardMetrics``).
    private let sections = Mutex<[@Sendable () -> String]>([])

    /// Adds a section of Prometheus text, rendered after the receiver's own at every scrape.
    public func addSection(_ render: @escaping @Sendable () -> String) { sections.withLock { $0.append(render) } }

    public init() {}

    public func received(kind: String, signature: String) {
        state.withLock { $0.received["kind=\"\(kind)\",signature=\"\(signature)\"", default: 0] += 1 }
    }

    public func rejected(reason: String) {
        state.withLock { $0.rejected[reason, default: 0] += 1 }
    }

    public func duplicate() { state.withLock { $0.duplicates += 1 } }

    /// A delivery verified with a seller's previous secret (rotation, issue 11).
    public func previousSecretMatched() { state.withLock { $0.previousSecret += 1 } }

    /// How many deliveries verified with a previous secret (for tests).
    public var previousSecretMatches: UInt64 { state.withLock { $0.previousSecret } }

    public func commit(notifications: Int, seconds: Double, succeeded: Bool) {
        state.withLock {
            if succeeded {
                $0.commits += 1
                $0.commitLatency.observe(seconds)
                $0.batchSize.observe(Double(notifications))
            } else {
                $0.storeFailures += 1
            }
        }
    }

    public func processed(lag seconds: Double) {
        state.withLock {
            $0.processed += 1
            $0.processingLag.observe(seconds)
        }
    }

    /// Totals, for tests and the benchmark.
    public var totals: (received: UInt64, rejected: UInt64, duplicates: UInt64, storeFailures: UInt64) {
        state.withLock {
            ($0.received.values.reduce(0, +), $0.rejected.values.reduce(0, +), $0.duplicates, $0.storeFailures)
        }
    }

    /// The Prometheus text exposition.
    public func render() -> String {
        let snapshot = state.withLock { $0 }
        var text = ""
        text += "# HELP golive_notifications_received_total Notifications accepted and stored.\n"
        text += "# TYPE golive_notifications_received_total counter\n"
        for (labels, value) in snapshot.received.sorted(by: { $0.key < $1.key }) {
            text += "golive_notifications_received_total{\(labels)} \(value)\n"
        }
        text += "# HELP golive_notifications_rejected_total Deliveries refused, by reason.\n"
        text += "# TYPE golive_notifications_rejected_total counter\n"
        for (reason, value) in snapshot.rejected.sorted(by: { $0.key < $1.key }) {
            text += "golive_notifications_rejected_total{reason=\"\(reason)\"} \(value)\n"
        }
        text += "# HELP golive_notifications_duplicates_total Second deliveries of a stored notification id.\n"
        text += "# TYPE golive_notifications_duplicates_total counter\n"
        text += "golive_notifications_duplicates_total \(snapshot.duplicates)\n"
        text += "# HELP golive_notifications_previous_secret_total Deliveries verified only by a previous secret "
        text += "(rotation not finished).\n"
        text += "# TYPE golive_notifications_previous_secret_total counter\n"
        text += "golive_notifications_previous_secret_total \(snapshot.previousSecret)\n"
        text += "# HELP golive_store_commit_failures_total Group commits that failed (answered 503).\n"
        text += "# TYPE golive_store_commit_failures_total counter\n"
        text += "golive_store_commit_failures_total \(snapshot.storeFailures)\n"
        text += "# HELP golive_notifications_processed_total Notifications processed (resource fetched or given up).\n"
        text += "# TYPE golive_notifications_processed_total counter\n"
        text += "golive_notifications_processed_total \(snapshot.processed)\n"
        text += Self.histogram(
            "golive_store_commit_seconds", help: "Duration of one group commit (fsync included).",
            snapshot.commitLatency)
        text += Self.histogram(
            "golive_store_commit_batch_size", help: "Notifications per group commit.", snapshot.batchSize)
        text += Self.histogram(
            "golive_notification_processing_lag_seconds", help: "From receipt to the end of processing.",
            snapshot.processingLag)
        for section in sections.withLock({ $0 }) { text += section() }
        return text
    }

    private static func histogram(_ name: String, help: String, _ histogram: Histogram) -> String {
        var text = "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
        for (bound, count) in zip(histogram.bounds, histogram.counts) {
            text += "\(name)_bucket{le=\"\(format(bound))\"} \(count)\n"
        }
        text += "\(name)_bucket{le=\"+Inf\"} \(histogram.count)\n"
        text += "\(name)_sum \(format(histogram.sum))\n\(name)_count \(histogram.count)\n"
        return text
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
