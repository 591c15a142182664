import Foundation
import GRDB
public import GoLiveCore

/// The reports requirement's table: the report files fetched (issue 6).
extension SQLiteStore: ReportStore {
    static func registerReportMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("reports v1: fetched report files") { db in
            try db.create(table: "report_file") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("seller", .text).notNull()
                t.column("seller_id", .integer)
                t.column("type", .text).notNull()
                t.column("file_name", .text).notNull()
                t.column("path", .text).notNull()
                t.column("begin_date", .double)
                t.column("end_date", .double)
                t.column("bytes", .integer).notNull()
                t.column("fetched_at", .double).notNull()
            }
            try db.create(
                index: "report_file_one_per_name", on: "report_file", columns: ["seller", "type", "file_name"],
                unique: true)
            try db.create(index: "report_file_by_time", on: "report_file", columns: ["seller", "fetched_at"])
        }
    }

    public func recordFetchedReport(_ report: FetchedReport) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO report_file
                      (seller, seller_id, type, file_name, path, begin_date, end_date, bytes, fetched_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (seller, type, file_name) DO UPDATE SET
                      seller_id = excluded.seller_id, path = excluded.path, begin_date = excluded.begin_date,
                      end_date = excluded.end_date, bytes = excluded.bytes, fetched_at = excluded.fetched_at
                    """,
                arguments: [
                    report.seller, report.sellerID, report.type.rawValue, report.fileName, report.path,
                    report.beginDate?.timeIntervalSince1970, report.endDate?.timeIntervalSince1970, report.bytes,
                    report.fetchedAt.timeIntervalSince1970,
                ])
        }
    }

    public func fetchedReports(seller: String, type: ReportType?, limit: Int) async throws -> [FetchedReport] {
        try await read { db in
            let rows =
                if let type {
                    try Row.fetchAll(
                        db,
                        sql: """
                            SELECT * FROM report_file WHERE seller = ? AND type = ?
                            ORDER BY fetched_at DESC, seq DESC LIMIT ?
                            """, arguments: [seller, type.rawValue, limit])
                } else {
                    try Row.fetchAll(
                        db,
                        sql: "SELECT * FROM report_file WHERE seller = ? ORDER BY fetched_at DESC, seq DESC LIMIT ?",
                        arguments: [seller, limit])
                }
            return rows.compactMap { row -> FetchedReport? in
                guard let type = ReportType(rawValue: row["type"]) else { return nil }
                let begin: Double? = row["begin_date"]
                let end: Double? = row["end_date"]
                return FetchedReport(
                    seller: row["seller"], sellerID: row["seller_id"], type: type, fileName: row["file_name"],
                    path: row["path"], beginDate: begin.map(Date.init(timeIntervalSince1970:)),
                    endDate: end.map(Date.init(timeIntervalSince1970:)), bytes: row["bytes"],
                    fetchedAt: Date(timeIntervalSince1970: row["fetched_at"]))
            }
        }
    }
}
