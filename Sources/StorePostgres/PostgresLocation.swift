import Foundation
public import GoLiveCore
import NIOSSL
public import PostgresNIO

/// A `postgres://user[:password]@host[:port]/database[?sslmode=…]` store URL (DESIGN.md "Store URLs"), parsed into
/// postgres-nio's client configuration. The password never appears in ``description`` or in errors.
///
/// `sslmode` follows libpq's meaning: `disable` (plain TCP), `prefer` (the default: TLS when the server offers it,
/// without verifying its certificate), `require` (TLS or fail, certificate not verified, as libpq does), and
/// `verify-full` (TLS with the certificate verified against the system's roots, or `sslrootcert=FILE`, and the
/// host name).
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public enum SSLMode: String, Sendable, Hashable, CaseIterable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    var password: String?
    public var database: String
    public var sslMode: SSLMode
    public var sslRootCertificate: String?

    public init(url text: String) throws(GoLiveError) {
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://"),
            let url = URLComponents(string: text), let host = url.host, !host.isEmpty
        else {
            throw GoLiveError(
                .usage, "The store URL is not a valid postgres:// URL.",
                remedy: "Use postgres://user[:password]@host:5432/database[?sslmode=disable|prefer|require].")
        }
        guard let user = url.user?.removingPercentEncoding, !user.isEmpty else {
            throw GoLiveError(
                .usage, "The store URL postgres://\(host)/… names no user.",
                remedy: "Use postgres://user[:password]@\(host):5432/database.")
        }
        self.host = host
        self.port = url.port ?? 5432
        self.username = user
        self.password = url.percentEncodedPassword?.removingPercentEncoding
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        self.database = path.isEmpty ? user : path
        var mode = SSLMode.prefer
        var rootCertificate: String?
        for item in url.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let parsed = SSLMode(rawValue: value) else {
                    throw GoLiveError(
                        .usage, "The store URL's sslmode \"\(item.value ?? "")\" is not one golive knows.",
                        remedy: "Use sslmode=disable, prefer, require or verify-full.")
                }
                mode = parsed
            case "sslrootcert":
                rootCertificate = item.value
            default:
                continue  // tolerated: libpq has many parameters golive does not need (application_name, …)
            }
        }
        self.sslMode = mode
        self.sslRootCertificate = rootCertificate
    }

    /// `postgres://user@host:port/database?sslmode=…`, without the password.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }

    /// Where the server is, for messages: `host:port/database`.
    public var place: String { "\(host):\(port)/\(database)" }

    /// The client configuration; `maximumConnections` bounds the pool.
    public func clientConfiguration(maximumConnections: Int = 8) throws(GoLiveError) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: try tls())
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.keepAliveBehavior = .init(frequency: .seconds(30))
        return configuration
    }

    func tls() throws(GoLiveError) -> PostgresClient.Configuration.TLS {
        var unverified = TLSConfiguration.makeClientConfiguration()
        unverified.certificateVerification = .none
        switch sslMode {
        case .disable: return .disable
        case .prefer: return .prefer(unverified)
        case .require: return .require(unverified)
        case .verifyFull:
            var verified = TLSConfiguration.makeClientConfiguration()
            verified.certificateVerification = .fullVerification
            if let file = sslRootCertificate {
                guard FileManager.default.isReadableFile(atPath: file) else {
                    throw GoLiveError(
                        .usage, "The store URL's sslrootcert \(file) cannot be read.",
                        remedy: "Give the path of the CA certificate (PEM) that signed the server's certificate.")
                }
                verified.trustRoots = .file(file)
            }
            return .require(verified)
        }
    }
}
