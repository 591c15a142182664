import AsyncHTTPClient
import Foundation
import GoLiveCore
import MercadoPagoSandbox
import NIOHTTP1
import StoreSQLite
import Synchronization
import Testing

/// Issue 11's "Done when", as one run of real parts: the Sandbox delivers to the real `golive serve` with its
/// faults on at the same time (withholding, duplicates, reordering); `serve` forwards to a real local shop that
/// flaps (500s for a while, one hang past the forward timeout, then well), alerts go to a real local hook, the
/// backfill sweep catches what was withheld, `golive notifications replay --failed` re-arms the dead letters, and
/// `golive store backup` runs while notifications stream in.
@Suite("Scenario: the shop gets every status change despite Mercado Pago and its own backend", .serialized)
struct GoLiveScenarioTests {
    let forwardSecret = "scenario-forward-secret-0123456789"

    /// One payment the driver moves through `path` (distinct statuses, so the position is the age).
    struct Plan: Sendable {
        var reference: String
        var path: [String]
        var id = ""
    }

    /// A forwarded document as the shop reads it.
    struct Seen: Sendable {
        var deliveryID: String
        var topic: String
        var dataID: String?
        var status: String?
        var source: String
        var dateLastUpdated: String?
    }

    /// The shop's view: the accepted deliveries, each delivery id once (the shop dedupes on X-GoLive-Delivery).
    static func seen(_ shop: TestShop) -> [Seen] {
        var ids: Set<String> = []
        return shop.accepted.compactMap { request in
            guard ids.insert(request.deliveryID).inserted,
                let body = try? JSONValue.parse(request.body)
            else { return nil }
            let resource = body["resource"]
            return Seen(
                deliveryID: request.deliveryID, topic: body["topic"].string ?? "", dataID: body["data_id"].string,
                status: resource["status"].string, source: body["source"].string ?? "",
                dateLastUpdated: resource["date_last_updated"].string)
        }
    }

    @Test("withheld, duplicated and reordered notifications + a flapping shop: the shop ends with Mercado Pago's state")
    func scenario() async throws {
        let account = try #require(MercadoPagoSandbox.account(named: "production"))
        let sandbox = MercadoPagoSandbox()
        let sandboxURL = try await sandbox.start()
        let shop = try await TestShop.start()
        let hook = try await TestShop.start()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("golive-scn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        var serve: ServeProcess?
        do {
            let secretFile = home.appendingPathComponent("forward.secret")
            try Data((forwardSecret + "\n").utf8).write(to: secretFile)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secretFile.path)
            let config = home.appendingPathComponent("config.yaml")
            try Data(
                """
                alerts:
                  webhook_url: \(hook.url.absoluteString)
                  timeout_seconds: 5
                  recovery_minutes: 0
                backfill:
                  lookback: 2m
                  settle: 3s
                """.utf8
            ).write(to: config)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: config.path)
            let storePath = home.appendingPathComponent("golive.sqlite").path
            let environment = [
                "MP_ACCESS_TOKEN": account.accessToken, "MP_WEBHOOK_SECRET": account.webhookSecret,
                "GOLIVE_FORWARD_SECRET_FILE": secretFile.path, "GOLIVE_FORWARD_RETRY_BASE": "0.2",
                "GOLIVE_FORWARD_TIMEOUT": "2", "GOLIVE_FORWARD_MAX_ATTEMPTS": "4",
                "GOLIVE_ALERT_INTERVAL_MS": "200", "GOLIVE_BACKFILL_INTERVAL_MS": "1000",
            ]
            let common = ["--config", config.path, "--api-base", sandboxURL.absoluteString]
            let running = try await ServeProcess.start(
                home: home, store: "sqlite:\(storePath)", environment: environment,
                arguments: common + ["--forward-to", shop.url.absoluteString])
            serve = running
            let world = ScenarioWorld(
                sandbox: sandbox, sandboxURL: sandboxURL, client: client, token: account.accessToken)
            try await run(
                world: world, serve: running, shop: shop, hook: hook, home: home, storePath: storePath,
                environment: environment, common: common)
        } catch {
            Issue.record("\(error)")
        }
        if let serve { #expect(await serve.stop(signal: SIGTERM) < 10) }
        try? await client.shutdown()
        await shop.stop()
        await hook.stop()
        await sandbox.stop()
        try? FileManager.default.removeItem(at: home)
    }

