import Foundation
import GoLiveCore
import StoreSQLite
import Testing

/// A target that records what it was sent and fails while `failing` is set.
final class RecordingTarget: AlertTarget, @unchecked Sendable {
    let name: String
    var label: String { "recording \(name)" }
    private let lock = NSLock()
    private var sent: [AlertDelivery] = []
    private var failures = 0

    init(name: String = "webhook", failures: Int = 0) {
        self.name = name
        self.failures = failures
    }

    func send(_ delivery: AlertDelivery) async -> String? {
        lock.withLock {
            if failures > 0 {
                failures -= 1
                return "HTTP 500"
            }
            sent.append(delivery)
            return nil
        }
    }

    var deliveries: [AlertDelivery] { lock.withLock { sent } }
}

func temporaryStore() throws -> (SQLiteStore, String) {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("alerts-\(UUID().uuidString).sqlite").path
    return (try SQLiteStore(path: path), path)
}

func check(_ id: CheckID, _ status: CheckStatus, at date: Date, details: [String: JSONValue] = [:]) -> CheckResult {
    CheckResult(
        id: id, title: id.rawValue, status: status, summary: "\(id.rawValue) \(status.rawValue)", details: details,
        checkedAt: date)
}

@Suite struct AlertStateMachineTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func incident(_ state: IncidentState, clearSince: Date? = nil) -> Incident {
        Incident(
            id: 1, seller: "s", kind: .readiness, key: "", state: state, summary: "", details: [:], openedAt: now,
            clearSince: clearSince)
    }

    @Test func opensOnlyWhenFiring() {
        #expect(AlertMonitor.step(active: nil, firing: true, now: now, recoverAfter: 300) == .open)
        #expect(AlertMonitor.step(active: nil, firing: false, now: now, recoverAfter: 300) == .nothing)
    }

    @Test func recoversOnlyAfterStayingClear() {
        let open = incident(.notified)
        #expect(AlertMonitor.step(active: open, firing: false, now: now, recoverAfter: 300) == .hold(clearSince: now))
        let clearing = incident(.notified, clearSince: now)
        #expect(AlertMonitor.step(active: clearing, firing: false, now: now + 299, recoverAfter: 300) == .nothing)
        #expect(AlertMonitor.step(active: clearing, firing: false, now: now + 300, recoverAfter: 300) == .recover)
        // Flapping: firing again before the hysteresis ends resets it, no new incident.
        #expect(
            AlertMonitor.step(active: clearing, firing: true, now: now + 100, recoverAfter: 300)
                == .hold(clearSince: nil))
        #expect(AlertMonitor.step(active: open, firing: true, now: now, recoverAfter: 300) == .nothing)
    }
}

@Suite struct BusinessHoursTests {
    let hours = try! BusinessHours.parse(["mon-fri 09:00-18:00"], timeZone: "America/Argentina/Buenos_Aires")

    /// 2026-11-27 is a Friday. Buenos Aires is UTC-3.
    func local(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text + "-03:00")!
    }

    @Test func windowsAndWeekends() {
        #expect(hours.contains(local("2026-11-27T10:00:00")))
        #expect(!hours.contains(local("2026-11-27T18:30:00")))
        #expect(!hours.contains(local("2026-11-28T10:00:00")))  // Saturday
        #expect(hours.contains(local("2026-11-30T09:00:00")))  // Monday
    }

    @Test func fridayEveningSilenceCountsOnlyBusinessTime() {
        let last = local("2026-11-27T17:30:00")
        #expect(hours.businessSeconds(from: last, to: local("2026-11-28T12:00:00")) == 30 * 60)
        #expect(hours.businessSeconds(from: last, to: local("2026-11-30T09:30:00")) == 60 * 60)
    }

    @Test func badSpecsAreClearErrors() {
        #expect(throws: GoLiveError.self) { try BusinessHours.parse(["weekdays 9-5"], timeZone: nil) }
        #expect(throws: GoLiveError.self) { try BusinessHours.parse(["mon 18:00-09:00"], timeZone: nil) }
        #expect(throws: GoLiveError.self) { try BusinessHours.parse(["mon 09:00-18:00"], timeZone: "Mars/Olympus") }
    }
}

