import Foundation
import GoLiveCore
import GoLiveTestSupport
import StorePostgres
import Synchronization
import Testing

/// `StoreMaintenance` (migrate, purge; backup where the store copies itself): the same retention from SQLite and
/// PostgreSQL — payer data scrubbed first, old rows deleted, pending work and the newest results kept.
@Suite("Store contract: maintenance")
struct MaintenanceContractTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static func daysAgo(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }

    @Test(arguments: StoreKind.available)
    func migrateIsUpToDateOnAnOpenedStoreAndNamesNoPassword(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any StoreMaintenance).self)
        let summary = try await store.migrate()
        #expect(summary.applied.isEmpty)
        #expect(!summary.known.isEmpty)
        #expect(try await store.appliedMigrations() == summary.known)
        if kind == .postgres { #expect(summary.store.hasPrefix("postgres://") && !summary.store.contains(":@")) }
    }

    @Test(arguments: StoreKind.available)
    func purgeScrubsPayerDataFirstDeletesOldRowsAndKeepsTheNewestAndThePending(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any GoLiveStore & QualityStore & AlertStore & BackfillStore & StoreMaintenance).self)

        // Check results: an old one (deleted), the newest of that check (old, kept, masked), a recent one.
        let old = CheckResult(
            id: CheckID("approval.data"), title: "Approval data", status: .warn,
            summary: "payer juan@example.org lacks a phone",
            details: ["payer": ["email": "juan@example.org", "identification": ["number": "20345678901"]]],
            actions: [], checkedAt: Self.daysAgo(100))
        var newest = old
        newest.checkedAt = Self.daysAgo(90)
        var recent = old
        recent.id = CheckID("approval.recent")
        recent.checkedAt = Self.daysAgo(1)
        try await store.recordCheckResults([old, newest, recent], seller: "shop", sellerID: 7)
        // Quality: the newest measurement of a seller stays whatever its age.
        for (payment, days) in [("q-old", 100.0), ("q-newest", 90.0)] {
            var measurement = try QualityStoreContractTests.measurement(payment, at: 0)
            measurement.measuredAt = Self.daysAgo(days)
            measurement.note = "payer ana.ruiz@example.com"
            #expect(try await store.recordQualityMeasurement(measurement))
        }
        // Alerts: an event closed at once (no target) goes; one still to deliver stays.
        _ = try await store.openIncident(
            seller: "shop", kind: .chargeback, key: "cb-1", summary: "chargeback",
            details: ["payer": "ana.ruiz@example.com"], targets: [], payload: { _ in "{}" }, at: Self.daysAgo(100))
        let pending = try #require(
            try await store.openIncident(
                seller: "shop", kind: .chargeback, key: "cb-2", summary: "chargeback",
                details: ["payer": "ana.ruiz@example.com"], targets: ["webhook"],
                payload: { _ in #"{"text":"chargeback from ana.ruiz@example.com"}"# }, at: Self.daysAgo(100)))
        // Backfill findings: old ones go.
        var finding = BackfillStoreContractTests.finding("p-1", "approved", updated: 0)
        finding.foundAt = Self.daysAgo(100)
        var fresh = BackfillStoreContractTests.finding("p-2", "approved", updated: 0)
        fresh.foundAt = Self.daysAgo(2)
        _ = try await store.recordNeverNotified([finding, fresh])

        let policy = try RetentionPolicy(scrubAfterDays: 30, deleteAfterDays: 60, now: Self.now)
        let dry = try await store.purge(policy, dryRun: true)
        #expect(dry.dryRun)
        func table(_ summary: PurgeSummary, _ name: String) -> PurgeSummary.Table {
            summary.tables.first { $0.name == name } ?? PurgeSummary.Table(name: name)
        }
        #expect(
            table(dry, "check_result") == PurgeSummary.Table(name: "check_result", scrubbed: 2, deleted: 1, kept: 1))
        #expect(
            table(dry, "quality_measurement")
                == PurgeSummary.Table(name: "quality_measurement", scrubbed: 2, deleted: 1, kept: 1))
        #expect(table(dry, "incident") == PurgeSummary.Table(name: "incident", scrubbed: 2, deleted: 1, kept: 1))
        #expect(
            table(dry, "alert_delivery") == PurgeSummary.Table(name: "alert_delivery", scrubbed: 1, deleted: 0, kept: 1)
        )
        #expect(table(dry, "never_notified").deleted == 1)
        #expect(try await store.checkHistory(CheckID("approval.data"), seller: "shop", limit: 10).count == 2)
        #expect(
            try await store.checkHistory(CheckID("approval.data"), seller: "shop", limit: 10)[0].summary.contains(
                "juan@"))

        let summary = try await store.purge(policy, dryRun: false)
        for name in ["check_result", "quality_measurement", "incident", "alert_delivery", "never_notified"] {
            #expect(table(summary, name) == table(dry, name), "the dry run said what the purge did (\(name))")
        }
        let history = try await store.checkHistory(CheckID("approval.data"), seller: "shop", limit: 10)
        #expect(history.map(\.checkedAt) == [Self.daysAgo(90)])
        let document = String(decoding: try JSONEncoder.goLive(pretty: false).encode(history), as: UTF8.self)
        #expect(!document.contains("juan@example.org") && !document.contains("20345678901"))
        #expect(history.first?.status == .warn, "the facts stay")
        let untouched = try await store.checkHistory(CheckID("approval.recent"), seller: "shop", limit: 10)
        #expect(untouched.first?.summary.contains("juan@example.org") == true, "recent rows are not touched")
        let measurements = try await store.qualityMeasurements(seller: "shop", limit: 10)
        #expect(measurements.map(\.paymentID) == ["q-newest"])
        #expect(measurements.first.map { !$0.note.contains("ana.ruiz") } == true)
        let incidents = try await store.incidents(limit: 10, activeOnly: false)
        #expect(incidents.map(\.id) == [pending.id])
        #expect(incidents.first?.details["payer"]?.contains("ana.ruiz") == false)
        let deliveries = try await store.alertDeliveries(incident: pending.id)
        #expect(deliveries.count == 1 && deliveries[0].state == .pending && !deliveries[0].payload.contains("ana.ruiz"))
        #expect(try await store.neverNotifiedCount(seller: nil, since: .distantPast) == 1)

        // Idempotent: a second run finds nothing more to do.
        let again = try await store.purge(policy, dryRun: false)
        #expect(again.scrubbed == 0 && again.deleted == 0)
    }

    static func notification(_ id: String, at date: Date, body: String? = nil) -> IncomingNotification {
        IncomingNotification(
            kind: .webhook, notificationID: id, topic: "payment", action: "payment.updated", dataID: "d-\(id)",
            liveMode: true, userID: 7, requestID: "r-\(id)", seller: "shop", signature: .valid,
            signatureVariant: "as_received", receivedAt: date,
            body: body ?? #"{"id":"\#(id)","type":"payment","action":"payment.updated","data":{"id":"123"}}"#)
    }

    @Test(arguments: StoreKind.available)
    func purgeKeepsNotificationsStillToProcessAndReducesOldBodiesToTheirFacts(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any NotificationStore & StoreMaintenance).self)
        let payerBody = """
            {"id":"old-scrub","type":"payment","action":"payment.updated","data":{"id":"555","payer":{"email":"maria.perez@example.com"}},\
            "payer":{"email":"maria.perez@example.com","identification":{"type":"DNI","number":"30123456"},\
            "first_name":"María"},"live_mode":true,"user_id":7}
            """
        let stored = try await store.recordNotifications([
            Self.notification("old-done", at: Self.daysAgo(100)),
            Self.notification("old-pending", at: Self.daysAgo(100)),
            Self.notification("old-failed", at: Self.daysAgo(100)),
            Self.notification("old-scrub", at: Self.daysAgo(40), body: payerBody),
            Self.notification(
                "recent", at: Self.daysAgo(1), body: payerBody.replacingOccurrences(of: "old-scrub", with: "recent")),
        ])
        try await store.recordProcessing(
            [
                ProcessingRecord(seq: stored[0].seq, outcome: .done(resourceStatus: "approved")),
                ProcessingRecord(seq: stored[2].seq, outcome: .failed(error: "404")),
                ProcessingRecord(seq: stored[3].seq, outcome: .done(resourceStatus: "approved")),
            ], at: Self.daysAgo(99))
        try await store.recordRejected([RejectedDelivery(receivedAt: Self.daysAgo(100), reason: .signatureMismatch)])

        let policy = try RetentionPolicy(scrubAfterDays: 30, deleteAfterDays: 60, now: Self.now)
        let dry = try await store.purge(policy, dryRun: true)
        let notifications = try #require(dry.tables.first { $0.name == "notification" })
        #expect(notifications == PurgeSummary.Table(name: "notification", scrubbed: 1, deleted: 1, kept: 2))
        #expect(try await store.notifications(NotificationQuery(limit: 10)).count == 5, "a dry run changes nothing")

        let summary = try await store.purge(policy, dryRun: false)
        #expect(summary.tables.first { $0.name == "notification" } == notifications)
        #expect(summary.tables.first { $0.name == "rejected_delivery" }?.deleted == 1)
        let left = try await store.notifications(NotificationQuery(limit: 10))
        #expect(Set(left.map(\.notification.notificationID)) == ["old-pending", "old-failed", "old-scrub", "recent"])
        let scrubbed = try #require(left.first { $0.notification.notificationID == "old-scrub" })
        #expect(!scrubbed.notification.body.contains("maria") && !scrubbed.notification.body.contains("30123456"))
        #expect(scrubbed.notification.body.contains("555"), "the facts stay: \(scrubbed.notification.body)")
        #expect(scrubbed.resourceStatus == "approved")
        let recent = try #require(left.first { $0.notification.notificationID == "recent" })
        #expect(recent.notification.body.contains("maria.perez@example.com"), "recent rows are not touched")
        let again = try await store.purge(policy, dryRun: false)
        #expect(again.scrubbed == 0 && again.deleted == 0)
    }

    @Test(arguments: StoreKind.available)
    func purgeLeavesUndeliveredForwardsAndTheirNotifications(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any NotificationStore & ForwardOutbox & StoreMaintenance).self)
        let stored = try await store.recordNotifications(
            ["delivered", "retrying", "dead"].map { Self.notification($0, at: Self.daysAgo(100)) })
        try await store.recordProcessing(
            stored.map { ProcessingRecord(seq: $0.seq, outcome: .done(resourceStatus: "approved")) },
            at: Self.daysAgo(100))
        let forwards = try await store.enqueueForwards(
            stored.map { item in
                ForwardDraft(
                    seller: "shop", sellerID: 7, notificationSeq: item.seq,
                    notificationID: item.notification.notificationID, topic: "payment", action: "payment.updated",
                    dataID: item.notification.dataID, liveMode: true, receivedAt: Self.daysAgo(100),
                    source: .notification, resource: nil)
            }, at: Self.daysAgo(100))
        try await store.recordForwardAttempt(id: forwards[0].id, result: .delivered(status: 200), at: Self.daysAgo(100))
        try await store.recordForwardAttempt(
            id: forwards[1].id, result: .retry(status: 500, error: "500", nextAttemptAt: Self.now),
            at: Self.daysAgo(100))
        try await store.recordForwardAttempt(
            id: forwards[2].id, result: .dead(status: 500, error: "500"), at: Self.daysAgo(100))

        let summary = try await store.purge(
            try RetentionPolicy(scrubAfterDays: 30, deleteAfterDays: 60, now: Self.now), dryRun: false)
        #expect(summary.tables.first { $0.name == "forward_delivery" }?.deleted == 1)
        #expect(summary.tables.first { $0.name == "forward_delivery" }?.kept == 2)
        let left = Set(try await store.notifications(NotificationQuery(limit: 10)).map(\.notification.notificationID))
        #expect(left == ["retrying", "dead"])
        let remaining = try await store.forwardDeliveries(seller: nil, state: nil, limit: 10)
        #expect(Set(remaining.map(\.state)) == [.retrying, .dead])
    }

    @Test(arguments: StoreKind.available)
    func purgeReducesARefusedDeliverysRawBodyToItsFacts(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any NotificationStore & RejectedReplayStore & StoreMaintenance).self)
        let body = #"{"id":"9","type":"payment","data":{"id":"77"},"payer":{"email":"luis.diaz@example.com"}}"#
        try await store.recordRejected([
            RejectedDelivery(
                receivedAt: Self.daysAgo(20), reason: .signatureMismatch, requestID: "r", dataID: "77",
                raw: RejectedDelivery.RawRequest(
                    query: "data.id=77&type=payment", signature: "ts=1,v1=00", body: Data(body.utf8)))
        ])
        let summary = try await store.purge(
            try RetentionPolicy(scrubAfterDays: 10, deleteAfterDays: 60, now: Self.now), dryRun: false)
        #expect(summary.tables.first { $0.name == "rejected_delivery" }?.scrubbed == 1)
        let kept = try #require(try await store.replayableRejected(limit: 10).first?.raw)
        let text = String(decoding: kept.body, as: UTF8.self)
        #expect(!text.contains("luis.diaz") && text.contains("77"), "\(text)")
        #expect(kept.query == "data.id=77&type=payment", "what the signature covers is kept")
    }
}