    func run(
        world: ScenarioWorld, serve: ServeProcess, shop: TestShop, hook: TestShop, home: URL, storePath: String,
        environment: [String: String], common: [String]
    ) async throws {
        let store = try SQLiteStore(path: storePath)
        // Every fault at once: 30 % duplicates, first attempts spread over an hour of simulated time (1 s real)
        // so later changes overtake earlier ones, and (below) whole payments withheld.
        var faults = WebhookSettings(
            url: URL(string: "\(serve.url)/webhooks/mercadopago"), topics: ["payment"], duplicates: 0.3,
            outOfOrder: true, outOfOrderWindow: 3600, seed: 20_261_127, timeScale: 3600, deadline: .seconds(8))
        await world.sandbox.configureWebhooks(faults)

        // Phase 1, the shop is well: ten payments created, then each changed at once (with the 1 s spread, the
        // change often overtakes the creation); three are withheld from their second change on.
        let paths: [[String]] = [
            ["pending", "approved", "refunded"], ["pending", "in_process", "approved"], ["pending", "rejected"],
            ["pending", "approved", "charged_back"], ["pending", "cancelled"], ["pending", "in_process", "rejected"],
            ["pending", "approved"], ["pending", "approved", "refunded"], ["pending", "in_process", "approved"],
            ["pending", "authorized", "cancelled"],
        ]
        var plans = paths.enumerated().map {
            Plan(reference: "SCN-\($0.offset)-\(UUID().uuidString.prefix(6))", path: $0.element)
        }
        for index in plans.indices {
            plans[index].id = try await world.createPayment(reference: plans[index].reference)
        }
        let withheld = Set(plans[7...9].map(\.id))
        faults.withheldPayments = Set(withheld.compactMap(Int64.init))
        await world.sandbox.configureWebhooks(faults)
        for plan in plans { try await world.setStatus(plan.id, plan.path[1]) }
        try await settled("phase 1 (shop well)", world: world, shop: shop, store: store, plans: plans)

        // Phase 2, the shop's backend fails with 500s: the third changes (three withheld: the backfill finds them)
        // go dead after 4 attempts; Mercado Pago also sends a fraud alert, twice under the same id.
        shop.script(Array(repeating: .status(500), count: 100_000))
        let third = plans.filter { $0.path.count > 2 }
        for plan in third { try await world.setStatus(plan.id, plan.path[2]) }
        #expect(try await world.sendFraudAlert() == 200)
        #expect(try await world.sendFraudAlert() == 200)
        let allDead = try await poll("phase 2: every delivery of the outage dead", seconds: 60) {
            for plan in third {
                let order = try await store.order(seller: "default", externalReference: plan.reference)
                if order?.status != plan.path[2] { return false }
            }
            let counts = try await store.forwardCounts(seller: nil)
            return counts.dead >= third.count && counts.pending + counts.retrying == 0
        }
        #expect(allDead)
        #expect(try await poll("the forwarding alert", seconds: 30) { Self.alerts(hook, "forwarding").alerts >= 1 })

        // Phase 3, the shop comes back but hangs once past the forward timeout; the operator replays the dead.
        shop.script([.hang(.seconds(5))])
        let replay = try await runGolive(
            ["notifications", "replay", "--failed", "--store", "sqlite:\(storePath)"] + common, home: home,
            environment: environment)
        #expect(replay.status == 0, "\(replay.stdout)\(replay.stderr)")
        try await settled("phase 3 (replayed)", world: world, shop: shop, store: store, plans: plans)
        #expect(
            try await poll("the forwarding recovery", seconds: 30) { Self.alerts(hook, "forwarding").recoveries >= 1 })
        #expect(shop.received.contains { $0.answered == 504 }, "the shop hung once")