@Suite struct AlertMonitorStoreTests {
    @Test func readinessFiresOnceAndRecoversOnce() async throws {
        let (store, _) = try temporaryStore()
        let clock = ManualClock()
        let target = RecordingTarget()
        let settings = AlertSettings(webhookURL: Secret("http://127.0.0.1:9/hook"), recoveryMinutes: 5)
        let monitor = AlertMonitor(store: store, settings: settings, sellers: ["tienda"], clock: clock)
        let dispatcher = AlertDispatcher(store: store, targets: [target], clock: clock)

        try await store.recordCheckResults(
            [check(.credentialsProduction, .fail, at: clock.now())], seller: "tienda", sellerID: nil)
        for _ in 0..<3 {
            try await monitor.evaluate()
            try await dispatcher.deliverDue()
            clock.advance(by: .seconds(60))
        }
        #expect(target.deliveries.count == 1)
        #expect(try await store.incidents(limit: 10, activeOnly: true).first?.state == .notified)

        // Clears, flaps red once within the hysteresis, then stays clear.
        try await store.recordCheckResults(
            [check(.credentialsProduction, .pass, at: clock.now())], seller: "tienda", sellerID: nil)
        try await monitor.evaluate()
        clock.advance(by: .seconds(120))
        try await store.recordCheckResults(
            [check(.credentialsProduction, .fail, at: clock.now())], seller: "tienda", sellerID: nil)
        try await monitor.evaluate()
        clock.advance(by: .seconds(60))
        try await store.recordCheckResults(
            [check(.credentialsProduction, .pass, at: clock.now())], seller: "tienda", sellerID: nil)
        for _ in 0..<8 {
            try await monitor.evaluate()
            try await dispatcher.deliverDue()
            clock.advance(by: .seconds(60))
        }
        let events = target.deliveries.map { $0.event }
        #expect(events == [.alert, .recovery])
        let all = try await store.incidents(limit: 10, activeOnly: false)
        #expect(all.count == 1)
        #expect(all.first?.state == .closed)
    }

    @Test func certificateRejectionsAndSilenceEachFireOnceAndRecover() async throws {
        let (store, _) = try temporaryStore()
        let clock = ManualClock()
        let target = RecordingTarget()
        let settings = AlertSettings(
            webhookURL: Secret("http://127.0.0.1:9/hook"), certificateDays: 14, silenceMinutes: 30,
            rejectionsThreshold: 2, rejectionsWindowMinutes: 10, recoveryMinutes: 1)
        let monitor = AlertMonitor(store: store, settings: settings, sellers: ["tienda"], clock: clock)
        let dispatcher = AlertDispatcher(store: store, targets: [target], clock: clock)
        func ssl(_ days: Int) -> CheckResult {
            check(
                .sslCheckoutPage, .pass, at: clock.now(),
                details: ["certificate": .object(["days_left": .number(Decimal(days))])])
        }
        func pass(_ times: Int) async throws {
            for _ in 0..<times {
                try await monitor.evaluate()
                try await dispatcher.deliverDue()
                clock.advance(by: .seconds(30))
            }
        }
        // A notification now, then a certificate close to expiry and two rejections.
        _ = try await store.recordNotifications([
            IncomingNotification(
                kind: .webhook, notificationID: "1", topic: "payment", dataID: "10", seller: "tienda",
                signature: .valid, receivedAt: clock.now())
        ])
        try await store.recordCheckResults([ssl(5)], seller: "tienda", sellerID: nil)
        try await store.recordRejected([
            RejectedDelivery(receivedAt: clock.now(), reason: .signatureMismatch, seller: "tienda"),
            RejectedDelivery(receivedAt: clock.now(), reason: .signatureMismatch, seller: "tienda"),
        ])
        try await pass(4)
        #expect(Set(target.deliveries.map { kind(of: $0) }) == ["certificate", "rejections"])
        // 30 minutes of silence (no business hours: every minute counts).
        try await pass(60)
        let kinds = target.deliveries.map { "\(kind(of: $0)):\($0.event.rawValue)" }
        #expect(kinds.filter { $0 == "silence:alert" }.count == 1)
        #expect(kinds.contains("rejections:recovery"))  // the window moved past the rejections
        // Renewed certificate and a notification: both recover, once.
        try await store.recordCheckResults([ssl(90)], seller: "tienda", sellerID: nil)
        _ = try await store.recordNotifications([
            IncomingNotification(
                kind: .webhook, notificationID: "2", topic: "payment", dataID: "11", seller: "tienda",
                signature: .valid, receivedAt: clock.now())
        ])
        try await pass(6)
        let final = target.deliveries.map { "\(kind(of: $0)):\($0.event.rawValue)" }
        for name in ["certificate", "rejections", "silence"] {
            #expect(final.filter { $0 == "\(name):alert" }.count == 1, "\(name)")
            #expect(final.filter { $0 == "\(name):recovery" }.count == 1, "\(name)")
        }
        #expect(try await store.incidents(limit: 10, activeOnly: true).isEmpty)
    }

