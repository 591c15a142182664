import Foundation
import GoLiveCore
import GoLiveTestSupport
import StorePostgres
import Synchronization
import Testing

/// `AlertStore` (incidents, their delivery outbox, the event cursor): the same behaviour from SQLite and PostgreSQL.
@Suite("Store contract: alerts")
struct AlertStoreContractTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    static func open(
        _ store: any AlertStore, _ kind: AlertKind, key: String = "", seller: String = "shop",
        targets: [String] = ["webhook", "command"], at: Date = t0
    ) async throws -> Incident? {
        try await store.openIncident(
            seller: seller, kind: kind, key: key, summary: "\(kind.rawValue) \(key)", details: ["payment": "99"],
            targets: targets, payload: { id in "{\"incident\": \(id)}" }, at: at)
    }

    @Test(arguments: StoreKind.available)
    func anEventOpensOncePerNotificationAndAConditionOncePerActiveIncident(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any AlertStore).self)
        let fraud = try #require(try await Self.open(store, .fraud, key: "n-1"))
        #expect(try await Self.open(store, .fraud, key: "n-1") == nil, "the same notification: no second incident")
        #expect(try await Self.open(store, .fraud, key: "n-2") != nil)
        #expect(try await Self.open(store, .fraud, key: "n-1", seller: "other") != nil)
        let readiness = try #require(try await Self.open(store, .readiness))
        #expect(try await Self.open(store, .readiness) == nil, "still active: no second incident")
        #expect(try await Self.open(store, .certificate) != nil)

        let deliveries = try await store.alertDeliveries(incident: fraud.id)
        #expect(deliveries.map(\.target) == ["webhook", "command"])
        #expect(deliveries.allSatisfy { $0.state == .pending && $0.event == .alert && $0.attempts == 0 })
        #expect(deliveries.allSatisfy { $0.payload == "{\"incident\": \(fraud.id)}" })
        #expect(deliveries.first?.nextAttemptAt == Self.t0 && deliveries.first?.createdAt == Self.t0)
        #expect(fraud.state == .open && fraud.details == ["payment": "99"] && fraud.openedAt == Self.t0)

        // Once recovered (nobody was told: it closes at once), the condition may open again.
        try await store.recoverIncident(id: readiness.id, payload: "{}", at: Self.t0 + 60)
        #expect(try await store.alertDeliveries(incident: readiness.id).allSatisfy { $0.state == .cancelled })
        #expect(try await Self.open(store, .readiness, at: Self.t0 + 120) != nil)

        // Without targets there is nothing to deliver: a condition is notified, an event closed, at once.
        let quiet = try #require(try await Self.open(store, .silence, targets: []))
        let event = try #require(try await Self.open(store, .claim, key: "k-1", targets: []))
        let all = try await store.incidents(limit: 20, activeOnly: false)
        #expect(all.first { $0.id == quiet.id }?.state == .notified)
        #expect(all.first { $0.id == event.id }?.state == .closed)
        #expect(all.map(\.id) == all.map(\.id).sorted(by: >), "newest first")
        #expect(try await store.incidents(limit: 2, activeOnly: false).count == 2)
        let active = try await store.incidents(limit: 20, activeOnly: true)
        #expect(!active.contains { $0.id == event.id || $0.id == readiness.id })
        #expect(try await store.unfinishedIncidents().map(\.id) == active.map(\.id).sorted())
    }

    @Test(arguments: StoreKind.available)
    func deliveriesAreLeasedRetriedSettledAndMoveTheIncidentOn(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any AlertStore).self)
        let incident = try #require(try await Self.open(store, .readiness, targets: ["webhook"]))
        #expect(try await store.dueAlertDeliveries(now: Self.t0 - 1, limit: 10).isEmpty)
        let claimed = try await store.claimAlertDeliveries(now: Self.t0, lease: 360, limit: 10)
        #expect(claimed.map(\.incidentID) == [incident.id])
        #expect(try await store.claimAlertDeliveries(now: Self.t0 + 10, lease: 360, limit: 10).isEmpty, "leased")
        #expect(try await store.dueAlertDeliveries(now: Self.t0 + 361, limit: 10).map(\.id) == claimed.map(\.id))

        // A failure is retried later; the incident stays open meanwhile.
        try await store.recordAlertDelivery(
            id: claimed[0].id, outcome: .retry(error: "HTTP 500", nextAttemptAt: Self.t0 + 30), at: Self.t0 + 1)
        var delivery = try #require(try await store.alertDeliveries(incident: incident.id).first)
        #expect(delivery.attempts == 1 && delivery.lastError == "HTTP 500" && delivery.nextAttemptAt == Self.t0 + 30)
        #expect(try await store.unfinishedIncidents().first?.state == .open)
        // Delivered: the incident is notified.
        try await store.recordAlertDelivery(id: claimed[0].id, outcome: .delivered, at: Self.t0 + 31)
        delivery = try #require(try await store.alertDeliveries(incident: incident.id).first)
        #expect(delivery.state == .delivered && delivery.attempts == 2 && delivery.lastError == nil)
        #expect(delivery.deliveredAt == Self.t0 + 31 && delivery.nextAttemptAt == nil)
        var current = try #require(try await store.unfinishedIncidents().first)
        #expect(current.state == .notified && current.notifiedAt == Self.t0 + 31)
        // A settled delivery is not settled again.
        try await store.recordAlertDelivery(id: claimed[0].id, outcome: .failed(error: "late"), at: Self.t0 + 40)
        #expect(try await store.alertDeliveries(incident: incident.id).first?.state == .delivered)

        // The hysteresis, then the recovery to the target that was told; closed once delivered.
        try await store.updateIncident(
            id: incident.id, summary: "clear", details: ["why": "all pass"], clearSince: Self.t0 + 50)
        current = try #require(try await store.unfinishedIncidents().first)
        #expect(
            current.summary == "clear" && current.details == ["why": "all pass"] && current.clearSince == Self.t0 + 50)
        try await store.recoverIncident(id: incident.id, payload: "{\"recovered\": true}", at: Self.t0 + 400)
        current = try #require(try await store.unfinishedIncidents().first)
        #expect(current.state == .recovered && current.recoveredAt == Self.t0 + 400 && current.closedAt == nil)
        let recovery = try #require(
            try await store.claimAlertDeliveries(now: Self.t0 + 400, lease: 360, limit: 10).first)
        #expect(
            recovery.event == .recovery && recovery.target == "webhook" && recovery.payload == "{\"recovered\": true}")
        try await store.recordAlertDelivery(id: recovery.id, outcome: .delivered, at: Self.t0 + 401)
        #expect(try await store.unfinishedIncidents().isEmpty)
        let closed = try #require(try await store.incidents(limit: 1, activeOnly: false).first)
        #expect(closed.state == .closed && closed.closedAt == Self.t0 + 401)

        // An event given up on by every target is closed all the same.
        let chargeback = try #require(
            try await Self.open(store, .chargeback, key: "c-1", targets: ["webhook"], at: Self.t0 + 500))
        let due = try await store.claimAlertDeliveries(now: Self.t0 + 500, lease: 360, limit: 10)
        try await store.recordAlertDelivery(id: due[0].id, outcome: .failed(error: "gone"), at: Self.t0 + 501)
        let failed = try #require(try await store.alertDeliveries(incident: chargeback.id).first)
        #expect(failed.state == .failed && failed.lastError == "gone")
        #expect(try await store.incidents(limit: 1, activeOnly: false).first?.state == .closed)
    }

    @Test(arguments: StoreKind.available)
    func theEventCursorOnlyMovesForward(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any AlertStore).self)
        #expect(try await store.alertCursor() == nil)
        try await store.setAlertCursor(5)
        try await store.setAlertCursor(3)
        #expect(try await store.alertCursor() == 5)
        try await store.setAlertCursor(9)
        #expect(try await store.alertCursor() == 9)
    }
}

