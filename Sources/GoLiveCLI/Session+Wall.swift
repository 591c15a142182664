import Foundation
import GoLiveConfig
import GoLiveCore
import MercadoPagoClient
import StoreSQLite

extension Session {
    /// The wall's session: the store opened read-only (it must exist; `golive serve`/`check` create it).
    static func openReadingOnly(_ settings: GoLiveSettings) throws -> Session {
        let store: SQLiteStore
        switch settings.store {
        case .sqlite(let path):
            store = try SQLiteStore(readingOnly: path)
        case .postgres:
            _ = try openStore(settings.store)  // the same "no PostgreSQL store yet" error
            throw GoLiveError(.storeUnsupported, "No PostgreSQL store yet.")
        }
        return Session(
            settings: settings, store: store,
            connection: MercadoPagoConnection(
                baseURL: settings.apiBase, connectTimeout: .seconds(5), requestTimeout: .seconds(30)))
    }
}
