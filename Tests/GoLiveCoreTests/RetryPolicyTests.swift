import Foundation
import GoLiveCore
import Testing

@Suite("Retry policy for Mercado Pago calls")
struct RetryPolicyTests {
    let policy = RetryPolicy()
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("429 and 5xx back off exponentially, three retries at most")
    func exponential() {
        #expect(policy.delay(after: .status(500, retryAfter: nil), attempt: 1, now: now) == .seconds(1))
        #expect(policy.delay(after: .status(503, retryAfter: nil), attempt: 2, now: now) == .seconds(2))
        #expect(policy.delay(after: .status(429, retryAfter: nil), attempt: 3, now: now) == .seconds(4))
        #expect(policy.delay(after: .status(429, retryAfter: nil), attempt: 4, now: now) == nil)
        #expect(policy.delay(after: .transportFailure, attempt: 1, now: now) == .seconds(1))
    }

    @Test("client errors are not retried", arguments: [400, 401, 403, 404, 409, 422])
    func noRetry(status: Int) {
        #expect(policy.delay(after: .status(status, retryAfter: "1"), attempt: 1, now: now) == nil)
    }

    @Test("Retry-After in seconds and as an HTTP date is honoured, and capped")
    func retryAfter() {
        #expect(policy.delay(after: .status(429, retryAfter: "7"), attempt: 1, now: now) == .seconds(7))
        let date = "Mon, 21 Sep 2026 14:13:27 GMT"  // 7 s after `now`
        #expect(policy.delay(after: .status(429, retryAfter: date), attempt: 1, now: now) == .seconds(7))
        #expect(policy.delay(after: .status(503, retryAfter: "86400"), attempt: 1, now: now) == .seconds(30))
        #expect(policy.delay(after: .status(429, retryAfter: "soon"), attempt: 2, now: now) == .seconds(2))
    }
}