/// A target that takes a while to answer (so two dispatchers overlap) and records what it was sent.
final class SlowTarget: AlertTarget {
    let name = "webhook"
    var label: String { "slow webhook" }
    private let sent = Mutex<[Int64]>([])

    func send(_ delivery: AlertDelivery) async -> String? {
        try? await Task.sleep(for: .milliseconds(5))
        sent.withLock { $0.append(delivery.id) }
        return nil
    }

    var deliveredIDs: [Int64] { sent.withLock { $0 } }
}

/// Two `golive serve` instances on one PostgreSQL: incidents open once, each delivery is sent once, incidents move on.
@Suite("PostgreSQL: alerts across instances", .enabled(if: PostgresTestServer.isAvailable))
struct PostgresAlertInstancesTests {
    static func twoInstances(_ label: String) async throws -> (PostgresStore, PostgresStore, String) {
        let url = try await PostgresTestServer.freshDatabase(label)
        return (
            try await PostgresStore.open(url: url, maximumConnections: 4),
            try await PostgresStore.open(url: url, maximumConnections: 4), url
        )
    }

    @Test func twoInstancesOpeningTheSameIncidentsAtOnceOpenEachOnce() async throws {
        let (first, second, url) = try await Self.twoInstances("alert-open")
        // Each instance sees the same fraud notifications and the same failing check, several times at once.
        let opened = try await withThrowingTaskGroup(of: Incident?.self) { group in
            for index in 0..<24 {
                let store = index.isMultiple(of: 2) ? first : second
                group.addTask {
                    switch index % 3 {
                    case 0: try await AlertStoreContractTests.open(store, .fraud, key: "n-\(index % 6)")
                    case 1: try await AlertStoreContractTests.open(store, .readiness)
                    default: try await AlertStoreContractTests.open(store, .chargeback, key: "c-1")
                    }
                }
            }
            var opened: [Incident] = []
            for try await incident in group { if let incident { opened.append(incident) } }
            return opened
        }
        #expect(opened.count == 4, "fraud n-0 and n-3, one readiness, one chargeback")
        #expect(
            Set(opened.map { "\($0.kind.rawValue)/\($0.key)" }) == [
                "fraud/n-0", "fraud/n-3", "readiness/", "chargeback/c-1",
            ])
        let all = try await first.incidents(limit: 50, activeOnly: false)
        #expect(all.count == 4)
        for incident in all {
            #expect(try await second.alertDeliveries(incident: incident.id).count == 2, "one message per target")
        }
        first.close()
        second.close()
        await PostgresTestServer.dropDatabase(url: url)
    }

    @Test func twoDispatchersOnTwoInstancesNeverSendTheSameDeliveryTwice() async throws {
        let (first, second, url) = try await Self.twoInstances("alert-claim")
        let clock = ManualClock(now: Date(timeIntervalSince1970: 1_790_000_000))
        for index in 0..<40 {
            _ = try await AlertStoreContractTests.open(
                first, .fraud, key: "f-\(index)", targets: ["webhook"], at: clock.now())
        }
        let a = SlowTarget()
        let b = SlowTarget()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for round in 0..<6 {
                let dispatcher =
                    round.isMultiple(of: 2)
                    ? AlertDispatcher(store: first, targets: [a], clock: clock)
                    : AlertDispatcher(store: second, targets: [b], clock: clock)
                group.addTask {
                    for _ in 0..<4 { try await dispatcher.deliverDue(limit: 4) }
                }
            }
            try await group.waitForAll()
        }
        let sent = a.deliveredIDs + b.deliveredIDs
        #expect(sent.count == 40)
        #expect(Set(sent).count == 40)
        #expect(!a.deliveredIDs.isEmpty && !b.deliveredIDs.isEmpty, "both instances took a share")
        #expect(try await second.unfinishedIncidents().isEmpty, "every event closed once delivered")
        first.close()
        second.close()
        await PostgresTestServer.dropDatabase(url: url)
    }

    @Test func twoInstancesSettlingAnIncidentsLastTwoMessagesAtOnceMoveItOn() async throws {
        let (first, second, url) = try await Self.twoInstances("alert-settle")
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        for index in 0..<10 {
            let incident = try #require(
                try await AlertStoreContractTests.open(first, .chargeback, key: "c-\(index)", at: t0))
            let deliveries = try await first.alertDeliveries(incident: incident.id)
            #expect(deliveries.count == 2)
            async let one: Void = first.recordAlertDelivery(id: deliveries[0].id, outcome: .delivered, at: t0 + 1)
            async let two: Void = second.recordAlertDelivery(id: deliveries[1].id, outcome: .delivered, at: t0 + 1)
            _ = try await (one, two)
        }
        #expect(try await first.unfinishedIncidents().isEmpty, "no incident left open with every message delivered")
        first.close()
        second.close()
        await PostgresTestServer.dropDatabase(url: url)
    }
}

