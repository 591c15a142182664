public import Foundation
public import GoLiveCore
package import PostgresNIO

/// The notifications' tables on PostgreSQL (issue 10), ported from `SQLiteStore+Notifications.swift` with the same
/// table and column names: the delivery log with its outbox state, the bounded rejected log, the shop's orders and
/// the receiver's heartbeat. Every write is one transaction: a call that returns has been committed.
///
/// Several receivers share the tables:
/// - a duplicate (same Mercado Pago notification id) is detected by the UNIQUE index `notification_first` (one
///   row per id that is not flagged a duplicate), not by anything in memory; the second delivery is stored
///   flagged `duplicate` and already `done`, as SQLite does. Each batch first takes transaction-level advisory
///   locks on its ids (in a fixed order) so two receivers recording overlapping batches wait for each other
///   instead of deadlocking on the index;
/// - the processing outbox is claimed (PostgresStore+Claims.swift);
/// - an order update is applied by one `INSERT … ON CONFLICT DO UPDATE … WHERE newer`, atomic under concurrency;
/// - recording or processing notifications sends `pg_notify('golive_feed', …)` in the same transaction (only
///   delivered if it commits), which dashboards and walls on other machines follow (PostgresStore+Feed.swift).
///
/// Column types: `boolean` for `duplicate` and `live_mode`, `double precision` seconds for times, `bigint` for
/// ids, counts and `seller_id`, `bytea` for `raw_body`, `text` for the rest (`amount` is a decimal string).
extension PostgresStore: NotificationStore {
    /// How many rejected deliveries are kept (the oldest are dropped first), as with SQLite.
    public static let rejectedLogBound = 1000

    /// This requirement's tables (see PostgresMigrations.swift): SQLite's "notifications v1", "rotation v1" and
    /// "rotation v2" in one, plus what several instances need (the unique index on first deliveries, the claim
    /// token, an order for payment ids).
    static var notificationMigrations: [PostgresMigration] {
        [
            PostgresMigration(
                "notifications v1: notifications, rejected deliveries, orders, receiver status, rotation, claims",
                [
                    """
                    CREATE TABLE notification (
                      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                      notification_id text NOT NULL,
                      kind text NOT NULL,
                      topic text NOT NULL,
                      action text,
                      data_id text,
                      live_mode boolean,
                      seller text,
                      seller_id bigint,
                      request_id text,
                      signature text NOT NULL,
                      signature_variant text,
                      received_at double precision NOT NULL,
                      body text NOT NULL,
                      duplicate boolean NOT NULL,
                      processing text NOT NULL,
                      attempts bigint NOT NULL DEFAULT 0,
                      next_attempt_at double precision,
                      last_error text,
                      resource_status text,
                      processed_at double precision,
                      secret text,
                      claim_token bigint)
                    """,
                    "CREATE UNIQUE INDEX notification_first ON notification (notification_id) WHERE NOT duplicate",
                    "CREATE INDEX notification_by_id ON notification (notification_id)",
                    "CREATE INDEX notification_by_seller ON notification (seller, seq)",
                    "CREATE INDEX notification_by_data_id ON notification (data_id, seq)",
                    "CREATE INDEX notification_by_time ON notification (received_at)",
                    "CREATE INDEX notification_pending ON notification (seq) WHERE processing = 'pending'",
                    "CREATE INDEX notification_test_mode ON notification (seller) WHERE live_mode = false",
                    """
                    CREATE TABLE rejected_delivery (
                      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                      received_at double precision NOT NULL,
                      reason text NOT NULL,
                      request_id text,
                      data_id text,
                      remote_addr text,
                      seller text,
                      detail text,
                      raw_query text,
                      raw_signature text,
                      raw_body bytea,
                      recovered_at double precision,
                      recovered_seq bigint,
                      recovered_secret text,
                      replay_result text)
                    """,
                    "CREATE INDEX rejected_delivery_by_time ON rejected_delivery (received_at)",
                    """
                    CREATE TABLE shop_order (
                      seller text NOT NULL,
                      external_reference text NOT NULL,
                      seller_id bigint,
                      status text,
                      status_detail text,
                      amount text,
                      currency text,
                      source text NOT NULL,
                      source_id text NOT NULL,
                      date_last_updated double precision,
                      last_notification_seq bigint,
                      updated_at double precision NOT NULL,
                      PRIMARY KEY (seller, external_reference))
                    """,
                    "CREATE INDEX shop_order_by_status_time ON shop_order (seller, status, date_last_updated)",
                    """
                    CREATE TABLE order_payment (
                      seller text NOT NULL,
                      payment_id text NOT NULL,
                      external_reference text NOT NULL,
                      first_seen bigint GENERATED ALWAYS AS IDENTITY,
                      PRIMARY KEY (seller, payment_id))
                    """,
                    "CREATE INDEX order_payment_by_payment ON order_payment (payment_id)",
                    "CREATE INDEX order_payment_by_order ON order_payment (seller, external_reference, first_seen)",
                    """
                    CREATE TABLE receiver_status (
                      id integer PRIMARY KEY CHECK (id = 1),
                      listen text NOT NULL,
                      heartbeat_at double precision NOT NULL)
                    """,
                ])
        ]
    }

