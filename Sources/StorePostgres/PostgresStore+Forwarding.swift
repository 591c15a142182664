public import Foundation
public import GoLiveCore
import PostgresNIO

/// The forward outbox on PostgreSQL (issue 11, docs/FORWARDING.md; ported from `SQLiteStore+Forwarding.swift` with
/// the same table and column names): one row per delivery to the shop's backend, with the exact body to send.
/// `dueForwards` claims its rows as `dueNotifications` does (PostgresStore+Claims.swift), so several instances
/// never send the same delivery at once, and per order key only the earliest open delivery is ever due.
extension PostgresStore: ForwardOutbox {
    /// This requirement's tables (see PostgresMigrations.swift).
    static var forwardingMigrations: [PostgresMigration] {
        [
            PostgresMigration(
                "forwarding v1: the forward outbox",
                [
                    """
                    CREATE TABLE forward_delivery (
                      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                      delivery_id text NOT NULL UNIQUE,
                      seller text,
                      seller_id bigint,
                      notification_seq bigint,
                      notification_id text,
                      topic text NOT NULL,
                      action text,
                      data_id text,
                      order_key text NOT NULL,
                      source text NOT NULL,
                      state text NOT NULL,
                      attempts bigint NOT NULL DEFAULT 0,
                      next_attempt_at double precision,
                      last_error text,
                      last_status bigint,
                      created_at double precision NOT NULL,
                      delivered_at double precision,
                      body text NOT NULL,
                      claim_token bigint)
                    """,
                    """
                    CREATE INDEX forward_open ON forward_delivery (order_key, id)
                    WHERE state IN ('pending', 'retrying')
                    """,
                    """
                    CREATE INDEX forward_due ON forward_delivery (next_attempt_at, id)
                    WHERE state IN ('pending', 'retrying')
                    """,
                    "CREATE INDEX forward_by_seq ON forward_delivery (notification_seq, id)",
                    "CREATE INDEX forward_by_state ON forward_delivery (state, seller)",
                ])
        ]
    }

    // MARK: Enqueueing

    @discardableResult
    public func enqueueForwards(_ drafts: [ForwardDraft], at: Date) async throws -> [ForwardDelivery] {
        guard !drafts.isEmpty else { return [] }
        return try await write("enqueueing \(drafts.count) forward deliveries") { connection in
            try await Self.insertForwards(connection, drafts, at: at)
        }
    }

    /// Inside a caller's transaction (the processor's outcomes are recorded with their deliveries).
    static func insertForwards(
        _ connection: PostgresConnection, _ drafts: [ForwardDraft], at: Date
    ) async throws -> [ForwardDelivery] {
        let rows = drafts.enumerated().map { index, draft in
            ForwardRow(
                o: index, deliveryID: draft.deliveryID, seller: draft.seller, sellerID: draft.sellerID,
                notificationSeq: draft.notificationSeq, notificationID: draft.notificationID.map(text),
                topic: text(draft.topic), action: draft.action.map(text), dataID: draft.dataID.map(text),
                orderKey: text(draft.orderKey), source: draft.source.rawValue, body: text(draft.body))
        }
        let json = String(decoding: try Self.recordsetEncoder.encode(rows), as: UTF8.self)
        // One statement for the batch, in order; a delivery id already stored (or earlier in the batch) is skipped.
        let inserted = try await connection.query(
            """
            INSERT INTO forward_delivery (delivery_id, seller, seller_id, notification_seq, notification_id, topic,
              action, data_id, order_key, source, state, attempts, next_attempt_at, created_at, body)
            SELECT delivery_id, seller, seller_id, notification_seq, notification_id, topic, action, data_id,
              order_key, source, 'pending', 0, \(at.storedSeconds), \(at.storedSeconds), body
            FROM json_to_recordset(\(json)::json) AS i(o bigint, delivery_id text, seller text, seller_id bigint,
              notification_seq bigint, notification_id text, topic text, action text, data_id text, order_key text,
              source text, body text)
            ORDER BY o
            ON CONFLICT (delivery_id) DO NOTHING
            RETURNING id, delivery_id
            """, logger: quiet)
        var ids: [String: Int64] = [:]
        for try await (id, deliveryID) in inserted.decode((Int64, String).self) { ids[deliveryID] = id }
        var stored: [ForwardDelivery] = []
        for draft in drafts {
            guard let id = ids.removeValue(forKey: draft.deliveryID) else { continue }
            stored.append(
                ForwardDelivery(
                    id: id, deliveryID: draft.deliveryID, seller: draft.seller,
                    notificationSeq: draft.notificationSeq, topic: draft.topic, dataID: draft.dataID,
                    source: draft.source, state: .pending, attempts: 0, nextAttemptAt: at, lastError: nil,
                    lastStatus: nil, createdAt: at, deliveredAt: nil, body: draft.body))
        }
        return stored
    }

