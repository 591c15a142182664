public import Foundation

/// One condition's verdict for one seller at one moment; `firing == nil` means "cannot tell" (no change).
public struct AlertCondition: Sendable, Hashable {
    public var seller: String
    public var kind: AlertKind
    public var firing: Bool?
    public var summary: String
    public var details: [String: String]

    public init(seller: String, kind: AlertKind, firing: Bool?, summary: String, details: [String: String] = [:]) {
        self.seller = seller
        self.kind = kind
        self.firing = firing
        self.summary = summary
        self.details = details
    }
}

/// The state machine's next step for a condition (pure, so flapping is tested without a store).
public enum IncidentStep: Sendable, Hashable {
    case nothing
    case open
    /// Still active; the hysteresis start becomes `clearSince` (nil: firing again).
    case hold(clearSince: Date?)
    case recover
}

/// Turns observations into incidents (docs/ALERTS.md). Conditions (readiness, certificate, rejections, silence)
/// are evaluated on the checks' schedule from what the store holds; events (fraud, chargebacks, claims) are read
/// from the notifications as they arrive. Incidents and their messages are written to the ``AlertStore``; the
/// ``AlertDispatcher`` delivers them.
public struct AlertMonitor: Sendable {
    public typealias Store = AlertStore & NotificationStore & GoLiveStore & ForwardOutbox

    public let store: any Store
    public let settings: AlertSettings
    public let sellers: [String]
    public let clock: any GoLiveClock
    /// On a first start (no cursor yet), event notifications older than this are not alerted.
    public var firstStartLookback: TimeInterval = 24 * 3600

    public init(store: any Store, settings: AlertSettings, sellers: [String], clock: any GoLiveClock) {
        self.store = store
        self.settings = settings
        self.sellers = sellers
        self.clock = clock
    }

    // MARK: The state machine

    /// open → (held while firing; a clear observation starts the hysteresis) → recover once clear for
    /// `recoverAfter`. A condition firing again before that resets the hysteresis: one incident, no messages.
    public static func step(active: Incident?, firing: Bool, now: Date, recoverAfter: TimeInterval) -> IncidentStep {
        guard let active, active.state.isActive else { return firing ? .open : .nothing }
        if firing { return active.clearSince == nil ? .nothing : .hold(clearSince: nil) }
        guard let clearSince = active.clearSince else { return .hold(clearSince: now) }
        return now.timeIntervalSince(clearSince) >= recoverAfter ? .recover : .nothing
    }

    // MARK: Conditions

    /// Evaluates every condition of every seller and applies the steps; returns the incidents opened or
    /// recovered.
    @discardableResult
    public func evaluate() async throws -> [Incident] {
        let now = clock.now()
        var changed: [Incident] = []
        var conditions: [AlertCondition] = []
        for seller in sellers {
            conditions += try await self.conditions(seller: seller, now: now)
        }
        let unfinished = try await store.unfinishedIncidents()
        for condition in conditions {
            guard let firing = condition.firing else { continue }
            let active = unfinished.first {
                $0.seller == condition.seller && $0.kind == condition.kind && $0.key.isEmpty && $0.state.isActive
            }
            switch Self.step(
                active: active, firing: firing, now: now, recoverAfter: TimeInterval(settings.recoveryMinutes * 60))
            {
            case .nothing:
                if let active, firing, active.summary != condition.summary {
                    try await store.updateIncident(
                        id: active.id, summary: condition.summary, details: condition.details, clearSince: nil)
                }
            case .open:
                if let opened = try await open(condition, key: "", at: now) { changed.append(opened) }
            case .hold(let clearSince):
                guard let active else { continue }
                try await store.updateIncident(
                    id: active.id, summary: firing ? condition.summary : active.summary,
                    details: firing ? condition.details : active.details, clearSince: clearSince)
            case .recover:
                guard var active else { continue }
                let snapshot = active
                try await store.recoverIncident(
                    id: active.id,
                    payload: AlertMessage.recovery(snapshot, now: now, clearSummary: condition.summary),
                    at: now)
                active.state = .recovered
                changed.append(active)
            }
        }
        return changed
    }

    /// What each condition says now for one seller.
    public func conditions(seller: String, now: Date) async throws -> [AlertCondition] {
        let results = try await store.latestCheckResults(seller: seller)
        let window = TimeInterval(settings.rejectionsWindowMinutes * 60)
        let summary = try await store.notificationSummary(seller: seller, since: now.addingTimeInterval(-window))
        return [
            Self.readiness(seller: seller, results: results),
            Self.certificate(seller: seller, results: results, minimumDays: settings.certificateDays),
            Self.rejections(
                seller: seller, count: summary.signatureRejections, threshold: settings.rejectionsThreshold,
                windowMinutes: settings.rejectionsWindowMinutes, lastReason: summary.lastRejectionReason),
            Self.silence(
                // Production traffic only: test-mode (`live_mode=false`) notifications do not end a silence.
                seller: seller, lastReceivedAt: summary.lastLiveReceivedAt, now: now, minutes: settings.silenceMinutes,
                hours: settings.businessHours),
            Self.forwarding(seller: seller, counts: try await store.forwardCounts(seller: seller)),
        ]
    }

