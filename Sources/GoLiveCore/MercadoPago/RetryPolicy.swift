public import Foundation

/// When to retry a Mercado Pago call and how long to wait: 429 and 5xx (and transport failures) up to
/// `maxRetries` times, exponential backoff from `baseDelay` capped at `maxDelay`, and `Retry-After` honoured
/// when the server sends it (capped too, so a hostile header cannot park golive for a day).
/// The same rules as Mercado Pago's SDKs (MERCADOPAGO.md §7: 3 retries, 1 s base, 30 s cap).
public struct RetryPolicy: Sendable, Hashable {
    public var maxRetries: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxRetries: Int = 3, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(30)) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    public static let none = RetryPolicy(maxRetries: 0)

    /// What went wrong with one attempt, as far as retrying is concerned.
    public enum Outcome: Sendable, Hashable {
        case status(Int, retryAfter: String?)
        /// The connection failed or timed out before any answer.
        case transportFailure
    }

    public static func isRetryable(status: Int) -> Bool {
        status == 429 || status == 423 || (500...599).contains(status)
    }

    /// The wait before the next attempt, or `nil` to give up. `attempt` counts from 1 (the first request).
    public func delay(after outcome: Outcome, attempt: Int, now: Date) -> Duration? {
        guard attempt <= maxRetries else { return nil }
        let backoff = exponentialDelay(attempt: attempt)
        switch outcome {
        case .transportFailure:
            return backoff
        case .status(let status, let retryAfter):
            guard Self.isRetryable(status: status) else { return nil }
            if let retryAfter, let requested = Self.parseRetryAfter(retryAfter, now: now) {
                return min(requested, maxDelay)
            }
            return backoff
        }
    }

    func exponentialDelay(attempt: Int) -> Duration {
        let factor = 1 << min(max(attempt - 1, 0), 16)
        return min(baseDelay * factor, maxDelay)
    }

    /// `Retry-After` as delta-seconds (`"2"`) or an HTTP-date (RFC 9110 §10.2.3).
    public static func parseRetryAfter(_ value: String, now: Date) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed), seconds >= 0 { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .gmt
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return Duration(timeInterval: max(0, date.timeIntervalSince(now)))
    }
}