    /// One draft for `json_to_recordset` (absent keys are NULLs).
    struct ForwardRow: Encodable {
        var o: Int
        var deliveryID: String
        var seller: String?
        var sellerID: Int64?
        var notificationSeq: Int64?
        var notificationID: String?
        var topic: String
        var action, dataID: String?
        var orderKey, source, body: String
    }

    // MARK: Delivering

    /// Claims up to `limit` due deliveries for this instance, oldest first, at most one per order key and only
    /// when no earlier delivery of that key is still open (``PostgresClaims``: not due again for anyone until its
    /// attempt is recorded or ``PostgresClaims/forwardLease`` has passed; a claimed delivery stays open, so the
    /// later ones of its key keep waiting).
    public func dueForwards(now: Date, limit: Int) async throws -> [ForwardDelivery] {
        guard limit > 0 else { return [] }
        let token = PostgresClaims.newToken()
        let until = now.storedSeconds + claims.forwardLease.storedSeconds
        let due = try await write("claiming due forward deliveries") { connection in
            try await Self.forwardRows(
                connection.query(
                    """
                    WITH due AS MATERIALIZED (
                      SELECT d.id, d.next_attempt_at AS previous_attempt_at FROM forward_delivery AS d
                      WHERE d.state IN ('pending', 'retrying') AND d.next_attempt_at <= \(now.storedSeconds)
                        AND NOT EXISTS (
                          SELECT 1 FROM forward_delivery AS e
                          WHERE e.order_key = d.order_key AND e.id < d.id AND e.state IN ('pending', 'retrying'))
                      ORDER BY d.id LIMIT \(limit)
                      FOR UPDATE OF d SKIP LOCKED)
                    UPDATE forward_delivery AS f SET next_attempt_at = \(until), claim_token = \(token)
                    FROM due WHERE f.id = due.id
                    RETURNING f.id, f.delivery_id, f.seller, f.notification_seq, f.topic, f.data_id, f.source, f.state,
                      f.attempts, due.previous_attempt_at AS next_attempt_at, f.last_error, f.last_status,
                      f.created_at, f.delivered_at, f.body
                    """, logger: Self.quiet))
        }
        claims.claimedForwards(due.map(\.id), token: token)
        return due.sorted { $0.id < $1.id }
    }

    public func recordForwardAttempt(id: Int64, result: ForwardAttemptResult, at: Date) async throws {
        let state: ForwardingState
        var status: Int64?
        var error: String?
        var next: Double?
        var delivered: Double?
        switch result {
        case .delivered(let code):
            state = .delivered
            status = Int64(code)
            delivered = at.storedSeconds
        case .retry(let code, let message, let nextAttemptAt):
            state = .retrying
            status = code.map(Int64.init)
            error = message
            next = nextAttemptAt.storedSeconds
        case .dead(let code, let message):
            state = .dead
            status = code.map(Int64.init)
            error = message
        }
        // Fenced like a notification's outcome: a late attempt of a delivery another instance re-claimed is
        // not recorded over the newer one.
        let token = claims.releaseForward(id)
        do {
            try await write("recording a forward attempt") { [status, error, next, delivered] connection in
                try await connection.query(
                    """
                    UPDATE forward_delivery SET state = \(state.rawValue), attempts = attempts + 1,
                      last_status = \(status), last_error = \(error), next_attempt_at = \(next),
                      delivered_at = COALESCE(\(delivered), delivered_at), claim_token = NULL
                    WHERE id = \(id) AND (\(token)::bigint IS NULL OR claim_token = \(token))
                    """, logger: Self.quiet)
                try await Self.notifyFeed(.forwards, seq: nil, on: connection)
            }
        } catch {
            if let token { claims.restoreForward(id, token: token) }
            throw error
        }
    }

    public func rearmDeadForwards(deliveryID: String?, at: Date) async throws -> [ForwardDelivery] {
        try await write("re-arming dead forward deliveries") { connection in
            let rearmed = try await Self.forwardRows(
                connection.query(
                    """
                    UPDATE forward_delivery SET state = 'pending', attempts = 0, next_attempt_at = \(at.storedSeconds),
                      claim_token = NULL
                    WHERE state = 'dead' AND (\(deliveryID)::text IS NULL OR delivery_id = \(deliveryID))
                    RETURNING *
                    """, logger: Self.quiet))
            return rearmed.sorted { $0.id < $1.id }
        }
    }