    @Test func businessHoursSilenceOnAManualClock() async throws {
        let (store, _) = try temporaryStore()
        // Friday 2026-11-27 17:30 in Buenos Aires (UTC-3) = 20:30 UTC.
        let clock = ManualClock(now: ISO8601DateFormatter().date(from: "2026-11-27T20:30:00Z")!)
        let target = RecordingTarget()
        let hours = try BusinessHours.parse(["mon-fri 09:00-18:00"], timeZone: "America/Argentina/Buenos_Aires")
        let settings = AlertSettings(
            webhookURL: Secret("http://127.0.0.1:9/hook"), silenceMinutes: 60, businessHours: hours)
        let monitor = AlertMonitor(store: store, settings: settings, sellers: ["tienda"], clock: clock)
        let dispatcher = AlertDispatcher(store: store, targets: [target], clock: clock)
        _ = try await store.recordNotifications([
            IncomingNotification(
                kind: .webhook, notificationID: "1", topic: "payment", dataID: "10", seller: "tienda",
                signature: .valid, receivedAt: clock.now())
        ])
        // Through the weekend, hourly: nothing fires.
        for _ in 0..<(63) {  // to Monday 08:30 local
            clock.advance(by: .seconds(3600))
            try await monitor.evaluate()
            try await dispatcher.deliverDue()
        }
        #expect(target.deliveries.isEmpty)
        clock.advance(by: .seconds(1800))  // Monday 09:00: 30 business minutes counted
        try await monitor.evaluate()
        #expect(target.deliveries.isEmpty)
        clock.advance(by: .seconds(1800))  // Monday 09:30: 60
        try await monitor.evaluate()
        try await dispatcher.deliverDue()
        #expect(target.deliveries.count == 1)
        #expect(kind(of: target.deliveries[0]) == "silence")
    }

