import Foundation
import GoLiveConfig
import GoLiveCore
import LoopbackHTTPS
import MercadoPagoClient
import MercadoPagoSandbox
import StoreSQLite
import TLSInspection

/// What the `golive demo` commands run on: the embedded Sandbox, its HTTPS checkout page (trusted through its
/// generated root only) and a temporary SQLite store, composed into a ``Session`` whose sellers are Sandbox
/// accounts — no credentials, no network. `stop()` ends every part and deletes the store.
struct DemoWorld {
    let sandbox: MercadoPagoSandbox
    let baseURL: URL
    let checkoutPage: DemoCheckoutPage
    let folder: URL
    let session: Session

    /// Starts the parts for these sellers (the first is the current one); whatever started is stopped again
    /// when a later part fails, and the failure says what to check.
    static func start(sellers: [SellerSettings]) async throws -> DemoWorld {
        let sandbox = MercadoPagoSandbox()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-demo-\(UUID().uuidString)")
        let baseURL: URL
        let checkoutPage: DemoCheckoutPage
        do {
            baseURL = try await sandbox.start()
            do {
                checkoutPage = try await DemoCheckoutPage.start()
            } catch {
                await sandbox.stop()
                throw error
            }
        } catch {
            throw GoLiveError(
                .sandboxFailed, "The embedded Sandbox could not start: \(error).",
                remedy: "Check that a loopback port can be opened on this machine.")
        }
        do {
            let store = try SQLiteStore(path: folder.appendingPathComponent("golive.sqlite").path)
            let sellers = sellers.map { seller in
                var seller = seller
                seller.checkoutURL = checkoutPage.url
                return seller
            }
            var session = Session(
                settings: GoLiveSettings(
                    apiBase: baseURL, store: .sqlite(path: store.path), language: .english, sellers: sellers,
                    seller: sellers[0], configFile: nil),
                store: store,
                connection: MercadoPagoConnection(baseURL: baseURL, requestTimeout: .seconds(10)))
            session.sslOptions = .init(
                caFile: checkoutPage.caFile, httpPort: checkoutPage.httpPort, timeout: .seconds(5))
            return DemoWorld(
                sandbox: sandbox, baseURL: baseURL, checkoutPage: checkoutPage, folder: folder, session: session)
        } catch {
            await checkoutPage.stop()
            await sandbox.stop()
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    /// The sellers as the session has them (with the checkout page's URL).
    var sellers: [SellerSettings] { session.settings.sellers }

    func stop() async {
        await checkoutPage.stop()
        await sandbox.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}
