import Foundation
import GRDB
import GoLiveCore

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