/// The event side of `AlertStore`: fraud alerts, chargebacks and claims read from the notifications.
@Suite("Store contract: alert events")
struct AlertEventContractTests {
    static func notification(_ id: String, _ topic: String, live: Bool = true, at: Date = Date())
        -> IncomingNotification
    {
        IncomingNotification(
            kind: .webhook, notificationID: id, topic: topic, action: "\(topic).created", dataID: "99",
            liveMode: live, seller: "shop", signature: .valid, receivedAt: at)
    }

    @Test(arguments: StoreKind.available)
    func eventNotificationsAreReadInOrderWithoutDuplicatesInBatches(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any AlertStore & NotificationStore).self)
        #expect(try await store.alertEventNotifications(afterSeq: 0, limit: 10).events.isEmpty)
        let stored = try await store.recordNotifications([
            Self.notification("f-1", "stop_delivery_op_wh"), Self.notification("p-1", "payment"),
            Self.notification("c-1", "topic_chargebacks_wh"),
        ])
        _ = try await store.recordNotifications([Self.notification("f-1", "stop_delivery_op_wh")])  // a duplicate
        let last = try await store.recordNotifications([Self.notification("k-1", "CLAIMS", live: false)])
        let all = try await store.alertEventNotifications(afterSeq: 0, limit: 10)
        #expect(all.events.map(\.notificationID) == ["f-1", "c-1", "k-1"])
        #expect(all.events.map(\.liveMode) == [true, true, false])
        #expect(all.events[0].seq == stored[0].seq && all.events[0].seller == "shop" && all.events[0].dataID == "99")
        #expect(all.lastSeq == last[0].seq, "the newest seq looked at")
        let first = try await store.alertEventNotifications(afterSeq: 0, limit: 2)
        #expect(first.events.map(\.notificationID) == ["f-1", "c-1"])
        #expect(first.lastSeq == stored[2].seq, "a full batch stops at its last event")
        // The monitor opens an incident for each event it is given, then asks for the next batch.
        for event in first.events {
            _ = try await AlertStoreContractTests.open(store, .fraud, key: event.notificationID)
        }
        let rest = try await store.alertEventNotifications(afterSeq: first.lastSeq, limit: 2)
        #expect(rest.events.map(\.notificationID) == ["k-1"])
        #expect(rest.lastSeq == last[0].seq)
    }

    @Test(arguments: StoreKind.available)
    func aMonitorAlertsEachEventOnceAcrossRestarts(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any AlertMonitor.Store).self)
        let clock = SystemClock()
        let settings = AlertSettings(webhookURL: Secret("http://127.0.0.1:9/hook"))
        _ = try await store.recordNotifications([
            Self.notification("f-1", "stop_delivery_op_wh"), Self.notification("c-1", "chargebacks"),
            Self.notification("p-1", "payment"),
        ])
        let monitor = AlertMonitor(store: store, settings: settings, sellers: ["shop"], clock: clock)
        #expect(try await monitor.scanEvents().map(\.key) == ["f-1", "c-1"])
        #expect(try await monitor.scanEvents().isEmpty)
        let target = SlowTarget()
        try await AlertDispatcher(store: store, targets: [target], clock: clock).deliverDue()
        #expect(target.deliveredIDs.count == 2)
        // A restarted serve: the cursor is in the store; nothing again.
        let restarted = AlertMonitor(store: store, settings: settings, sellers: ["shop"], clock: clock)
        #expect(try await restarted.scanEvents().isEmpty)
        #expect(try await store.incidents(limit: 10, activeOnly: true).isEmpty, "events close once delivered")
    }
}