    // MARK: Receiving

    public func recordNotifications(_ batch: [IncomingNotification]) async throws -> [StoredNotification] {
        guard !batch.isEmpty else { return [] }
        return try await write("recording \(batch.count) notification(s)") { connection in
            try await AdvisoryKey.lock(batch.map { AdvisoryKey.of("notification", $0.notificationID) }, on: connection)
            // The first delivery of an id takes the unique index (one statement for the whole batch); any later
            // one (from this batch, another batch or another instance) conflicts and is stored flagged, already
            // done, never processed again.
            let firsts = try await Self.insertFirstDeliveries(batch, on: connection)
            var stored: [StoredNotification] = []
            stored.reserveCapacity(batch.count)
            for (index, notification) in batch.enumerated() {
                var seq = firsts[index]
                let duplicate = seq == nil
                if duplicate { seq = try await Self.insertNotification(notification, duplicate: true, on: connection) }
                guard let seq else {
                    throw GoLiveError(
                        .storeUnavailable, "PostgreSQL stored a notification without returning its seq.",
                        remedy: "Try again; if it persists, report it.")
                }
                stored.append(
                    StoredNotification(
                        seq: seq, notification: notification, duplicate: duplicate,
                        processing: duplicate ? .done : .pending))
            }
            try await Self.notifyFeed(.notifications, seq: stored.map(\.seq).max(), on: connection)
            return stored
        }
    }

    /// One batch row for `json_to_recordset` (the batch goes as one JSON parameter: one statement, not one per
    /// row; absent keys are NULLs).
    struct NotificationRow: Encodable {
        var o: Int
        var notificationID, kind, topic: String
        var action, dataID: String?
        var liveMode: Bool?
        var seller: String?
        var sellerID: Int64?
        var requestID: String?
        var signature: String
        var signatureVariant: String?
        var receivedAt: Double
        var body: String
        var secret: String?
    }

