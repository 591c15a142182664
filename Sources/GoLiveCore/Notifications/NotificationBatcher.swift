import Foundation

/// Group commit for the receiver: concurrent deliveries wait together for one transaction.
///
/// Each `submit` queues its notification and suspends. One flush at a time writes everything queued so far
/// in a single transaction (``NotificationStore/recordNotifications(_:)``: WAL, `synchronous=FULL`), then
/// resumes every waiter with its stored record — or with the store's error, so the receiver answers `503` and
/// Mercado Pago retries. While a flush is on disk, new arrivals queue for the next one, so one fsync is
/// shared by as many requests as arrive during the previous one: durability costs latency, not throughput.
public actor NotificationBatcher {
    /// What one commit did, for metrics.
    public struct Commit: Sendable {
        public var notifications: Int
        public var duration: Duration
        public var succeeded: Bool
    }

    private let store: any NotificationStore
    private let maxBatch: Int
    private let onCommit: @Sendable (Commit) -> Void
    private var queue: [(IncomingNotification, CheckedContinuation<StoredNotification, any Error>)] = []
    private var rejected: [RejectedDelivery] = []
    private var flushing = false
    private var rejecting = false

    /// - Parameter onCommit: called after each commit attempt (metrics, waking the processor).
    public init(
        store: any NotificationStore, maxBatch: Int = 1024, onCommit: @escaping @Sendable (Commit) -> Void = { _ in }
    ) {
        self.store = store
        self.maxBatch = max(1, maxBatch)
        self.onCommit = onCommit
    }

    /// Stores the notification durably; returns once its transaction has committed.
    public func submit(_ notification: IncomingNotification) async throws -> StoredNotification {
        try await withCheckedThrowingContinuation { continuation in
            queue.append((notification, continuation))
            startFlushing()
        }
    }

    /// Queues a refused delivery for the rejected log; does not wait (a refusal is answered at once, and a
    /// flood of probes must not hold up real notifications).
    public func reject(_ delivery: RejectedDelivery) {
        rejected.append(delivery)
        startRejecting()
    }

    /// The rejected log is written on its own loop, never ahead of a notification's commit: with the store down
    /// (a PostgreSQL outage waits out its operation deadline) a refusal must not delay the next `503`.
    private func startRejecting() {
        guard !rejecting else { return }
        rejecting = true
        Task { await self.drainRejected() }
    }

    private func drainRejected() async {
        while !rejected.isEmpty {
            let refused = rejected
            rejected = []
            // The rejected log is diagnostics: losing it when the store fails costs nothing durable.
            try? await store.recordRejected(refused)
        }
        rejecting = false
    }

    private func startFlushing() {
        guard !flushing else { return }
        flushing = true
        Task { await self.flush() }
    }

    private func flush() async {
        while !queue.isEmpty {
            let batch = Array(queue.prefix(maxBatch))
            queue.removeFirst(batch.count)
            let started = ContinuousClock.now
            do {
                let stored = try await store.recordNotifications(batch.map(\.0))
                onCommit(Commit(notifications: batch.count, duration: ContinuousClock.now - started, succeeded: true))
                for (index, waiter) in batch.enumerated() {
                    if index < stored.count {
                        waiter.1.resume(returning: stored[index])
                    } else {
                        waiter.1.resume(
                            throwing: GoLiveError(
                                .storeUnavailable, "The store returned fewer records than it was given.",
                                remedy: "Report this: it is a bug in the store adapter."))
                    }
                }
            } catch {
                onCommit(Commit(notifications: batch.count, duration: ContinuousClock.now - started, succeeded: false))
                for waiter in batch { waiter.1.resume(throwing: error) }
            }
        }
        flushing = false
    }
}
