public import Foundation
public import GoLiveCore
import PostgresNIO

/// The backfill's tables (issue 11) on PostgreSQL, as in SQLite (`SQLiteStore+Backfill.swift`): `never_notified`
/// (one row per payment status change a sweep found and Mercado Pago never notified) and `backfill_status` (per
/// seller: the high-water mark and how the last sweep went). One change is one finding however many instances'
/// sweeps see it: a unique constraint and `ON CONFLICT DO NOTHING`.
extension PostgresStore: BackfillStore {
    static var backfillMigrations: [PostgresMigration] {
        [
            PostgresMigration(
                "backfill v1: never-notified changes and sweep status",
                [
                    """
                    CREATE TABLE never_notified (
                      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, seller text NOT NULL, seller_id bigint,
                      payment_id text NOT NULL, status text NOT NULL, status_detail text, external_reference text,
                      amount text, currency text, live_mode boolean, date_last_updated double precision NOT NULL,
                      found_at double precision NOT NULL, order_updated boolean NOT NULL,
                      UNIQUE (seller, payment_id, status, date_last_updated))
                    """,
                    "CREATE INDEX never_notified_by_time ON never_notified (found_at)",
                    """
                    CREATE TABLE backfill_status (
                      seller text PRIMARY KEY, mark double precision, last_run_at double precision,
                      last_success_at double precision, last_error text,
                      consecutive_failures bigint NOT NULL DEFAULT 0, last_scanned bigint NOT NULL DEFAULT 0,
                      last_found bigint NOT NULL DEFAULT 0)
                    """,
                ])
        ]
    }

    static let backfillStatusColumns =
        "seller, mark, last_run_at, last_success_at, last_error, consecutive_failures, last_scanned, last_found"

    public func backfillStatus(seller: String) async throws -> BackfillStatus? {
        try await read("reading the backfill status") { connection in
            var query = PostgresQuery(
                unsafeSQL: "SELECT \(Self.backfillStatusColumns) FROM backfill_status WHERE seller = $1")
            query.binds.append(seller)
            return try await Self.backfillStatuses(connection.query(query, logger: Self.quiet)).first
        }
    }

    public func backfillStatuses() async throws -> [BackfillStatus] {
        try await read("reading backfill statuses") { connection in
            try await Self.backfillStatuses(
                connection.query(
                    PostgresQuery(
                        unsafeSQL:
                            "SELECT \(Self.backfillStatusColumns) FROM backfill_status ORDER BY seller COLLATE \"C\""),
                    logger: Self.quiet))
        }
    }

    public func recordBackfillStatus(_ status: BackfillStatus) async throws {
        let failures = Int64(status.consecutiveFailures)
        let scanned = Int64(status.lastScanned)
        let found = Int64(status.lastFound)
        try await write("recording the backfill status") { connection in
            try await connection.query(
                """
                INSERT INTO backfill_status (seller, mark, last_run_at, last_success_at, last_error,
                  consecutive_failures, last_scanned, last_found)
                VALUES (\(status.seller), \(status.mark?.storedSeconds), \(status.lastRunAt?.storedSeconds),
                        \(status.lastSuccessAt?.storedSeconds), \(status.lastError), \(failures), \(scanned), \(found))
                ON CONFLICT (seller) DO UPDATE SET mark = excluded.mark, last_run_at = excluded.last_run_at,
                  last_success_at = excluded.last_success_at, last_error = excluded.last_error,
                  consecutive_failures = excluded.consecutive_failures, last_scanned = excluded.last_scanned,
                  last_found = excluded.last_found
                """, logger: Self.quiet)
        }
    }

    public func recordNeverNotified(_ findings: [NeverNotifiedFinding]) async throws -> [NeverNotifiedFinding] {
        guard !findings.isEmpty else { return [] }
        return try await write("recording never-notified changes") { connection in
            var inserted: [NeverNotifiedFinding] = []
            for finding in findings {
                let amount = finding.amount.map { "\($0)" }
                let rows = try await connection.query(
                    """
                    INSERT INTO never_notified (seller, seller_id, payment_id, status, status_detail,
                      external_reference, amount, currency, live_mode, date_last_updated, found_at, order_updated)
                    VALUES (\(finding.seller), \(finding.sellerID), \(finding.paymentID), \(finding.status),
                            \(finding.statusDetail), \(finding.externalReference), \(amount), \(finding.currency),
                            \(finding.liveMode), \(finding.dateLastUpdated.storedSeconds),
                            \(finding.foundAt.storedSeconds), \(finding.orderUpdated))
                    ON CONFLICT (seller, payment_id, status, date_last_updated) DO NOTHING RETURNING seq
                    """, logger: Self.quiet)
                for try await seq in rows.decode(Int64.self) {
                    var stored = finding
                    stored.seq = seq
                    inserted.append(stored)
                }
            }
            return inserted
        }
    }

