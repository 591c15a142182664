import Foundation
import GoLiveConfig
import GoLiveCore
import MercadoPagoClient
import TLSInspection

extension Session {
    /// A session without its store: what the wall starts with, since its store may not exist yet (the loader opens
    /// it read-only, waits while it is missing, and reopens it after it went away). ``over(_:)`` makes the session
    /// of each handle the loader opens.
    struct Parts: Sendable {
        let settings: GoLiveSettings
        /// Where the store is (a SQLite file that may not exist yet, or a PostgreSQL URL).
        let store: StoreLocation
        let connection: MercadoPagoConnection
        var sslOptions = TLSInspector.Options()

        /// The SQLite file's path, nil for a server store.
        var storePath: String? {
            if case .sqlite(let path) = store { return path }
            return nil
        }

        func over(_ store: any GoLiveDatabase) -> Session {
            Session(settings: settings, store: store, connection: connection, sslOptions: sslOptions)
        }

        func close() async { await connection.shutdown() }
    }

    var parts: Parts {
        Parts(settings: settings, store: settings.store, connection: connection, sslOptions: sslOptions)
    }

    /// The wall's parts: the store's location (a SQLite file need not exist yet) and the connection. Opens
    /// no SQLite file: the wall's loader opens (and reopens) the store through ``Session/openStore(_:readOnly:)``.
    static func wallParts(_ settings: GoLiveSettings) throws -> Parts {
        if case .postgres = settings.store {
            // A server store is opened once here, so that a store this build cannot open (or a wrong URL) fails
            // at start with its clear error; the loader opens its own handle.
            _ = try openStore(settings.store, readOnly: true)
        }
        return Parts(
            settings: settings, store: settings.store,
            connection: MercadoPagoConnection(
                baseURL: settings.apiBase, connectTimeout: .seconds(5), requestTimeout: .seconds(30)))
    }
}
