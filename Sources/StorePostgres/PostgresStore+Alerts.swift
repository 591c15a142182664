public import Foundation
public import GoLiveCore
import PostgresNIO

/// The alerts' tables (issue 11, alerts) on PostgreSQL, as in SQLite (`SQLiteStore+Alerts.swift`): incidents, their
/// delivery outbox and the event cursor.
///
/// Several `golive serve` instances share them:
/// - "once per incident" is a property of the database: two partial unique indexes (an event once per (seller,
///   kind, notification id); at most one active condition per (seller, kind)) and `INSERT … ON CONFLICT DO
///   NOTHING`, so two instances opening the same incident at once open it once and queue its messages once;
/// - deliveries are claimed with `FOR UPDATE SKIP LOCKED` and a lease, so two dispatchers never send the same one;
/// - settling a delivery locks its incident row first, so two instances settling an incident's last two messages
///   at once still move it on (neither can miss the other's commit);
/// - event notifications are read by `seq`, and a `seq` taken by a transaction that commits after a later one is
///   not lost: the rows of the last ``eventOverlapSeconds`` that have no incident yet are read again (opening an
///   event twice is refused by the unique index).
extension PostgresStore: AlertStore {
    static var alertMigrations: [PostgresMigration] {
        [
            PostgresMigration(
                "alerts v1: incidents and deliveries",
                [
                    """
                    CREATE TABLE incident (
                      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, seller text NOT NULL, kind text NOT NULL,
                      key text NOT NULL, state text NOT NULL, summary text NOT NULL, details text NOT NULL,
                      opened_at double precision NOT NULL, notified_at double precision,
                      clear_since double precision, recovered_at double precision, closed_at double precision)
                    """,
                    "CREATE UNIQUE INDEX incident_event ON incident (seller, kind, key) WHERE key <> ''",
                    """
                    CREATE UNIQUE INDEX incident_active_condition ON incident (seller, kind)
                      WHERE key = '' AND state IN ('open', 'notified')
                    """,
                    "CREATE INDEX incident_unfinished ON incident (id) WHERE state <> 'closed'",
                    "CREATE INDEX incident_by_key ON incident (key) WHERE key <> ''",
                    """
                    CREATE TABLE alert_delivery (
                      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                      incident_id bigint NOT NULL REFERENCES incident (id), target text NOT NULL,
                      event text NOT NULL, state text NOT NULL, attempts bigint NOT NULL DEFAULT 0,
                      next_attempt_at double precision, last_error text, created_at double precision NOT NULL,
                      delivered_at double precision, payload text NOT NULL,
                      UNIQUE (incident_id, target, event))
                    """,
                    "CREATE INDEX alert_delivery_pending ON alert_delivery (next_attempt_at) WHERE state = 'pending'",
                    "CREATE TABLE alert_cursor (id bigint PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL)",
                ])
        ]
    }

    /// How far back (by the database's clock) event notifications without an incident are read again: longer than
    /// any write transaction can stay open (``operationTimeout``), so a notification whose `seq` commits late is
    /// still seen.
    static let eventOverlapSeconds: Double = 120

    static let incidentColumns = """
        id, seller, kind, key, state, summary, details, opened_at, notified_at, clear_since, recovered_at, closed_at
        """
    static let deliveryColumns = """
        id, incident_id, target, event, state, attempts, next_attempt_at, last_error, created_at, delivered_at, payload
        """

    public func unfinishedIncidents() async throws -> [Incident] {
        try await read("reading unfinished incidents") { connection in
            try await Self.incidents(
                connection.query(
                    PostgresQuery(
                        unsafeSQL: "SELECT \(Self.incidentColumns) FROM incident WHERE state <> 'closed' ORDER BY id"),
                    logger: Self.quiet))
        }
    }

    public func incidents(limit: Int, activeOnly: Bool) async throws -> [Incident] {
        let filter = activeOnly ? "WHERE state <> 'closed'" : ""
        return try await read("reading incidents") { connection in
            var query = PostgresQuery(
                unsafeSQL: "SELECT \(Self.incidentColumns) FROM incident \(filter) ORDER BY id DESC LIMIT $1")
            query.binds.append(Int64(limit))
            return try await Self.incidents(connection.query(query, logger: Self.quiet))
        }
    }