    public func neverNotified(seller: String?, limit: Int) async throws -> [NeverNotifiedFinding] {
        try await read("reading never-notified changes") { connection in
            // The late notification: the first (non-duplicate) payment notification about the same payment
            // received after the change, whose fetched status is this change's (or not fetched yet).
            var query = PostgresQuery(
                unsafeSQL: """
                    SELECT f.seq, f.seller, f.seller_id, f.payment_id, f.status, f.status_detail, f.external_reference,
                      f.amount, f.currency, f.live_mode, f.date_last_updated, f.found_at, f.order_updated,
                      late.seq AS late_seq, late.received_at AS late_at
                    FROM never_notified AS f
                    LEFT JOIN LATERAL (
                      SELECT n.seq, n.received_at FROM notification AS n
                      WHERE n.data_id = f.payment_id AND n.topic = 'payment' AND NOT n.duplicate
                        AND n.received_at >= f.date_last_updated
                        AND (n.resource_status IS NULL OR n.resource_status = f.status)
                      ORDER BY n.seq LIMIT 1) AS late ON true
                    WHERE $1::text IS NULL OR f.seller = $1
                    ORDER BY f.seq DESC LIMIT $2
                    """)
            query.binds.append(seller)
            query.binds.append(Int64(max(0, limit)))
            var findings: [NeverNotifiedFinding] = []
            for try await row in try await connection.query(query, logger: Self.quiet) {
                let row = row.makeRandomAccess()
                let amount = try row["amount"].decode(String?.self)
                let lateAt = try row["late_at"].decode(Double?.self)
                findings.append(
                    NeverNotifiedFinding(
                        seq: try row["seq"].decode(Int64.self), seller: try row["seller"].decode(String.self),
                        sellerID: try row["seller_id"].decode(Int64?.self),
                        paymentID: try row["payment_id"].decode(String.self),
                        status: try row["status"].decode(String.self),
                        statusDetail: try row["status_detail"].decode(String?.self),
                        externalReference: try row["external_reference"].decode(String?.self),
                        amount: amount.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) },
                        currency: try row["currency"].decode(String?.self),
                        liveMode: try row["live_mode"].decode(Bool?.self),
                        dateLastUpdated: Date(storedSeconds: try row["date_last_updated"].decode(Double.self)),
                        foundAt: Date(storedSeconds: try row["found_at"].decode(Double.self)),
                        orderUpdated: try row["order_updated"].decode(Bool.self),
                        notifiedLateAt: lateAt.map(Date.init(storedSeconds:)),
                        notifiedLateSeq: try row["late_seq"].decode(Int64?.self)))
            }
            return findings
        }
    }

    public func neverNotifiedCount(seller: String?, since: Date) async throws -> Int {
        try await read("counting never-notified changes") { connection in
            let count =
                try await connection.query(
                    """
                    SELECT COUNT(*) FROM never_notified
                    WHERE found_at >= \(since.storedSeconds) AND (\(seller)::text IS NULL OR seller = \(seller))
                    """, logger: Self.quiet
                ).collect().first?.decode(Int64.self) ?? 0
            return Int(count)
        }
    }

    private static func backfillStatuses(_ rows: PostgresRowSequence) async throws -> [BackfillStatus] {
        var statuses: [BackfillStatus] = []
        for try await (seller, mark, run, success, error, failures, scanned, found) in rows.decode(
            (String, Double?, Double?, Double?, String?, Int64, Int64, Int64).self)
        {
            statuses.append(
                BackfillStatus(
                    seller: seller, mark: mark.map(Date.init(storedSeconds:)),
                    lastRunAt: run.map(Date.init(storedSeconds:)),
                    lastSuccessAt: success.map(Date.init(storedSeconds:)), lastError: error,
                    consecutiveFailures: Int(failures), lastScanned: Int(scanned), lastFound: Int(found)))
        }
        return statuses
    }
}