    /// Dead-lettered forward deliveries (the shop's backend never acknowledged them after the last retry);
    /// recovers when none is left dead (replayed or re-armed).
    public static func forwarding(seller: String, counts: ForwardCounts) -> AlertCondition {
        let firing = counts.dead > 0
        return AlertCondition(
            seller: seller, kind: .forwarding, firing: firing,
            summary: firing
                ? "\(counts.dead) deliver\(counts.dead == 1 ? "y" : "ies") to the shop's backend dead-lettered after the "
                    + "last retry — fix the backend, then replay them (golive notifications replay --failed)"
                : "no dead-lettered delivery to the shop",
            details: ["dead": String(counts.dead), "pending": String(counts.pending + counts.retrying)])
    }

    public static func readiness(seller: String, results: [CheckResult]) -> AlertCondition {
        guard !results.isEmpty else {
            return AlertCondition(seller: seller, kind: .readiness, firing: nil, summary: "no check results yet")
        }
        let failing = results.filter { $0.status == .fail }
        guard !failing.isEmpty else {
            return AlertCondition(
                seller: seller, kind: .readiness, firing: false, summary: "every check passes (or warns)")
        }
        let text = failing.map { "\($0.id.rawValue) (\($0.summary))" }.joined(separator: "; ")
        return AlertCondition(
            seller: seller, kind: .readiness, firing: true, summary: "readiness is red: \(text)",
            details: ["failing": failing.map(\.id.rawValue).joined(separator: ",")])
    }

    public static func certificate(seller: String, results: [CheckResult], minimumDays: Int) -> AlertCondition {
        guard let ssl = results.first(where: { $0.id == .sslCheckoutPage }),
            let certificate = ssl.details["certificate"]?.object, let days = certificate["days_left"]?.int64
        else {
            return AlertCondition(
                seller: seller, kind: .certificate, firing: nil, summary: "no certificate observed yet")
        }
        var details = ["days_left": String(days)]
        if let notAfter = certificate["not_after"]?.string { details["not_after"] = notAfter }
        if let url = ssl.details["url"]?.string { details["url"] = url }
        let firing = days < Int64(minimumDays)
        let summary =
            firing
            ? "the checkout page's certificate expires in \(days) day\(days == 1 ? "" : "s") (alert below \(minimumDays))"
            : "the checkout page's certificate has \(days) days left"
        return AlertCondition(seller: seller, kind: .certificate, firing: firing, summary: summary, details: details)
    }

    public static func rejections(
        seller: String, count: Int, threshold: Int, windowMinutes: Int, lastReason: RejectionReason?
    ) -> AlertCondition {
        var details = ["count": String(count), "window_minutes": String(windowMinutes)]
        if let lastReason { details["last_reason"] = lastReason.rawValue }
        let firing = count >= threshold
        let reason = lastReason.map { ", last: \($0.rawValue)" } ?? ""
        return AlertCondition(
            seller: seller, kind: .rejections, firing: firing,
            summary: "\(count) signature rejection\(count == 1 ? "" : "s") in the last \(windowMinutes) min\(reason)"
                + (firing ? " — check the webhook secret (golive notifications --rejected)" : ""),
            details: details)
    }

    /// Business time since the last notification (``BusinessHours``). Never-received is not a silence (the
    /// `notifications.receiving` check says `unknown` before any traffic); outside business hours nothing opens.
    public static func silence(
        seller: String, lastReceivedAt: Date?, now: Date, minutes: Int, hours: BusinessHours?
    ) -> AlertCondition {
        guard let lastReceivedAt else {
            return AlertCondition(seller: seller, kind: .silence, firing: nil, summary: "no notification yet")
        }
        let silent =
            hours?.businessSeconds(from: lastReceivedAt, to: now) ?? max(0, now.timeIntervalSince(lastReceivedAt))
        let silentMinutes = Int(silent / 60)
        let details = [
            "last_received_at": AlertMessage.iso(lastReceivedAt), "silent_business_minutes": String(silentMinutes),
        ]
        if silent >= TimeInterval(minutes * 60) {
            if let hours, !hours.contains(now) {
                // Outside business hours: not an incident; an open one is held (neither opened nor recovered).
                return AlertCondition(
                    seller: seller, kind: .silence, firing: nil, summary: "outside business hours", details: details)
            }
            return AlertCondition(
                seller: seller, kind: .silence, firing: true,
                summary: "no notification for \(silentMinutes) min"
                    + (hours == nil ? "" : " of business hours (\(hours!.description))")
                    + " — last at \(AlertMessage.iso(lastReceivedAt))",
                details: details)
        }
        return AlertCondition(
            seller: seller, kind: .silence, firing: false, summary: "notifications are arriving", details: details)
    }

