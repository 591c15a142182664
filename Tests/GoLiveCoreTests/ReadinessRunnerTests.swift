import Foundation
import GoLiveCore
import Testing

/// An in-memory store: a unit seam for the runner (the SQLite store has its own integration tests).
final class MemoryStore: GoLiveStore, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [(seller: String, result: CheckResult)] = []
    private var sellerRecords: [String: SellerRecord] = [:]

    func saveSeller(_ seller: SellerRecord) async throws { lock.withLock { sellerRecords[seller.name] = seller } }
    func sellers() async throws -> [SellerRecord] { lock.withLock { Array(sellerRecords.values) } }
    func recordCheckResults(_ results: [CheckResult], seller: String, sellerID: Int64?) async throws {
        lock.withLock { recorded += results.map { (seller, $0) } }
    }
    func latestCheckResults(seller: String) async throws -> [CheckResult] {
        lock.withLock { recorded.filter { $0.seller == seller }.map(\.result) }
    }
    func checkHistory(_ id: CheckID, seller: String, limit: Int) async throws -> [CheckResult] {
        lock.withLock { recorded.filter { $0.seller == seller && $0.result.id == id }.map(\.result) }
    }
}

struct FixedSource: CheckSource {
    let checkIDs: [CheckID]
    let status: CheckStatus
    func results(in context: CheckContext) async -> [CheckResult] {
        checkIDs.map {
            CheckResult(id: $0, title: $0.rawValue, status: status, summary: "decided", checkedAt: context.now)
        }
    }
}

@Suite("Readiness runner")
struct ReadinessRunnerTests {
    let seller = SellerSettings(name: "shop", accessToken: nil, publicKey: nil, origin: "test")

    @Test("sources decide their checks; the rest await evidence; the order is the table's")
    func sourcesAndPlaceholders() async throws {
        let store = MemoryStore()
        let runner = ReadinessRunner(
            store: store, clock: ManualClock(now: Date(timeIntervalSince1970: 1_800_000_000)),
            sources: [
                FixedSource(checkIDs: [.reportsConfigured], status: .pass),
                FixedSource(checkIDs: [.sslCheckoutPage], status: .warn),
            ])
        let report = try await runner.all(for: seller, gateway: nil)
        #expect(report.checks.map(\.id) == CheckID.all)
        #expect(report.checks.first { $0.id == .sslCheckoutPage }?.summary == "decided")
        #expect(report.checks.first { $0.id == .reportsConfigured }?.status == .pass)
        #expect(report.checks.first { $0.id == .qualityScore }?.summary != "decided")
        #expect(try await store.latestCheckResults(seller: "shop").count == CheckID.all.count)
    }
}

/// A source that counts its runs, to see what a scheduled pass ran.
final class CountingSource: CheckSource, @unchecked Sendable {
    let checkIDs: [CheckID]
    private let lock = NSLock()
    private var count = 0
    var runs: Int { lock.withLock { count } }
    init(_ ids: [CheckID]) { checkIDs = ids }
    func results(in context: CheckContext) async -> [CheckResult] {
        lock.withLock { count += 1 }
        return checkIDs.map {
            CheckResult(id: $0, title: $0.rawValue, status: .pass, summary: "decided", checkedAt: context.now)
        }
    }
}

@Suite("Check schedule")
struct CheckScheduleTests {
    let seller = SellerSettings(name: "shop", accessToken: nil, publicKey: nil, origin: "test")
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("DESIGN.md's cadence: credentials 10 min, SSL hourly, reports daily; never run is due at once")
    func cadence() {
        let schedule = CheckSchedule.standard
        #expect(schedule.interval(for: .credentialsProduction) == 600)
        #expect(schedule.interval(for: .sslCheckoutPage) == 3_600)
        #expect(schedule.interval(for: .reportsConfigured) == 86_400)
        #expect(schedule.isDue([.sslCheckoutPage], lastChecked: [:], now: start))
        let last: [CheckID: Date] = [.sslCheckoutPage: start]
        #expect(!schedule.isDue([.sslCheckoutPage], lastChecked: last, now: start.addingTimeInterval(3_599)))
        #expect(schedule.isDue([.sslCheckoutPage], lastChecked: last, now: start.addingTimeInterval(3_600)))
        #expect(
            schedule.nextDue([.sslCheckoutPage, .reportsConfigured], lastChecked: last, now: start) == start,
            "a check never run is due now")
    }

    @Test("a scheduled pass runs only what is due, records no placeholders, and says when the next is due")
    func duePasses() async throws {
        let store = MemoryStore()
        let clock = ManualClock(now: start)
        let ssl = CountingSource([.sslCheckoutPage])
        let notifications = CountingSource([.notificationsReceiving, .notificationsSignature])
        let runner = ReadinessRunner(store: store, clock: clock, sources: [ssl, notifications])

        let first = try await runner.due(for: seller, gateway: nil, schedule: .standard)
        #expect(Set(first.results.map(\.id)) == Set(CheckID.credentials + [.sslCheckoutPage] + notifications.checkIDs))
        #expect(first.next == start.addingTimeInterval(300), "notifications are the next due, in 5 minutes")
        let recorded = try await store.latestCheckResults(seller: "shop")
        #expect(!recorded.contains { $0.id == .qualityScore }, "no placeholder for a check nobody decided")

        clock.advance(by: .seconds(60))
        let quiet = try await runner.due(for: seller, gateway: nil, schedule: .standard)
        #expect(quiet.results.isEmpty)

        clock.advance(by: .seconds(250))  // 310 s after the first pass
        let second = try await runner.due(for: seller, gateway: nil, schedule: .standard)
        #expect(Set(second.results.map(\.id)) == Set(notifications.checkIDs))
        #expect(ssl.runs == 1 && notifications.runs == 2)

        clock.advance(by: .seconds(300))  // 610 s: credentials are due again, SSL is not
        let third = try await runner.due(for: seller, gateway: nil, schedule: .standard)
        #expect(Set(third.results.map(\.id)) == Set(CheckID.credentials + notifications.checkIDs))
        #expect(ssl.runs == 1)
    }
}
