public import Foundation

/// Where alerts go: a webhook or a command (AlertTargets), or a test double.
public protocol AlertTarget: Sendable {
    /// `webhook` or `command`: the name deliveries are queued under.
    var name: String { get }
    /// A description safe to print (a webhook URL masked).
    var label: String { get }
    /// Sends one message; nil when acknowledged (2xx, exit 0), else what went wrong (secret-free).
    func send(_ delivery: AlertDelivery) async -> String?
}

/// Delivers the queued messages: each pending delivery is attempted when due; a failure is retried with
/// exponential backoff (30 s doubling, at most 30 min apart) for `giveUpAfter` (24 h), then marked `failed`.
/// A delivery acknowledged once is never sent again (its row is `delivered` before the next pass looks).
public struct AlertDispatcher: Sendable {
    public let store: any AlertStore
    public let targets: [any AlertTarget]
    public let clock: any GoLiveClock
    public var firstRetry: TimeInterval = 30
    public var longestRetry: TimeInterval = 30 * 60
    public var giveUpAfter: TimeInterval = 24 * 3600
    /// How long a claimed delivery is left alone: longer than one send can take (timeouts are at most 300 s).
    public var lease: TimeInterval = 360

    public init(store: any AlertStore, targets: [any AlertTarget], clock: any GoLiveClock) {
        self.store = store
        self.targets = targets
        self.clock = clock
    }

    /// One pass over the due deliveries; returns how many were acknowledged.
    @discardableResult
    public func deliverDue(limit: Int = 50) async throws -> Int {
        let due = try await store.claimAlertDeliveries(now: clock.now(), lease: lease, limit: limit)
        var delivered = 0
        for delivery in due {
            let outcome: AlertDeliveryOutcome
            if let target = targets.first(where: { $0.name == delivery.target }) {
                if let error = await target.send(delivery) {
                    outcome = failure(delivery, error: error, now: clock.now())
                } else {
                    outcome = .delivered
                    delivered += 1
                }
            } else {
                outcome = .failed(error: "the \(delivery.target) target is no longer configured")
            }
            try await store.recordAlertDelivery(id: delivery.id, outcome: outcome, at: clock.now())
        }
        return delivered
    }

    func failure(_ delivery: AlertDelivery, error: String, now: Date) -> AlertDeliveryOutcome {
        if now.timeIntervalSince(delivery.createdAt) >= giveUpAfter { return .failed(error: error) }
        let exponent = Double(min(delivery.attempts, 16))
        let wait = min(firstRetry * pow(2, exponent), longestRetry)
        return .retry(error: error, nextAttemptAt: now.addingTimeInterval(wait))
    }
}
