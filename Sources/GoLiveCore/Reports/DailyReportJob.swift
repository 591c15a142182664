public import Foundation

/// `golive serve`'s daily fetch (DESIGN.md: monitors fetch reports): for each seller whose last fetched report
/// is more than a day old, the release and settlement reports since then (at most 31 days back) are fetched
/// into `folder` and remembered in the store, so `reports.configured` stays fresh and the dashboard has files.
public struct DailyReportJob: Sendable {
    public struct Seller: Sendable {
        public var name: String
        public var sellerID: Int64?
        public var gateway: any ReportsGateway

        public init(name: String, sellerID: Int64?, gateway: any ReportsGateway) {
            self.name = name
            self.sellerID = sellerID
            self.gateway = gateway
        }
    }

    public let store: any ReportStore
    public let clock: any GoLiveClock
    public let folder: URL
    public var period: TimeInterval = 86_400

    public init(store: any ReportStore, clock: any GoLiveClock, folder: URL) {
        self.store = store
        self.clock = clock
        self.folder = folder
    }

    /// One pass over the sellers; one seller's failure never stops the others.
    public func tick(_ sellers: [Seller]) async -> [(seller: String, outcome: Result<[FetchedReport], GoLiveError>)] {
        var outcomes: [(String, Result<[FetchedReport], GoLiveError>)] = []
        for seller in sellers {
            do {
                outcomes.append((seller.name, .success(try await fetchIfDue(seller))))
            } catch let error as GoLiveError {
                outcomes.append((seller.name, .failure(error)))
            } catch {
                outcomes.append(
                    (
                        seller.name,
                        .failure(GoLiveError(.storeUnavailable, "Recording a fetched report failed: \(error)."))
                    ))
            }
        }
        return outcomes
    }

    /// Ticks now, then every `interval`, until cancelled.
    public func run(
        _ sellers: [Seller], every interval: Duration,
        report: @Sendable (String, Result<[FetchedReport], GoLiveError>) -> Void
    ) async {
        while !Task.isCancelled {
            for (seller, outcome) in await tick(sellers) { report(seller, outcome) }
            do { try await clock.sleep(for: interval) } catch { return }
        }
    }

    private func fetchIfDue(_ seller: Seller) async throws -> [FetchedReport] {
        let now = clock.now()
        let latest = try await store.fetchedReports(seller: seller.name, type: nil, limit: 1).first
        if let latest, now.timeIntervalSince(latest.fetchedAt) < period { return [] }
        let begin = max(latest?.endDate ?? .distantPast, now.addingTimeInterval(-31 * 86_400))
        let end = now.addingTimeInterval(-300)
        guard begin < end else { return [] }
        var fetched: [FetchedReport] = []
        let fetcher = ReportFetcher(gateway: seller.gateway, clock: clock)
        for type in ReportType.allCases {
            let result = try await fetcher.fetch(
                type, begin: begin, end: end, into: folder.appendingPathComponent(Self.folderName(seller.name)))
            let record = FetchedReport(
                seller: seller.name, sellerID: seller.sellerID, type: type, fileName: result.entry.fileName,
                path: result.file.path, beginDate: result.begin, endDate: result.end, bytes: result.bytes,
                fetchedAt: clock.now())
            try await store.recordFetchedReport(record)
            fetched.append(record)
        }
        return fetched
    }

    static func folderName(_ seller: String) -> String { ReportFetcher.safeFileName(seller) }
}
