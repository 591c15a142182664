public import Foundation

/// A report file golive downloaded and keeps.
public struct FetchedReport: Sendable, Hashable {
    public var seller: String
    public var sellerID: Int64?
    public var type: ReportType
    public var fileName: String
    /// Where the file is on disk.
    public var path: String
    public var beginDate: Date?
    public var endDate: Date?
    public var bytes: Int64
    public var fetchedAt: Date

    public init(
        seller: String, sellerID: Int64?, type: ReportType, fileName: String, path: String, beginDate: Date?,
        endDate: Date?, bytes: Int64, fetchedAt: Date
    ) {
        self.seller = seller
        self.sellerID = sellerID
        self.type = type
        self.fileName = fileName
        self.path = path
        self.beginDate = beginDate
        self.endDate = endDate
        self.bytes = bytes
        self.fetchedAt = fetchedAt
    }
}

/// Remembers fetched reports (SQLite: `SQLiteStore+Reports.swift`, migration "reports v1").
public protocol ReportStore: Sendable {
    /// Records a fetch; fetching the same file again updates its row.
    func recordFetchedReport(_ report: FetchedReport) async throws
    /// Newest first; `type` nil for both kinds.
    func fetchedReports(seller: String, type: ReportType?, limit: Int) async throws -> [FetchedReport]
}
