public import Foundation
import GRDB
public import GoLiveCore

/// The forward outbox (issue 11, docs/FORWARDING.md): one row per delivery to the shop's backend, with the exact
/// body to send, so a retry after a restart sends the same bytes under the same delivery id.
extension SQLiteStore: ForwardOutbox {
    static func registerForwardingMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("forwarding v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE forward_delivery (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      delivery_id TEXT NOT NULL UNIQUE,
                      seller TEXT,
                      seller_id INTEGER,
                      notification_seq INTEGER,
                      notification_id TEXT,
                      topic TEXT NOT NULL,
                      action TEXT,
                      data_id TEXT,
                      order_key TEXT NOT NULL,
                      source TEXT NOT NULL,
                      state TEXT NOT NULL,
                      attempts INTEGER NOT NULL DEFAULT 0,
                      next_attempt_at REAL,
                      last_error TEXT,
                      last_status INTEGER,
                      created_at REAL NOT NULL,
                      delivered_at REAL,
                      body TEXT NOT NULL
                    );
                    CREATE INDEX forward_open ON forward_delivery (order_key, id) WHERE state IN ('pending', 'retrying');
                    CREATE INDEX forward_due ON forward_delivery (next_attempt_at, id) WHERE state IN ('pending', 'retrying');
                    CREATE INDEX forward_by_seq ON forward_delivery (notification_seq, id);
                    CREATE INDEX forward_by_state ON forward_delivery (state, seller);
                    """)
        }
    }

    // MARK: Enqueueing

    @discardableResult
    public func enqueueForwards(_ drafts: [ForwardDraft], at: Date) async throws -> [ForwardDelivery] {
        guard !drafts.isEmpty else { return [] }
        return try await write { db in try Self.insertForwards(db, drafts, at: at) }
    }

    /// Inside a caller's transaction (the processor's outcomes are recorded with their deliveries).
    static func insertForwards(_ db: Database, _ drafts: [ForwardDraft], at: Date) throws -> [ForwardDelivery] {
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO forward_delivery (delivery_id, seller, seller_id, notification_seq, notification_id, topic,
                  action, data_id, order_key, source, state, attempts, next_attempt_at, created_at, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)
                ON CONFLICT(delivery_id) DO NOTHING
                """)
        var stored: [ForwardDelivery] = []
        for draft in drafts {
            try insert.execute(arguments: [
                draft.deliveryID, draft.seller, draft.sellerID, draft.notificationSeq, draft.notificationID,
                draft.topic,
                draft.action, draft.dataID, draft.orderKey, draft.source.rawValue, at.timeIntervalSince1970,
                at.timeIntervalSince1970, draft.body,
            ])
            guard db.changesCount > 0 else { continue }
            stored.append(
                ForwardDelivery(
                    id: db.lastInsertedRowID, deliveryID: draft.deliveryID, seller: draft.seller,
                    notificationSeq: draft.notificationSeq, topic: draft.topic, dataID: draft.dataID,
                    source: draft.source, state: .pending, attempts: 0, nextAttemptAt: at, lastError: nil,
                    lastStatus: nil, createdAt: at, deliveredAt: nil, body: draft.body))
        }
        return stored
    }

    // MARK: Delivering

    public func dueForwards(now: Date, limit: Int) async throws -> [ForwardDelivery] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM forward_delivery AS d
                    WHERE d.state IN ('pending', 'retrying') AND d.next_attempt_at <= ?
                      AND NOT EXISTS (
                        SELECT 1 FROM forward_delivery AS e
                        WHERE e.order_key = d.order_key AND e.id < d.id AND e.state IN ('pending', 'retrying'))
                    ORDER BY d.id LIMIT ?
                    """, arguments: [now.timeIntervalSince1970, max(0, limit)]
            ).map(Self.forwardDelivery(from:))
        }
    }

    public func recordForwardAttempt(id: Int64, result: ForwardAttemptResult, at: Date) async throws {
        let state: ForwardingState
        var status: Int?
        var error: String?
        var next: Double?
        var delivered: Double?
        switch result {
        case .delivered(let code):
            state = .delivered
            status = code
            delivered = at.timeIntervalSince1970
        case .retry(let code, let message, let nextAttemptAt):
            state = .retrying
            status = code
            error = message
            next = nextAttemptAt.timeIntervalSince1970
        case .dead(let code, let message):
            state = .dead
            status = code
            error = message
        }
        try await write { [status, error, next, delivered] db in
            try db.execute(
                sql: """
                    UPDATE forward_delivery SET state = ?, attempts = attempts + 1, last_status = ?, last_error = ?,
                      next_attempt_at = ?, delivered_at = COALESCE(?, delivered_at)
                    WHERE id = ?
                    """, arguments: [state.rawValue, status, error, next, delivered, id])
        }
    }

    public func rearmDeadForwards(deliveryID: String?, at: Date) async throws -> [ForwardDelivery] {
        try await write { db in
            var filter = "state = 'dead'"
            var arguments: StatementArguments = []
            if let deliveryID {
                filter += " AND delivery_id = ?"
                arguments += [deliveryID]
            }
            let ids = try Int64.fetchAll(
                db, sql: "SELECT id FROM forward_delivery WHERE \(filter) ORDER BY id", arguments: arguments)
            guard !ids.isEmpty else { return [] }
            let list = ids.map(String.init).joined(separator: ",")
            try db.execute(
                sql: """
                    UPDATE forward_delivery SET state = 'pending', attempts = 0, next_attempt_at = ?
                    WHERE id IN (\(list))
                    """, arguments: [at.timeIntervalSince1970])
            return try Row.fetchAll(db, sql: "SELECT * FROM forward_delivery WHERE id IN (\(list)) ORDER BY id")
                .map(Self.forwardDelivery(from:))
        }
    }

    // MARK: Reading

    public func forwardSummaries(notificationSeqs: [Int64]) async throws -> [Int64: ForwardSummary] {
        guard !notificationSeqs.isEmpty else { return [:] }
        return try await read { db in
            var summaries: [Int64: ForwardSummary] = [:]
            let statement = try db.cachedStatement(
                sql: """
                    SELECT delivery_id, state, attempts, last_error FROM forward_delivery
                    WHERE notification_seq = ? ORDER BY id DESC LIMIT 1
                    """)
            for seq in notificationSeqs {
                guard let row = try Row.fetchOne(statement, arguments: [seq]) else { continue }
                summaries[seq] = ForwardSummary(
                    deliveryID: row["delivery_id"], state: ForwardingState(rawValue: row["state"]) ?? .pending,
                    attempts: row["attempts"], lastError: row["last_error"])
            }
            return summaries
        }
    }

    public func forwardDeliveries(seller: String?, state: ForwardingState?, limit: Int) async throws
        -> [ForwardDelivery]
    {
        try await read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let seller {
                conditions.append("seller = ?")
                arguments += [seller]
            }
            if let state {
                conditions.append("state = ?")
                arguments += [state.rawValue]
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments += [max(0, limit)]
            return try Row.fetchAll(
                db, sql: "SELECT * FROM forward_delivery \(filter) ORDER BY id DESC LIMIT ?", arguments: arguments
            ).map(Self.forwardDelivery(from:))
        }
    }

    public func forwardCounts(seller: String?) async throws -> ForwardCounts {
        try await read { db in
            let filter = seller == nil ? "" : "WHERE seller = ?"
            let arguments: StatementArguments = seller.map { [$0] } ?? []
            var counts = ForwardCounts()
            for row in try Row.fetchAll(
                db, sql: "SELECT state, COUNT(*) AS n FROM forward_delivery \(filter) GROUP BY state",
                arguments: arguments)
            {
                let n: Int = row["n"]
                switch ForwardingState(rawValue: row["state"]) {
                case .pending: counts.pending = n
                case .retrying: counts.retrying = n
                case .delivered: counts.delivered = n
                case .dead: counts.dead = n
                case .notForwarded, nil: break
                }
            }
            let open = seller == nil ? "WHERE" : "WHERE seller = ? AND"
            counts.oldestUndeliveredAt = try Double.fetchOne(
                db,
                sql: "SELECT MIN(created_at) FROM forward_delivery \(open) state IN ('pending', 'retrying')",
                arguments: arguments
            ).map(Date.init(timeIntervalSince1970:))
            return counts
        }
    }

    /// One notification by its `seq` (replay), body included.
    public func notification(seq: Int64) async throws -> StoredNotification? {
        try await read { db in
            try Self.fetchNotifications(db, sql: "SELECT * FROM notification WHERE seq = ?", arguments: [seq]).first
        }
    }

    static func forwardDelivery(from row: Row) -> ForwardDelivery {
        let next: Double? = row["next_attempt_at"]
        let delivered: Double? = row["delivered_at"]
        return ForwardDelivery(
            id: row["id"], deliveryID: row["delivery_id"], seller: row["seller"],
            notificationSeq: row["notification_seq"], topic: row["topic"], dataID: row["data_id"],
            source: ForwardSource(rawValue: row["source"]) ?? .notification,
            state: ForwardingState(rawValue: row["state"]) ?? .pending, attempts: row["attempts"],
            nextAttemptAt: next.map(Date.init(timeIntervalSince1970:)), lastError: row["last_error"],
            lastStatus: row["last_status"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
            deliveredAt: delivered.map(Date.init(timeIntervalSince1970:)), body: row["body"])
    }
}
