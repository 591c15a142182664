public import Foundation
public import GoLiveCore
import PostgresNIO

/// Issue 11 in the notifications' tables on PostgreSQL (ported from `SQLiteStore+Rotation.swift`): which secret
/// verified a notification (rotation), the raw request of a signature rejection (re-verified by
/// `golive notifications replay --rejected`), and the split of live and test-mode traffic. The columns are
/// created by "notifications v1" (PostgresStore+Notifications.swift).
extension PostgresStore {
    /// One row of the summary's `GROUP BY signature, secret, live`.
    static func addRotationCounts(
        signature: String, secret: String?, live: Bool, n: Int, last: Double?, to summary: inout NotificationSummary
    ) {
        if live { summary.receivedLive += n } else { summary.testMode += n }
        guard SignatureStatus(rawValue: signature) == .valid else { return }
        let last = last.map(Date.init(storedSeconds:))
        if SecretGeneration(rawValue: secret ?? "") == .previous {
            summary.validPrevious += n
            summary.lastPreviousAt = [summary.lastPreviousAt, last].compactMap { $0 }.max()
        } else {
            summary.lastCurrentAt = [summary.lastCurrentAt, last].compactMap { $0 }.max()
        }
    }

    /// The SQL condition of a listing's mode, nil for all.
    static func modeCondition(_ mode: NotificationMode) -> String? {
        switch mode {
        case .live: "COALESCE(live_mode, true)"
        case .test: "live_mode = false"
        case .all: nil
        }
    }

    /// How many test-mode notifications a seller has (the feed's "+N test mode" count).
    public func testModeCount(seller: String?) async throws -> Int {
        try await read("counting test-mode notifications") { connection in
            let count = try await connection.query(
                """
                SELECT COUNT(*) FROM notification
                WHERE live_mode = false AND (\(seller)::text IS NULL OR seller = \(seller) OR seller IS NULL)
                """, logger: Self.quiet
            ).firstValue(Int64.self)
            return Int(count ?? 0)
        }
    }

    static func rejectedRows(_ rows: PostgresRowSequence) async throws -> [RejectedDelivery] {
        var result: [RejectedDelivery] = []
        for try await row in rows {
            let row = row.makeRandomAccess()
            result.append(
                RejectedDelivery(
                    seq: try row.value("seq"), receivedAt: Date(storedSeconds: try row.value("received_at")),
                    reason: RejectionReason(rawValue: try row.value("reason")), requestID: try row.value("request_id"),
                    dataID: try row.value("data_id"), remoteAddress: try row.value("remote_addr"),
                    seller: try row.value("seller"), detail: try row.value("detail"), raw: try rawRequest(row),
                    replay: try replayOutcome(row)))
        }
        return result
    }

    static func rawRequest(_ row: PostgresRandomAccessRow) throws -> RejectedDelivery.RawRequest? {
        guard let body: Data = try row.value("raw_body") else { return nil }
        return RejectedDelivery.RawRequest(
            query: try row.value("raw_query"), signature: try row.value("raw_signature"), body: body)
    }

    static func replayOutcome(_ row: PostgresRandomAccessRow) throws -> RejectedDelivery.ReplayOutcome? {
        guard let text: String = try row.value("replay_result"), let at: Double = try row.value("recovered_at")
        else { return nil }
        // replay_result is "recovered", or "rejected" followed by a tab, the reason and a tab and the detail.
        let parts = text.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        return RejectedDelivery.ReplayOutcome(
            result: parts[0], at: Date(storedSeconds: at), notificationSeq: try row.value("recovered_seq"),
            secret: (try row.value("recovered_secret", as: String?.self)).flatMap(SecretGeneration.init(rawValue:)),
            reason: parts.count > 1 ? RejectionReason(rawValue: parts[1]) : nil,
            detail: parts.count > 2 ? parts[2] : nil)
    }
}

// MARK: Rejected deliveries kept for re-verification (issue 11)

extension PostgresStore: RejectedReplayStore {
    /// As with SQLite: the raw request of the newest ``rawRejectedBound`` rejected rows, for at most
    /// ``rawRejectedMaxAge``; older rows keep only their summary.
    public static let rawRejectedBound = 200
    public static let rawRejectedMaxAge: TimeInterval = 7 * 24 * 3600

    static func pruneRawRequests(_ connection: PostgresConnection, now: Date) async throws {
        let cutoff = now.storedSeconds - rawRejectedMaxAge
        try await connection.query(
            """
            UPDATE rejected_delivery SET raw_query = NULL, raw_signature = NULL, raw_body = NULL
            WHERE raw_body IS NOT NULL AND (received_at < \(cutoff) OR seq <= (
              SELECT seq FROM rejected_delivery ORDER BY seq DESC OFFSET \(rawRejectedBound) LIMIT 1))
            """, logger: quiet)
    }

    /// Rejected deliveries that still carry their raw request and were not recovered, oldest first.
    public func replayableRejected(limit: Int) async throws -> [RejectedDelivery] {
        try await read("reading replayable rejected deliveries") { connection in
            try await Self.rejectedRows(
                connection.query(
                    """
                    SELECT * FROM rejected_delivery
                    WHERE raw_body IS NOT NULL AND (replay_result IS NULL OR replay_result != 'recovered')
                    ORDER BY seq LIMIT \(max(0, limit))
                    """, logger: Self.quiet))
        }
    }

    /// Records what re-verifying a rejected delivery concluded. A recovered row drops its raw request: the
    /// notification it became holds the body now.
    public func recordReplay(rejectedSeq: Int64, _ outcome: RejectedDelivery.ReplayOutcome) async throws {
        let text =
            outcome.recovered
            ? "recovered"
            : [outcome.result, outcome.reason?.rawValue ?? "", outcome.detail ?? ""].joined(separator: "\t")
        try await write("recording a rejected delivery's replay") { connection in
            try await connection.query(
                """
                UPDATE rejected_delivery SET replay_result = \(text), recovered_at = \(outcome.at.storedSeconds),
                  recovered_seq = \(outcome.notificationSeq), recovered_secret = \(outcome.secret?.rawValue)
                WHERE seq = \(rejectedSeq)
                """, logger: Self.quiet)
            if outcome.recovered {
                try await connection.query(
                    """
                    UPDATE rejected_delivery SET raw_query = NULL, raw_signature = NULL, raw_body = NULL
                    WHERE seq = \(rejectedSeq)
                    """, logger: Self.quiet)
            }
        }
    }
}
