import Foundation
import GoLiveCore
import StoreSQLite
import Synchronization
import Testing

/// `store backup` and `store purge` on real SQLite files (issue 11, "Data").
@Suite("Store maintenance (SQLite)")
struct MaintenanceTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-keep-\(UUID().uuidString)")
    var path: String { folder.appendingPathComponent("golive.sqlite").path }
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func notification(_ id: String, at date: Date, body: String? = nil) -> IncomingNotification {
        IncomingNotification(
            kind: .webhook, notificationID: id, topic: "payment", action: "payment.updated",
            dataID: "1\(id.hashValue & 0xFFFF)",
            liveMode: true, userID: 7, requestID: "r-\(id)", seller: "shop", signature: .valid,
            signatureVariant: "as_received", receivedAt: date,
            body: body ?? #"{"id":"\#(id)","type":"payment","action":"payment.updated","data":{"id":"123"}}"#)
    }

    func daysAgo(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }

    @Test("a backup taken while another writer commits holds every notification committed before it started")
    func backupUnderLoad() async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: path)
        // A second store handle on the same file: the writer a backup must not stop (serve's, in production).
        let writer = try SQLiteStore(path: path)
        let committed = Mutex<[String]>([])
        let stop = Mutex(false)
        let load = Task {
            var index = 0
            while !stop.withLock({ $0 }) {
                let batch = (0..<20).map { notification("n-\(index)-\($0)", at: now) }
                index += 1
                _ = try await writer.recordNotifications(batch)
                committed.withLock { $0 += batch.map(\.notificationID) }
            }
        }
        while committed.withLock({ $0.count }) < 2_000 { try await Task.sleep(for: .milliseconds(5)) }
        let before = Set(committed.withLock { $0 })
        let backupPath = folder.appendingPathComponent("backup.sqlite").path
        let summary = try await store.backup(to: backupPath, force: false)
        let after = committed.withLock { $0.count }
        stop.withLock { $0 = true }
        try await load.value

        #expect(summary.integrity == "ok")
        #expect(summary.schemaVersion == SQLiteStore.knownMigrations.last)
        #expect(after > before.count, "the writer kept committing during the backup")
        let attributes = try FileManager.default.attributesOfItem(atPath: backupPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)

        // Restore: the copy opens, migrates (nothing to do) and holds everything committed before the backup.
        let restored = try SQLiteStore(path: backupPath)
        #expect(try restored.appliedMigrations() == SQLiteStore.knownMigrations)
        let ids = Set(
            try await restored.notifications(NotificationQuery(limit: 1_000_000)).map(\.notification.notificationID))
        #expect(before.isSubset(of: ids), "missing \(before.subtracting(ids).count) committed notifications")
        #expect(summary.tables.first { $0.name == "notification" }?.rows == ids.count)
    }

    @Test("an existing destination is kept unless --force; the store itself is never a destination")
    func overwrite() async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: path)
        _ = try await store.recordNotifications([notification("a", at: now)])
        let target = folder.appendingPathComponent("copy.sqlite")
        try Data("precious".utf8).write(to: target)
        await #expect(throws: GoLiveError.self) { try await store.backup(to: target.path, force: false) }
        #expect(try String(contentsOf: target, encoding: .utf8) == "precious")
        let summary = try await store.backup(to: target.path, force: true)
        #expect(summary.tables.first { $0.name == "notification" }?.rows == 1)
        do {
            _ = try await store.backup(to: path, force: true)
            Issue.record("backing up onto the store itself must fail")
        } catch let error as GoLiveError {
            #expect(error.code == .backupFailed)
        }
        do {
            _ = try await store.backup(to: folder.appendingPathComponent("missing/x.sqlite").path, force: false)
            Issue.record("a missing folder must fail")
        } catch let error as GoLiveError {
            #expect(error.message.contains("does not exist"))
        }
        #expect(try await store.notifications(NotificationQuery(limit: 10)).count == 1)
    }

    @Test("purge scrubs payer data first, deletes old rows, keeps pending/failed and the newest results")
    func purge() async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: path)
        let payerBody = """
            {"id":"old-scrub","type":"payment","action":"payment.updated","data":{"id":"555","payer":{"email":"maria.perez@example.com"}},\
            "payer":{"email":"maria.perez@example.com","identification":{"type":"DNI","number":"30123456"},\
            "first_name":"María"},"live_mode":true,"user_id":7}
            """
        let stored = try await store.recordNotifications([
            notification("old-done", at: daysAgo(100)),
            notification("old-pending", at: daysAgo(100)),
            notification("old-failed", at: daysAgo(100)),
            notification("old-scrub", at: daysAgo(40), body: payerBody),
            notification(
                "recent", at: daysAgo(1), body: payerBody.replacingOccurrences(of: "old-scrub", with: "recent")),
        ])
        try await store.recordProcessing(
            [
                ProcessingRecord(seq: stored[0].seq, outcome: .done(resourceStatus: "approved")),
                ProcessingRecord(seq: stored[2].seq, outcome: .failed(error: "404")),
                ProcessingRecord(seq: stored[3].seq, outcome: .done(resourceStatus: "approved")),
            ], at: daysAgo(99))
        let old = CheckResult(
            id: CheckID("approval.data"), title: "Approval data", status: .warn,
            summary: "payer juan@example.org lacks a phone",
            details: ["payer": ["email": "juan@example.org", "identification": ["number": "20345678901"]]],
            actions: [], checkedAt: daysAgo(100))
        var newest = old
        newest.checkedAt = daysAgo(90)
        try await store.recordCheckResults([old, newest], seller: "shop", sellerID: 7)
        try await store.recordRejected([RejectedDelivery(receivedAt: daysAgo(100), reason: .signatureMismatch)])

        let policy = try RetentionPolicy(scrubAfterDays: 30, deleteAfterDays: 60, now: now)
        let dry = try await store.purge(policy, dryRun: true)
        #expect(dry.dryRun)
        let notifications = try #require(dry.tables.first { $0.name == "notification" })
        #expect(notifications.deleted == 1)  // old-done only
        #expect(notifications.kept == 2)  // pending, failed
        #expect(notifications.scrubbed == 1)  // old-scrub's body (the others carry no payer data)
        #expect(try await store.notifications(NotificationQuery(limit: 10)).count == 5, "a dry run changes nothing")

        let summary = try await store.purge(policy, dryRun: false)
        #expect(summary.tables.first { $0.name == "notification" } == notifications)
        #expect(summary.tables.first { $0.name == "check_result" }?.deleted == 1)
        #expect(summary.tables.first { $0.name == "rejected_delivery" }?.deleted == 1)
        let left = try await store.notifications(NotificationQuery(limit: 10))
        #expect(Set(left.map(\.notification.notificationID)) == ["old-pending", "old-failed", "old-scrub", "recent"])
        let scrubbed = try #require(left.first { $0.notification.notificationID == "old-scrub" })
        #expect(!scrubbed.notification.body.contains("maria"))
        #expect(!scrubbed.notification.body.contains("30123456"))
        #expect(scrubbed.notification.body.contains("555"), "the facts stay: \(scrubbed.notification.body)")
        #expect(scrubbed.resourceStatus == "approved")
        let recent = try #require(left.first { $0.notification.notificationID == "recent" })
        #expect(recent.notification.body.contains("maria.perez@example.com"), "recent rows are not touched")
        let kept = try await store.latestCheckResults(seller: "shop")
        #expect(kept.count == 1)
        let document = String(decoding: try JSONEncoder.goLive(pretty: false).encode(kept[0]), as: UTF8.self)
        #expect(!document.contains("juan@example.org"))
        #expect(!document.contains("20345678901"))
        #expect(kept[0].status == .warn)

        // Idempotent: a second run finds nothing more to do.
        let again = try await store.purge(policy, dryRun: false)
        #expect(again.scrubbed == 0 && again.deleted == 0)
    }

    @Test("purge respects the forward outbox: undelivered forwards keep their notifications, delivered ones go")
    func forwardOutbox() async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: path)
        let stored = try await store.recordNotifications(
            ["delivered", "retrying", "dead"].map { notification($0, at: daysAgo(100)) })
        try await store.recordProcessing(
            stored.map { ProcessingRecord(seq: $0.seq, outcome: .done(resourceStatus: "approved")) }, at: daysAgo(100))
        let forwards = try await store.enqueueForwards(
            stored.map { item in
                ForwardDraft(
                    seller: "shop", sellerID: 7, notificationSeq: item.seq,
                    notificationID: item.notification.notificationID,
                    topic: "payment", action: "payment.updated", dataID: item.notification.dataID, liveMode: true,
                    receivedAt: daysAgo(100), source: .notification, resource: nil)
            }, at: daysAgo(100))
        try await store.recordForwardAttempt(id: forwards[0].id, result: .delivered(status: 200), at: daysAgo(100))
        try await store.recordForwardAttempt(
            id: forwards[1].id, result: .retry(status: 500, error: "500", nextAttemptAt: now), at: daysAgo(100))
        try await store.recordForwardAttempt(
            id: forwards[2].id, result: .dead(status: 500, error: "500"), at: daysAgo(100))

        let summary = try await store.purge(
            try RetentionPolicy(scrubAfterDays: 30, deleteAfterDays: 60, now: now), dryRun: false)
        #expect(summary.tables.first { $0.name == "forward_delivery" }?.deleted == 1)
        #expect(summary.tables.first { $0.name == "forward_delivery" }?.kept == 2)
        let left = Set(try await store.notifications(NotificationQuery(limit: 10)).map(\.notification.notificationID))
        #expect(left == ["retrying", "dead"])
        let remaining = try await store.forwardDeliveries(seller: nil, state: nil, limit: 10)
        #expect(Set(remaining.map(\.state)) == [.retrying, .dead])
    }

    @Test("purge reduces the raw body of a refused delivery (kept for re-verification) to its facts")
    func rejectedRawBody() async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: path)
        let body = #"{"id":"9","type":"payment","data":{"id":"77"},"payer":{"email":"luis.diaz@example.com"}}"#
        try await store.recordRejected([
            RejectedDelivery(
                receivedAt: daysAgo(20), reason: .signatureMismatch, requestID: "r", dataID: "77",
                raw: RejectedDelivery.RawRequest(
                    query: "data.id=77&type=payment", signature: "ts=1,v1=00", body: Data(body.utf8)))
        ])
        let summary = try await store.purge(
            try RetentionPolicy(scrubAfterDays: 10, deleteAfterDays: 60, now: now), dryRun: false)
        #expect(summary.tables.first { $0.name == "rejected_delivery" }?.scrubbed == 1)
        let kept = try #require(try await store.replayableRejected(limit: 10).first?.raw)
        let text = String(decoding: kept.body, as: UTF8.self)
        #expect(!text.contains("luis.diaz") && text.contains("77"), "\(text)")
        #expect(kept.query == "data.id=77&type=payment", "what the signature covers is kept")
    }

    @Test("purge: closed incidents and sent alerts go, open ones and pending alerts stay")
    func alerts() async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: path)
        // An event incident with no target is closed at once; one with a target waits for its delivery.
        _ = try await store.openIncident(
            seller: "shop", kind: .chargeback, key: "cb-1", summary: "chargeback",
            details: ["payer": "ana.ruiz@example.com"], targets: [], payload: { _ in "{}" }, at: daysAgo(100))
        let pending = try #require(
            try await store.openIncident(
                seller: "shop", kind: .chargeback, key: "cb-2", summary: "chargeback",
                details: ["payer": "ana.ruiz@example.com"], targets: ["webhook"],
                payload: { _ in #"{"text":"chargeback from ana.ruiz@example.com"}"# }, at: daysAgo(100)))
        let summary = try await store.purge(
            try RetentionPolicy(scrubAfterDays: 30, deleteAfterDays: 60, now: now), dryRun: false)
        #expect(summary.tables.first { $0.name == "incident" }?.deleted == 1)
        let left = try await store.incidents(limit: 10, activeOnly: false)
        #expect(left.map(\.id) == [pending.id])
        #expect(left.first?.details["payer"]?.contains("ana.ruiz") == false, "\(left)")
        let deliveries = try await store.alertDeliveries(incident: pending.id)
        #expect(deliveries.count == 1 && !deliveries[0].payload.contains("ana.ruiz"))
    }
}
