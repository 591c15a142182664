public import Foundation
import GRDB
public import GoLiveCore

/// The backfill's tables (issue 11): `never_notified` (one row per payment status change found by a sweep and
/// never notified) and `backfill_status` (per seller: the high-water mark and how the last sweep went).
extension SQLiteStore: BackfillStore {
    static func registerBackfillMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("backfill v1: never-notified changes and sweep status") { db in
            try db.execute(
                sql: """
                    CREATE TABLE never_notified (
                      seq INTEGER PRIMARY KEY AUTOINCREMENT,
                      seller TEXT NOT NULL,
                      seller_id INTEGER,
                      payment_id TEXT NOT NULL,
                      status TEXT NOT NULL,
                      status_detail TEXT,
                      external_reference TEXT,
                      amount TEXT,
                      currency TEXT,
                      live_mode INTEGER,
                      date_last_updated REAL NOT NULL,
                      found_at REAL NOT NULL,
                      order_updated INTEGER NOT NULL,
                      UNIQUE (seller, payment_id, status, date_last_updated)
                    );
                    CREATE INDEX never_notified_by_time ON never_notified (found_at);
                    CREATE TABLE backfill_status (
                      seller TEXT PRIMARY KEY,
                      mark REAL,
                      last_run_at REAL,
                      last_success_at REAL,
                      last_error TEXT,
                      consecutive_failures INTEGER NOT NULL DEFAULT 0,
                      last_scanned INTEGER NOT NULL DEFAULT 0,
                      last_found INTEGER NOT NULL DEFAULT 0
                    );
                    """)
        }
    }

    public func backfillStatus(seller: String) async throws -> BackfillStatus? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM backfill_status WHERE seller = ?", arguments: [seller])
                .map(Self.backfillStatus(from:))
        }
    }

    public func backfillStatuses() async throws -> [BackfillStatus] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM backfill_status ORDER BY seller").map(Self.backfillStatus(from:))
        }
    }

    public func recordBackfillStatus(_ status: BackfillStatus) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO backfill_status (seller, mark, last_run_at, last_success_at, last_error,
                      consecutive_failures, last_scanned, last_found)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (seller) DO UPDATE SET mark = excluded.mark, last_run_at = excluded.last_run_at,
                      last_success_at = excluded.last_success_at, last_error = excluded.last_error,
                      consecutive_failures = excluded.consecutive_failures, last_scanned = excluded.last_scanned,
                      last_found = excluded.last_found
                    """,
                arguments: [
                    status.seller, status.mark?.timeIntervalSince1970, status.lastRunAt?.timeIntervalSince1970,
                    status.lastSuccessAt?.timeIntervalSince1970, status.lastError, status.consecutiveFailures,
                    status.lastScanned, status.lastFound,
                ])
        }
    }

    public func recordNeverNotified(_ findings: [NeverNotifiedFinding]) async throws -> [NeverNotifiedFinding] {
        guard !findings.isEmpty else { return [] }
        return try await write { db in
            var inserted: [NeverNotifiedFinding] = []
            for finding in findings {
                try db.execute(
                    sql: """
                        INSERT INTO never_notified (seller, seller_id, payment_id, status, status_detail,
                          external_reference, amount, currency, live_mode, date_last_updated, found_at, order_updated)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (seller, payment_id, status, date_last_updated) DO NOTHING
                        """,
                    arguments: [
                        finding.seller, finding.sellerID, finding.paymentID, finding.status, finding.statusDetail,
                        finding.externalReference, finding.amount.map { "\($0)" }, finding.currency, finding.liveMode,
                        finding.dateLastUpdated.timeIntervalSince1970, finding.foundAt.timeIntervalSince1970,
                        finding.orderUpdated,
                    ])
                if db.changesCount > 0 {
                    var stored = finding
                    stored.seq = db.lastInsertedRowID
                    inserted.append(stored)
                }
            }
            return inserted
        }
    }

    public func neverNotified(seller: String?, limit: Int) async throws -> [NeverNotifiedFinding] {
        try await read { db in
            // The late notification: the first (non-duplicate) payment notification about the same payment received
            // after the change, whose fetched status is this change's (or not fetched yet).
            let sql = """
                SELECT f.*, (
                  SELECT n.seq FROM notification AS n
                  WHERE n.data_id = f.payment_id AND n.topic = 'payment' AND n.duplicate = 0
                    AND n.received_at >= f.date_last_updated
                    AND (n.resource_status IS NULL OR n.resource_status = f.status)
                  ORDER BY n.seq LIMIT 1
                ) AS late_seq
                FROM never_notified AS f \(seller == nil ? "" : "WHERE f.seller = ?")
                ORDER BY f.seq DESC LIMIT ?
                """
            let arguments: StatementArguments = seller.map { [$0, max(0, limit)] } ?? [max(0, limit)]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let amount: String? = row["amount"]
                let lateSeq: Int64? = row["late_seq"]
                let lateAt = try lateSeq.flatMap { seq in
                    try Double.fetchOne(db, sql: "SELECT received_at FROM notification WHERE seq = ?", arguments: [seq])
                }
                return NeverNotifiedFinding(
                    seq: row["seq"], seller: row["seller"], sellerID: row["seller_id"], paymentID: row["payment_id"],
                    status: row["status"], statusDetail: row["status_detail"],
                    externalReference: row["external_reference"],
                    amount: amount.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) },
                    currency: row["currency"], liveMode: row["live_mode"],
                    dateLastUpdated: Date(timeIntervalSince1970: row["date_last_updated"]),
                    foundAt: Date(timeIntervalSince1970: row["found_at"]), orderUpdated: row["order_updated"],
                    notifiedLateAt: lateAt.map(Date.init(timeIntervalSince1970:)), notifiedLateSeq: lateSeq)
            }
        }
    }

    public func neverNotifiedCount(seller: String?, since: Date) async throws -> Int {
        try await read { db in
            try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM never_notified WHERE found_at >= ? \(seller == nil ? "" : "AND seller = ?")",
                arguments: [since.timeIntervalSince1970] + (seller.map { [$0] } ?? [])) ?? 0
        }
    }

    /// The seller's newest finding `seq` and newest notification `seq` about a found payment (the dashboard rereads
    /// its never-notified lines only when this moves); nil when the table does not exist (an older store).
    public func neverNotifiedMark(seller: String) async throws -> String {
        try await read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT (SELECT MAX(seq) FROM never_notified WHERE seller = ?) AS f,
                      (SELECT MAX(n.seq) FROM notification AS n JOIN never_notified AS x ON n.data_id = x.payment_id
                       WHERE x.seller = ?) AS n
                    """, arguments: [seller, seller])
            let finding: Int64? = row?["f"]
            let notification: Int64? = row?["n"]
            return "\(finding ?? 0)/\(notification ?? 0)"
        }
    }

    static func backfillStatus(from row: Row) -> BackfillStatus {
        let mark: Double? = row["mark"]
        let run: Double? = row["last_run_at"]
        let success: Double? = row["last_success_at"]
        return BackfillStatus(
            seller: row["seller"], mark: mark.map(Date.init(timeIntervalSince1970:)),
            lastRunAt: run.map(Date.init(timeIntervalSince1970:)),
            lastSuccessAt: success.map(Date.init(timeIntervalSince1970:)), lastError: row["last_error"],
            consecutiveFailures: row["consecutive_failures"], lastScanned: row["last_scanned"],
            lastFound: row["last_found"])
    }
}