    public func openIncident(
        seller: String, kind: AlertKind, key: String, summary: String, details: [String: String],
        targets: [String], payload: @escaping @Sendable (Int64) -> String, at now: Date
    ) async throws -> Incident? {
        let detailsText = Self.encodeDetails(details)
        let time = now.storedSeconds
        let event = kind == .test ? AlertEvent.test.rawValue : AlertEvent.alert.rawValue
        let settled = kind.isEvent ? "closed" : "notified"
        let id: Int64? = try await write("opening an incident") { connection in
            let rows = try await connection.query(
                """
                INSERT INTO incident (seller, kind, key, state, summary, details, opened_at)
                VALUES (\(seller), \(kind.rawValue), \(key), 'open', \(summary), \(detailsText), \(time))
                ON CONFLICT DO NOTHING RETURNING id
                """, logger: Self.quiet)
            var inserted: Int64?
            for try await id in rows.decode(Int64.self) { inserted = id }
            guard let id = inserted else { return nil }
            let text = payload(id)
            for target in targets {
                try await connection.query(
                    """
                    INSERT INTO alert_delivery (incident_id, target, event, state, next_attempt_at, created_at, payload)
                    VALUES (\(id), \(target), \(event), 'pending', \(time), \(time), \(text))
                    """, logger: Self.quiet)
            }
            if targets.isEmpty {
                try await connection.query(
                    "UPDATE incident SET state = \(settled), notified_at = \(time) WHERE id = \(id)",
                    logger: Self.quiet)
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
        let clear = clearSince?.storedSeconds
        try await write("updating an incident") { connection in
            try await connection.query(
                "UPDATE incident SET summary = \(summary), details = \(detailsText), clear_since = \(clear) WHERE id = \(id)",
                logger: Self.quiet)
        }
    }

    public func recoverIncident(id: Int64, payload: String, at now: Date) async throws {
        let time = now.storedSeconds
        try await write("recovering an incident") { connection in
            // The incident's row first: a dispatcher settling one of its deliveries waits for this to commit.
            try await connection.query("SELECT id FROM incident WHERE id = \(id) FOR UPDATE", logger: Self.quiet)
            let told = try await connection.query(
                """
                SELECT target FROM alert_delivery
                WHERE incident_id = \(id) AND event = 'alert' AND state = 'delivered' ORDER BY id
                """, logger: Self.quiet
            ).collectStrings()
            try await connection.query(
                """
                UPDATE alert_delivery SET state = 'cancelled', next_attempt_at = NULL
                WHERE incident_id = \(id) AND state = 'pending'
                """, logger: Self.quiet)
            for target in told {
                try await connection.query(
                    """
                    INSERT INTO alert_delivery (incident_id, target, event, state, next_attempt_at, created_at, payload)
                    VALUES (\(id), \(target), 'recovery', 'pending', \(time), \(time), \(payload))
                    ON CONFLICT DO NOTHING
                    """, logger: Self.quiet)
            }
            let state = told.isEmpty ? "closed" : "recovered"
            let closedAt: Double? = told.isEmpty ? time : nil
            try await connection.query(
                """
                UPDATE incident SET state = \(state), recovered_at = \(time), closed_at = \(closedAt)
                WHERE id = \(id) AND state IN ('open', 'notified')
                """, logger: Self.quiet)
        }
    }

    public func dueAlertDeliveries(now: Date, limit: Int) async throws -> [AlertDelivery] {
        try await read("reading due alert deliveries") { connection in
            var query = PostgresQuery(
                unsafeSQL: """
                    SELECT \(Self.deliveryColumns) FROM alert_delivery
                    WHERE state = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $2
                    """)
            query.binds.append(now.storedSeconds)
            query.binds.append(Int64(limit))
            return try await Self.deliveries(connection.query(query, logger: Self.quiet))
        }
    }

    public func claimAlertDeliveries(now: Date, lease: TimeInterval, limit: Int) async throws -> [AlertDelivery] {
        let time = now.storedSeconds
        return try await write("claiming alert deliveries") { connection in
            // Rows another dispatcher is claiming are skipped, not waited for; once it commits, their next attempt
            // is a lease ahead and they are no longer due.
            var query = PostgresQuery(
                unsafeSQL: """
                    SELECT \(Self.deliveryColumns) FROM alert_delivery
                    WHERE state = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $2
                    FOR UPDATE SKIP LOCKED
                    """)
            query.binds.append(time)
            query.binds.append(Int64(limit))
            let due = try await Self.deliveries(connection.query(query, logger: Self.quiet))
            guard !due.isEmpty else { return [] }
            let ids = due.map(\.id)
            try await connection.query(
                "UPDATE alert_delivery SET next_attempt_at = \(time + lease) WHERE id = ANY(\(ids))",
                logger: Self.quiet)
            return due
        }
    }

    public func recordAlertDelivery(id: Int64, outcome: AlertDeliveryOutcome, at now: Date) async throws {
        let time = now.storedSeconds
        try await write("recording an alert delivery") { connection in
            // Lock the incident first: two instances settling its last two deliveries at once are serialised, so the
            // second sees the first's and moves the incident on.
            let incidentRows = try await connection.query(
                """
                SELECT i.id, i.kind, i.state FROM incident i
                WHERE i.id = (SELECT incident_id FROM alert_delivery WHERE id = \(id)) FOR UPDATE
                """, logger: Self.quiet)
            var incident: (id: Int64, kind: String, state: String)?
            for try await row in incidentRows.decode((Int64, String, String).self) { incident = row }
            switch outcome {
            case .delivered:
                try await connection.query(
                    """
                    UPDATE alert_delivery SET state = 'delivered', attempts = attempts + 1, delivered_at = \(time),
                      next_attempt_at = NULL, last_error = NULL
                    WHERE id = \(id) AND state = 'pending'
                    """, logger: Self.quiet)
            case .retry(let error, let next):
                try await connection.query(
                    """
                    UPDATE alert_delivery SET attempts = attempts + 1, last_error = \(error),
                      next_attempt_at = \(next.storedSeconds)
                    WHERE id = \(id) AND state = 'pending'
                    """, logger: Self.quiet)
            case .failed(let error):
                try await connection.query(
                    """
                    UPDATE alert_delivery SET state = 'failed', attempts = attempts + 1, last_error = \(error),
                      next_attempt_at = NULL
                    WHERE id = \(id) AND state = 'pending'
                    """, logger: Self.quiet)
            }
            // Move the incident on when none of its messages is pending any more.
            guard let incident else { return }
            let pending =
                try await connection.query(
                    "SELECT COUNT(*) FROM alert_delivery WHERE incident_id = \(incident.id) AND state = 'pending'",
                    logger: Self.quiet
                ).collect().first?.decode(Int64.self) ?? 0
            guard pending == 0 else { return }
            let kind = AlertKind(rawValue: incident.kind) ?? .readiness
            switch IncidentState(rawValue: incident.state) {
            case .open?:
                let state = kind.isEvent ? "closed" : "notified"
                let closedAt: Double? = kind.isEvent ? time : nil
                try await connection.query(
                    """
                    UPDATE incident SET state = \(state), notified_at = \(time), closed_at = \(closedAt)
                    WHERE id = \(incident.id)
                    """, logger: Self.quiet)
            case .recovered?:
                try await connection.query(
                    "UPDATE incident SET state = 'closed', closed_at = \(time) WHERE id = \(incident.id)",
                    logger: Self.quiet)
            default: break
            }
        }
    }

    public func alertDeliveries(incident: Int64) async throws -> [AlertDelivery] {
        try await read("reading alert deliveries") { connection in
            var query = PostgresQuery(
                unsafeSQL: "SELECT \(Self.deliveryColumns) FROM alert_delivery WHERE incident_id = $1 ORDER BY id")
            query.binds.append(incident)
            return try await Self.deliveries(connection.query(query, logger: Self.quiet))
        }
    }

    public func alertEventNotifications(afterSeq: Int64, limit: Int) async throws -> (
        events: [AlertEventNotification], lastSeq: Int64
    ) {
        let topics = AlertKind.eventTopics
        return try await read("reading event notifications") { connection in
            let newest =
                try await connection.query("SELECT MAX(seq) FROM notification", logger: Self.quiet).collect()
                .first?.decode(Int64?.self) ?? nil
            let upTo = newest ?? afterSeq
            let columns = "n.seq, n.seller, n.notification_id, n.topic, n.action, n.data_id, n.live_mode, n.received_at"
            // The new ones, in seq order…
            var fresh = PostgresQuery(
                unsafeSQL: """
                    SELECT \(columns) FROM notification AS n
                    WHERE n.seq > $1 AND n.seq <= $2 AND NOT n.duplicate AND lower(n.topic) = ANY($3)
                    ORDER BY n.seq LIMIT $4
                    """)
            fresh.binds.append(afterSeq)
            fresh.binds.append(upTo)
            fresh.binds.append(topics)
            fresh.binds.append(Int64(limit))
            let events = try await Self.eventNotifications(connection.query(fresh, logger: Self.quiet))
            // …and, before them, recent ones at or below the cursor that have no incident: a seq that committed
            // after a higher one the cursor already passed.
            var late = PostgresQuery(
                unsafeSQL: """
                    SELECT \(columns) FROM notification AS n
                    WHERE n.seq <= $1 AND n.received_at >= extract(epoch FROM clock_timestamp()) - $2
                      AND NOT n.duplicate AND lower(n.topic) = ANY($3)
                      AND NOT EXISTS (SELECT 1 FROM incident AS i WHERE i.key = n.notification_id)
                    ORDER BY n.seq LIMIT 100
                    """)
            late.binds.append(afterSeq)
            late.binds.append(Self.eventOverlapSeconds)
            late.binds.append(topics)
            let missed =
                afterSeq > 0 ? try await Self.eventNotifications(connection.query(late, logger: Self.quiet)) : []
            let last = events.count == limit ? (events.last?.seq ?? upTo) : upTo
            return (missed + events, max(last, afterSeq))
        }
    }

    public func alertCursor() async throws -> Int64? {
        try await read("reading the alert cursor") { connection in
            try await connection.query("SELECT seq FROM alert_cursor WHERE id = 1", logger: Self.quiet).collect()
                .first?.decode(Int64.self)
        }
    }

    public func setAlertCursor(_ seq: Int64) async throws {
        try await write("moving the alert cursor") { connection in
            try await connection.query(
                """
                INSERT INTO alert_cursor (id, seq) VALUES (1, \(seq))
                ON CONFLICT (id) DO UPDATE SET seq = GREATEST(alert_cursor.seq, excluded.seq)
                """, logger: Self.quiet)
        }
    }

    // MARK: Rows

    static func encodeDetails(_ details: [String: String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: details, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private static func incidents(_ rows: PostgresRowSequence) async throws -> [Incident] {
        var incidents: [Incident] = []
        for try await row in rows {
            let row = row.makeRandomAccess()
            let detailsText = try row["details"].decode(String.self)
            let details =
                (try? JSONSerialization.jsonObject(with: Data(detailsText.utf8))) as? [String: String] ?? [:]
            incidents.append(
                Incident(
                    id: try row["id"].decode(Int64.self), seller: try row["seller"].decode(String.self),
                    kind: AlertKind(rawValue: try row["kind"].decode(String.self)) ?? .readiness,
                    key: try row["key"].decode(String.self),
                    state: IncidentState(rawValue: try row["state"].decode(String.self)) ?? .open,
                    summary: try row["summary"].decode(String.self), details: details,
                    openedAt: Date(storedSeconds: try row["opened_at"].decode(Double.self)),
                    notifiedAt: try row["notified_at"].decode(Double?.self).map(Date.init(storedSeconds:)),
                    clearSince: try row["clear_since"].decode(Double?.self).map(Date.init(storedSeconds:)),
                    recoveredAt: try row["recovered_at"].decode(Double?.self).map(Date.init(storedSeconds:)),
                    closedAt: try row["closed_at"].decode(Double?.self).map(Date.init(storedSeconds:))))
        }
        return incidents
    }

    private static func deliveries(_ rows: PostgresRowSequence) async throws -> [AlertDelivery] {
        var deliveries: [AlertDelivery] = []
        for try await row in rows {
            let row = row.makeRandomAccess()
            deliveries.append(
                AlertDelivery(
                    id: try row["id"].decode(Int64.self), incidentID: try row["incident_id"].decode(Int64.self),
                    target: try row["target"].decode(String.self),
                    event: AlertEvent(rawValue: try row["event"].decode(String.self)) ?? .alert,
                    state: AlertDeliveryState(rawValue: try row["state"].decode(String.self)) ?? .pending,
                    attempts: Int(try row["attempts"].decode(Int64.self)),
                    nextAttemptAt: try row["next_attempt_at"].decode(Double?.self).map(Date.init(storedSeconds:)),
                    lastError: try row["last_error"].decode(String?.self),
                    createdAt: Date(storedSeconds: try row["created_at"].decode(Double.self)),
                    deliveredAt: try row["delivered_at"].decode(Double?.self).map(Date.init(storedSeconds:)),
                    payload: try row["payload"].decode(String.self)))
        }
        return deliveries
    }

    private static func eventNotifications(_ rows: PostgresRowSequence) async throws -> [AlertEventNotification] {
        var events: [AlertEventNotification] = []
        for try await (seq, seller, id, topic, action, dataID, liveMode, receivedAt) in rows.decode(
            (Int64, String?, String, String, String?, String?, Bool?, Double).self)
        {
            events.append(
                AlertEventNotification(
                    seq: seq, seller: seller, notificationID: id, topic: topic, action: action, dataID: dataID,
                    liveMode: liveMode, receivedAt: Date(storedSeconds: receivedAt)))
        }
        return events
    }
}
