import Foundation
import GoLiveConfig
import GoLiveCore
import MercadoPagoClient
import NotificationURLProbe
import StoreSQLite
import TLSInspection

/// What a command works with: the resolved settings, the open store and the Mercado Pago connection.
/// The composition root: the only place that picks concrete adapters.
struct Session {
    let settings: GoLiveSettings
    /// The store, as the composition of every store protocol the CLI uses (``GoLiveDatabase``): SQLite or
    /// PostgreSQL, picked by ``openStore(_:readOnly:)`` alone.
    let store: any GoLiveDatabase
    let connection: MercadoPagoConnection
    /// How the SSL check connects (`demo` trusts its own generated root and probes its own http port).
    var sslOptions = TLSInspector.Options()

    static func open(_ settings: GoLiveSettings, requestTimeout: Duration = .seconds(30)) throws -> Session {
        let store = try openStore(settings.store)
        return Session(
            settings: settings, store: store,
            connection: MercadoPagoConnection(
                baseURL: settings.apiBase, connectTimeout: .seconds(5), requestTimeout: requestTimeout))
    }

    /// Opens the store at `location`: the one place that names a concrete store. `readOnly` (the wall) never
    /// creates, migrates or writes it.
    static func openStore(_ location: StoreLocation, readOnly: Bool = false) throws -> any GoLiveDatabase {
        switch location {
        case .sqlite(let path):
            return readOnly ? try SQLiteStore(readingOnly: path) : try SQLiteStore(path: path)
        case .postgres(let url):
            return try PostgresSession.open(url: url)  // issue 10
        }
    }

    /// The gateway for a seller, or nil when it has no access token (the checks then say what to set).
    func gateway(for seller: SellerSettings) -> (any MercadoPagoGateway)? {
        seller.accessToken.map { connection.gateway(accessToken: $0) }
    }

    /// The requirement checks this build can decide beyond credentials (ReadinessRunner fills the rest with
    /// "awaiting evidence" results). Each requirement adds its source here.
    func checkSources() -> [any CheckSource] {
        // One source a line, so that each requirement adds its own without touching the others.
        let sources: [any CheckSource] = [
            QualityCheckSource(store: store),
            SSLCheckSource(options: sslOptions),
            BackfilledReceivingCheck(NotificationCheckSource(store: store), store: store),
            ReportsCheckSource(store: store),
            NotificationURLCheckSource(probe: notificationURLProbe()),  // issue 11
        ]
        return sources
    }

    /// issue 11: against a Sandbox (the demo, an API base outside Mercado Pago) the Sandbox delivers the URL's
    /// test notification and measures it; against Mercado Pago, which has no API for that, golive sends it itself.
    func notificationURLProbe() -> any NotificationURLProbing {
        let direct = DirectURLProbe(caFile: sslOptions.caFile)
        guard SandboxURLProbe.isSandbox(apiBase: settings.apiBase) else { return direct }
        return SandboxURLProbe(sandbox: settings.apiBase, fallback: direct)
    }

    func close() async { await connection.shutdown() }
}
