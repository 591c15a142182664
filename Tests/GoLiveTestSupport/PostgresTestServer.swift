import Foundation
import Logging
import PostgresNIO

/// The throwaway PostgreSQL cluster `scripts/test.sh` starts (initdb in a temporary folder, a free loopback port)
/// and exports as `POSTGRES_URL`. Each test gets its own fresh database, so tests run in parallel.
///
/// Without `POSTGRES_URL` the PostgreSQL half of the tests is skipped (`.enabled(if: PostgresTestServer.isAvailable)`)
/// — except under `CI=true`, where scripts/test.sh refuses to run without it.
public enum PostgresTestServer {
    /// The URL of the cluster's maintenance database, or nil when no PostgreSQL was started.
    public static var adminURL: String? {
        guard let url = ProcessInfo.processInfo.environment["POSTGRES_URL"], !url.isEmpty else { return nil }
        return url
    }

    public static var isAvailable: Bool { adminURL != nil }

    /// Creates an empty database for one test and returns its URL (same server, user and sslmode).
    public static func freshDatabase(_ label: String = "t") async throws -> String {
        guard let admin = adminURL, var components = URLComponents(string: admin) else {
            throw TestServerError("POSTGRES_URL is not set: run the tests through scripts/test.sh")
        }
        let safe = label.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(20)
        let name = "golive_\(safe)_\(UUID().uuidString.prefix(8).lowercased())"
        try await execute("CREATE DATABASE \(name)", adminURL: admin)
        components.path = "/" + name
        return components.string ?? admin
    }

    /// Drops a database made by ``freshDatabase(_:)`` (best effort: connections still open are terminated).
    public static func dropDatabase(url: String) async {
        guard let admin = adminURL, let name = URLComponents(string: url)?.path.dropFirst(), name.hasPrefix("golive_")
        else { return }
        try? await execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", adminURL: admin)
    }

    /// Runs one statement on the maintenance database.
    public static func execute(_ sql: String, adminURL: String) async throws {
        guard let url = URLComponents(string: adminURL), let host = url.host, let user = url.user else {
            throw TestServerError("POSTGRES_URL \(adminURL) is not a postgres:// URL with a user")
        }
        let configuration = PostgresConnection.Configuration(
            host: host, port: url.port ?? 5432, username: user, password: url.password,
            database: String(url.path.dropFirst()).isEmpty ? user : String(url.path.dropFirst()), tls: .disable)
        let logger = Logger(label: "golive.tests.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        } catch {
            try? await connection.close()
            throw TestServerError("\(sql) failed: \(String(reflecting: error))")
        }
        try await connection.close()
    }
}

public struct TestServerError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