    @Test func eventsAlertOncePerNotificationAcrossRestarts() async throws {
        let (store, path) = try temporaryStore()
        let clock = ManualClock()
        let target = RecordingTarget()
        let settings = AlertSettings(webhookURL: Secret("http://127.0.0.1:9/hook"))
        let first = AlertMonitor(store: store, settings: settings, sellers: ["tienda"], clock: clock)
        let notifications = [
            ("f1", "stop_delivery_op_wh"), ("c1", "topic_chargebacks_wh"), ("k1", "topic_claims_integration_wh"),
            ("p1", "payment"),
        ].map { id, topic in
            IncomingNotification(
                kind: .webhook, notificationID: id, topic: topic, action: "\(topic).created", dataID: "99",
                seller: "tienda", signature: .valid, receivedAt: clock.now())
        }
        _ = try await store.recordNotifications(notifications)
        _ = try await store.recordNotifications([notifications[0]])  // a duplicate delivery of the fraud alert
        #expect(try await first.scanEvents().count == 3)
        try await AlertDispatcher(store: store, targets: [target], clock: clock).deliverDue()
        #expect(Set(target.deliveries.map { kind(of: $0) }) == ["fraud", "chargeback", "claim"])
        #expect(try await store.incidents(limit: 10, activeOnly: true).isEmpty)  // events close once delivered

        // A new store instance on the same file (a restarted serve): nothing again.
        let reopened = try SQLiteStore(path: path)
        let second = AlertMonitor(store: reopened, settings: settings, sellers: ["tienda"], clock: clock)
        #expect(try await second.scanEvents().isEmpty)
        try await AlertDispatcher(store: reopened, targets: [target], clock: clock).deliverDue()
        #expect(target.deliveries.count == 3)
    }

    @Test func aFailingTargetIsRetriedWithBackoffAndDeliveredOnce() async throws {
        let (store, _) = try temporaryStore()
        let clock = ManualClock()
        let target = RecordingTarget(failures: 3)
        let settings = AlertSettings(webhookURL: Secret("http://127.0.0.1:9/hook"))
        let monitor = AlertMonitor(store: store, settings: settings, sellers: ["tienda"], clock: clock)
        let dispatcher = AlertDispatcher(store: store, targets: [target], clock: clock)
        _ = try await store.recordNotifications([
            IncomingNotification(
                kind: .webhook, notificationID: "f1", topic: "stop_delivery_op_wh", dataID: "5", seller: "tienda",
                signature: .valid, receivedAt: clock.now())
        ])
        try await monitor.scanEvents()
        var attempts: [Date] = []
        for _ in 0..<40 {
            let due = try await store.dueAlertDeliveries(now: clock.now(), limit: 10)
            if !due.isEmpty { attempts.append(clock.now()) }
            try await dispatcher.deliverDue()
            clock.advance(by: .seconds(15))
        }
        #expect(target.deliveries.count == 1)
        #expect(attempts.count == 4)
        // 30 s, 60 s, 120 s apart (rounded up to the 15 s passes).
        let gaps = zip(attempts.dropFirst(), attempts).map { $0.timeIntervalSince($1) }
        #expect(gaps == [30, 60, 120])
        let incident = try #require(try await store.incidents(limit: 1, activeOnly: false).first)
        let deliveries = try await store.alertDeliveries(incident: incident.id)
        #expect(deliveries.map(\.state) == [.delivered])
        #expect(deliveries.first?.attempts == 4)
        #expect(incident.state == .closed)
    }
}

func kind(of delivery: AlertDelivery) -> String {
    (try? JSONValue.parse(Data(delivery.payload.utf8)))?["golive"]["kind"].string ?? "?"
}

@Suite struct ForwardingAlertTests {
    @Test("dead-lettered forward deliveries alert once and recover when re-armed")
    func deadLetters() async throws {
        let (store, _) = try temporaryStore()
        let clock = ManualClock()
        let target = RecordingTarget()
        let settings = AlertSettings(webhookURL: Secret("http://127.0.0.1:9/hook"), recoveryMinutes: 1)
        let monitor = AlertMonitor(store: store, settings: settings, sellers: ["tienda"], clock: clock)
        let dispatcher = AlertDispatcher(store: store, targets: [target], clock: clock)
        func pass(_ times: Int) async throws {
            for _ in 0..<times {
                try await monitor.evaluate()
                try await dispatcher.deliverDue()
                clock.advance(by: .seconds(30))
            }
        }
        let drafts = (0..<2).map { index in
            ForwardDraft(
                seller: "tienda", sellerID: nil, notificationSeq: nil, notificationID: "n\(index)", topic: "payment",
                action: "payment.updated", dataID: "\(index)", liveMode: true, receivedAt: clock.now(),
                source: .notification, resource: nil)
        }
        let stored = try await store.enqueueForwards(drafts, at: clock.now())
        try await pass(2)
        #expect(target.deliveries.isEmpty)
        for delivery in stored {
            try await store.recordForwardAttempt(
                id: delivery.id, result: .dead(status: 500, error: "HTTP 500"), at: clock.now())
        }
        try await pass(3)
        #expect(target.deliveries.map { kind(of: $0) } == ["forwarding"])
        _ = try await store.rearmDeadForwards(deliveryID: nil, at: clock.now())
        try await pass(4)
        #expect(
            target.deliveries.map { "\(kind(of: $0)):\($0.event.rawValue)" } == [
                "forwarding:alert", "forwarding:recovery",
            ])
    }
}

