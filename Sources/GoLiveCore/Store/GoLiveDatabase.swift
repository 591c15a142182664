public import Foundation

/// Everything the CLI asks of a store (issue 10's seam): the composition of every store protocol. SQLite
/// (`StoreSQLite`'s `SQLiteStore`) implements all of it; a PostgreSQL store implements the same and plugs in
/// with one line in the CLI's `Session.openStore`. The CLI holds `any GoLiveDatabase`, never a concrete store.
public typealias GoLiveDatabase =
    GoLiveStore & NotificationStore & RejectedReplayStore & ForwardOutbox & BackfillStore & AlertStore
    & QualityStore & ReportStore & WalkthroughStore & StoreMaintenance & DashboardQueries & StoreChangeSource

/// The cheap reads that let the dashboard and the wall follow a store without rereading it (see the CLI's
/// `DashboardData`), and the few single-row lookups commands need.
public protocol DashboardQueries: Sendable {
    /// The newest row of each thing the dashboard shows, read at once from indexed columns only.
    func dashboardMarks(seller: String) async throws -> DashboardMarks
    /// The processing marks of these notifications (primary-key lookups; a seq not found is left out).
    func processingMarks(seqs: [Int64]) async throws -> [Int64: ProcessingMark]
    /// How many test-mode notifications a seller has (the feed's "+N test mode" count); nil: every seller.
    func testModeCount(seller: String?) async throws -> Int
    /// A watermark of a seller's never-notified findings (backfill): it differs whenever they changed.
    func neverNotifiedMark(seller: String) async throws -> String
    /// One notification by its `seq`, nil when there is none (`golive notifications replay --seq`).
    func notification(seq: Int64) async throws -> StoredNotification?
}

/// The newest row of each thing the dashboard shows; a change of any of them says which part to reread.
public struct DashboardMarks: Sendable, Hashable {
    /// The seller's newest notification `seq`.
    public var notificationSeq: Int64?
    /// The newest check result (any seller: check results are a small table).
    public var checkSeq: Int64?
    /// The newest change of the seller records (account, site, environment), as seconds since 1970.
    public var sellerUpdatedAt: Double?
    /// The seller's newest report fetch, as seconds since 1970.
    public var reportFetchedAt: Double?
    /// When `golive serve` last said it was alive.
    public var heartbeat: Date?

    public init(
        notificationSeq: Int64? = nil, checkSeq: Int64? = nil, sellerUpdatedAt: Double? = nil,
        reportFetchedAt: Double? = nil, heartbeat: Date? = nil
    ) {
        self.notificationSeq = notificationSeq
        self.checkSeq = checkSeq
        self.sellerUpdatedAt = sellerUpdatedAt
        self.reportFetchedAt = reportFetchedAt
        self.heartbeat = heartbeat
    }
}

/// The outbox state of a notification, as cheap to read as its primary key: the dashboard compares it with
/// what it shows to notice processing moving (pending → done/failed, a retry, a requeue) without rereading rows.
public struct ProcessingMark: Sendable, Hashable {
    public var processing: String
    public var attempts: Int
    public var resourceStatus: String?

    public init(processing: String, attempts: Int, resourceStatus: String?) {
        self.processing = processing
        self.attempts = attempts
        self.resourceStatus = resourceStatus
    }
}
