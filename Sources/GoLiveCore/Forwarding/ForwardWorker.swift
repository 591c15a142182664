public import Foundation

/// One POST to the shop.
public struct ForwardRequest: Sendable {
    public var url: URL
    public var headers: [(name: String, value: String)]
    public var body: Data
    /// The whole attempt (connect, send, answer) must end within this.
    public var timeout: Duration

    public init(url: URL, headers: [(name: String, value: String)], body: Data, timeout: Duration) {
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// What the shop did with one attempt.
public enum ForwardResponse: Sendable, Hashable {
    /// An HTTP answer; `retryAfter` from a `Retry-After` header in seconds, when present.
    case answered(status: Int, retryAfter: TimeInterval?)
    /// No answer within the attempt's timeout.
    case timedOut
    /// No answer at all (refused, reset, DNS, TLS): a short reason without secrets.
    case failed(String)
}

/// Sends one request (AsyncHTTPClient in `ShopForwarding`; a fake in tests). Never throws: a failure is a response.
public protocol ForwardTransport: Sendable {
    func post(_ request: ForwardRequest) async -> ForwardResponse
}

/// golive's own signature over a delivery: `t=UNIX,v1=HEX` with HEX = HMAC-SHA256(secret, "t.body")
/// (`ShopForwarding.HMACForwardSigner`).
public protocol ForwardSigner: Sendable {
    func signatureHeader(timestamp: Int64, body: Data) -> String
}

/// When to try again and when to give up (docs/FORWARDING.md "Retries").
public struct ForwardPolicy: Sendable, Hashable {
    /// Attempts in all, the first included; after the last failed one the delivery is `dead`.
    public var maxAttempts: Int
    /// Wait after the first failed attempt; doubled after each further one, capped at ``maxDelay``.
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// Each wait is multiplied by a random factor in `1 ± jitter` (so many deliveries do not retry in step).
    public var jitter: Double
    /// One attempt, connect to answer.
    public var timeout: Duration

    /// 8 attempts over about an hour: waits of 30 s, 1, 2, 4, 8, 16 and 32 min (± 20 %).
    public static let standard = ForwardPolicy(
        maxAttempts: 8, baseDelay: .seconds(30), maxDelay: .seconds(1800), jitter: 0.2, timeout: .seconds(10))

    public init(maxAttempts: Int, baseDelay: Duration, maxDelay: Duration, jitter: Double, timeout: Duration) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = min(max(jitter, 0), 0.9)
        self.timeout = timeout
    }

    /// The wait after failed attempt number `attempt` (1-based), before jitter.
    public func delay(afterAttempt attempt: Int) -> TimeInterval {
        min(baseDelay.timeInterval * pow(2.0, Double(max(0, attempt - 1))), maxDelay.timeInterval)
    }

    /// What an answer to attempt number `attempt` means. `random` is in 0..<1 (0.5: no jitter).
    public func judge(_ response: ForwardResponse, attempt: Int, now: Date, random: Double) -> ForwardAttemptResult {
        let status: Int?
        let error: String
        var retryAfter: TimeInterval?
        switch response {
        case .answered(let code, _) where (200..<300).contains(code):
            return .delivered(status: code)
        case .answered(410, _):
            // The shop says this endpoint is gone for good: retrying cannot help.
            return .dead(status: 410, error: "HTTP 410 Gone: the shop refused the delivery for good")
        case .answered(let code, let after):
            status = code
            error = "HTTP \(code)"
            retryAfter = after
        case .timedOut:
            status = nil
            error = "no answer within \(Self.seconds(timeout))"
        case .failed(let reason):
            status = nil
            error = reason
        }
        guard attempt < maxAttempts else {
            return .dead(status: status, error: "\(error) (gave up after \(attempt) attempts)")
        }
        var wait = delay(afterAttempt: attempt) * (1 + jitter * (2 * random - 1))
        if let retryAfter { wait = max(wait, min(retryAfter, maxDelay.timeInterval)) }
        return .retry(status: status, error: error, nextAttemptAt: now + wait)
    }

    static func seconds(_ duration: Duration) -> String {
        let value = duration.timeInterval
        return value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }
}

/// Delivers the forward outbox to the shop's backend (`golive serve --forward-to URL`): due deliveries (the store
/// keeps each payment's in order), a few at a time, each attempt signed and bounded by the policy's timeout, the
/// outcome recorded at once. A 2xx is delivered; 410 is dead at once; anything else is retried with exponential
/// backoff and jitter on the injected clock, then dead after the last attempt.
public struct ForwardWorker: Sendable {
    public let outbox: any ForwardOutbox
    public let transport: any ForwardTransport
    public let signer: any ForwardSigner
    public let url: URL
    public let clock: any GoLiveClock
    public var policy: ForwardPolicy
    public var concurrency: Int
    public var batchSize: Int
    /// 0..<1, for jitter (tests pass a constant).
    public var random: @Sendable () -> Double
    /// Called after each attempt with its result and duration, for metrics and logs.
    public var onAttempt: @Sendable (ForwardDelivery, ForwardAttemptResult, TimeInterval) -> Void