        // Phase 4, load: twenty more payments changing while `golive store backup` copies the store (it starts
        // once six are under way); two of them have their last change withheld.
        let progress = Mutex(0)
        let driver = Task { [faults] in
            var faults = faults
            var load = (0..<20).map {
                Plan(reference: "SCN-L\($0)-\(UUID().uuidString.prefix(6))", path: ["pending", "approved"])
            }
            for index in load.indices {
                load[index].id = try await world.createPayment(reference: load[index].reference)
                if index % 10 == 3 {
                    faults.withheldPayments.insert(Int64(load[index].id) ?? 0)
                    await world.sandbox.configureWebhooks(faults)
                }
                try await world.setStatus(load[index].id, "approved")
                progress.withLock { $0 = index + 1 }
            }
            return (load, faults.withheldPayments)
        }
        _ = try await poll("six payments of the load", seconds: 30) { progress.withLock { $0 } >= 6 }
        let ackedBefore = Set(
            try await store.notifications(NotificationQuery(limit: 100_000)).map(\.notification.notificationID))
        let backupPath = home.appendingPathComponent("backup.sqlite").path
        let backedUp = try await runGolive(
            ["store", "backup", backupPath, "--json", "--store", "sqlite:\(storePath)"] + common, home: home,
            environment: environment)
        #expect(backedUp.status == 0, "\(backedUp.stderr)")
        let (load, withheldLater) = try await driver.value
        #expect(progress.withLock { $0 } == 20)
        faults.withheldPayments = withheldLater
        plans += load
        try await settled("phase 4 (load)", world: world, shop: shop, store: store, plans: plans)
        #expect(try await store.forwardCounts(seller: nil).dead == 0)

