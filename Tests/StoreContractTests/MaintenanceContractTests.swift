import Foundation
import GoLiveCore
import GoLiveTestSupport
import StorePostgres
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
}

@Suite("PostgreSQL: maintenance")
struct PostgresMaintenanceTests {
    @Test(.enabled(if: PostgresTestServer.isAvailable))
    func backupIsRefusedWithPgDumpAsTheRemedyAndNoPassword() async throws {
        let url = try await PostgresTestServer.freshDatabase("backup")
        var components = try #require(URLComponents(string: url))
        components.password = "s3cret-pass"
        let store = try PostgresStore(url: try #require(components.string))
        let error = try await #require(throws: GoLiveError.self) {
            try await store.backup(to: "/tmp/golive.dump", force: false)
        }
        #expect(error.code == .storeUnsupported)
        #expect(error.remedy?.contains("pg_dump --format=custom --file=/tmp/golive.dump 'postgresql://") == true)
        #expect(!error.message.contains("s3cret") && error.remedy?.contains("s3cret") != true)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/golive.dump"))
        store.close()
        await PostgresTestServer.dropDatabase(url: url)
    }
}
