import AlertTargets
import Foundation
import GoLiveCore
import StoreSQLite
import Testing

/// The real targets: a webhook to a local HTTP server, a command written by the test.
@Suite struct AlertDeliveryTests {
    @Test("every alert kind fires once and its recovery once, delivered to a real local webhook")
    func everyKindToARealWebhook() async throws {
        let hook = HookServer()
        let url = try await hook.start()
        defer { Task { await hook.stop() } }
        let (store, path) = try temporaryStore()
        let clock = ManualClock()
        let settings = AlertSettings(
            webhookURL: Secret(url.absoluteString), timeout: .seconds(5), certificateDays: 14, silenceMinutes: 30,
            rejectionsThreshold: 1, rejectionsWindowMinutes: 10, recoveryMinutes: 1)
        let monitor = AlertMonitor(store: store, settings: settings, sellers: ["tienda"], clock: clock)
        let dispatcher = AlertDispatcher(store: store, targets: AlertTargets.make(settings), clock: clock)
        func pass(_ times: Int = 1) async throws {
            for _ in 0..<times {
                try await monitor.scanEvents()
                try await monitor.evaluate()
                try await dispatcher.deliverDue()
                clock.advance(by: .seconds(30))
            }
        }
        func notification(_ id: String, _ topic: String) -> IncomingNotification {
            IncomingNotification(
                kind: .webhook, notificationID: id, topic: topic, dataID: "77\(id)", seller: "tienda",
                signature: .valid, receivedAt: clock.now())
        }
        let ssl: (Int) -> CheckResult = { days in
            check(
                .sslCheckoutPage, days < 0 ? .fail : .pass, at: clock.now(),
                details: ["certificate": .object(["days_left": .number(Decimal(days))])])
        }
        // Everything goes wrong at once.
        _ = try await store.recordNotifications([
            notification("1", "payment"), notification("2", "stop_delivery_op_wh"),
            notification("3", "topic_chargebacks_wh"), notification("4", "topic_claims_integration_wh"),
        ])
        try await store.recordCheckResults(
            [ssl(3), check(.credentialsProduction, .fail, at: clock.now())], seller: "tienda", sellerID: nil)
        try await store.recordRejected([
            RejectedDelivery(receivedAt: clock.now(), reason: .signatureMismatch, seller: "tienda")
        ])
        try await pass(70)  // 35 minutes: the silence fires too, the rejections window passes
        // Then everything heals.
        try await store.recordCheckResults(
            [ssl(80), check(.credentialsProduction, .pass, at: clock.now())], seller: "tienda", sellerID: nil)
        _ = try await store.recordNotifications([notification("5", "payment")])
        try await pass(6)
        // A restart: a new store instance on the same file, a new monitor — nothing is sent again.
        let reopened = try SQLiteStore(path: path)
        let again = AlertMonitor(store: reopened, settings: settings, sellers: ["tienda"], clock: clock)
        try await again.scanEvents()
        try await again.evaluate()
        try await AlertDispatcher(store: reopened, targets: AlertTargets.make(settings), clock: clock).deliverDue()

        for kind in ["readiness", "certificate", "rejections", "silence", "fraud", "chargeback", "claim"] {
            #expect(hook.count(kind: kind) == 1, "\(kind) alerts")
        }
        for kind in ["readiness", "certificate", "rejections", "silence"] {
            #expect(hook.count(kind: kind, event: "recovery") == 1, "\(kind) recoveries")
        }
        for kind in ["fraud", "chargeback", "claim"] {
            #expect(hook.count(kind: kind, event: "recovery") == 0, "\(kind): events have no recovery")
        }
        #expect(hook.bodies.count == 11)
        let fraud = try #require(hook.acknowledged.first { $0["kind"].string == "fraud" })
        #expect(fraud["seller"].string == "tienda" && fraud["state"].string == "open")
        #expect(fraud["details"]["data_id"].string == "772")
        let text = try #require(hook.bodies.compactMap { try? JSONValue.parse(Data($0.utf8))["text"].string }.first)
        #expect(text.hasPrefix("[golive] "))
        #expect(try await reopened.incidents(limit: 50, activeOnly: true).isEmpty)
    }

    @Test("a webhook that fails and then recovers gets the alert exactly once")
    func failingWebhookThenRecovers() async throws {
        let hook = HookServer { index in index < 2 ? 503 : 200 }
        let url = try await hook.start()
        defer { Task { await hook.stop() } }
        let (store, _) = try temporaryStore()
        let clock = ManualClock()
        let settings = AlertSettings(webhookURL: Secret(url.absoluteString), timeout: .seconds(5))
        let monitor = AlertMonitor(store: store, settings: settings, sellers: ["tienda"], clock: clock)
        let dispatcher = AlertDispatcher(store: store, targets: AlertTargets.make(settings), clock: clock)
        _ = try await store.recordNotifications([
            IncomingNotification(
                kind: .webhook, notificationID: "f", topic: "stop_delivery_op_wh", dataID: "9", seller: "tienda",
                signature: .valid, receivedAt: clock.now())
        ])
        for _ in 0..<30 {
            try await monitor.scanEvents()
            try await dispatcher.deliverDue()
            clock.advance(by: .seconds(20))
        }
        #expect(hook.bodies.count == 3)
        #expect(hook.count(kind: "fraud") == 1)
        let incident = try #require(try await store.incidents(limit: 1, activeOnly: false).first)
        let delivery = try #require(try await store.alertDeliveries(incident: incident.id).first)
        #expect(delivery.state == .delivered && delivery.attempts == 3)
        #expect(incident.state == .closed)
    }