        // The shop: for every payment, statuses only move forward and the last one is Mercado Pago's.
        let seen = Self.seen(shop)
        for plan in plans {
            let statuses = seen.filter { $0.topic == "payment" && $0.dataID == plan.id }.compactMap(\.status)
            let ranks = statuses.map { plan.path.firstIndex(of: $0) ?? -1 }
            #expect(!ranks.contains(-1), "\(plan.id): unknown status in \(statuses)")
            #expect(zip(ranks, ranks.dropFirst()).allSatisfy { $0 <= $1 }, "\(plan.id) went back: \(statuses)")
            #expect(statuses.last == plan.path.last, "\(plan.id): the shop ended with \(statuses)")
        }
        for payment in Set(seen.compactMap { $0.topic == "payment" ? $0.dataID : nil }) {
            let dates = seen.filter { $0.topic == "payment" && $0.dataID == payment }.compactMap(\.dateLastUpdated)
            #expect(dates == dates.sorted(), "\(payment): date_last_updated went back: \(dates)")
            #expect(
                try await world.status(payment) == seen.last { $0.dataID == payment }?.status,
                "\(payment): the shop's last status is not Mercado Pago's")
        }
        for request in shop.received {
            #expect(verifyForwardSignature(request.signature, body: request.body, secret: forwardSecret))
        }

        // The faults really happened: withheld changes reached the shop through the backfill only, duplicates and
        // overtaking deliveries were sent.
        // Phase 2's withheld changes (plans 7…9) came after every earlier notification had arrived: only the
        // backfill could find them. (A withheld change of the load may reach the shop through a late
        // payment.created, which fetches the payment as it is by then: that is fine too.)
        for plan in plans[7...9] {
            #expect(
                seen.contains { $0.dataID == plan.id && $0.source == "backfill" && $0.status == plan.path[2] },
                "withheld \(plan.id) → \(plan.path[2]) never came through the backfill")
        }
        #expect(withheld.count == 3 && faults.withheldPayments.count == 5)
        let attempts = await world.sandbox.webhookDeliveries()
        #expect(attempts.contains { $0.duplicate && $0.status == 200 }, "no duplicate was delivered")
        let firsts = attempts.filter { !$0.duplicate && !$0.custom && $0.attempt == 1 }
        let overtaken = Dictionary(grouping: firsts, by: \.dataID).values.contains { deliveries in
            let ids = deliveries.sorted { $0.seq < $1.seq }.compactMap(\.notificationID)
            return ids != ids.sorted()
        }
        #expect(overtaken, "no later change overtook an earlier one")

        // Every notification serve acknowledged is stored.
        let stored = Set(
            try await store.notifications(NotificationQuery(limit: 100_000)).map(\.notification.notificationID))
        let acknowledged = Set(
            attempts.filter { $0.status == 200 || $0.status == 201 }.compactMap(\.notificationID).map(String.init))
        #expect(
            acknowledged.subtracting(stored).isEmpty, "acknowledged, not stored: \(acknowledged.subtracting(stored))")
        #expect(acknowledged.count >= plans.count)

        // Alerts: one per incident, one recovery for the one that cleared, nothing twice.
        let forwarding = Self.alerts(hook, "forwarding")
        #expect(forwarding.alerts == 1 && forwarding.recoveries == 1, "forwarding: \(forwarding)")
        let fraud = Self.alerts(hook, "fraud")
        #expect(fraud.alerts == 1 && fraud.recoveries == 0, "fraud: \(fraud)")
        for kind in ["readiness", "certificate", "rejections", "silence", "chargeback", "claim"] {
            let counted = Self.alerts(hook, kind)
            #expect(counted.alerts <= 1 && counted.recoveries <= counted.alerts, "\(kind): \(counted)")
        }

        // What the operator sees: the withheld changes listed as never notified; the incidents once each.
        let listed = try await runGolive(
            ["notifications", "--never-notified", "--json", "--store", "sqlite:\(storePath)"] + common, home: home,
            environment: environment)
        let findings = (try? JSONValue.parse(Data(listed.stdout.utf8)))?.array ?? []
        for plan in plans[7...9] {
            #expect(
                findings.contains { $0["payment_id"].string == plan.id && $0["status"].string == plan.path[2] },
                "\(plan.id) not listed as never notified: \(listed.stdout.prefix(400))")
        }
        let incidents = try await runGolive(
            ["alerts", "--json", "--store", "sqlite:\(storePath)"] + common, home: home, environment: environment)
        let document = try JSONValue.parse(Data(incidents.stdout.utf8))
        let all = document["open"].array + document["recent"].array
        #expect(all.filter { $0["kind"].string == "forwarding" }.count == 1, "\(incidents.stdout.prefix(600))")
        #expect(all.filter { $0["kind"].string == "fraud" }.count == 1)

        // The backup taken under load restores cleanly.
        try await checkBackup(
            report: backedUp.stdout, backupPath: backupPath, home: home, store: store, ackedBefore: ackedBefore,
            environment: environment, common: common)
    }

    func checkBackup(
        report: String, backupPath: String, home: URL, store: SQLiteStore, ackedBefore: Set<String>,
        environment: [String: String], common: [String]
    ) async throws {
        let document = try JSONValue.parse(Data(report.utf8))
        #expect(document["integrity"].string == "ok", "\(report)")
        let restoredPath = home.appendingPathComponent("restored/golive.sqlite").path
        try FileManager.default.createDirectory(
            atPath: (restoredPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: backupPath, toPath: restoredPath)
        let migrate = try await runGolive(
            ["store", "migrate", "--store", "sqlite:\(restoredPath)"] + common, home: home, environment: environment)
        #expect(migrate.status == 0 && migrate.stdout.contains("up to date"), "\(migrate.stdout)\(migrate.stderr)")
        let restored = try SQLiteStore(path: restoredPath)
        let restoredRows = try await restored.notifications(NotificationQuery(limit: 100_000))
        let restoredIDs = Set(restoredRows.map(\.notification.notificationID))
        #expect(ackedBefore.subtracting(restoredIDs).isEmpty, "stored before the backup, missing from it")
        // A snapshot: the backup's rows are exactly the live store's first rows (no gap, nothing extra).
        let restoredSeqs = restoredRows.map(\.seq).sorted()
        let liveSeqs = try await store.notifications(NotificationQuery(limit: 100_000)).map(\.seq).sorted()
        #expect(restoredSeqs == Array(liveSeqs.prefix(restoredSeqs.count)), "the backup is not a prefix")
        // (Usually it also holds some of the load that arrived while it ran; that depends on timing, so not checked.)
        #expect(restoredSeqs.count >= ackedBefore.count)
        let restoredDeliveries = try await restored.forwardDeliveries(seller: nil, state: nil, limit: 100_000)
        let liveDeliveries = try await store.forwardDeliveries(seller: nil, state: nil, limit: 100_000)
        let liveByID = Dictionary(
            liveDeliveries.map { ($0.id, $0.deliveryID) }, uniquingKeysWith: { first, _ in first })
        #expect(restoredDeliveries.allSatisfy { liveByID[$0.id] == $0.deliveryID }, "forward outbox differs")
        let listed = try await runGolive(
            ["notifications", "--json", "--limit", "5", "--store", "sqlite:\(restoredPath)"] + common, home: home,
            environment: environment)
        #expect(listed.status == 0, "\(listed.stderr)")
    }

    /// Waits until Mercado Pago's current status of every planned payment is the shop's last, the store's order
    /// shows it, and nothing is left to forward.
    func settled(_ phase: String, world: ScenarioWorld, shop: TestShop, store: SQLiteStore, plans: [Plan]) async throws
    {
        let done = try await poll(phase, seconds: 60) {
            let seen = Self.seen(shop)
            for plan in plans {
                let current = try await world.status(plan.id)
                guard seen.last(where: { $0.topic == "payment" && $0.dataID == plan.id })?.status == current,
                    try await store.order(seller: "default", externalReference: plan.reference)?.status == current
                else { return false }
            }
            let counts = try await store.forwardCounts(seller: nil)
            return counts.pending + counts.retrying + counts.dead == 0
        }
        #expect(done, "\(phase) did not settle")
    }

    static func alerts(_ hook: TestShop, _ kind: String) -> (alerts: Int, recoveries: Int) {
        let messages = hook.accepted.compactMap { (try? JSONValue.parse($0.body))?["golive"] }
            .filter { $0["kind"].string == kind }
        return (
            messages.filter { $0["event"].string == "alert" }.count,
            messages.filter { $0["event"].string == "recovery" }.count
        )
    }
}

