public import Foundation

/// `notifications.url` (issue 11): the notification URL configured in Mercado Pago (`notification_url` per seller,
/// `GOLIVE_NOTIFICATION_URL`) is HTTPS, reachable, and answers a signed test notification well under Mercado
/// Pago's 22 s deadline (MERCADOPAGO.md §5.5), measured end to end by a ``NotificationURLProbing``.
public struct NotificationURLThresholds: Sendable, Hashable {
    /// Slower than this is `warn` (default 5 s).
    public var warnAbove: TimeInterval
    /// At or above this — or no answer by then — is `fail` (default 22 s, Mercado Pago's deadline).
    public var failAt: TimeInterval

    public init(warnAbove: TimeInterval = 5, failAt: TimeInterval = 22) {
        self.warnAbove = warnAbove
        self.failAt = failAt
    }

    public static let standard = NotificationURLThresholds()
}

/// What one end-to-end probe of the URL saw.
public struct NotificationURLObservation: Sendable, Hashable {
    /// Who sent the test notification: `golive` (a signed POST from this process) or `sandbox` (the Sandbox
    /// delivered it, as Mercado Pago would, and reported its latency).
    public var measuredBy: String
    /// The HTTP status answered, nil when none came.
    public var statusCode: Int?
    /// From sending the request to the end of the answer (connection and TLS included).
    public var latency: TimeInterval?
    /// `timeout`, or the connection/TLS failure, nil when answered.
    public var error: String?
    public var timedOut: Bool
    /// Whether the test notification was signed (with the seller's current webhook secret).
    public var signed: Bool

    public init(
        measuredBy: String, statusCode: Int?, latency: TimeInterval?, error: String? = nil, timedOut: Bool = false,
        signed: Bool
    ) {
        self.measuredBy = measuredBy
        self.statusCode = statusCode
        self.latency = latency
        self.error = error
        self.timedOut = timedOut
        self.signed = signed
    }
}

/// Sends a harmless signed test notification to the URL and reports what happened.
public protocol NotificationURLProbing: Sendable {
    func probe(url: URL, seller: SellerSettings, sellerID: Int64?, timeout: TimeInterval) async
        -> NotificationURLObservation
}

/// The check as a source: probes the seller's configured URL (none configured: `unknown`, no probe).
public struct NotificationURLCheckSource: CheckSource {
    public let probe: any NotificationURLProbing
    public var thresholds: NotificationURLThresholds

    public init(probe: any NotificationURLProbing, thresholds: NotificationURLThresholds = .standard) {
        self.probe = probe
        self.thresholds = thresholds
    }

    public var checkIDs: [CheckID] { [.notificationsURL] }

    public func results(in context: CheckContext) async -> [CheckResult] {
        let url = context.seller.notificationURL
        var observation: NotificationURLObservation?
        if let url, url.scheme?.lowercased() == "https" {
            observation = await probe.probe(
                url: url, seller: context.seller, sellerID: context.sellerID, timeout: thresholds.failAt)
        }
        return [
            NotificationURLCheck.evaluate(url: url, observation: observation, thresholds: thresholds, now: context.now)
        ]
    }
}

/// The decision, pure.
public enum NotificationURLCheck {
    public static let title = "Notification URL answers in time"

