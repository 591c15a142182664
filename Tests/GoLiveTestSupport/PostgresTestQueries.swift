import Foundation
import Logging
import PostgresNIO

extension PostgresTestServer {
    /// Runs one query on the database at `url` (a `postgres://…?sslmode=disable` test URL) and returns every row
    /// as text cells (`nil` for NULL). Write the query so each column is text (`count(*)::text`, `x::text`): tests
    /// use it to look at what several `golive` processes stored, independently of the store under test.
    public static func texts(_ sql: String, url: String) async throws -> [[String?]] {
        guard let components = URLComponents(string: url), let host = components.host, let user = components.user
        else {
            throw TestServerError("\(url) is not a postgres:// URL with a user")
        }
        let database = String(components.path.dropFirst())
        let configuration = PostgresConnection.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: components.password,
            database: database.isEmpty ? user : database, tls: .disable)
        let logger = Logger(label: "golive.tests.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 2, logger: logger)
        do {
            var rows: [[String?]] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) {
                var cells: [String?] = []
                for cell in row.makeRandomAccess() { cells.append(try cell.decode(String?.self)) }
                rows.append(cells)
            }
            try await connection.close()
            return rows
        } catch {
            try? await connection.close()
            throw TestServerError("\(sql) failed: \(String(reflecting: error))")
        }
    }

    /// The first cell of the first row as an integer (`SELECT count(*)::text …`).
    public static func integer(_ sql: String, url: String) async throws -> Int {
        guard let text = try await texts(sql, url: url).first?.first ?? nil, let value = Int(text) else {
            throw TestServerError("\(sql) gave no integer")
        }
        return value
    }
}