@Suite(
    "PostgreSQL: maintenance", .enabled(if: PostgresTestServer.isAvailable && PostgresStore.findTool("pg_dump") != nil))
struct PostgresMaintenanceTests {
    @Test func aBackupTakenWhileAnotherInstanceWritesHoldsOneSnapshotAndRestores() async throws {
        let url = try await PostgresTestServer.freshDatabase("backup")
        let store = try await PostgresStore.open(url: url, maximumConnections: 2)
        let writer = try await PostgresStore.open(url: url, maximumConnections: 2)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-pgdump-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let committed = Mutex(0)
        let stop = Mutex(false)
        let load = Task {
            var index = 0
            while !stop.withLock({ $0 }) {
                let batch = (0..<20).map { MaintenanceContractTests.notification("n-\(index)-\($0)", at: Date()) }
                index += 1
                _ = try await writer.recordNotifications(batch)
                committed.withLock { $0 += batch.count }
            }
        }
        while committed.withLock({ $0 }) < 500 { try await Task.sleep(for: .milliseconds(5)) }
        let before = committed.withLock { $0 }
        let path = folder.appendingPathComponent("golive.dump").path
        let summary = try await store.backup(to: path, force: false)
        let after = committed.withLock { $0 }
        stop.withLock { $0 = true }
        try await load.value

        #expect(summary.integrity == "ok")
        #expect(summary.schemaVersion == PostgresStore.knownMigrations.last)
        #expect(summary.source.hasPrefix("postgres://") && summary.destination == path && summary.bytes > 0)
        let rows = try #require(summary.tables.first { $0.name == "notification" }?.rows)
        #expect(rows >= before && rows <= after, "the counts are the snapshot's: \(before) ≤ \(rows) ≤ \(after)")
        #expect(after > before, "the writer kept committing during the backup")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["golive.dump"])

        // An existing file is kept unless --force.
        let exists = try await #require(throws: GoLiveError.self) { try await store.backup(to: path, force: false) }
        #expect(exists.code == .backupExists)

        // Restore into an empty database: exactly the snapshot's rows, and a schema with nothing to migrate.
        let restoredURL = try await PostgresTestServer.freshDatabase("restored")
        let restore = await PostgresStore.runTool(
            try #require(PostgresStore.findTool("pg_restore")), ["--no-owner", "--dbname=\(restoredURL)", path],
            environment: ProcessInfo.processInfo.environment)
        #expect(restore.status == 0, "\(restore.errors)")
        let restored = try PostgresStore(url: restoredURL)
        #expect(try await restored.migrate().applied.isEmpty)
        #expect(try await restored.notifications(NotificationQuery(limit: 100_000)).count == rows)
        restored.close()
        store.close()
        writer.close()
        await PostgresTestServer.dropDatabase(url: restoredURL)
        await PostgresTestServer.dropDatabase(url: url)
    }
}
