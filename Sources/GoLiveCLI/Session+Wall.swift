import Foundation
import GoLiveConfig
import GoLiveCore
import MercadoPagoClient
import StoreSQLite
import TLSInspection

extension Session {
    /// A session without its store: what the wall starts with, since its store may not exist yet (the loader opens
    /// it read-only, waits while it is missing, and reopens it after it went away). ``over(_:)`` makes the session
    /// of each handle the loader opens.
    struct Parts: Sendable {
        let settings: GoLiveSettings
        let storePath: String
        let connection: MercadoPagoConnection
        var sslOptions = TLSInspector.Options()

        func over(_ store: SQLiteStore) -> Session {
            Session(settings: settings, store: store, connection: connection, sslOptions: sslOptions)
        }

        func close() async { await connection.shutdown() }
    }

    var parts: Parts {
        Parts(settings: settings, storePath: store.path, connection: connection, sslOptions: sslOptions)
    }

    /// The wall's parts: the SQLite path (the file need not exist yet) and the connection. Opens nothing.
    static func wallParts(_ settings: GoLiveSettings) throws -> Parts {
        switch settings.store {
        case .sqlite(let path):
            return Parts(
                settings: settings, storePath: path,
                connection: MercadoPagoConnection(
                    baseURL: settings.apiBase, connectTimeout: .seconds(5), requestTimeout: .seconds(30)))
        case .postgres:
            _ = try openStore(settings.store)  // the same "no PostgreSQL store yet" error
            throw GoLiveError(.storeUnsupported, "No PostgreSQL store yet.")
        }
    }
}