/// The Sandbox, driven over its HTTP API like an outside system.
struct ScenarioWorld: Sendable {
    let sandbox: MercadoPagoSandbox
    let sandboxURL: URL
    let client: HTTPClient
    let token: String

    func createPayment(reference: String) async throws -> String {
        let created = try await http(
            client, .POST, "\(sandboxURL.absoluteString)/_sandbox/payments",
            headers: [("Content-Type", "application/json")],
            body: Data(
                #"{"seller":"production","payment":{"status":"pending","status_detail":"pending_waiting_payment","external_reference":"\#(reference)","transaction_amount":250.75}}"#
                    .utf8))
        #expect(created.status == 201)
        return try #require(try JSONValue.parse(Data(created.body.utf8))["id"].string)
    }

    func setStatus(_ paymentID: String, _ status: String) async throws {
        let changed = try await http(
            client, .POST, "\(sandboxURL.absoluteString)/_sandbox/payments/\(paymentID)/status",
            headers: [("Content-Type", "application/json")], body: Data(#"{"status":"\#(status)"}"#.utf8))
        #expect(changed.status == 200, "\(changed.body)")
    }

    /// Mercado Pago's status of a payment, from its API.
    func status(_ paymentID: String) async throws -> String? {
        let answer = try await http(
            client, .GET, "\(sandboxURL.absoluteString)/v1/payments/\(paymentID)",
            headers: [("Authorization", "Bearer \(token)")])
        return try JSONValue.parse(Data(answer.body.utf8))["status"].string
    }

    /// A `stop_delivery_op_wh` fraud alert (never retried by Mercado Pago); the status serve answered.
    func sendFraudAlert() async throws -> Int {
        let sent = try await http(
            client, .POST, "\(sandboxURL.absoluteString)/_sandbox/notifications",
            headers: [("Content-Type", "application/json")],
            body: Data(#"{"type": "stop_delivery_op_wh", "data_id": "4000777", "id": 990777}"#.utf8))
        return Int(try JSONValue.parse(Data(sent.body.utf8))["status"].int64 ?? -1)
    }
}

/// Polls `condition` every 100 ms until it holds or `seconds` pass; records which wait ran out.
func poll(_ what: String, seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(100))
    }
    let last = try await condition()
    if !last { Issue.record("timed out after \(seconds) s waiting for: \(what)") }
    return last
}
