import Foundation
public import GoLiveCore
import PostgresNIO

/// The dashboard's and the wall's cheap reads on PostgreSQL (issue 10): the newest row of each thing they show,
/// from indexed columns only, as SQLite's `SQLiteStore+Dashboard.swift` reads them (`testModeCount` and
/// `notification(seq:)` are in PostgresStore+Rotation.swift and PostgresStore+Forwarding.swift).
extension PostgresStore: DashboardQueries {
    public func dashboardMarks(seller: String) async throws -> DashboardMarks {
        try await read("reading the dashboard's marks") { connection in
            let rows = try await connection.query(
                """
                SELECT (SELECT max(seq) FROM notification WHERE seller = \(seller)),
                  (SELECT max(seq) FROM check_result),
                  (SELECT max(updated_at) FROM seller),
                  (SELECT max(fetched_at) FROM report_file WHERE seller = \(seller)),
                  (SELECT heartbeat_at FROM receiver_status WHERE id = 1)
                """, logger: Self.quiet
            ).collect()
            guard let row = rows.first else { return DashboardMarks() }
            let (notification, check, seller, report, heartbeat) = try row.decode(
                (Int64?, Int64?, Double?, Double?, Double?).self)
            return DashboardMarks(
                notificationSeq: notification, checkSeq: check, sellerUpdatedAt: seller, reportFetchedAt: report,
                heartbeat: heartbeat.map(Date.init(storedSeconds:)))
        }
    }

    public func processingMarks(seqs: [Int64]) async throws -> [Int64: ProcessingMark] {
        guard !seqs.isEmpty else { return [:] }
        return try await read("reading processing marks") { connection in
            var marks: [Int64: ProcessingMark] = [:]
            for try await (seq, processing, attempts, status) in try await connection.query(
                "SELECT seq, processing, attempts, resource_status FROM notification WHERE seq = ANY(\(seqs))",
                logger: Self.quiet
            ).decode((Int64, String, Int64, String?).self) {
                marks[seq] = ProcessingMark(processing: processing, attempts: Int(attempts), resourceStatus: status)
            }
            return marks
        }
    }

    public func neverNotifiedMark(seller: String) async throws -> String {
        try await read("reading the never-notified mark") { connection in
            let rows = try await connection.query(
                """
                SELECT (SELECT max(seq) FROM never_notified WHERE seller = \(seller)),
                  (SELECT max(n.seq) FROM notification AS n JOIN never_notified AS x ON n.data_id = x.payment_id
                   WHERE x.seller = \(seller))
                """, logger: Self.quiet
            ).collect()
            let (finding, notification) = try rows.first?.decode((Int64?, Int64?).self) ?? (nil, nil)
            return "\(finding ?? 0)/\(notification ?? 0)"
        }
    }
}
