import Foundation
import Logging
import PostgresNIO

/// One plain connection to a test database, for what the stores never do (a transaction left open while another
/// instance commits, a row written behind golive's back).
public struct PostgresRawConnection: Sendable {
    let connection: PostgresConnection
    static let logger = Logger(label: "golive.tests.raw", factory: { _ in SwiftLogNoOpLogHandler() })

    public init(url: String) async throws {
        guard let components = URLComponents(string: url), let host = components.host, let user = components.user
        else { throw TestServerError("\(url) is not a postgres:// URL with a user") }
        let configuration = PostgresConnection.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: components.password,
            database: String(components.path.dropFirst()), tls: .disable)
        connection = try await PostgresConnection.connect(configuration: configuration, id: 7, logger: Self.logger)
    }

    /// Runs one statement (no result).
    public func run(_ sql: String) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger)
    }

    public func close() async { try? await connection.close() }
}