    // MARK: Reading

    public func forwardSummaries(notificationSeqs: [Int64]) async throws -> [Int64: ForwardSummary] {
        guard !notificationSeqs.isEmpty else { return [:] }
        return try await read("reading forward summaries") { connection in
            var summaries: [Int64: ForwardSummary] = [:]
            let rows = try await connection.query(
                """
                SELECT DISTINCT ON (notification_seq) notification_seq, delivery_id, state, attempts, last_error
                FROM forward_delivery WHERE notification_seq = ANY(\(notificationSeqs)::bigint[])
                ORDER BY notification_seq, id DESC
                """, logger: Self.quiet)
            for try await (seq, deliveryID, state, attempts, lastError) in rows.decode(
                (Int64, String, String, Int64, String?).self)
            {
                summaries[seq] = ForwardSummary(
                    deliveryID: deliveryID, state: ForwardingState(rawValue: state) ?? .pending,
                    attempts: Int(attempts), lastError: lastError)
            }
            return summaries
        }
    }

    public func forwardDeliveries(seller: String?, state: ForwardingState?, limit: Int) async throws
        -> [ForwardDelivery]
    {
        try await read("reading forward deliveries") { connection in
            try await Self.forwardRows(
                connection.query(
                    """
                    SELECT * FROM forward_delivery
                    WHERE (\(seller)::text IS NULL OR seller = \(seller))
                      AND (\(state?.rawValue)::text IS NULL OR state = \(state?.rawValue))
                    ORDER BY id DESC LIMIT \(max(0, limit))
                    """, logger: Self.quiet))
        }
    }

    public func forwardCounts(seller: String?) async throws -> ForwardCounts {
        try await read("counting forward deliveries") { connection in
            var counts = ForwardCounts()
            let rows = try await connection.query(
                """
                SELECT state, COUNT(*) FROM forward_delivery WHERE (\(seller)::text IS NULL OR seller = \(seller))
                GROUP BY state
                """, logger: Self.quiet)
            for try await (state, n) in rows.decode((String, Int64).self) {
                let n = Int(n)
                switch ForwardingState(rawValue: state) {
                case .pending: counts.pending = n
                case .retrying: counts.retrying = n
                case .delivered: counts.delivered = n
                case .dead: counts.dead = n
                case .notForwarded, nil: break
                }
            }
            counts.oldestUndeliveredAt = try await connection.query(
                """
                SELECT MIN(created_at) FROM forward_delivery
                WHERE (\(seller)::text IS NULL OR seller = \(seller)) AND state IN ('pending', 'retrying')
                """, logger: Self.quiet
            ).firstValue(Double?.self)?.map(Date.init(storedSeconds:))
            return counts
        }
    }

    /// One notification by its `seq` (replay), body included.
    public func notification(seq: Int64) async throws -> StoredNotification? {
        try await read("reading notification #\(seq)") { connection in
            try await Self.notificationRows(
                connection.query("SELECT * FROM notification WHERE seq = \(seq)", logger: Self.quiet)
            ).first
        }
    }

    static func forwardRows(_ rows: PostgresRowSequence) async throws -> [ForwardDelivery] {
        var result: [ForwardDelivery] = []
        for try await row in rows {
            let row = row.makeRandomAccess()
            let next: Double? = try row.value("next_attempt_at")
            let delivered: Double? = try row.value("delivered_at")
            let status: Int64? = try row.value("last_status")
            result.append(
                ForwardDelivery(
                    id: try row.value("id"), deliveryID: try row.value("delivery_id"), seller: try row.value("seller"),
                    notificationSeq: try row.value("notification_seq"), topic: try row.value("topic"),
                    dataID: try row.value("data_id"),
                    source: ForwardSource(rawValue: try row.value("source")) ?? .notification,
                    state: ForwardingState(rawValue: try row.value("state")) ?? .pending,
                    attempts: Int(try row.value("attempts", as: Int64.self)),
                    nextAttemptAt: next.map(Date.init(storedSeconds:)), lastError: try row.value("last_error"),
                    lastStatus: status.map(Int.init), createdAt: Date(storedSeconds: try row.value("created_at")),
                    deliveredAt: delivered.map(Date.init(storedSeconds:)), body: try row.value("body")))
        }
        return result
    }
}
