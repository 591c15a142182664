public import Foundation

/// `notifications.receiving` and `notifications.signature` (DESIGN.md's table), decided from what the
/// receiver stored: a pure function of the store's summary, so one-shot `golive check`, the dashboard and
/// `serve` agree.
public struct NotificationCheckSource: CheckSource {
    public let store: any NotificationStore
    /// How recent the last notification must be (default 24 h).
    public var window: TimeInterval
    /// How recent the receiver's heartbeat must be for it to count as running.
    public var heartbeatWindow: TimeInterval

    public init(store: any NotificationStore, window: TimeInterval = 24 * 3600, heartbeatWindow: TimeInterval = 120) {
        self.store = store
        self.window = window
        self.heartbeatWindow = heartbeatWindow
    }

    public var checkIDs: [CheckID] { [.notificationsReceiving, .notificationsSignature] }

    public func results(in context: CheckContext) async -> [CheckResult] {
        let summary: NotificationSummary
        do {
            summary = try await store.notificationSummary(
                seller: context.seller.name, since: context.now - window)
        } catch {
            return checkIDs.map { id in
                CheckResult(
                    id: id, title: Self.title(id), status: .unknown,
                    summary: "The notifications store could not be read: \(error).",
                    actions: ["Check the store (--store / GOLIVE_STORE) and run again."], checkedAt: context.now)
            }
        }
        return [
            Self.receiving(
                summary, seller: context.seller, window: window, heartbeatWindow: heartbeatWindow, now: context.now),
            Self.signature(summary, seller: context.seller, now: context.now),
        ]
    }

    static func title(_ id: CheckID) -> String {
        id == .notificationsReceiving ? "Notifications arriving" : "Webhook signatures verified"
    }

    public static func receiving(
        _ summary: NotificationSummary, seller: SellerSettings, window: TimeInterval, heartbeatWindow: TimeInterval,
        now: Date
    ) -> CheckResult {
        let title = title(.notificationsReceiving)
        // Issue 11: only live traffic counts; test-mode (live_mode=false) notifications are kept apart.
        var summary = summary
        summary.lastReceivedAt = summary.lastLiveReceivedAt ?? (summary.testMode == 0 ? summary.lastReceivedAt : nil)
        summary.received -= summary.testMode
        var details: [String: JSONValue] = [
            "received_in_window": .number(Decimal(summary.received)),
            "test_mode_in_window": .number(Decimal(summary.testMode)),
        ]
        if let last = summary.lastReceivedAt {
            details["last_received_at"] = .string(ISO8601DateFormatter().string(from: last))
        }
        if let beat = summary.receiverHeartbeat {
            details["receiver_heartbeat_at"] = .string(ISO8601DateFormatter().string(from: beat))
        }
        if let listen = summary.receiverListen { details["receiver_listen"] = .string(listen) }
        let running = summary.receiverHeartbeat.map { now.timeIntervalSince($0) <= heartbeatWindow } ?? false
        let hours = Int(window / 3600)
        let startServe =
            "Run `golive serve` (as a service) where Mercado Pago can reach it, and point the Webhooks "
            + "URL in Your integrations > (your app) > Webhooks at …/webhooks/mercadopago."
        guard let last = summary.lastReceivedAt else {
            return CheckResult(
                id: .notificationsReceiving, title: title, status: .unknown,
                summary: running
                    ? "The receiver is running but no notification has arrived for \(seller.name) yet."
                    : "No notification has been recorded for \(seller.name) yet, and no receiver is running.",
                details: details,
                actions: running
                    ? ["Send a test from Your integrations > (your app) > Webhooks > Simulate, or make a payment."]
                    : [startServe],
                checkedAt: now)
        }
        let age = Self.age(now.timeIntervalSince(last))
        if !running {
            return CheckResult(
                id: .notificationsReceiving, title: title, status: .fail,
                summary: "No receiver is running (the last notification arrived \(age) ago).", details: details,
                actions: [startServe], checkedAt: now)
        }
        if now.timeIntervalSince(last) > window {
            return CheckResult(
                id: .notificationsReceiving, title: title, status: .warn,
                summary:
                    "The receiver is running, but the last notification arrived \(age) ago (more than \(hours) h).",
                details: details,
                actions: [
                    "Check the Webhooks URL and events in Your integrations > (your app) > Webhooks, and the delivery "
                        + "status in its notifications dashboard."
                ], checkedAt: now)
        }
        return CheckResult(
            id: .notificationsReceiving, title: title, status: .pass,
            summary: "\(summary.received) notification(s) in the last \(hours) h; the last \(age) ago.",
            details: details,
            checkedAt: now)
    }

    public static func signature(_ summary: NotificationSummary, seller: SellerSettings, now: Date) -> CheckResult {
        let title = title(.notificationsSignature)
        var details: [String: JSONValue] = [
            "valid": .number(Decimal(summary.valid)), "unsigned": .number(Decimal(summary.unsigned)),
            "not_configured": .number(Decimal(summary.notConfigured)),
            "signature_rejections": .number(Decimal(summary.signatureRejections)),
        ]
        if let reason = summary.lastRejectionReason { details["last_rejection_reason"] = .string(reason.rawValue) }
        guard let secret = seller.webhookSecret else {
            return CheckResult(
                id: .notificationsSignature, title: title, status: .fail,
                summary: "No webhook secret is configured, so signatures cannot be verified.", details: details,
                actions: [
                    "Copy the secret from Your integrations > (your app) > Webhooks into a file (chmod 600) "
                        + "and set MP_WEBHOOK_SECRET_FILE, or webhook_secret_file in the config."
                ], checkedAt: now)
        }
        details["secret"] = .string(secret.masked)
        if summary.signatureRejections > 0 {
            let reason = summary.lastRejectionReason?.rawValue ?? "signature"
            let wrongSecret = summary.lastRejectionReason == .signatureMismatch && summary.valid == 0
            return CheckResult(
                id: .notificationsSignature, title: title, status: .fail,
                summary: "\(summary.signatureRejections) delivery(ies) refused for their signature recently "
                    + "(last: \(reason)); \(summary.valid) verified.",
                details: details,
                actions: [
                    wrongSecret
                        ? "Nothing verified and the signatures do not match: the configured secret is probably not "
                            + "this app's. Copy it again from Your integrations > (your app) > Webhooks."
                        : "Some deliveries verify and some do not: look at `golive notifications --rejected` "
                            + "(remote addresses, request ids) — this looks like probing, or a second app."
                ], checkedAt: now)
        }
        if summary.valid == 0 {
            return CheckResult(
                id: .notificationsSignature, title: title, status: .unknown,
                summary: "A webhook secret is configured; no signed notification has been verified yet.",
                details: details,
                actions: ["Send a test notification from Your integrations > (your app) > Webhooks > Simulate."],
                checkedAt: now)
        }
        if let rotation = rotation(summary, seller: seller, details: details, now: now) { return rotation }
        return CheckResult(
            id: .notificationsSignature, title: title, status: .pass,
            summary: "\(summary.valid) signed notification(s) verified recently, none refused.", details: details,
            checkedAt: now)
    }

    static func age(_ seconds: TimeInterval) -> String {
        switch seconds {
        case ..<120: "\(Int(seconds)) s"
        case ..<7200: "\(Int(seconds / 60)) min"
        case ..<172_800: "\(Int(seconds / 3600)) h"
        default: "\(Int(seconds / 86400)) days"
        }
    }
}
