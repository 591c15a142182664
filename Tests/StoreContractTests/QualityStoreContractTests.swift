import Foundation
import GoLiveCore
import GoLiveTestSupport
import StorePostgres
import Testing

/// `QualityStore` (measurements, official scores, sign-offs): the same behaviour from SQLite and PostgreSQL.
@Suite("Store contract: quality")
struct QualityStoreContractTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    /// A measurement as the store keeps it (the `golive quality --json` document).
    static func measurement(
        _ payment: String, seller: String = "shop", at minutes: Double, month: String? = nil, score: Int = 80
    ) throws -> QualityMeasurement {
        let at = ISO8601DateFormatter().string(from: t0.addingTimeInterval(minutes * 60))
        let month = month.map { "\"\($0)\"" } ?? "null"
        let json = """
            {"seller": "\(seller)", "seller_id": 7, "payment_id": "\(payment)", "live_mode": true,
             "payment_status": "approved", "score": \(score), "threshold": 73, "passed": \(score >= 73),
             "estimate": true, "official_score": null, "measured_at": "\(at)",
             "trigger": "\(month == "null" ? "manual" : "monthly")", "month": \(month), "rubric_version": "2025-1",
             "note": "estimate", "warnings": [], "aspects": [], "actions": []}
            """
        return try JSONDecoder.goLive().decode(QualityMeasurement.self, from: Data(json.utf8))
    }

    @Test(arguments: StoreKind.available)
    func historyIsNewestFirstPerSellerAndTheMonthlyOneIsKeptOnce(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any QualityStore).self)
        let manual = try Self.measurement("p-1", at: 0, score: 60)
        let monthly = try Self.measurement("p-2", at: 10, month: "2026-09")
        #expect(try await store.recordQualityMeasurement(manual))
        #expect(try await store.recordQualityMeasurement(monthly))
        // Manual measurements (no month) never collide; a second one of the same month is refused.
        #expect(try await store.recordQualityMeasurement(try Self.measurement("p-1", at: 20, score: 90)))
        #expect(
            try await store.recordQualityMeasurement(try Self.measurement("p-9", at: 30, month: "2026-09")) == false)
        #expect(try await store.recordQualityMeasurement(try Self.measurement("p-3", seller: "other", at: 5)))

        let history = try await store.qualityMeasurements(seller: "shop", limit: 10)
        #expect(history.map(\.paymentID) == ["p-1", "p-2", "p-1"])
        #expect(history.map(\.score) == [90, 80, 60])
        #expect(history.last == manual)
        #expect(try await store.qualityMeasurements(seller: "shop", limit: 2).count == 2)
        #expect(try await store.monthlyQualityMeasurement(seller: "shop", month: "2026-09") == monthly)
        #expect(try await store.monthlyQualityMeasurement(seller: "shop", month: "2026-10") == nil)
        #expect(try await store.monthlyQualityMeasurement(seller: "other", month: "2026-09") == nil)
    }

    @Test(arguments: StoreKind.available)
    func theLatestOfficialScoreAndTheLatestSignOffOfEachCriterionCount(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        defer { Task { await opened.close() } }
        let store = try opened.as((any QualityStore).self)
        #expect(try await store.officialScore(seller: "shop", paymentID: "p-1") == nil)
        try await store.recordOfficialScore(
            OfficialQualityScore(seller: "shop", paymentID: "p-1", score: 70, recordedAt: Self.t0))
        try await store.recordOfficialScore(
            OfficialQualityScore(seller: "shop", paymentID: "p-1", score: 88, recordedAt: Self.t0 + 60))
        try await store.recordOfficialScore(
            OfficialQualityScore(seller: "shop", paymentID: "p-2", score: 10, recordedAt: Self.t0 + 120))
        #expect(
            try await store.officialScore(seller: "shop", paymentID: "p-1")
                == OfficialQualityScore(seller: "shop", paymentID: "p-1", score: 88, recordedAt: Self.t0 + 60))
        #expect(try await store.officialScore(seller: "other", paymentID: "p-1") == nil)

        #expect(try await store.signOffs(seller: "shop").isEmpty)
        try await store.saveSignOff(
            SignOff(seller: "shop", what: "device_id", by: "Ana", at: Self.t0, note: "security.js on checkout"))
        try await store.saveSignOff(SignOff(seller: "shop", what: "Zeta", by: "Ana", at: Self.t0))
        try await store.saveSignOff(SignOff(seller: "shop", what: "frontend_sdk", by: "Bo", at: Self.t0 + 5))
        try await store.saveSignOff(SignOff(seller: "other", what: "device_id", by: "Bo", at: Self.t0))
        try await store.saveSignOff(SignOff(seller: "shop", what: "device_id", by: "Caro", at: Self.t0 + 60))
        let signOffs = try await store.signOffs(seller: "shop")
        // One per criterion, the latest, ordered by id (bytewise, as SQLite does).
        #expect(signOffs.map(\.what) == ["Zeta", "device_id", "frontend_sdk"])
        #expect(signOffs[1] == SignOff(seller: "shop", what: "device_id", by: "Caro", at: Self.t0 + 60))
        #expect(try await store.signOffs(seller: "other").map(\.by) == ["Bo"])
    }
}

/// Two `golive serve` instances on one PostgreSQL running the monthly measurement at once: the database keeps one.
@Suite("PostgreSQL: quality across instances", .enabled(if: PostgresTestServer.isAvailable))
struct PostgresQualityInstancesTests {
    @Test func twoInstancesRacingOnOneMonthStoreOneMeasurement() async throws {
        let url = try await PostgresTestServer.freshDatabase("quality-race")
        let first = try await PostgresStore.open(url: url, maximumConnections: 4)
        let second = try await PostgresStore.open(url: url, maximumConnections: 4)
        let stored = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<8 {
                let store = index.isMultiple(of: 2) ? first : second
                let measurement = try QualityStoreContractTests.measurement(
                    "p-\(index)", at: Double(index), month: "2026-10")
                group.addTask { try await store.recordQualityMeasurement(measurement) }
            }
            var stored: [Bool] = []
            for try await one in group { stored.append(one) }
            return stored
        }
        #expect(stored.filter { $0 }.count == 1)
        #expect(try await first.qualityMeasurements(seller: "shop", limit: 10).count == 1)
        #expect(try await second.monthlyQualityMeasurement(seller: "shop", month: "2026-10") != nil)
        first.close()
        second.close()
        await PostgresTestServer.dropDatabase(url: url)
    }
}
