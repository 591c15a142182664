public import Foundation
import GRDB
public import GoLiveCore

/// The alerts' tables (issue 11, alerts): incidents, their delivery outbox and the event cursor.
///
/// Two partial unique indexes make "once per incident" a property of the file, not of one process: an event
/// (fraud, chargeback, claim) exists once per (seller, kind, notification id), and a condition has at most one
/// active (`open`/`notified`) incident per (seller, kind).
extension SQLiteStore: AlertStore {
    static func registerAlertMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("alerts v1: incidents and deliveries") { db in
            try db.execute(
                sql: """
                    CREATE TABLE incident (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      seller TEXT NOT NULL,
                      kind TEXT NOT NULL,
                      key TEXT NOT NULL,
                      state TEXT NOT NULL,
                      summary TEXT NOT NULL,
                      details TEXT NOT NULL,
                      opened_at REAL NOT NULL,
                      notified_at REAL,
                      clear_since REAL,
                      recovered_at REAL,
                      closed_at REAL
                    );
                    CREATE UNIQUE INDEX incident_event ON incident (seller, kind, key) WHERE key != '';
                    CREATE UNIQUE INDEX incident_active_condition ON incident (seller, kind)
                      WHERE key = '' AND state IN ('open', 'notified');
                    CREATE INDEX incident_unfinished ON incident (id) WHERE state != 'closed';
                    CREATE TABLE alert_delivery (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      incident_id INTEGER NOT NULL REFERENCES incident (id),
                      target TEXT NOT NULL,
                      event TEXT NOT NULL,
                      state TEXT NOT NULL,
                      attempts INTEGER NOT NULL DEFAULT 0,
                      next_attempt_at REAL,
                      last_error TEXT,
                      created_at REAL NOT NULL,
                      delivered_at REAL,
                      payload TEXT NOT NULL,
                      UNIQUE (incident_id, target, event)
                    );
                    CREATE INDEX alert_delivery_pending ON alert_delivery (next_attempt_at) WHERE state = 'pending';
                    CREATE TABLE alert_cursor (
                      id INTEGER PRIMARY KEY CHECK (id = 1),
                      seq INTEGER NOT NULL
                    );
                    """)
        }
    }

    public func unfinishedIncidents() async throws -> [Incident] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM incident WHERE state != 'closed' ORDER BY id").map(Self.incident)
        }
    }

    public func incidents(limit: Int, activeOnly: Bool) async throws -> [Incident] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM incident \(activeOnly ? "WHERE state != 'closed'" : "") ORDER BY id DESC LIMIT ?",
                arguments: [limit]
            ).map(Self.incident)
        }
    }

    public func openIncident(
        seller: String, kind: AlertKind, key: String, summary: String, details: [String: String],
        targets: [String], payload: @escaping @Sendable (Int64) -> String, at now: Date
    ) async throws -> Incident? {
        let detailsText = Self.encodeDetails(details)
        let time = now.timeIntervalSince1970
        let id: Int64? = try await write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO incident (seller, kind, key, state, summary, details, opened_at)
                    VALUES (?, ?, ?, 'open', ?, ?, ?)
                    """, arguments: [seller, kind.rawValue, key, summary, detailsText, time])
            guard db.changesCount == 1 else { return nil }
            let id = db.lastInsertedRowID
            let text = payload(id)
            for target in targets {
                try db.execute(
                    sql: """
                        INSERT INTO alert_delivery (incident_id, target, event, state, next_attempt_at, created_at, payload)
                        VALUES (?, ?, ?, 'pending', ?, ?, ?)
                        """,
                    arguments: [
                        id, target, kind == .test ? AlertEvent.test.rawValue : AlertEvent.alert.rawValue, time, time,
                        text,
                    ])
            }
            if targets.isEmpty {
                try db.execute(
                    sql: "UPDATE incident SET state = ?, notified_at = ? WHERE id = ?",
                    arguments: [kind.isEvent ? "closed" : "notified", time, id])
            }
            return id
        }
        guard let id else { return nil }
        return Incident(
            id: id, seller: seller, kind: kind, key: key, state: .open, summary: summary, details: details,
            openedAt: now)
    }

    public func updateIncident(id: Int64, summary: String, details: [String: String], clearSince: Date?) async throws {
        let detailsText = Self.encodeDetails(details)
        try await write { db in
            try db.execute(
                sql: "UPDATE incident SET summary = ?, details = ?, clear_since = ? WHERE id = ?",
                arguments: [summary, detailsText, clearSince?.timeIntervalSince1970, id])
        }
    }

    public func recoverIncident(id: Int64, payload: String, at now: Date) async throws {
        let time = now.timeIntervalSince1970
        try await write { db in
            let told = try String.fetchAll(
                db,
                sql:
                    "SELECT target FROM alert_delivery WHERE incident_id = ? AND event = 'alert' AND state = 'delivered'",
                arguments: [id])
            try db.execute(
                sql: """
                    UPDATE alert_delivery SET state = 'cancelled', next_attempt_at = NULL
                    WHERE incident_id = ? AND state = 'pending'
                    """, arguments: [id])
            for target in told {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO alert_delivery
                          (incident_id, target, event, state, next_attempt_at, created_at, payload)
                        VALUES (?, ?, 'recovery', 'pending', ?, ?, ?)
                        """, arguments: [id, target, time, time, payload])
            }
            try db.execute(
                sql: """
                    UPDATE incident SET state = ?, recovered_at = ?, closed_at = ?
                    WHERE id = ? AND state IN ('open', 'notified')
                    """, arguments: [told.isEmpty ? "closed" : "recovered", time, told.isEmpty ? time : nil, id])
        }
    }

    public func dueAlertDeliveries(now: Date, limit: Int) async throws -> [AlertDelivery] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM alert_delivery WHERE state = 'pending' AND next_attempt_at <= ?
                    ORDER BY next_attempt_at, id LIMIT ?
                    """, arguments: [now.timeIntervalSince1970, limit]
            ).map(Self.delivery)
        }
    }

    public func claimAlertDeliveries(now: Date, lease: TimeInterval, limit: Int) async throws -> [AlertDelivery] {
        let time = now.timeIntervalSince1970
        return try await write { db in
            let due = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM alert_delivery WHERE state = 'pending' AND next_attempt_at <= ?
                    ORDER BY next_attempt_at, id LIMIT ?
                    """, arguments: [time, limit]
            ).map(Self.delivery)
            for delivery in due {
                try db.execute(
                    sql: "UPDATE alert_delivery SET next_attempt_at = ? WHERE id = ?",
                    arguments: [time + lease, delivery.id])
            }
            return due
        }
    }

    public func recordAlertDelivery(id: Int64, outcome: AlertDeliveryOutcome, at now: Date) async throws {
        let time = now.timeIntervalSince1970
        try await write { db in
            switch outcome {
            case .delivered:
                try db.execute(
                    sql: """
                        UPDATE alert_delivery SET state = 'delivered', attempts = attempts + 1, delivered_at = ?,
                          next_attempt_at = NULL, last_error = NULL
                        WHERE id = ? AND state = 'pending'
                        """, arguments: [time, id])
            case .retry(let error, let next):
                try db.execute(
                    sql: """
                        UPDATE alert_delivery SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?
                        WHERE id = ? AND state = 'pending'
                        """, arguments: [error, next.timeIntervalSince1970, id])
            case .failed(let error):
                try db.execute(
                    sql: """
                        UPDATE alert_delivery SET state = 'failed', attempts = attempts + 1, last_error = ?,
                          next_attempt_at = NULL
                        WHERE id = ? AND state = 'pending'
                        """, arguments: [error, id])
            }
            // Move the incident on when none of its messages is pending any more.
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT i.id, i.kind, i.state FROM incident i JOIN alert_delivery d ON d.incident_id = i.id
                        WHERE d.id = ?
                        """, arguments: [id])
            else { return }
            let incident: Int64 = row["id"]
            let pending =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM alert_delivery WHERE incident_id = ? AND state = 'pending'",
                    arguments: [incident]) ?? 0
            guard pending == 0 else { return }
            let kind = AlertKind(rawValue: row["kind"]) ?? .readiness
            switch IncidentState(rawValue: row["state"]) {
            case .open?:
                try db.execute(
                    sql: "UPDATE incident SET state = ?, notified_at = ?, closed_at = ? WHERE id = ?",
                    arguments: [kind.isEvent ? "closed" : "notified", time, kind.isEvent ? time : nil, incident])
            case .recovered?:
                try db.execute(
                    sql: "UPDATE incident SET state = 'closed', closed_at = ? WHERE id = ?",
                    arguments: [time, incident])
            default: break
            }
        }
    }

    public func alertDeliveries(incident: Int64) async throws -> [AlertDelivery] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM alert_delivery WHERE incident_id = ? ORDER BY id", arguments: [incident]
            ).map(Self.delivery)
        }
    }

    public func alertEventNotifications(afterSeq: Int64, limit: Int) async throws -> (
        events: [AlertEventNotification], lastSeq: Int64
    ) {
        let topics = AlertKind.eventTopics.map { "'\($0)'" }.joined(separator: ", ")
        return try await read { db in
            let newest = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM notification") ?? afterSeq
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT seq, seller, notification_id, topic, action, data_id, live_mode, received_at
                    FROM notification
                    WHERE seq > ? AND seq <= ? AND duplicate = 0 AND lower(topic) IN (\(topics))
                    ORDER BY seq LIMIT ?
                    """, arguments: [afterSeq, newest, limit])
            let events = rows.map { row in
                AlertEventNotification(
                    seq: row["seq"], seller: row["seller"], notificationID: row["notification_id"],
                    topic: row["topic"], action: row["action"], dataID: row["data_id"],
                    liveMode: (row["live_mode"] as Int64?).map { $0 != 0 },
                    receivedAt: Date(timeIntervalSince1970: row["received_at"]))
            }
            let last = events.count == limit ? (events.last?.seq ?? newest) : newest
            return (events, max(last, afterSeq))
        }
    }

    public func alertCursor() async throws -> Int64? {
        try await read { db in try Int64.fetchOne(db, sql: "SELECT seq FROM alert_cursor WHERE id = 1") }
    }

    public func setAlertCursor(_ seq: Int64) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO alert_cursor (id, seq) VALUES (1, ?)
                    ON CONFLICT (id) DO UPDATE SET seq = MAX(seq, excluded.seq)
                    """, arguments: [seq])
        }
    }

    // MARK: Rows

    static func encodeDetails(_ details: [String: String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: details, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func date(_ value: Double?) -> Date? { value.map(Date.init(timeIntervalSince1970:)) }

    static func incident(_ row: Row) -> Incident {
        let detailsText: String = row["details"]
        let details =
            (try? JSONSerialization.jsonObject(with: Data(detailsText.utf8))) as? [String: String] ?? [:]
        return Incident(
            id: row["id"], seller: row["seller"], kind: AlertKind(rawValue: row["kind"]) ?? .readiness,
            key: row["key"], state: IncidentState(rawValue: row["state"]) ?? .open, summary: row["summary"],
            details: details, openedAt: Date(timeIntervalSince1970: row["opened_at"]),
            notifiedAt: date(row["notified_at"]), clearSince: date(row["clear_since"]),
            recoveredAt: date(row["recovered_at"]), closedAt: date(row["closed_at"]))
    }

    static func delivery(_ row: Row) -> AlertDelivery {
        AlertDelivery(
            id: row["id"], incidentID: row["incident_id"], target: row["target"],
            event: AlertEvent(rawValue: row["event"]) ?? .alert,
            state: AlertDeliveryState(rawValue: row["state"]) ?? .pending, attempts: row["attempts"],
            nextAttemptAt: date(row["next_attempt_at"]), lastError: row["last_error"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]), deliveredAt: date(row["delivered_at"]),
            payload: row["payload"])
    }
}
