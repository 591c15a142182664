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
