public import Foundation

/// Time as golive sees it: injected everywhere so that retry schedules, staleness and monthly jobs are
/// tested without sleeping.
public protocol GoLiveClock: Sendable {
    func now() -> Date
    func sleep(for duration: Duration) async throws
}

/// The real clock.
public struct SystemClock: GoLiveClock {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}

/// A clock that never waits: `sleep` advances its time and records the request. For tests and benchmarks.
public final class ManualClock: GoLiveClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    private var recorded: [Duration] = []

    public init(now: Date = Date(timeIntervalSince1970: 1_790_000_000)) { current = now }

    public func now() -> Date { lock.withLock { current } }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        lock.withLock {
            recorded.append(duration)
            current += duration.timeInterval
        }
    }

    public func advance(by duration: Duration) { lock.withLock { current += duration.timeInterval } }

    /// Every sleep requested so far, in order.
    public var sleeps: [Duration] { lock.withLock { recorded } }
}

extension Duration {
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }

    public init(timeInterval: TimeInterval) {
        self = .milliseconds(Int64((timeInterval * 1000).rounded()))
    }
}
