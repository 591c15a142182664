import Foundation
import GRDB
public import GoLiveCore

/// The quality requirement's tables: measurements history, official scores and sign-offs (issue 5).
extension SQLiteStore: QualityStore {
    static func registerQualityMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("quality v1: measurements, official scores, sign-offs") { db in
            try db.create(table: "quality_measurement") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("seller", .text).notNull()
                t.column("seller_id", .integer)
                t.column("payment_id", .text).notNull()
                t.column("measured_at", .double).notNull()
                t.column("trigger", .text).notNull()
                // yyyy-MM for the monthly measurement; NULL for manual ones (NULLs never collide below).
                t.column("month", .text)
                t.column("score", .integer).notNull()
                t.column("passed", .boolean).notNull()
                t.column("document", .text).notNull()
            }
            try db.create(
                index: "quality_measurement_by_seller_time", on: "quality_measurement",
                columns: ["seller", "measured_at"])
            try db.create(
                index: "quality_measurement_one_per_month", on: "quality_measurement", columns: ["seller", "month"],
                unique: true)
            try db.create(table: "quality_official_score") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("seller", .text).notNull()
                t.column("payment_id", .text).notNull()
                t.column("score", .integer).notNull()
                t.column("recorded_at", .double).notNull()
            }
            try db.create(
                index: "quality_official_by_payment", on: "quality_official_score", columns: ["seller", "payment_id"])
            // Generic on purpose: the walkthrough signs off its steps in the same table.
            try db.create(table: "signoff") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("seller", .text).notNull()
                t.column("what", .text).notNull()
                t.column("signed_by", .text).notNull()
                t.column("signed_at", .double).notNull()
                t.column("note", .text)
            }
            try db.create(index: "signoff_by_seller_what", on: "signoff", columns: ["seller", "what", "signed_at"])
        }
    }

    @discardableResult
    public func recordQualityMeasurement(_ measurement: QualityMeasurement) async throws -> Bool {
        let document = String(decoding: try JSONEncoder.goLive(pretty: false).encode(measurement), as: UTF8.self)
        return try await write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO quality_measurement
                      (seller, seller_id, payment_id, measured_at, trigger, month, score, passed, document)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    measurement.seller, measurement.sellerID, measurement.paymentID,
                    measurement.measuredAt.timeIntervalSince1970, measurement.trigger.rawValue, measurement.month,
                    measurement.score, measurement.passed, document,
                ])
            return db.changesCount > 0
        }
    }

    public func qualityMeasurements(seller: String, limit: Int) async throws -> [QualityMeasurement] {
        let documents = try await read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT document FROM quality_measurement WHERE seller = ?
                    ORDER BY measured_at DESC, seq DESC LIMIT ?
                    """, arguments: [seller, limit])
        }
        return try documents.map(Self.decodeMeasurement)
    }

    public func monthlyQualityMeasurement(seller: String, month: String) async throws -> QualityMeasurement? {
        let document = try await read { db in
            try String.fetchOne(
                db, sql: "SELECT document FROM quality_measurement WHERE seller = ? AND month = ?",
                arguments: [seller, month])
        }
        return try document.map(Self.decodeMeasurement)
    }

    public func recordOfficialScore(_ score: OfficialQualityScore) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO quality_official_score (seller, payment_id, score, recorded_at) VALUES (?, ?, ?, ?)",
                arguments: [score.seller, score.paymentID, score.score, score.recordedAt.timeIntervalSince1970])
        }
    }

    public func officialScore(seller: String, paymentID: String) async throws -> OfficialQualityScore? {
        try await read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT * FROM quality_official_score WHERE seller = ? AND payment_id = ?
                    ORDER BY recorded_at DESC, seq DESC LIMIT 1
                    """, arguments: [seller, paymentID]
            ).map { row in
                OfficialQualityScore(
                    seller: row["seller"], paymentID: row["payment_id"], score: row["score"],
                    recordedAt: Date(timeIntervalSince1970: row["recorded_at"]))
            }
        }
    }

    public func saveSignOff(_ signOff: SignOff) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO signoff (seller, what, signed_by, signed_at, note) VALUES (?, ?, ?, ?, ?)",
                arguments: [signOff.seller, signOff.what, signOff.by, signOff.at.timeIntervalSince1970, signOff.note])
        }
    }

    public func signOffs(seller: String) async throws -> [SignOff] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM signoff AS s WHERE seller = ? AND seq = (
                      SELECT seq FROM signoff WHERE seller = s.seller AND what = s.what
                      ORDER BY signed_at DESC, seq DESC LIMIT 1)
                    ORDER BY what
                    """, arguments: [seller]
            ).map { row in
                SignOff(
                    seller: row["seller"], what: row["what"], by: row["signed_by"],
                    at: Date(timeIntervalSince1970: row["signed_at"]), note: row["note"])
            }
        }
    }

    static func decodeMeasurement(_ document: String) throws -> QualityMeasurement {
        do {
            return try JSONDecoder.goLive().decode(QualityMeasurement.self, from: Data(document.utf8))
        } catch {
            throw GoLiveError(
                .storeCorrupt, "A stored quality measurement could not be read back: \(error.localizedDescription).",
                remedy: "The store may have been written by a newer golive; upgrade, or move the file aside.")
        }
    }
}
