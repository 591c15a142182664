import Foundation
public import GoLiveCore
import PostgresNIO

/// The quality requirement's tables (issue 5), as in SQLite (`SQLiteStore+Quality.swift`): measurements history,
/// official scores and sign-offs. The monthly measurement is kept once per seller and month by a unique index, so
/// two instances racing on the 1st store one.
extension PostgresStore: QualityStore {
    static var qualityMigrations: [PostgresMigration] {
        [
            PostgresMigration(
                "quality v1: measurements, official scores, sign-offs",
                [
                    """
                    CREATE TABLE quality_measurement (
                      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, seller text NOT NULL, seller_id bigint,
                      payment_id text NOT NULL, measured_at double precision NOT NULL, "trigger" text NOT NULL,
                      month text, score bigint NOT NULL, passed boolean NOT NULL, document text NOT NULL)
                    """,
                    "CREATE INDEX quality_measurement_by_seller_time ON quality_measurement (seller, measured_at)",
                    // NULL months (manual measurements) never collide.
                    "CREATE UNIQUE INDEX quality_measurement_one_per_month ON quality_measurement (seller, month)",
                    """
                    CREATE TABLE quality_official_score (
                      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, seller text NOT NULL,
                      payment_id text NOT NULL, score bigint NOT NULL, recorded_at double precision NOT NULL)
                    """,
                    "CREATE INDEX quality_official_by_payment ON quality_official_score (seller, payment_id)",
                    // Generic on purpose: the walkthrough signs off its steps in the same table.
                    """
                    CREATE TABLE signoff (
                      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, seller text NOT NULL, what text NOT NULL,
                      signed_by text NOT NULL, signed_at double precision NOT NULL, note text)
                    """,
                    "CREATE INDEX signoff_by_seller_what ON signoff (seller, what, signed_at)",
                ])
        ]
    }

    @discardableResult
    public func recordQualityMeasurement(_ measurement: QualityMeasurement) async throws -> Bool {
        let document = String(decoding: try JSONEncoder.goLive(pretty: false).encode(measurement), as: UTF8.self)
        let score = Int64(measurement.score)
        return try await write("recording a quality measurement") { connection in
            let inserted = try await connection.query(
                """
                INSERT INTO quality_measurement
                  (seller, seller_id, payment_id, measured_at, "trigger", month, score, passed, document)
                VALUES (\(measurement.seller), \(measurement.sellerID), \(measurement.paymentID),
                        \(measurement.measuredAt.storedSeconds), \(measurement.trigger.rawValue), \(measurement.month),
                        \(score), \(measurement.passed), \(document))
                ON CONFLICT DO NOTHING RETURNING seq
                """, logger: Self.quiet
            ).collect()
            return !inserted.isEmpty
        }
    }

    public func qualityMeasurements(seller: String, limit: Int) async throws -> [QualityMeasurement] {
        let documents = try await read("reading quality measurements") { connection in
            try await connection.query(
                """
                SELECT document FROM quality_measurement WHERE seller = \(seller)
                ORDER BY measured_at DESC, seq DESC LIMIT \(limit)
                """, logger: Self.quiet
            ).collectStrings()
        }
        return try documents.map(Self.decodeMeasurement)
    }

    public func monthlyQualityMeasurement(seller: String, month: String) async throws -> QualityMeasurement? {
        let documents = try await read("reading the monthly quality measurement") { connection in
            try await connection.query(
                "SELECT document FROM quality_measurement WHERE seller = \(seller) AND month = \(month)",
                logger: Self.quiet
            ).collectStrings()
        }
        return try documents.first.map(Self.decodeMeasurement)
    }

    public func recordOfficialScore(_ score: OfficialQualityScore) async throws {
        let points = Int64(score.score)
        try await write("recording an official quality score") { connection in
            try await connection.query(
                """
                INSERT INTO quality_official_score (seller, payment_id, score, recorded_at)
                VALUES (\(score.seller), \(score.paymentID), \(points), \(score.recordedAt.storedSeconds))
                """, logger: Self.quiet)
        }
    }

    public func officialScore(seller: String, paymentID: String) async throws -> OfficialQualityScore? {
        try await read("reading an official quality score") { connection in
            let rows = try await connection.query(
                """
                SELECT seller, payment_id, score, recorded_at FROM quality_official_score
                WHERE seller = \(seller) AND payment_id = \(paymentID)
                ORDER BY recorded_at DESC, seq DESC LIMIT 1
                """, logger: Self.quiet)
            for try await (seller, paymentID, score, recordedAt) in rows.decode((String, String, Int64, Double).self) {
                return OfficialQualityScore(
                    seller: seller, paymentID: paymentID, score: Int(score),
                    recordedAt: Date(storedSeconds: recordedAt))
            }
            return nil
        }
    }

    public func saveSignOff(_ signOff: SignOff) async throws {
        try await write("saving a sign-off") { connection in
            try await connection.query(
                """
                INSERT INTO signoff (seller, what, signed_by, signed_at, note)
                VALUES (\(signOff.seller), \(signOff.what), \(signOff.by), \(signOff.at.storedSeconds), \(signOff.note))
                """, logger: Self.quiet)
        }
    }

    public func signOffs(seller: String) async throws -> [SignOff] {
        try await read("reading sign-offs") { connection in
            var signOffs: [SignOff] = []
            let rows = try await connection.query(
                """
                SELECT seller, what, signed_by, signed_at, note FROM (
                  SELECT DISTINCT ON (what) * FROM signoff WHERE seller = \(seller)
                  ORDER BY what, signed_at DESC, seq DESC) AS latest
                ORDER BY what COLLATE "C"
                """, logger: Self.quiet)
            for try await (seller, what, by, at, note) in rows.decode((String, String, String, Double, String?).self) {
                signOffs.append(SignOff(seller: seller, what: what, by: by, at: Date(storedSeconds: at), note: note))
            }
            return signOffs
        }
    }

    static func decodeMeasurement(_ document: String) throws -> QualityMeasurement {
        do {
            return try JSONDecoder.goLive().decode(QualityMeasurement.self, from: Data(document.utf8))
        } catch {
            throw GoLiveError(
                .storeCorrupt, "A stored quality measurement could not be read back: \(error.localizedDescription).",
                remedy: "The database may have been written by a newer golive; upgrade golive.")
        }
    }
}
