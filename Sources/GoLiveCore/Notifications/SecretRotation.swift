public import Foundation

/// Which of a seller's webhook secrets verified a delivery during a rotation (issue 11): the one configured now
/// (`webhook_secret`), or the one before the last Reset (`previous_webhook_secret`), accepted during the overlap
/// until `previous_secret_until`.
public enum SecretGeneration: String, Sendable, Hashable, Codable {
    case current
    case previous
}

extension NotificationCheckSource {
    /// `notifications.signature` during a secret rotation (issue 11), once signed notifications verify and none
    /// was refused; nil when the seller has no previous secret and none verified with one.
    ///
    /// - `warn` while the newest verified traffic still matches only the previous secret: Mercado Pago still signs
    ///   with the old one (the Reset was not saved), or the secret configured as current is not the new one.
    /// - `pass` with an action to remove the old secret once the current one verifies the newest traffic, or
    ///   when `previous_secret_until` has passed (the receiver no longer accepts it).
    static func rotation(
        _ summary: NotificationSummary, seller: SellerSettings, details: [String: JSONValue], now: Date
    ) -> CheckResult? {
        guard seller.previousWebhookSecret != nil || summary.validPrevious > 0 else { return nil }
        var details = details
        let iso = ISO8601DateFormatter()
        details["valid_previous_secret"] = .number(Decimal(summary.validPrevious))
        if let previous = seller.previousWebhookSecret { details["previous_secret"] = .string(previous.masked) }
        if let until = seller.previousSecretUntil {
            details["previous_secret_until"] = .string(iso.string(from: until))
        }
        if let last = summary.lastPreviousAt { details["last_previous_secret_at"] = .string(iso.string(from: last)) }
        let title = title(.notificationsSignature)
        let remove =
            "Remove the previous secret (previous_webhook_secret_file in the config, or "
            + "MP_WEBHOOK_SECRET_PREVIOUS[_FILE])."
        let onlyPrevious =
            summary.validPrevious > 0
            && (summary.lastCurrentAt == nil || summary.lastPreviousAt.map { $0 >= summary.lastCurrentAt! } == true)
        if onlyPrevious {
            return CheckResult(
                id: .notificationsSignature, title: title, status: .warn,
                summary: "The newest signed notifications verify only with the previous webhook secret "
                    + "(\(summary.validPrevious) of \(summary.valid) recently): the secret rotation is not finished.",
                details: details,
                actions: [
                    "Finish the rotation: the current secret must be the one Your integrations > (your app) > Webhooks "
                        + "shows now (after Reset); once deliveries verify with it, remove the previous secret.",
                    remove,
                ], checkedAt: now)
        }
        if let until = seller.previousSecretUntil, now >= until {
            return CheckResult(
                id: .notificationsSignature, title: title, status: .pass,
                summary: "\(summary.valid) signed notification(s) verified recently, none refused; the previous "
                    + "secret is no longer accepted (since \(iso.string(from: until))).",
                details: details, actions: [remove], checkedAt: now)
        }
        return CheckResult(
            id: .notificationsSignature, title: title, status: .pass,
            summary: "\(summary.valid) signed notification(s) verified recently, none refused; "
                + "\(summary.validPrevious) with the previous secret (rotation in progress).",
            details: details,
            actions: ["When no delivery needs the old secret any more: " + remove],
            checkedAt: now)
    }
}

extension RejectedDelivery {
    /// What a refused request carried, as received: enough to verify it again (`replay --rejected`). The body
    /// may hold payer data: it is stored, never printed or put in JSON.
    public struct RawRequest: Sendable, Hashable {
        /// The query string without `?` (`data.id=…&type=…`).
        public var query: String?
        /// The `x-signature` header.
        public var signature: String?
        public var body: Data

        public init(query: String?, signature: String?, body: Data) {
            self.query = query
            self.signature = signature
            self.body = body
        }
    }

    /// The outcome of re-verifying a rejected delivery.
    public struct ReplayOutcome: Sendable, Hashable, Encodable {
        /// `recovered` (now a notification) or `rejected` (still fails).
        public var result: String
        public var at: Date
        /// The notification it became, and which secret verified it.
        public var notificationSeq: Int64?
        public var secret: SecretGeneration?
        /// Why it still fails.
        public var reason: RejectionReason?
        public var detail: String?

        public init(
            result: String, at: Date, notificationSeq: Int64? = nil, secret: SecretGeneration? = nil,
            reason: RejectionReason? = nil, detail: String? = nil
        ) {
            self.result = result
            self.at = at
            self.notificationSeq = notificationSeq
            self.secret = secret
            self.reason = reason
            self.detail = detail
        }

        public var recovered: Bool { result == "recovered" }

        enum CodingKeys: String, CodingKey {
            case result, at, secret, reason, detail
            case notificationSeq = "notification_seq"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(result, forKey: .result)
            try container.encode(at, forKey: .at)
            try container.encode(notificationSeq, forKey: .notificationSeq)
            try container.encode(secret, forKey: .secret)
            try container.encode(reason, forKey: .reason)
            try container.encode(detail, forKey: .detail)
        }
    }
}

/// The store side of `golive notifications replay --rejected` (issue 11).
public protocol RejectedReplayStore: NotificationStore {
    /// Rejected deliveries that still carry their raw request and were not recovered, oldest first.
    func replayableRejected(limit: Int) async throws -> [RejectedDelivery]
    /// Records what re-verifying one concluded (a recovered one drops its raw request).
    func recordReplay(rejectedSeq: Int64, _ outcome: RejectedDelivery.ReplayOutcome) async throws
}

/// Which notifications a listing shows (issue 11): test-mode traffic (`live_mode=false`: the panel's test URL,
/// simulations) is kept apart from production. A notification whose `live_mode` is unknown (an IPN) is live.
public enum NotificationMode: String, Sendable, Hashable, CaseIterable {
    /// Production only: `live_mode` true or unknown.
    case live
    /// Test mode only: `live_mode=false`.
    case test
    case all
}
