import Foundation

/// The balance of the newest release report golive fetched for a seller, for screens (the dashboard's pane):
/// the file is summed once per fetch and the result kept until a newer one arrives.
public final class LatestReportBalance: @unchecked Sendable {
    public struct Snapshot: Sendable, Hashable {
        public var report: FetchedReport
        public var balance: ReleaseBalance
    }

    public let store: any ReportStore
    private let lock = NSLock()
    private var cached: Snapshot?

    public init(store: any ReportStore) { self.store = store }

    /// Nil when no release report was fetched for the seller.
    public func snapshot(seller: String) async throws -> Snapshot? {
        guard let latest = try await store.fetchedReports(seller: seller, type: .release, limit: 1).first else {
            return nil
        }
        if let cached = lock.withLock({ cached }), cached.report == latest { return cached }
        let summary = try ReportSummarizer.summarize(path: latest.path, lenient: true)
        guard case .release(let balance) = summary.totals else {
            throw GoLiveError(
                .reportUnknownKind, "The stored release report \(latest.path) does not read as a release report.",
                remedy: "Run `golive report fetch --type release` again.")
        }
        let snapshot = Snapshot(report: latest, balance: balance)
        lock.withLock { cached = snapshot }
        return snapshot
    }
}
