import Foundation
public import GoLiveCore
import PostgresNIO

/// The reports requirement's table (issue 6), as in SQLite (`SQLiteStore+Reports.swift`): the report files
/// fetched, one row per seller, type and file name.
extension PostgresStore: ReportStore {
    static var reportMigrations: [PostgresMigration] {
        [
            PostgresMigration(
                "reports v1: fetched report files",
                [
                    """
                    CREATE TABLE report_file (
                      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, seller text NOT NULL, seller_id bigint,
                      type text NOT NULL, file_name text NOT NULL, path text NOT NULL,
                      begin_date double precision, end_date double precision, bytes bigint NOT NULL,
                      fetched_at double precision NOT NULL)
                    """,
                    "CREATE UNIQUE INDEX report_file_one_per_name ON report_file (seller, type, file_name)",
                    "CREATE INDEX report_file_by_time ON report_file (seller, fetched_at)",
                ])
        ]
    }

    public func recordFetchedReport(_ report: FetchedReport) async throws {
        try await write("recording a fetched report") { connection in
            try await connection.query(
                """
                INSERT INTO report_file
                  (seller, seller_id, type, file_name, path, begin_date, end_date, bytes, fetched_at)
                VALUES (\(report.seller), \(report.sellerID), \(report.type.rawValue), \(report.fileName),
                        \(report.path), \(report.beginDate?.storedSeconds), \(report.endDate?.storedSeconds),
                        \(report.bytes), \(report.fetchedAt.storedSeconds))
                ON CONFLICT (seller, type, file_name) DO UPDATE SET
                  seller_id = excluded.seller_id, path = excluded.path, begin_date = excluded.begin_date,
                  end_date = excluded.end_date, bytes = excluded.bytes, fetched_at = excluded.fetched_at
                """, logger: Self.quiet)
        }
    }

    public func fetchedReports(seller: String, type: ReportType?, limit: Int) async throws -> [FetchedReport] {
        let typeName = type?.rawValue
        return try await read("reading fetched reports") { connection in
            let rows = try await connection.query(
                """
                SELECT seller, seller_id, type, file_name, path, begin_date, end_date, bytes, fetched_at
                FROM report_file WHERE seller = \(seller) AND (\(typeName)::text IS NULL OR type = \(typeName))
                ORDER BY fetched_at DESC, seq DESC LIMIT \(limit)
                """, logger: Self.quiet)
            var reports: [FetchedReport] = []
            for try await (seller, sellerID, type, fileName, path, begin, end, bytes, fetchedAt) in rows.decode(
                (String, Int64?, String, String, String, Double?, Double?, Int64, Double).self)
            {
                guard let type = ReportType(rawValue: type) else { continue }
                reports.append(
                    FetchedReport(
                        seller: seller, sellerID: sellerID, type: type, fileName: fileName, path: path,
                        beginDate: begin.map(Date.init(storedSeconds:)), endDate: end.map(Date.init(storedSeconds:)),
                        bytes: bytes, fetchedAt: Date(storedSeconds: fetchedAt)))
            }
            return reports
        }
    }
}
