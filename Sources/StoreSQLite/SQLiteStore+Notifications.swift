public import Foundation
import GRDB
public import GoLiveCore

/// The notifications' tables: the delivery log with its outbox state, the bounded rejected log, the shop's
/// orders and the receiver's heartbeat. Every write is one transaction on the `synchronous=FULL` writer, so a
/// call that returns has been committed durably.
extension SQLiteStore: NotificationStore {
    /// How many rejected deliveries are kept (the oldest are dropped first).
    public static let rejectedLogBound = 1000

    static func registerNotificationMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("notifications v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE notification (
                      seq INTEGER PRIMARY KEY AUTOINCREMENT,
                      notification_id TEXT NOT NULL,
                      kind TEXT NOT NULL,
                      topic TEXT NOT NULL,
                      action TEXT,
                      data_id TEXT,
                      live_mode INTEGER,
                      seller TEXT,
                      seller_id INTEGER,
                      request_id TEXT,
                      signature TEXT NOT NULL,
                      signature_variant TEXT,
                      received_at REAL NOT NULL,
                      body TEXT NOT NULL,
                      duplicate INTEGER NOT NULL,
                      processing TEXT NOT NULL,
                      attempts INTEGER NOT NULL DEFAULT 0,
                      next_attempt_at REAL,
                      last_error TEXT,
                      resource_status TEXT,
                      processed_at REAL
                    );
                    CREATE INDEX notification_by_id ON notification (notification_id);
                    CREATE INDEX notification_by_seller ON notification (seller, seq);
                    CREATE INDEX notification_by_data_id ON notification (data_id, seq);
                    CREATE INDEX notification_by_time ON notification (received_at);
                    CREATE INDEX notification_pending ON notification (seq) WHERE processing = 'pending';
                    CREATE TABLE rejected_delivery (
                      seq INTEGER PRIMARY KEY AUTOINCREMENT,
                      received_at REAL NOT NULL,
                      reason TEXT NOT NULL,
                      request_id TEXT,
                      data_id TEXT,
                      remote_addr TEXT,
                      seller TEXT,
                      detail TEXT
                    );
                    CREATE TABLE shop_order (
                      seller TEXT NOT NULL,
                      external_reference TEXT NOT NULL,
                      seller_id INTEGER,
                      status TEXT,
                      status_detail TEXT,
                      amount TEXT,
                      currency TEXT,
                      source TEXT NOT NULL,
                      source_id TEXT NOT NULL,
                      date_last_updated REAL,
                      last_notification_seq INTEGER,
                      updated_at REAL NOT NULL,
                      PRIMARY KEY (seller, external_reference)
                    );
                    CREATE INDEX shop_order_by_status_time ON shop_order (seller, status, date_last_updated);
                    CREATE TABLE order_payment (
                      seller TEXT NOT NULL,
                      payment_id TEXT NOT NULL,
                      external_reference TEXT NOT NULL,
                      PRIMARY KEY (seller, payment_id)
                    );
                    CREATE INDEX order_payment_by_payment ON order_payment (payment_id);
                    CREATE TABLE receiver_status (
                      id INTEGER PRIMARY KEY CHECK (id = 1),
                      listen TEXT NOT NULL,
                      heartbeat_at REAL NOT NULL
                    );
                    """)
        }
    }

    // MARK: Receiving

    public func recordNotifications(_ batch: [IncomingNotification]) async throws -> [StoredNotification] {
        guard !batch.isEmpty else { return [] }
        return try await write { db in
            let lookup = try db.cachedStatement(sql: "SELECT seq FROM notification WHERE notification_id = ? LIMIT 1")
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO notification (notification_id, kind, topic, action, data_id, live_mode, seller, seller_id,
                      request_id, signature, signature_variant, received_at, body, duplicate, processing, processed_at,
                      secret)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            var stored: [StoredNotification] = []
            stored.reserveCapacity(batch.count)
            // Arguments are bound with `setUncheckedArguments` (copied into SQLite once) rather than
            // `execute(arguments:)`, whose temporary bindings nest one generic closure per argument: that cost
            // more than the insert itself. The counts match the statements (checked by every test that stores).
            for notification in batch {
                lookup.setUncheckedArguments([notification.notificationID])
                let duplicate = try Int64.fetchOne(lookup) != nil
                // A duplicate is recorded and flagged, never processed again.
                let processing: ProcessingState = duplicate ? .done : .pending
                insert.setUncheckedArguments([
                    notification.notificationID, notification.kind.rawValue, notification.topic, notification.action,
                    notification.dataID, notification.liveMode, notification.seller, notification.userID,
                    notification.requestID, notification.signature.rawValue, notification.signatureVariant,
                    notification.receivedAt.timeIntervalSince1970, notification.body, duplicate, processing.rawValue,
                    duplicate ? notification.receivedAt.timeIntervalSince1970 : nil,
                    notification.secret?.rawValue,
                ])
                try insert.execute()
                stored.append(
                    StoredNotification(
                        seq: db.lastInsertedRowID, notification: notification, duplicate: duplicate,
                        processing: processing))
            }
            return stored
        }
    }

    public func recordRejected(_ rejected: [RejectedDelivery]) async throws {
        guard !rejected.isEmpty else { return }
        try await write { db in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO rejected_delivery (received_at, reason, request_id, data_id, remote_addr, seller, detail,
                      raw_query, raw_signature, raw_body)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for delivery in rejected {
                try insert.execute(arguments: [
                    delivery.receivedAt.timeIntervalSince1970, delivery.reason.rawValue, delivery.requestID,
                    delivery.dataID, delivery.remoteAddress, delivery.seller, delivery.detail,
                    delivery.raw?.query, delivery.raw?.signature, delivery.raw?.body,
                ])
            }
            try db.execute(
                sql: "DELETE FROM rejected_delivery WHERE seq <= (SELECT MAX(seq) FROM rejected_delivery) - ?",
                arguments: [Self.rejectedLogBound])
            try Self.pruneRawRequests(db, now: rejected.map(\.receivedAt).max() ?? Date())
        }
    }

    // MARK: Reading

    public func notifications(_ query: NotificationQuery) async throws -> [StoredNotification] {
        try await read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let seller = query.seller {
                conditions.append("seller = ?")
                arguments += [seller]
            }
            if let after = query.afterSeq {
                conditions.append("seq > ?")
                arguments += [after]
            }
            if let dataID = query.dataID {
                conditions.append("data_id = ?")
                arguments += [dataID]
            }
            if let processing = query.processing {
                conditions.append("processing = ?")
                arguments += [processing.rawValue]
            }
            if let mode = Self.modeCondition(query.mode) { conditions.append(mode) }  // issue 11: test mode
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments += [max(0, query.limit)]
            return try Self.fetchNotifications(
                db, sql: "SELECT * FROM notification \(filter) ORDER BY seq DESC LIMIT ?", arguments: arguments)
        }
    }

    public func rejectedDeliveries(limit: Int) async throws -> [RejectedDelivery] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM rejected_delivery ORDER BY seq DESC LIMIT ?", arguments: [max(0, limit)]
            ).map { row in
                RejectedDelivery(
                    seq: row["seq"], receivedAt: Date(timeIntervalSince1970: row["received_at"]),
                    reason: RejectionReason(rawValue: row["reason"]), requestID: row["request_id"],
                    dataID: row["data_id"], remoteAddress: row["remote_addr"], seller: row["seller"],
                    detail: row["detail"], raw: Self.rawRequest(row), replay: Self.replayOutcome(row))
            }
        }
    }

    public func notificationSummary(seller: String?, since: Date) async throws -> NotificationSummary {
        try await read { db in
            var summary = NotificationSummary()
            let sellerFilter = seller == nil ? "" : "AND (seller = ? OR seller IS NULL)"
            let sellerArguments: StatementArguments = seller.map { [$0] } ?? []
            summary.lastReceivedAt = try Double.fetchOne(
                db, sql: "SELECT MAX(received_at) FROM notification WHERE 1 = 1 \(sellerFilter)",
                arguments: sellerArguments
            ).map(Date.init(timeIntervalSince1970:))
            try Self.addLastLive(db, to: &summary, sellerFilter: sellerFilter, arguments: sellerArguments)
            let counts = try Row.fetchAll(
                db,
                sql: """
                    SELECT signature, secret, COALESCE(live_mode, 1) != 0 AS live, COUNT(*) AS n,
                      MAX(received_at) AS last FROM notification
                    WHERE received_at >= ? \(sellerFilter) GROUP BY signature, secret, live
                    """, arguments: [since.timeIntervalSince1970] + sellerArguments)
            for row in counts {
                let n: Int = row["n"]
                summary.received += n
                Self.addRotationCounts(row, n: n, to: &summary)
                switch SignatureStatus(rawValue: row["signature"]) {
                case .valid: summary.valid += n
                case .unsigned: summary.unsigned += n
                case .notConfigured: summary.notConfigured += n
                case nil: break
                }
            }
            let reasons = Self.signatureReasons.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            let rejections = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS n, MAX(seq) AS last FROM rejected_delivery
                    WHERE received_at >= ? AND reason IN (\(reasons)) \(sellerFilter)
                      AND (replay_result IS NULL OR replay_result != 'recovered')
                    """, arguments: [since.timeIntervalSince1970] + sellerArguments)
            summary.signatureRejections = rejections?["n"] ?? 0
            if let last: Int64 = rejections?["last"],
                let row = try Row.fetchOne(
                    db, sql: "SELECT reason, received_at FROM rejected_delivery WHERE seq = ?", arguments: [last])
            {
                summary.lastRejectionReason = RejectionReason(rawValue: row["reason"])
                summary.lastRejectionAt = Date(timeIntervalSince1970: row["received_at"])
            }
            if let row = try Row.fetchOne(db, sql: "SELECT listen, heartbeat_at FROM receiver_status WHERE id = 1") {
                summary.receiverListen = row["listen"]
                summary.receiverHeartbeat = Date(timeIntervalSince1970: row["heartbeat_at"])
            }
            return summary
        }
    }

    static let signatureReasons: [RejectionReason] = [
        .missingSignature, .malformedSignature, .missingTimestamp, .missingHash, .signatureMismatch, .staleTimestamp,
    ]

    // MARK: Processing

    public func dueNotifications(now: Date, limit: Int) async throws -> [StoredNotification] {
        try await read { db in
            try Self.fetchNotifications(
                db,
                sql: """
                    SELECT \(Self.columnsWithoutBody) FROM notification WHERE processing = 'pending'
                      AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
                    ORDER BY seq LIMIT ?
                    """, arguments: [now.timeIntervalSince1970, max(0, limit)])
        }
    }

    public func recordProcessing(_ outcomes: [ProcessingRecord], at: Date) async throws {
        guard !outcomes.isEmpty else { return }
        try await write { db in
            let update = try db.cachedStatement(
                sql: """
                    UPDATE notification SET processing = ?, attempts = attempts + 1, next_attempt_at = ?,
                      last_error = ?, resource_status = COALESCE(?, resource_status), processed_at = ?
                    WHERE seq = ?
                    """)
            for record in outcomes {
                let state: ProcessingState
                var next: Double?
                var error: String?
                var status: String?
                switch record.outcome {
                case .done(let resourceStatus):
                    state = .done
                    status = resourceStatus
                case .retry(let message, let nextAttemptAt):
                    state = .pending
                    next = nextAttemptAt.timeIntervalSince1970
                    error = message
                case .failed(let message):
                    state = .failed
                    error = message
                }
                update.setUncheckedArguments([
                    state.rawValue, next, error, status, at.timeIntervalSince1970, record.seq,
                ])
                try update.execute()
                // Forwarding (issue 11): the delivery commits with the outcome, or neither does.
                if state == .done, let forward = record.forward { _ = try Self.insertForwards(db, [forward], at: at) }
            }
        }
    }

    public func requeueNotifications(seq: Int64?, at: Date) async throws -> Int {
        try await write { db in
            if let seq {
                try db.execute(
                    sql: """
                        UPDATE notification SET processing = 'pending', next_attempt_at = ?, attempts = 0
                        WHERE seq = ? AND duplicate = 0
                        """, arguments: [at.timeIntervalSince1970, seq])
            } else {
                try db.execute(
                    sql: """
                        UPDATE notification SET processing = 'pending', next_attempt_at = ?, attempts = 0
                        WHERE processing = 'failed'
                        """, arguments: [at.timeIntervalSince1970])
            }
            return db.changesCount
        }
    }

    // MARK: Orders

    @discardableResult
    public func applyOrderUpdate(_ update: ShopOrder) async throws -> Bool {
        try await write { db in
            for payment in update.paymentIDs {
                try db.execute(
                    sql: """
                        INSERT INTO order_payment (seller, payment_id, external_reference) VALUES (?, ?, ?)
                        ON CONFLICT(seller, payment_id) DO UPDATE SET external_reference = excluded.external_reference
                        """, arguments: [update.seller, payment, update.externalReference])
            }
            if let existing = try Row.fetchOne(
                db,
                sql: """
                    SELECT date_last_updated, last_notification_seq FROM shop_order
                    WHERE seller = ? AND external_reference = ?
                    """, arguments: [update.seller, update.externalReference])
            {
                let storedDate: Double? = existing["date_last_updated"]
                let storedSeq: Int64? = existing["last_notification_seq"]
                let incoming = (
                    update.dateLastUpdated?.timeIntervalSince1970 ?? -.infinity, update.lastNotificationSeq ?? -1
                )
                let stored = (storedDate ?? -.infinity, storedSeq ?? -1)
                guard incoming >= stored else { return false }
            }
            try db.execute(
                sql: """
                    INSERT INTO shop_order (seller, external_reference, seller_id, status, status_detail, amount, currency,
                      source, source_id, date_last_updated, last_notification_seq, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(seller, external_reference) DO UPDATE SET
                      seller_id = COALESCE(excluded.seller_id, seller_id), status = excluded.status,
                      status_detail = excluded.status_detail, amount = COALESCE(excluded.amount, amount),
                      currency = COALESCE(excluded.currency, currency), source = excluded.source,
                      source_id = excluded.source_id, date_last_updated = excluded.date_last_updated,
                      last_notification_seq = excluded.last_notification_seq, updated_at = excluded.updated_at
                    """,
                arguments: [
                    update.seller, update.externalReference, update.sellerID, update.status, update.statusDetail,
                    update.amount.map { "\($0)" }, update.currency, update.source.rawValue, update.sourceID,
                    update.dateLastUpdated?.timeIntervalSince1970, update.lastNotificationSeq,
                    update.updatedAt.timeIntervalSince1970,
                ])
            return true
        }
    }

    public func order(seller: String, externalReference: String) async throws -> ShopOrder? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM shop_order WHERE seller = ? AND external_reference = ?",
                arguments: [seller, externalReference]
            ).map { try Self.order(from: $0, db: db) }
        }
    }

    public func order(paymentID: String) async throws -> ShopOrder? {
        try await read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT o.* FROM order_payment AS p JOIN shop_order AS o
                      ON o.seller = p.seller AND o.external_reference = p.external_reference
                    WHERE p.payment_id = ? LIMIT 1
                    """, arguments: [paymentID]
            ).map { try Self.order(from: $0, db: db) }
        }
    }

    public func orders(seller: String, status: String?, updatedFrom from: Date, to: Date) async throws -> [ShopOrder] {
        try await read { db in
            var sql = "SELECT * FROM shop_order WHERE seller = ? AND date_last_updated >= ? AND date_last_updated < ?"
            var arguments: StatementArguments = [seller, from.timeIntervalSince1970, to.timeIntervalSince1970]
            if let status {
                sql += " AND status = ?"
                arguments += [status]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY date_last_updated", arguments: arguments).map {
                try Self.order(from: $0, db: db)
            }
        }
    }

    public func recordReceiverHeartbeat(listen: String, at: Date) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO receiver_status (id, listen, heartbeat_at) VALUES (1, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET listen = excluded.listen, heartbeat_at = excluded.heartbeat_at
                    """, arguments: [listen, at.timeIntervalSince1970])
        }
    }

    // MARK: Rows

    /// Every column but the raw body (the processor never needs it; it is most of a row's bytes).
    static let columnsWithoutBody = """
        seq, notification_id, kind, topic, action, data_id, live_mode, seller, seller_id, request_id, signature,
        signature_variant, received_at, '' AS body, duplicate, processing, attempts, next_attempt_at, last_error,
        resource_status, processed_at, secret
        """

    /// Notification rows of `sql` (a cached statement), read by column position: looking a column up by name
    /// (case-insensitively, per row and column) cost more than the rest of the read.
    static func fetchNotifications(
        _ db: Database, sql: String, arguments: StatementArguments
    ) throws -> [StoredNotification] {
        let statement = try db.cachedStatement(sql: sql)
        let columns = try NotificationColumns(statement.columnNames)
        var result: [StoredNotification] = []
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() { result.append(notification(from: row, columns)) }
        return result
    }

    /// Where each column of a notification row is.
    struct NotificationColumns {
        let seq, notificationID, kind, topic, action, dataID, liveMode, seller, sellerID, requestID: Int
        let signature, signatureVariant, receivedAt, body, duplicate, processing, attempts, nextAttemptAt: Int
        let lastError, resourceStatus: Int
        let secret: Int?  // issue 11

        init(_ names: [String]) throws {
            let positions = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            func at(_ name: String) throws -> Int {
                guard let position = positions[name] else {
                    throw GoLiveError(
                        .storeCorrupt, "The notification table has no column \(name).",
                        remedy: "The store may have been written by another golive; upgrade, or move the file aside.")
                }
                return position
            }
            seq = try at("seq")
            notificationID = try at("notification_id")
            kind = try at("kind")
            topic = try at("topic")
            action = try at("action")
            dataID = try at("data_id")
            liveMode = try at("live_mode")
            seller = try at("seller")
            sellerID = try at("seller_id")
            requestID = try at("request_id")
            signature = try at("signature")
            signatureVariant = try at("signature_variant")
            receivedAt = try at("received_at")
            body = try at("body")
            duplicate = try at("duplicate")
            processing = try at("processing")
            attempts = try at("attempts")
            nextAttemptAt = try at("next_attempt_at")
            lastError = try at("last_error")
            resourceStatus = try at("resource_status")
            secret = positions["secret"]
        }
    }

    static func notification(from row: Row, _ columns: NotificationColumns) -> StoredNotification {
        let kind = NotificationKind(rawValue: row[columns.kind]) ?? .webhook
        let notification = IncomingNotification(
            kind: kind, notificationID: row[columns.notificationID], topic: row[columns.topic],
            action: row[columns.action], dataID: row[columns.dataID], liveMode: row[columns.liveMode],
            userID: row[columns.sellerID], requestID: row[columns.requestID], seller: row[columns.seller],
            signature: SignatureStatus(rawValue: row[columns.signature]) ?? .notConfigured,
            signatureVariant: row[columns.signatureVariant],
            receivedAt: Date(timeIntervalSince1970: row[columns.receivedAt]), body: row[columns.body],
            secret: columns.secret.flatMap { SecretGeneration(rawValue: row[$0] ?? "") })
        let next: Double? = row[columns.nextAttemptAt]
        return StoredNotification(
            seq: row[columns.seq], notification: notification, duplicate: row[columns.duplicate],
            processing: ProcessingState(rawValue: row[columns.processing]) ?? .pending, attempts: row[columns.attempts],
            nextAttemptAt: next.map(Date.init(timeIntervalSince1970:)), lastError: row[columns.lastError],
            resourceStatus: row[columns.resourceStatus], sellerID: row[columns.sellerID])
    }

    static func order(from row: Row, db: Database) throws -> ShopOrder {
        let seller: String = row["seller"]
        let reference: String = row["external_reference"]
        let payments = try String.fetchAll(
            db, sql: "SELECT payment_id FROM order_payment WHERE seller = ? AND external_reference = ? ORDER BY rowid",
            arguments: [seller, reference])
        let amount: String? = row["amount"]
        let date: Double? = row["date_last_updated"]
        return ShopOrder(
            seller: seller, externalReference: reference, sellerID: row["seller_id"], status: row["status"],
            statusDetail: row["status_detail"],
            amount: amount.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) },
            currency: row["currency"], paymentIDs: payments,
            source: NotificationResource(rawValue: row["source"]) ?? .payment, sourceID: row["source_id"],
            dateLastUpdated: date.map(Date.init(timeIntervalSince1970:)),
            lastNotificationSeq: row["last_notification_seq"],
            updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }
}
