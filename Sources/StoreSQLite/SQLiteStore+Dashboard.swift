public import Foundation
import GRDB
import GoLiveCore

/// What the dashboard needs to follow the store cheaply while another process (`golive serve`) writes it:
/// a change counter on a dedicated connection (`PRAGMA data_version`), the file's identity (to notice the file
/// being removed or replaced), and one read of small watermarks that says which part changed.
extension SQLiteStore {
    /// The newest row of each thing the dashboard shows, read in one transaction from indexed columns only
    /// (no table scan, whatever the size of the notification log).
    public struct DashboardMarks: Sendable, Hashable {
        /// The seller's newest notification `seq`.
        public var notificationSeq: Int64?
        /// The newest check result (any seller: check results are a small table).
        public var checkSeq: Int64?
        /// The newest change of the seller records (account, site, environment).
        public var sellerUpdatedAt: Double?
        /// The seller's newest report fetch.
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

    public func dashboardMarks(seller: String) async throws -> DashboardMarks {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT (SELECT MAX(seq) FROM notification WHERE seller = ?) AS notification_seq,
                          (SELECT MAX(seq) FROM check_result) AS check_seq,
                          (SELECT MAX(updated_at) FROM seller) AS seller_updated_at,
                          (SELECT MAX(fetched_at) FROM report_file WHERE seller = ?) AS report_fetched_at,
                          (SELECT heartbeat_at FROM receiver_status WHERE id = 1) AS heartbeat_at
                        """, arguments: [seller, seller])
            else { return DashboardMarks() }
            let heartbeat: Double? = row["heartbeat_at"]
            return DashboardMarks(
                notificationSeq: row["notification_seq"], checkSeq: row["check_seq"],
                sellerUpdatedAt: row["seller_updated_at"], reportFetchedAt: row["report_fetched_at"],
                heartbeat: heartbeat.map(Date.init(timeIntervalSince1970:)))
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

    /// The processing marks of these notifications (primary-key lookups; a seq not found is left out).
    public func processingMarks(seqs: [Int64]) async throws -> [Int64: ProcessingMark] {
        guard !seqs.isEmpty else { return [:] }
        return try await read { db in
            let statement = try db.cachedStatement(
                sql: "SELECT processing, attempts, resource_status FROM notification WHERE seq = ?")
            var marks: [Int64: ProcessingMark] = [:]
            for seq in seqs {
                if let row = try Row.fetchOne(statement, arguments: [seq]) {
                    marks[seq] = ProcessingMark(
                        processing: row[0], attempts: row[1], resourceStatus: row[2])
                }
            }
            return marks
        }
    }

    /// The plan SQLite picks for the feed's newest-first page (`EXPLAIN QUERY PLAN`), for tests that keep it
    /// on an index.
    package func feedQueryPlan(seller: String, afterSeq: Int64? = nil) throws -> [String] {
        try pool.read { db in
            let after = afterSeq == nil ? "" : " AND seq > ?"
            var arguments: StatementArguments = [seller]
            if let afterSeq { arguments += [afterSeq] }
            return try Row.fetchAll(
                db,
                sql:
                    "EXPLAIN QUERY PLAN SELECT * FROM notification WHERE seller = ?\(after) ORDER BY seq DESC LIMIT 200",
                arguments: arguments
            ).map { $0["detail"] as String? ?? "" }
        }
    }

    /// Identifies the file at `path` (device and inode), nil when there is none: a different identity means the
    /// file was removed and recreated (or replaced by a restore) and must be reopened.
    public static func fileIdentity(path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    public struct FileIdentity: Sendable, Hashable {
        public var device: UInt64
        public var inode: UInt64
    }
}

/// A dedicated read-only connection whose `PRAGMA data_version` changes whenever another connection (another
/// process included) commits: polling it is the dashboard's whole idle cost. It never creates the file.
public final class StoreChangeWatch: @unchecked Sendable {
    private let queue: DatabaseQueue
    public let path: String

    public init(path: String) throws {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else {
            throw GoLiveError(
                .storeUnavailable, "The store \(path) does not exist.",
                remedy: "Check the path (--store or GOLIVE_STORE); `golive serve` and `golive check` create it.")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(1)
        configuration.label = "golive-watch"
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw SQLiteStore.storeError(error, path: path)
        }
    }

    /// The connection's view of the database's change counter; differs from the previous value when anyone
    /// else committed since.
    public func dataVersion() throws -> Int64 {
        do {
            return try queue.inDatabase { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
        } catch let error as DatabaseError {
            throw SQLiteStore.storeError(error, path: path)
        }
    }
}
