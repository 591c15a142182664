public import Foundation
import GRDB
public import GoLiveCore

/// Issue 11 in the notifications' tables: which secret verified a notification (rotation), the raw request of a
/// signature rejection (re-verified by `golive notifications replay --rejected`), and the summary's split of
/// live and test-mode traffic.
extension SQLiteStore {
    static func registerRotationMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("rotation v1") { db in
            try db.execute(
                sql: """
                    ALTER TABLE notification ADD COLUMN secret TEXT;
                    ALTER TABLE rejected_delivery ADD COLUMN raw_query TEXT;
                    ALTER TABLE rejected_delivery ADD COLUMN raw_signature TEXT;
                    ALTER TABLE rejected_delivery ADD COLUMN raw_body BLOB;
                    ALTER TABLE rejected_delivery ADD COLUMN recovered_at REAL;
                    ALTER TABLE rejected_delivery ADD COLUMN recovered_seq INTEGER;
                    ALTER TABLE rejected_delivery ADD COLUMN recovered_secret TEXT;
                    ALTER TABLE rejected_delivery ADD COLUMN replay_result TEXT;
                    """)
        }
        registerTestModeIndex(&migrator)
    }

    /// One row of the summary's `GROUP BY signature, secret, live`.
    static func addRotationCounts(_ row: Row, n: Int, to summary: inout NotificationSummary) {
        let live: Bool = row["live"]
        if live { summary.receivedLive += n } else { summary.testMode += n }
        guard SignatureStatus(rawValue: row["signature"]) == .valid else { return }
        let last = (row["last"] as Double?).map(Date.init(timeIntervalSince1970:))
        if SecretGeneration(rawValue: row["secret"] ?? "") == .previous {
            summary.validPrevious += n
            summary.lastPreviousAt = [summary.lastPreviousAt, last].compactMap { $0 }.max()
        } else {
            summary.lastCurrentAt = [summary.lastCurrentAt, last].compactMap { $0 }.max()
        }
    }

    /// The newest notification that is not test mode (`live_mode` true, or unknown as for an IPN).
    static func addLastLive(
        _ db: Database, to summary: inout NotificationSummary, sellerFilter: String, arguments: StatementArguments
    ) throws {
        summary.lastLiveReceivedAt = try Double.fetchOne(
            db,
            sql: """
                SELECT received_at FROM notification WHERE COALESCE(live_mode, 1) != 0 \(sellerFilter)
                ORDER BY received_at DESC LIMIT 1
                """, arguments: arguments
        ).map(Date.init(timeIntervalSince1970:))
    }
}

// MARK: Rejected deliveries kept for re-verification (issue 11)

extension SQLiteStore: RejectedReplayStore {
    /// The raw request (query, `x-signature`, body up to the receiver's body limit) of a signature refusal is kept
    /// for the newest ``rawRejectedBound`` rejected rows and at most ``rawRejectedMaxAge``; older rows keep only
    /// their summary (reason, request id, data.id, remote address). The row count itself is ``rejectedLogBound``.
    public static let rawRejectedBound = 200
    public static let rawRejectedMaxAge: TimeInterval = 7 * 24 * 3600

    static func pruneRawRequests(_ db: Database, now: Date) throws {
        try db.execute(
            sql: """
                UPDATE rejected_delivery SET raw_query = NULL, raw_signature = NULL, raw_body = NULL
                WHERE raw_body IS NOT NULL
                  AND (seq <= (SELECT MAX(seq) FROM rejected_delivery) - ? OR received_at < ?)
                """, arguments: [rawRejectedBound, now.timeIntervalSince1970 - rawRejectedMaxAge])
    }

    static func rawRequest(_ row: Row) -> RejectedDelivery.RawRequest? {
        guard let body: Data = row["raw_body"] else { return nil }
        return RejectedDelivery.RawRequest(query: row["raw_query"], signature: row["raw_signature"], body: body)
    }

    static func replayOutcome(_ row: Row) -> RejectedDelivery.ReplayOutcome? {
        guard let text: String = row["replay_result"], let at: Double = row["recovered_at"] else { return nil }
        // replay_result is "recovered", or "rejected" followed by a tab, the reason and a tab and the detail.
        let parts = text.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        return RejectedDelivery.ReplayOutcome(
            result: parts[0], at: Date(timeIntervalSince1970: at), notificationSeq: row["recovered_seq"],
            secret: (row["recovered_secret"] as String?).flatMap(SecretGeneration.init(rawValue:)),
            reason: parts.count > 1 ? RejectionReason(rawValue: parts[1]) : nil,
            detail: parts.count > 2 ? parts[2] : nil)
    }

    /// Rejected deliveries that still carry their raw request and were not recovered, oldest first.
    public func replayableRejected(limit: Int) async throws -> [RejectedDelivery] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM rejected_delivery
                    WHERE raw_body IS NOT NULL AND (replay_result IS NULL OR replay_result != 'recovered')
                    ORDER BY seq LIMIT ?
                    """, arguments: [max(0, limit)]
            ).map { row in
                RejectedDelivery(
                    seq: row["seq"], receivedAt: Date(timeIntervalSince1970: row["received_at"]),
                    reason: RejectionReason(rawValue: row["reason"]), requestID: row["request_id"],
                    dataID: row["data_id"], remoteAddress: row["remote_addr"], seller: row["seller"],
                    detail: row["detail"], raw: Self.rawRequest(row), replay: Self.replayOutcome(row))
            }
        }
    }

    /// Records what re-verifying a rejected delivery concluded. A recovered row drops its raw request: the
    /// notification it became holds the body now.
    public func recordReplay(rejectedSeq: Int64, _ outcome: RejectedDelivery.ReplayOutcome) async throws {
        let text =
            outcome.recovered
            ? "recovered"
            : [outcome.result, outcome.reason?.rawValue ?? "", outcome.detail ?? ""].joined(separator: "\t")
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE rejected_delivery SET replay_result = ?, recovered_at = ?, recovered_seq = ?,
                      recovered_secret = ?
                    WHERE seq = ?
                    """,
                arguments: [
                    text, outcome.at.timeIntervalSince1970, outcome.notificationSeq, outcome.secret?.rawValue,
                    rejectedSeq,
                ])
            if outcome.recovered {
                try db.execute(
                    sql: "UPDATE rejected_delivery SET raw_query = NULL, raw_signature = NULL, raw_body = NULL "
                        + "WHERE seq = ?", arguments: [rejectedSeq])
            }
        }
    }
}

// MARK: Test mode apart (issue 11)

extension SQLiteStore {
    /// The SQL condition of a listing's mode, nil for all.
    static func modeCondition(_ mode: NotificationMode) -> String? {
        switch mode {
        case .live: "COALESCE(live_mode, 1) != 0"
        case .test: "live_mode = 0"
        case .all: nil
        }
    }

    /// How many test-mode notifications a seller has (the feed's "+N test mode" count).
    public func testModeCount(seller: String?) async throws -> Int {
        try await read { db in
            try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM notification WHERE live_mode = 0"
                    + (seller == nil ? "" : " AND (seller = ? OR seller IS NULL)"),
                arguments: seller.map { [$0] } ?? []) ?? 0
        }
    }
}

extension SQLiteStore {
    /// "rotation v2": a partial index so that counting test-mode notifications (the dashboard's feed line) reads
    /// only those rows, however large the log.
    static func registerTestModeIndex(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("rotation v2: test-mode index") { db in
            try db.execute(sql: "CREATE INDEX notification_test_mode ON notification (seller) WHERE live_mode = 0")
        }
    }
}
