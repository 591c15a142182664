public import GoLiveCore
import Synchronization

/// Forwarding's counters on `/metrics` (issue 11): attempts by result, and the outbox backlog by state as last
/// read from the store (refreshed by `serve` every few seconds).
public final class ForwardMetrics: Sendable {
    struct State {
        var attempts: [String: UInt64] = ["delivered": 0, "retry": 0, "dead": 0]
        var backlog = ForwardCounts()
        var lastAttemptSeconds: Double = 0
    }

    private let state = Mutex(State())

    public init() {}

    public func attempted(_ result: ForwardAttemptResult, seconds: Double) {
        let label: String
        switch result {
        case .delivered: label = "delivered"
        case .retry: label = "retry"
        case .dead: label = "dead"
        }
        state.withLock {
            $0.attempts[label, default: 0] += 1
            $0.lastAttemptSeconds = seconds
        }
    }

    public func backlog(_ counts: ForwardCounts) { state.withLock { $0.backlog = counts } }

    public var attempts: [String: UInt64] { state.withLock { $0.attempts } }

    public func render() -> String {
        let snapshot = state.withLock { $0 }
        var text = "# HELP golive_forward_attempts_total Deliveries to the shop attempted, by result.\n"
        text += "# TYPE golive_forward_attempts_total counter\n"
        for (result, value) in snapshot.attempts.sorted(by: { $0.key < $1.key }) {
            text += "golive_forward_attempts_total{result=\"\(result)\"} \(value)\n"
        }
        text += "# HELP golive_forward_deliveries Deliveries in the forward outbox, by state.\n"
        text += "# TYPE golive_forward_deliveries gauge\n"
        let backlog = snapshot.backlog
        for (name, value) in [
            ("dead", backlog.dead), ("delivered", backlog.delivered), ("pending", backlog.pending),
            ("retrying", backlog.retrying),
        ] {
            text += "golive_forward_deliveries{state=\"\(name)\"} \(value)\n"
        }
        text += "# HELP golive_forward_last_attempt_seconds Duration of the last attempt.\n"
        text += "# TYPE golive_forward_last_attempt_seconds gauge\n"
        text += "golive_forward_last_attempt_seconds \(snapshot.lastAttemptSeconds)\n"
        return text
    }
}