    public init(
        outbox: any ForwardOutbox, transport: any ForwardTransport, signer: any ForwardSigner, url: URL,
        clock: any GoLiveClock = SystemClock(), policy: ForwardPolicy = .standard, concurrency: Int = 4,
        batchSize: Int = 64, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        onAttempt: @escaping @Sendable (ForwardDelivery, ForwardAttemptResult, TimeInterval) -> Void = { _, _, _ in }
    ) {
        self.outbox = outbox
        self.transport = transport
        self.signer = signer
        self.url = url
        self.clock = clock
        self.policy = policy
        self.concurrency = max(1, concurrency)
        self.batchSize = max(1, batchSize)
        self.random = random
        self.onAttempt = onAttempt
    }

    /// Delivers until cancelled: a pass every `pollInterval`, back to back while there was work. One loop, so a
    /// delivery is never attempted twice at once.
    public func run(pollInterval: Duration = .milliseconds(250)) async {
        while !Task.isCancelled {
            let handled = (try? await deliverDue()) ?? 0
            if handled == 0 {
                do { try await clock.sleep(for: pollInterval) } catch { break }
            }
        }
    }

    /// One pass: the due deliveries, at most ``concurrency`` in flight; returns how many were attempted.
    @discardableResult
    public func deliverDue() async throws -> Int {
        let due = try await outbox.dueForwards(now: clock.now(), limit: batchSize)
        guard !due.isEmpty else { return 0 }
        try await withThrowingTaskGroup(of: Void.self) { group in
            var iterator = due.makeIterator()
            for _ in 0..<concurrency {
                guard let next = iterator.next() else { break }
                group.addTask { try await deliver(next) }
            }
            while try await group.next() != nil {
                if let next = iterator.next() { group.addTask { try await deliver(next) } }
            }
        }
        return due.count
    }

    /// One attempt of one delivery, recorded.
    public func deliver(_ delivery: ForwardDelivery) async throws {
        let started = clock.now()
        let result = await attempt(delivery)
        try await outbox.recordForwardAttempt(id: delivery.id, result: result, at: clock.now())
        onAttempt(delivery, result, clock.now().timeIntervalSince(started))
    }

    /// Signs and sends one attempt and judges the answer (nothing recorded).
    public func attempt(_ delivery: ForwardDelivery) async -> ForwardAttemptResult {
        let number = delivery.attempts + 1
        let body = Data(delivery.body.utf8)
        let timestamp = Int64(clock.now().timeIntervalSince1970.rounded(.down))
        let request = ForwardRequest(
            url: url,
            headers: [
                ("Content-Type", "application/json"),
                ("User-Agent", "golive-forward/1"),
                ("X-GoLive-Delivery", delivery.deliveryID),
                ("X-GoLive-Attempt", String(number)),
                ("X-GoLive-Signature", signer.signatureHeader(timestamp: timestamp, body: body)),
            ], body: body, timeout: policy.timeout)
        let response = await transport.post(request)
        return policy.judge(response, attempt: number, now: clock.now(), random: random())
    }

    /// The URL as it may be shown: no user info, no query (either may carry a token).
    public static func displayURL(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "(forward URL)" }
        if components.user != nil || components.password != nil {
            components.user = nil
            components.password = nil
        }
        let hadQuery = components.query != nil
        components.query = nil
        components.fragment = nil
        return (components.string ?? "(forward URL)") + (hadQuery ? "?…" : "")
    }
}