/// Two instances' monitors scanning the same notifications at once, and a notification whose `seq` commits after a
/// later one the cursor already passed.
@Suite("PostgreSQL: alert events across instances", .enabled(if: PostgresTestServer.isAvailable))
struct PostgresAlertEventInstancesTests {
    @Test func twoMonitorsScanningAtOnceAlertEachEventOnce() async throws {
        let (first, second, url) = try await PostgresAlertInstancesTests.twoInstances("alert-scan")
        let settings = AlertSettings(webhookURL: Secret("http://127.0.0.1:9/hook"))
        let monitors = [first, second].map {
            AlertMonitor(store: $0, settings: settings, sellers: ["shop"], clock: SystemClock())
        }
        for wave in 0..<5 {
            _ = try await (wave.isMultiple(of: 2) ? first : second).recordNotifications(
                (0..<6).map { AlertEventContractTests.notification("f-\(wave)-\($0)", "stop_delivery_op_wh") })
            async let a = monitors[0].scanEvents(batch: 4)
            async let b = monitors[1].scanEvents(batch: 4)
            _ = try await (a, b)
        }
        let incidents = try await first.incidents(limit: 100, activeOnly: false)
        #expect(incidents.count == 30)
        #expect(Set(incidents.map(\.key)).count == 30)
        let a = SlowTarget()
        let b = SlowTarget()
        async let one = AlertDispatcher(store: first, targets: [a], clock: SystemClock()).deliverDue()
        async let two = AlertDispatcher(store: second, targets: [b], clock: SystemClock()).deliverDue()
        _ = try await (one, two)
        #expect((a.deliveredIDs + b.deliveredIDs).count == 30)
        #expect(Set(a.deliveredIDs + b.deliveredIDs).count == 30)
        first.close()
        second.close()
        await PostgresTestServer.dropDatabase(url: url)
    }