    /// Inserts the batch as first deliveries, in order, skipping every id that already has one (earlier in the
    /// batch included); returns the seq of each inserted one by its position in the batch.
    static func insertFirstDeliveries(
        _ batch: [IncomingNotification], on connection: PostgresConnection
    ) async throws -> [Int: Int64] {
        let rows = batch.enumerated().map { index, n in
            NotificationRow(
                o: index, notificationID: text(n.notificationID), kind: n.kind.rawValue, topic: text(n.topic),
                action: n.action.map(text), dataID: n.dataID.map(text), liveMode: n.liveMode, seller: n.seller,
                sellerID: n.userID, requestID: n.requestID.map(text), signature: n.signature.rawValue,
                signatureVariant: n.signatureVariant, receivedAt: n.receivedAt.storedSeconds, body: text(n.body),
                secret: n.secret?.rawValue)
        }
        let json = String(decoding: try Self.recordsetEncoder.encode(rows), as: UTF8.self)
        let inserted = try await connection.query(
            """
            INSERT INTO notification (notification_id, kind, topic, action, data_id, live_mode, seller, seller_id,
              request_id, signature, signature_variant, received_at, body, duplicate, processing, secret)
            SELECT notification_id, kind, topic, action, data_id, live_mode, seller, seller_id, request_id, signature,
              signature_variant, received_at, body, false, 'pending', secret
            FROM json_to_recordset(\(json)::json) AS i(o bigint, notification_id text, kind text, topic text,
              action text, data_id text, live_mode boolean, seller text, seller_id bigint, request_id text,
              signature text, signature_variant text, received_at double precision, body text, secret text)
            ORDER BY o
            ON CONFLICT (notification_id) WHERE NOT duplicate DO NOTHING
            RETURNING seq, notification_id
            """, logger: quiet)
        var seqByID: [String: Int64] = [:]
        for try await (seq, id) in inserted.decode((Int64, String).self) { seqByID[id] = seq }
        // The first occurrence of an inserted id is the one inserted (rows go in batch order).
        var firsts: [Int: Int64] = [:]
        for (index, notification) in batch.enumerated() {
            if let seq = seqByID.removeValue(forKey: text(notification.notificationID)) { firsts[index] = seq }
        }
        return firsts
    }

