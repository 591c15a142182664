import Foundation
import GRDB
public import GoLiveCore

/// What the dashboard needs to follow the store cheaply while another process (`golive serve`) writes it:
/// a change counter on a dedicated connection (`PRAGMA data_version`), the file's identity (to notice the file
/// being removed or replaced), and one read of small watermarks that says which part changed.
extension SQLiteStore: DashboardQueries, StoreChangeSource {
    /// The dashboard's watermarks (now ``GoLiveCore/DashboardMarks``, shared by every store).
    public typealias DashboardMarks = GoLiveCore.DashboardMarks
    /// A notification's outbox state (now ``GoLiveCore/ProcessingMark``, shared by every store).
    public typealias ProcessingMark = GoLiveCore.ProcessingMark

    /// The newest row of each thing the dashboard shows, read in one transaction from indexed columns only
    /// (no table scan, whatever the size of the notification log).
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

    /// The dashboard's follower: a dedicated read-only connection polling `PRAGMA data_version`.
    public func changeSignal() throws -> any StoreChangeSignal { try StoreChangeWatch(path: path) }
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

/// SQLite has no change notification across processes: the reader polls the change counter, once per wait.
extension StoreChangeWatch: StoreChangeSignal {
    public func currentToken() async throws -> StoreChangeToken { StoreChangeToken(try dataVersion()) }

    /// Sleeps `timeout` (the reader's poll interval): the counter is read by ``currentToken()`` afterwards, so
    /// the idle cost stays one `PRAGMA data_version` per poll.
    public func waitForChange(after token: StoreChangeToken?, timeout: Duration) async throws {
        try await Task.sleep(for: timeout)
    }

    /// A local file read directly: always the normal state.
    public func connectionState() async -> StoreConnectionState { .live }
}