    public static func evaluate(
        url: URL?, observation: NotificationURLObservation?, thresholds: NotificationURLThresholds, now: Date
    ) -> CheckResult {
        guard let url else {
            return CheckResult(
                id: .notificationsURL, title: title, status: .unknown,
                summary: "No notification URL is configured, so golive cannot test it.",
                actions: [
                    "Set notification_url in the config (or GOLIVE_NOTIFICATION_URL) to the URL configured in "
                        + "Your integrations > (your app) > Webhooks (…/webhooks/mercadopago)."
                ], checkedAt: now)
        }
        var details: [String: JSONValue] = [
            "url": .string(url.absoluteString),
            "warn_above_ms": .number(Decimal(Int(thresholds.warnAbove * 1000))),
            "fail_at_ms": .number(Decimal(Int(thresholds.failAt * 1000))),
        ]
        guard url.scheme?.lowercased() == "https" else {
            return CheckResult(
                id: .notificationsURL, title: title, status: .fail,
                summary: "The notification URL is not https:// — Mercado Pago's notifications must go to HTTPS.",
                details: details,
                actions: [
                    "Serve the receiver behind HTTPS with a valid certificate (docs/deploy: reverse proxy) and set the "
                        + "https:// URL in Your integrations > (your app) > Webhooks and in notification_url."
                ], checkedAt: now)
        }
        guard let observation else {
            return CheckResult(
                id: .notificationsURL, title: title, status: .unknown,
                summary: "The notification URL has not been tested yet.", details: details,
                actions: ["Run `golive check` (it sends a signed test notification to the URL)."], checkedAt: now)
        }
        details["measured_by"] = .string(observation.measuredBy)
        details["measurement"] = .string(
            observation.measuredBy == "sandbox"
                ? "the Sandbox (the stand-in for Mercado Pago) delivered a signed test webhook to the URL "
                    + "(POST /_sandbox/simulate, its \"Simulate notification\") and reported the time to its answer, "
                    + "end to end"
                : "golive POSTed a signed test notification (type golive_url_check, live_mode false) to the URL; "
                    + "time from the request to the end of the answer, connection and TLS included. Mercado Pago "
                    + "has no API for the panel's Simulate, so against it golive sends the test itself")
        details["signed"] = .bool(observation.signed)
        if let code = observation.statusCode { details["status_code"] = .number(Decimal(code)) }
        if let latency = observation.latency { details["latency_ms"] = .number(Decimal(Int(latency * 1000))) }
        if let error = observation.error { details["error"] = .string(error) }
        let limit =
            thresholds.failAt == thresholds.failAt.rounded()
            ? "\(Int(thresholds.failAt)) s" : "\(Int(thresholds.failAt * 1000)) ms"
        if observation.timedOut || (observation.latency ?? 0) >= thresholds.failAt {
            return CheckResult(
                id: .notificationsURL, title: title, status: .fail,
                summary: "The notification URL did not answer within \(limit): Mercado Pago would retry, and a "
                    + "fraud alert (stop_delivery_op_wh) would be lost.",
                details: details,
                actions: [
                    "Answer 200 as soon as the notification is stored and do the work afterwards (golive serve does); "
                        + "check the reverse proxy's timeouts and the receiver's health."
                ], checkedAt: now)
        }
        guard let code = observation.statusCode else {
            return CheckResult(
                id: .notificationsURL, title: title, status: .fail,
                summary: "The notification URL is unreachable: \(observation.error ?? "no answer").",
                details: details,
                actions: [
                    "Check DNS, the firewall, the certificate and that the receiver runs (golive serve) behind the URL."
                ], checkedAt: now)
        }
        let ms = Int((observation.latency ?? 0) * 1000)
        guard (200..<300).contains(code) else {
            return CheckResult(
                id: .notificationsURL, title: title, status: .fail,
                summary: "The notification URL answered \(code) to a signed test notification (in \(ms) ms); Mercado "
                    + "Pago counts only 200/201 as delivered.",
                details: details,
                actions: [
                    code == 401
                        ? "The receiver refused the signature: its webhook secret differs from the one configured here."
                        : "Make the URL answer 200 to POST …/webhooks/mercadopago (check the path and the proxy)."
                ], checkedAt: now)
        }
        if (observation.latency ?? 0) > thresholds.warnAbove {
            return CheckResult(
                id: .notificationsURL, title: title, status: .warn,
                summary: "The notification URL answered \(code) in \(ms) ms — slower than "
                    + "\(Int(thresholds.warnAbove * 1000)) ms, close to Mercado Pago's \(limit) deadline.",
                details: details,
                actions: ["Answer before doing the work (store, then 200); check the proxy and the server's load."],
                checkedAt: now)
        }
        return CheckResult(
            id: .notificationsURL, title: title, status: .pass,
            summary: "The notification URL answered \(code) to a signed test notification in \(ms) ms.",
            details: details, checkedAt: now)
    }
}