    /// Batch rows as JSON for `json_to_recordset`: property names in snake case are the column names.
    static var recordsetEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }

    /// Text as PostgreSQL can store it: `text` cannot hold NUL, which is replaced by U+FFFD (SQLite kept it).
    static func text(_ value: String) -> String {
        value.utf8.contains(0) ? value.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : value
    }

    /// Inserts one notification; nil when it is not a duplicate and the id already has its first delivery.
    static func insertNotification(
        _ notification: IncomingNotification, duplicate: Bool, on connection: PostgresConnection
    ) async throws -> Int64? {
        let processing = (duplicate ? ProcessingState.done : .pending).rawValue
        let processedAt: Double? = duplicate ? notification.receivedAt.storedSeconds : nil
        let conflict = duplicate ? "" : "ON CONFLICT (notification_id) WHERE NOT duplicate DO NOTHING"
        let rows = try await connection.query(
            """
            INSERT INTO notification (notification_id, kind, topic, action, data_id, live_mode, seller, seller_id,
              request_id, signature, signature_variant, received_at, body, duplicate, processing, processed_at, secret)
            VALUES (\(text(notification.notificationID)), \(notification.kind.rawValue), \(text(notification.topic)),
              \(notification.action.map(text)), \(notification.dataID.map(text)), \(notification.liveMode), \(notification.seller),
              \(notification.userID), \(notification.requestID.map(text)), \(notification.signature.rawValue),
              \(notification.signatureVariant), \(notification.receivedAt.storedSeconds), \(text(notification.body)),
              \(duplicate), \(processing), \(processedAt), \(notification.secret?.rawValue))
            \(unescaped: conflict)
            RETURNING seq
            """, logger: quiet)
        for try await seq in rows.decode(Int64.self) { return seq }
        return nil
    }

    public func recordRejected(_ rejected: [RejectedDelivery]) async throws {
        guard !rejected.isEmpty else { return }
        let now = rejected.map(\.receivedAt).max() ?? Date()
        try await write("recording \(rejected.count) rejected deliveries") { connection in
            for delivery in rejected {
                try await connection.query(
                    """
                    INSERT INTO rejected_delivery (received_at, reason, request_id, data_id, remote_addr, seller, detail,
                      raw_query, raw_signature, raw_body)
                    VALUES (\(delivery.receivedAt.storedSeconds), \(delivery.reason.rawValue), \(delivery.requestID),
                      \(delivery.dataID), \(delivery.remoteAddress), \(delivery.seller), \(delivery.detail),
                      \(delivery.raw?.query), \(delivery.raw?.signature), \(delivery.raw?.body))
                    """, logger: Self.quiet)
            }
            // The bound counts rows (identity values may have gaps after a rollback).
            try await connection.query(
                """
                DELETE FROM rejected_delivery WHERE seq <= (
                  SELECT seq FROM rejected_delivery ORDER BY seq DESC OFFSET \(Self.rejectedLogBound) LIMIT 1)
                """, logger: Self.quiet)
            try await Self.pruneRawRequests(connection, now: now)
        }
    }

    // MARK: Reading

    public func notifications(_ query: NotificationQuery) async throws -> [StoredNotification] {
        var dynamic = DynamicQuery()
        if let seller = query.seller { dynamic.add("seller = ?", seller) }
        if let after = query.afterSeq { dynamic.add("seq > ?", after) }
        if let dataID = query.dataID { dynamic.add("data_id = ?", dataID) }
        if let processing = query.processing { dynamic.add("processing = ?", processing.rawValue) }
        if let mode = Self.modeCondition(query.mode) { dynamic.add(mode) }  // issue 11: test mode
        let limit = dynamic.placeholder(max(0, query.limit))
        let sql = "SELECT * FROM notification \(dynamic.whereClause) ORDER BY seq DESC LIMIT \(limit)"
        let statement = dynamic.query(sql)
        return try await read("reading notifications") { connection in
            try await Self.notificationRows(connection.query(statement, logger: Self.quiet))
        }
    }

    public func rejectedDeliveries(limit: Int) async throws -> [RejectedDelivery] {
        try await read("reading rejected deliveries") { connection in
            try await Self.rejectedRows(
                connection.query(
                    "SELECT * FROM rejected_delivery ORDER BY seq DESC LIMIT \(max(0, limit))", logger: Self.quiet))
        }
    }

    public func notificationSummary(seller: String?, since: Date) async throws -> NotificationSummary {
        let reasons = Self.signatureReasons.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return try await read("reading the notification summary") { connection in
            var summary = NotificationSummary()
            // nil: every seller; a seller: its own and those no seller could be told for.
            let mine = "(\(seller == nil ? "true" : "seller = $1 OR seller IS NULL"))"
            func query(_ sql: String, _ extra: Double? = nil) throws -> PostgresQuery {
                var binds = PostgresBindings()
                if let seller { binds.append(seller) }
                if let extra { binds.append(extra) }
                return PostgresQuery(unsafeSQL: sql, binds: binds)
            }
            let since = since.storedSeconds
            let sincePlaceholder = seller == nil ? "$1" : "$2"
            summary.lastReceivedAt = try await connection.query(
                query("SELECT MAX(received_at) FROM notification WHERE \(mine)"), logger: Self.quiet
            ).firstValue(Double?.self)?.map(Date.init(storedSeconds:))
            summary.lastLiveReceivedAt = try await connection.query(
                query(
                    """
                    SELECT received_at FROM notification WHERE COALESCE(live_mode, true) AND \(mine)
                    ORDER BY received_at DESC LIMIT 1
                    """), logger: Self.quiet
            ).firstValue(Double.self).map(Date.init(storedSeconds:))
            let counts = try await connection.query(
                query(
                    """
                    SELECT signature, secret, COALESCE(live_mode, true) AS live, COUNT(*) AS n,
                      MAX(received_at) AS last FROM notification
                    WHERE received_at >= \(sincePlaceholder) AND \(mine) GROUP BY signature, secret, live
                    """, since), logger: Self.quiet)
            for try await (signature, secret, live, n, last) in counts.decode(
                (String, String?, Bool, Int64, Double?).self)
            {
                let n = Int(n)
                summary.received += n
                Self.addRotationCounts(
                    signature: signature, secret: secret, live: live, n: n, last: last, to: &summary)
                switch SignatureStatus(rawValue: signature) {
                case .valid: summary.valid += n
                case .unsigned: summary.unsigned += n
                case .notConfigured: summary.notConfigured += n
                case nil: break
                }
            }
            let rejections = try await connection.query(
                query(
                    """
                    SELECT COUNT(*), MAX(seq) FROM rejected_delivery
                    WHERE received_at >= \(sincePlaceholder) AND reason IN (\(reasons)) AND \(mine)
                      AND (replay_result IS NULL OR replay_result != 'recovered')
                    """, since), logger: Self.quiet)
            for try await (n, last) in rejections.decode((Int64, Int64?).self) {
                summary.signatureRejections = Int(n)
                guard let last else { continue }
                for try await (reason, at) in try await connection.query(
                    "SELECT reason, received_at FROM rejected_delivery WHERE seq = \(last)", logger: Self.quiet
                ).decode((String, Double).self) {
                    summary.lastRejectionReason = RejectionReason(rawValue: reason)
                    summary.lastRejectionAt = Date(storedSeconds: at)
                }
            }
            for try await (listen, at) in try await connection.query(
                "SELECT listen, heartbeat_at FROM receiver_status WHERE id = 1", logger: Self.quiet
            ).decode((String, Double).self) {
                summary.receiverListen = listen
                summary.receiverHeartbeat = Date(storedSeconds: at)
            }
            return summary
        }
    }

    static let signatureReasons: [RejectionReason] = [
        .missingSignature, .malformedSignature, .missingTimestamp, .missingHash, .signatureMismatch, .staleTimestamp,
    ]

    // MARK: Processing

    /// Claims up to `limit` due notifications for this instance (oldest first) and returns them, without their
    /// body (the processor never needs it). See ``PostgresClaims``: a claimed row is not due again, for any
    /// instance, until its outcome is recorded or the lease (``PostgresClaims/processingLease``) has passed.
    public func dueNotifications(now: Date, limit: Int) async throws -> [StoredNotification] {
        guard limit > 0 else { return [] }
        let token = PostgresClaims.newToken()
        let until = now.storedSeconds + claims.processingLease.storedSeconds
        let due = try await write("claiming due notifications") { connection in
            try await Self.notificationRows(
                connection.query(
                    """
                    WITH due AS MATERIALIZED (
                      SELECT seq, next_attempt_at AS previous_attempt_at FROM notification
                      WHERE processing = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= \(now.storedSeconds))
                      ORDER BY seq LIMIT \(limit)
                      FOR UPDATE SKIP LOCKED)
                    UPDATE notification AS n SET next_attempt_at = \(until), claim_token = \(token)
                    FROM due WHERE n.seq = due.seq
                    RETURNING \(unescaped: Self.columnsWithoutBody)
                    """, logger: Self.quiet))
        }
        claims.claimedNotifications(due.map(\.seq), token: token)
        return due.sorted { $0.seq < $1.seq }
    }

    public func recordProcessing(_ outcomes: [ProcessingRecord], at: Date) async throws {
        guard !outcomes.isEmpty else { return }
        // The tokens this instance holds for these rows (nil: not claimed here, e.g. a replay: unconditional).
        let tokens = outcomes.map { claims.releaseNotification($0.seq) }
        do {
            var rows: [OutcomeRow] = []
            for (record, token) in zip(outcomes, tokens) {
                var row = OutcomeRow(seq: record.seq, processing: ProcessingState.done.rawValue, token: token)
                switch record.outcome {
                case .done(let resourceStatus):
                    row.resourceStatus = resourceStatus.map(Self.text)
                case .retry(let message, let nextAttemptAt):
                    row.processing = ProcessingState.pending.rawValue
                    row.nextAttemptAt = nextAttemptAt.storedSeconds
                    row.lastError = Self.text(message)
                case .failed(let message):
                    row.processing = ProcessingState.failed.rawValue
                    row.lastError = Self.text(message)
                }
                rows.append(row)
            }
            let json = String(decoding: try Self.recordsetEncoder.encode(rows), as: UTF8.self)
            try await write("recording \(outcomes.count) processing outcome(s)") { connection in
                // One statement for the batch. Fenced: a row another instance re-claimed after this one's lease ran
                // out keeps that instance's outcome (and gets no forward from this one).
                let updated = try await connection.query(
                    """
                    UPDATE notification AS n SET processing = i.processing, attempts = n.attempts + 1,
                      next_attempt_at = i.next_attempt_at, last_error = i.last_error,
                      resource_status = COALESCE(i.resource_status, n.resource_status),
                      processed_at = \(at.storedSeconds), claim_token = NULL
                    FROM json_to_recordset(\(json)::json) AS i(seq bigint, processing text,
                      next_attempt_at double precision, last_error text, resource_status text, token bigint)
                    WHERE n.seq = i.seq AND (i.token IS NULL OR n.claim_token = i.token)
                    RETURNING n.seq
                    """, logger: Self.quiet
                ).decode(Int64.self)
                var recorded = Set<Int64>()
                for try await seq in updated { recorded.insert(seq) }
                // Forwarding (issue 11): the deliveries commit with the outcomes, or neither does.
                let forwards = outcomes.compactMap { record -> ForwardDraft? in
                    guard case .done = record.outcome, recorded.contains(record.seq) else { return nil }
                    return record.forward
                }
                if !forwards.isEmpty { _ = try await Self.insertForwards(connection, forwards, at: at) }
                try await Self.notifyFeed(.processing, seq: outcomes.map(\.seq).max(), on: connection)
            }
        } catch {
            for (record, token) in zip(outcomes, tokens) {
                if let token { claims.restoreNotification(record.seq, token: token) }
            }
            throw error
        }
    }

    /// One outcome for `json_to_recordset` (absent keys are NULLs).
    struct OutcomeRow: Encodable {
        var seq: Int64
        var processing: String
        var nextAttemptAt: Double?
        var lastError: String?
        var resourceStatus: String?
        var token: Int64?
    }

    public func requeueNotifications(seq: Int64?, at: Date) async throws -> Int {
        try await write("requeueing notifications") { connection in
            let rows: PostgresRowSequence
            if let seq {
                rows = try await connection.query(
                    """
                    UPDATE notification SET processing = 'pending', next_attempt_at = \(at.storedSeconds), attempts = 0,
                      claim_token = NULL
                    WHERE seq = \(seq) AND NOT duplicate RETURNING seq
                    """, logger: Self.quiet)
            } else {
                rows = try await connection.query(
                    """
                    UPDATE notification SET processing = 'pending', next_attempt_at = \(at.storedSeconds), attempts = 0,
                      claim_token = NULL
                    WHERE processing = 'failed' RETURNING seq
                    """, logger: Self.quiet)
            }
            var count = 0
            for try await _ in rows.decode(Int64.self) { count += 1 }
            if count > 0 { try await Self.notifyFeed(.processing, seq: nil, on: connection) }
            return count
        }
    }

    // MARK: Orders

    /// Applies an update unless the stored order is newer, in one `INSERT … ON CONFLICT DO UPDATE … WHERE`: the
    /// comparison and the write happen under the row's lock, so concurrent updates from several instances end
    /// with the newest whatever the order they commit in.
    @discardableResult
    public func applyOrderUpdate(_ update: ShopOrder) async throws -> Bool {
        try await write("updating order \(update.externalReference)") { connection in
            // Updates of one order take turns (their payment rows would otherwise be locked in any order).
            try await AdvisoryKey.lock(
                [AdvisoryKey.of("order", update.seller, update.externalReference)], on: connection)
            for payment in update.paymentIDs {
                try await connection.query(
                    """
                    INSERT INTO order_payment (seller, payment_id, external_reference)
                    VALUES (\(update.seller), \(payment), \(update.externalReference))
                    ON CONFLICT (seller, payment_id) DO UPDATE SET external_reference = excluded.external_reference
                    """, logger: Self.quiet)
            }
            let applied = try await connection.query(
                """
                INSERT INTO shop_order (seller, external_reference, seller_id, status, status_detail, amount, currency,
                  source, source_id, date_last_updated, last_notification_seq, updated_at)
                VALUES (\(update.seller), \(update.externalReference), \(update.sellerID), \(update.status),
                  \(update.statusDetail), \(update.amount.map { "\($0)" }), \(update.currency),
                  \(update.source.rawValue), \(update.sourceID), \(update.dateLastUpdated?.storedSeconds),
                  \(update.lastNotificationSeq), \(update.updatedAt.storedSeconds))
                ON CONFLICT (seller, external_reference) DO UPDATE SET
                  seller_id = COALESCE(excluded.seller_id, shop_order.seller_id), status = excluded.status,
                  status_detail = excluded.status_detail, amount = COALESCE(excluded.amount, shop_order.amount),
                  currency = COALESCE(excluded.currency, shop_order.currency), source = excluded.source,
                  source_id = excluded.source_id, date_last_updated = excluded.date_last_updated,
                  last_notification_seq = excluded.last_notification_seq, updated_at = excluded.updated_at
                WHERE (COALESCE(excluded.date_last_updated, '-Infinity'::double precision),
                       COALESCE(excluded.last_notification_seq, -1))
                   >= (COALESCE(shop_order.date_last_updated, '-Infinity'::double precision),
                       COALESCE(shop_order.last_notification_seq, -1))
                RETURNING 1
                """, logger: Self.quiet
            ).firstValue(Int32.self)
            return applied != nil
        }
    }

    public func order(seller: String, externalReference: String) async throws -> ShopOrder? {
        try await read("reading order \(externalReference)") { connection in
            try await Self.orderRows(
                connection.query(
                    "SELECT * FROM shop_order WHERE seller = \(seller) AND external_reference = \(externalReference)",
                    logger: Self.quiet), on: connection
            ).first
        }
    }

    public func order(paymentID: String) async throws -> ShopOrder? {
        try await read("reading the order of payment \(paymentID)") { connection in
            try await Self.orderRows(
                connection.query(
                    """
                    SELECT o.* FROM order_payment AS p JOIN shop_order AS o
                      ON o.seller = p.seller AND o.external_reference = p.external_reference
                    WHERE p.payment_id = \(paymentID) LIMIT 1
                    """, logger: Self.quiet), on: connection
            ).first
        }
    }

    public func orders(seller: String, status: String?, updatedFrom from: Date, to: Date) async throws -> [ShopOrder] {
        try await read("reading orders") { connection in
            try await Self.orderRows(
                connection.query(
                    """
                    SELECT * FROM shop_order WHERE seller = \(seller) AND date_last_updated >= \(from.storedSeconds)
                      AND date_last_updated < \(to.storedSeconds)
                      AND (\(status)::text IS NULL OR status = \(status))
                    ORDER BY date_last_updated
                    """, logger: Self.quiet), on: connection)
        }
    }

    public func recordReceiverHeartbeat(listen: String, at: Date) async throws {
        try await write("recording the receiver's heartbeat") { connection in
            try await connection.query(
                """
                INSERT INTO receiver_status (id, listen, heartbeat_at) VALUES (1, \(listen), \(at.storedSeconds))
                ON CONFLICT (id) DO UPDATE SET listen = excluded.listen, heartbeat_at = excluded.heartbeat_at
                """, logger: Self.quiet)
        }
    }

    // MARK: Rows

    /// Every column but the raw body (the processor never needs it; it is most of a row's bytes), and the
    /// previous `next_attempt_at` of a claimed row (not the lease), as SQLite would show it.
    static let columnsWithoutBody = """
        n.seq, n.notification_id, n.kind, n.topic, n.action, n.data_id, n.live_mode, n.seller, n.seller_id,
        n.request_id, n.signature, n.signature_variant, n.received_at, '' AS body, n.duplicate, n.processing,
        n.attempts, due.previous_attempt_at AS next_attempt_at, n.last_error, n.resource_status, n.processed_at,
        n.secret
        """

    static func notificationRows(_ rows: PostgresRowSequence) async throws -> [StoredNotification] {
        var result: [StoredNotification] = []
        for try await row in rows { result.append(try notification(from: row.makeRandomAccess())) }
        return result
    }

    static func notification(from row: PostgresRandomAccessRow) throws -> StoredNotification {
        let notification = IncomingNotification(
            kind: NotificationKind(rawValue: try row.value("kind")) ?? .webhook,
            notificationID: try row.value("notification_id"), topic: try row.value("topic"),
            action: try row.value("action"), dataID: try row.value("data_id"), liveMode: try row.value("live_mode"),
            userID: try row.value("seller_id"), requestID: try row.value("request_id"),
            seller: try row.value("seller"),
            signature: SignatureStatus(rawValue: try row.value("signature")) ?? .notConfigured,
            signatureVariant: try row.value("signature_variant"),
            receivedAt: Date(storedSeconds: try row.value("received_at")), body: try row.value("body"),
            secret: (try row.value("secret", as: String?.self)).flatMap(SecretGeneration.init(rawValue:)))
        let next: Double? = try row.value("next_attempt_at")
        return StoredNotification(
            seq: try row.value("seq"), notification: notification, duplicate: try row.value("duplicate"),
            processing: ProcessingState(rawValue: try row.value("processing")) ?? .pending,
            attempts: Int(try row.value("attempts", as: Int64.self)),
            nextAttemptAt: next.map(Date.init(storedSeconds:)),
            lastError: try row.value("last_error"), resourceStatus: try row.value("resource_status"),
            sellerID: try row.value("seller_id"))
    }

    static func orderRows(_ rows: PostgresRowSequence, on connection: PostgresConnection) async throws -> [ShopOrder] {
        var orders: [ShopOrder] = []
        for try await row in rows {
            let row = row.makeRandomAccess()
            let seller: String = try row.value("seller")
            let reference: String = try row.value("external_reference")
            let amount: String? = try row.value("amount")
            let date: Double? = try row.value("date_last_updated")
            orders.append(
                ShopOrder(
                    seller: seller, externalReference: reference, sellerID: try row.value("seller_id"),
                    status: try row.value("status"), statusDetail: try row.value("status_detail"),
                    amount: amount.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) },
                    currency: try row.value("currency"), paymentIDs: [],
                    source: NotificationResource(rawValue: try row.value("source")) ?? .payment,
                    sourceID: try row.value("source_id"), dateLastUpdated: date.map(Date.init(storedSeconds:)),
                    lastNotificationSeq: try row.value("last_notification_seq"),
                    updatedAt: Date(storedSeconds: try row.value("updated_at"))))
        }
        for index in orders.indices {
            orders[index].paymentIDs = try await connection.query(
                """
                SELECT payment_id FROM order_payment
                WHERE seller = \(orders[index].seller) AND external_reference = \(orders[index].externalReference)
                ORDER BY first_seen
                """, logger: quiet
            ).collectStrings()
        }
        return orders
    }
}

extension PostgresRowSequence {
    /// The first column of the first row, nil when there is no row.
    package func firstValue<T: PostgresDecodable & Sendable>(_ type: T.Type) async throws -> T? {
        for try await value in decode(T.self) { return value }
        return nil
    }
}