    @Test("a webhook that never answers 2xx is retried, then given up; the error never shows the hook's token")
    func unreachableWebhookGivesUp() async throws {
        let (store, _) = try temporaryStore()
        let clock = ManualClock()
        let settings = AlertSettings(
            webhookURL: Secret("http://127.0.0.1:1/services/T1/B1/verysecrettoken1234"), timeout: .seconds(1))
        let monitor = AlertMonitor(store: store, settings: settings, sellers: ["tienda"], clock: clock)
        var dispatcher = AlertDispatcher(store: store, targets: AlertTargets.make(settings), clock: clock)
        dispatcher.giveUpAfter = 120
        try await store.recordCheckResults(
            [check(.credentialsProduction, .fail, at: clock.now())], seller: "tienda", sellerID: nil)
        try await monitor.evaluate()
        for _ in 0..<4 {  // attempts at 0, 60 and 120 s: the third is past giveUpAfter
            try await dispatcher.deliverDue()
            clock.advance(by: .seconds(60))
        }
        let incident = try #require(try await store.incidents(limit: 1, activeOnly: false).first)
        let delivery = try #require(try await store.alertDeliveries(incident: incident.id).first)
        #expect(delivery.state == .failed)
        #expect(delivery.attempts == 3)
        #expect(!(delivery.lastError ?? "").contains("verysecrettoken"), "\(delivery.lastError ?? "")")
    }

    @Test("the command target gets the alert as JSON on stdin and GOLIVE_ALERT_* variables; failures are reported")
    func commandTarget() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alert-cmd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("notify.sh")
        try """
        #!/bin/sh
        cat > "$1/stdin.json"
        echo "$GOLIVE_ALERT_INCIDENT|$GOLIVE_ALERT_KIND|$GOLIVE_ALERT_STATE|$GOLIVE_ALERT_EVENT|$GOLIVE_ALERT_SELLER" > "$1/env.txt"
        exit "${2:-0}"
        """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: script.path)

        let (store, _) = try temporaryStore()
        let clock = ManualClock()
        let settings = AlertSettings(command: [script.path, folder.path], timeout: .seconds(10))
        let monitor = AlertMonitor(store: store, settings: settings, sellers: ["tienda"], clock: clock)
        _ = try await store.recordNotifications([
            IncomingNotification(
                kind: .webhook, notificationID: "c", topic: "topic_chargebacks_wh", dataID: "31", seller: "tienda",
                signature: .valid, receivedAt: clock.now())
        ])
        let opened = try await monitor.scanEvents()
        #expect(
            try await AlertDispatcher(store: store, targets: AlertTargets.make(settings), clock: clock).deliverDue()
                == 1)
        let stdin = try JSONValue.parse(Data(contentsOf: folder.appendingPathComponent("stdin.json")))
        #expect(stdin["golive"]["kind"].string == "chargeback")
        #expect(stdin["golive"]["details"]["data_id"].string == "31")
        #expect(stdin["text"].string?.contains("chargeback 31") == true)
        let env = try String(contentsOf: folder.appendingPathComponent("env.txt"), encoding: .utf8)
        #expect(env == "\(opened[0].id)|chargeback|open|alert|tienda\n")

        // A failing command and a hanging one: the delivery fails with a reason, golive goes on.
        let delivery = AlertDelivery(
            id: 1, incidentID: 1, target: "command", event: .test, state: .pending, attempts: 0, nextAttemptAt: nil,
            lastError: nil, createdAt: clock.now(), deliveredAt: nil, payload: #"{"text":"t","golive":{}}"#)
        let failing = CommandAlertTarget(argv: [script.path, folder.path, "3"], timeout: .seconds(10))
        #expect(await failing.send(delivery)?.contains("exited with status 3") == true)
        let hanging = CommandAlertTarget(argv: ["/bin/sleep", "30"], timeout: .milliseconds(300))
        let started = ContinuousClock.now
        #expect(await hanging.send(delivery)?.contains("did not finish") == true)
        #expect(ContinuousClock.now - started < .seconds(10))
        let missing = CommandAlertTarget(argv: ["no-such-notifier-xyz"], timeout: .seconds(1))
        #expect(await missing.send(delivery)?.contains("not found") == true)
    }
}
