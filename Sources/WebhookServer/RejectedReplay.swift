import Foundation
public import GoLiveCore

/// `golive notifications replay --rejected` (issue 11): re-verifies each stored rejected delivery with the
/// secrets in force now (current, then previous), exactly as the receiver would. Those that verify become
/// notifications — stored as the receiver would have (dated when they first arrived), then processed so their
/// order updates — and their rejected row is marked recovered with the secret that matched; those that still
/// fail stay, with why.
public struct RejectedReplay: Sendable {
    public let receiver: WebhookReceiver
    public let store: any RejectedReplayStore
    public let processor: NotificationProcessor
    public let clock: any GoLiveClock

    public init(
        receiver: WebhookReceiver, store: any RejectedReplayStore, processor: NotificationProcessor,
        clock: any GoLiveClock = SystemClock()
    ) {
        self.receiver = receiver
        self.store = store
        self.processor = processor
        self.clock = clock
    }

    /// One rejected delivery's outcome.
    public struct Result: Sendable, Encodable {
        public var rejected: RejectedDelivery
        public var outcome: RejectedDelivery.ReplayOutcome
        /// For a recovered one: the notification as processed.
        public var notification: StoredNotification?

        enum CodingKeys: String, CodingKey {
            case rejectedSeq = "rejected_seq"
            case receivedAt = "received_at"
            case requestID = "request_id"
            case dataID = "data_id"
            case originalReason = "original_reason"
            case result, secret, reason, detail
            case notificationSeq = "notification_seq"
            case processing
            case resourceStatus = "resource_status"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(rejected.seq, forKey: .rejectedSeq)
            try container.encode(rejected.receivedAt, forKey: .receivedAt)
            try container.encode(rejected.requestID, forKey: .requestID)
            try container.encode(rejected.dataID, forKey: .dataID)
            try container.encode(rejected.reason, forKey: .originalReason)
            try container.encode(outcome.result, forKey: .result)
            try container.encode(outcome.secret, forKey: .secret)
            try container.encode(outcome.reason, forKey: .reason)
            try container.encode(outcome.detail, forKey: .detail)
            try container.encode(outcome.notificationSeq, forKey: .notificationSeq)
            try container.encode(notification?.processing, forKey: .processing)
            try container.encode(notification?.resourceStatus, forKey: .resourceStatus)
        }
    }

    /// Re-verifies every replayable rejected delivery (oldest first), at most `limit`.
    public func run(limit: Int = 1000) async throws -> [Result] {
        var results: [Result] = []
        for rejected in try await store.replayableRejected(limit: limit) {
            guard let seq = rejected.seq, let raw = rejected.raw else { continue }
            let now = clock.now()
            let outcome: RejectedDelivery.ReplayOutcome
            var processed: StoredNotification?
            switch receiver.evaluate(
                query: QueryItems(raw.query), signatureHeader: raw.signature, requestID: rejected.requestID,
                body: raw.body, now: now, receivedAt: rejected.receivedAt)
            {
            case .refuse(let reason, _, _, _, let detail):
                outcome = .init(result: "rejected", at: now, reason: reason, detail: detail)
            case .accept(let notification) where notification.signature != .valid:
                // Only a verified signature recovers a delivery refused for its signature.
                outcome = .init(
                    result: "rejected", at: now, reason: rejected.reason,
                    detail: "no webhook secret is configured for it now")
            case .accept(let notification):
                guard var stored = try await store.recordNotifications([notification]).first else { continue }
                if stored.processing == .pending {
                    let record = await processor.process(stored)
                    try await store.recordProcessing([record], at: clock.now())
                    switch record.outcome {
                    case .done(let status):
                        stored.processing = .done
                        stored.resourceStatus = status
                    case .retry(let error, let next):
                        stored.lastError = error
                        stored.nextAttemptAt = next
                    case .failed(let error):
                        stored.processing = .failed
                        stored.lastError = error
                    }
                }
                processed = stored
                outcome = .init(result: "recovered", at: now, notificationSeq: stored.seq, secret: notification.secret)
            }
            try await store.recordReplay(rejectedSeq: seq, outcome)
            results.append(Result(rejected: rejected, outcome: outcome, notification: processed))
        }
        return results
    }
}