    // MARK: Events

    /// Reads event notifications (fraud, chargebacks, claims) that arrived since the last scan and opens one
    /// incident for each; returns those opened. The cursor is stored, so a restart neither repeats nor skips.
    @discardableResult
    public func scanEvents(batch: Int = 200) async throws -> [Incident] {
        let now = clock.now()
        let cursor = try await store.alertCursor()
        var after = cursor ?? 0
        var opened: [Incident] = []
        while true {
            let (events, last) = try await store.alertEventNotifications(afterSeq: after, limit: batch)
            for event in events {
                guard let kind = AlertKind(topic: event.topic) else { continue }
                if cursor == nil, now.timeIntervalSince(event.receivedAt) > firstStartLookback { continue }
                let seller = event.seller ?? (sellers.count == 1 ? sellers[0] : "unknown")
                let condition = Self.eventCondition(kind: kind, seller: seller, event: event)
                if let incident = try await open(condition, key: event.notificationID, at: now) {
                    opened.append(incident)
                }
            }
            if last > after { try await store.setAlertCursor(last) }
            if events.count < batch || last <= after { break }
            after = last
        }
        if cursor == nil, after == 0 { try await store.setAlertCursor(0) }
        return opened
    }

    static func eventCondition(kind: AlertKind, seller: String, event: AlertEventNotification) -> AlertCondition {
        let resource = event.dataID ?? "?"
        let test = event.liveMode == false ? " [test mode]" : ""
        let summary: String
        switch kind {
        case .fraud:
            summary =
                "Mercado Pago fraud alert (stop_delivery_op_wh) for \(resource)\(test): stop the delivery, cancel the "
                + "purchase and refund the buyer to avoid a dispute. Mercado Pago does not retry this notification."
        case .chargeback:
            summary =
                "chargeback \(resource)\(test): see GET /v1/chargebacks/\(resource) and answer it in Mercado Pago."
        case .claim:
            summary =
                "claim \(resource)\(test): see GET /post-purchase/v1/claims/\(resource) and answer it in Mercado Pago."
        default:
            summary = "\(kind.rawValue) \(resource)\(test)"
        }
        var details = ["topic": event.topic, "notification_id": event.notificationID, "seq": String(event.seq)]
        if let dataID = event.dataID { details["data_id"] = dataID }
        if let action = event.action { details["action"] = action }
        if let liveMode = event.liveMode { details["live_mode"] = liveMode ? "true" : "false" }
        return AlertCondition(seller: seller, kind: kind, firing: true, summary: summary, details: details)
    }

    func open(_ condition: AlertCondition, key: String, at now: Date) async throws -> Incident? {
        let targets = settings.targetNames
        return try await store.openIncident(
            seller: condition.seller, kind: condition.kind, key: key, summary: condition.summary,
            details: condition.details, targets: targets,
            payload: { id in
                AlertMessage.alert(
                    incidentID: id, seller: condition.seller, kind: condition.kind, summary: condition.summary,
                    details: condition.details, openedAt: now)
            }, at: now)
    }
}

/// The message sent to every target: Slack-compatible `{"text": …}` plus a `golive` object Slack ignores.
public enum AlertMessage {
    public static func alert(
        incidentID: Int64, seller: String, kind: AlertKind, summary: String, details: [String: String], openedAt: Date
    ) -> String {
        let title = kind.isEvent ? kind.rawValue.uppercased() : "ALERT"
        let text = "[golive] \(title) \(seller): \(summary)"
        return document(
            text: text, incidentID: incidentID, kind: kind, state: .open, event: kind == .test ? .test : .alert,
            seller: seller, since: openedAt, summary: summary, details: details)
    }

    public static func recovery(_ incident: Incident, now: Date, clearSummary: String) -> String {
        let minutes = Int(now.timeIntervalSince(incident.openedAt) / 60)
        let text =
            "[golive] RECOVERED \(incident.seller): \(incident.kind.rawValue) — \(clearSummary) (incident #\(incident.id), open \(minutes) min)"
        return document(
            text: text, incidentID: incident.id, kind: incident.kind, state: .recovered, event: .recovery,
            seller: incident.seller, since: incident.openedAt, summary: clearSummary, details: incident.details)
    }

    static func document(
        text: String, incidentID: Int64, kind: AlertKind, state: IncidentState, event: AlertEvent, seller: String,
        since: Date, summary: String, details: [String: String]
    ) -> String {
        let golive: JSONValue = .object([
            "incident": .number(Decimal(incidentID)), "kind": .string(kind.rawValue), "state": .string(state.rawValue),
            "event": .string(event.rawValue), "seller": .string(seller), "since": .string(iso(since)),
            "summary": .string(summary), "details": .object(details.mapValues(JSONValue.string)),
        ])
        let document: JSONValue = .object(["text": .string(text), "golive": golive])
        return String(decoding: document.encoded(), as: UTF8.self)
    }

    public static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