    @Test func aNotificationCommittedAfterALaterOneIsStillAlerted() async throws {
        let url = try await PostgresTestServer.freshDatabase("alert-late")
        let store = try await PostgresStore.open(url: url, maximumConnections: 4)
        let monitor = AlertMonitor(
            store: store, settings: AlertSettings(webhookURL: Secret("http://127.0.0.1:9/hook")), sellers: ["shop"],
            clock: SystemClock())
        _ = try await store.recordNotifications([AlertEventContractTests.notification("f-1", "stop_delivery_op_wh")])
        #expect(try await monitor.scanEvents().map(\.key) == ["f-1"])

        // Another receiver takes the next seq and has not committed yet…
        let slow = try await PostgresRawConnection(url: url)
        try await slow.run("BEGIN")
        try await slow.run(
            """
            INSERT INTO notification (notification_id, kind, topic, seller, signature, received_at, body, duplicate,
              processing)
            VALUES ('f-late', 'webhook', 'stop_delivery_op_wh', 'shop', 'valid', extract(epoch FROM now()), '{}',
              false, 'pending')
            """)
        // …while this one commits a later seq, and the monitor moves its cursor past both.
        _ = try await store.recordNotifications([AlertEventContractTests.notification("f-2", "stop_delivery_op_wh")])
        #expect(try await monitor.scanEvents().map(\.key) == ["f-2"])
        try await slow.run("COMMIT")
        await slow.close()
        #expect(try await monitor.scanEvents().map(\.key) == ["f-late"], "the late commit is not skipped")
        #expect(try await monitor.scanEvents().isEmpty)
        store.close()
        await PostgresTestServer.dropDatabase(url: url)
    }
}