@Suite struct AlertClaimTests {
    @Test("two dispatchers on one store file never send the same delivery twice")
    func twoDispatchers() async throws {
        let (store, path) = try temporaryStore()
        let other = try SQLiteStore(path: path)
        let clock = ManualClock()
        let settings = AlertSettings(webhookURL: Secret("http://127.0.0.1:9/hook"))
        let monitor = AlertMonitor(store: store, settings: settings, sellers: ["tienda"], clock: clock)
        _ = try await store.recordNotifications(
            (0..<20).map { index in
                IncomingNotification(
                    kind: .webhook, notificationID: "f\(index)", topic: "stop_delivery_op_wh", dataID: "\(index)",
                    seller: "tienda", signature: .valid, receivedAt: clock.now())
            })
        #expect(try await monitor.scanEvents().count == 20)
        let first = RecordingTarget()
        let second = RecordingTarget()
        async let a = AlertDispatcher(store: store, targets: [first], clock: clock).deliverDue(limit: 5)
        async let b = AlertDispatcher(store: other, targets: [second], clock: clock).deliverDue(limit: 5)
        _ = try await (a, b)
        for _ in 0..<4 {
            try await AlertDispatcher(store: store, targets: [first], clock: clock).deliverDue(limit: 5)
            try await AlertDispatcher(store: other, targets: [second], clock: clock).deliverDue(limit: 5)
        }
        let sent = (first.deliveries + second.deliveries).map(\.id)
        #expect(sent.count == 20)
        #expect(Set(sent).count == 20)
    }
}

@Suite struct SilenceTestModeTests {
    @Test("test-mode notifications do not end a production silence")
    func testModeDoesNotCount() async throws {
        let (store, _) = try temporaryStore()
        let clock = ManualClock()
        let target = RecordingTarget()
        let settings = AlertSettings(
            webhookURL: Secret("http://127.0.0.1:9/hook"), silenceMinutes: 10, recoveryMinutes: 1)
        let monitor = AlertMonitor(store: store, settings: settings, sellers: ["tienda"], clock: clock)
        let dispatcher = AlertDispatcher(store: store, targets: [target], clock: clock)
        func notification(_ id: String, live: Bool) -> IncomingNotification {
            IncomingNotification(
                kind: .webhook, notificationID: id, topic: "payment", dataID: id, liveMode: live, seller: "tienda",
                signature: .valid, receivedAt: clock.now())
        }
        func pass(_ times: Int) async throws {
            for _ in 0..<times {
                try await monitor.evaluate()
                try await dispatcher.deliverDue()
                clock.advance(by: .seconds(60))
            }
        }
        _ = try await store.recordNotifications([notification("live-1", live: true)])
        try await pass(11)
        #expect(target.deliveries.map { kind(of: $0) } == ["silence"])
        _ = try await store.recordNotifications([notification("test-1", live: false)])
        try await pass(5)
        #expect(target.deliveries.count == 1, "a test-mode notification is not a recovery")
        _ = try await store.recordNotifications([notification("live-2", live: true)])
        try await pass(3)
        #expect(target.deliveries.map(\.event) == [.alert, .recovery])
    }
}
