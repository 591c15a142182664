import ArgumentParser
import Foundation
import GoLiveConfig
import GoLiveCore
import MercadoPagoClient
import MercadoPagoSandbox
import StoreSQLite
import TerminalUI

/// `golive demo` / `golive demo dashboard`: the dashboard over the embedded Sandbox and a temporary store, with
/// every Sandbox account as a seller (s switches) — no credentials, no network.
struct DemoDashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "The dashboard against the embedded Sandbox, in a temporary store.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Theme name (t cycles through them).") var theme: String?
    @Flag(help: "Bind no action that changes anything.") var readonly = false

    func run() async throws {
        let sellers: [SellerSettings]
        let first: SellerSettings
        do {
            if let language = global.language, Language(option: language) == nil {
                throw GoLiveError(.usage, "Unknown language \"\(language)\".", remedy: "Use en, es or pt-BR.")
            }
            first = try DemoCheckCommand.demoSeller(named: global.seller ?? "production")
            sellers =
                [first]
                + (try MercadoPagoSandbox.accounts.map(\.name).filter { $0 != first.name }.map {
                    try DemoCheckCommand.demoSeller(named: $0)
                })
        } catch let error as GoLiveError {
            ReadinessOutput.emit(error, json: false)
            throw CommandFailure(exitCode: 2)
        }
        let sandbox = MercadoPagoSandbox()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let baseURL: URL
        do {
            baseURL = try await sandbox.start()
        } catch {
            ReadinessOutput.emit(
                GoLiveError(
                    .sandboxFailed, "The embedded Sandbox could not start: \(error).",
                    remedy: "Check that a loopback port can be opened on this machine."), json: false)
            throw CommandFailure(exitCode: 1)
        }
        do {
            let store = try SQLiteStore(path: folder.appendingPathComponent("golive.sqlite").path)
            let session = Session(
                settings: GoLiveSettings(
                    apiBase: baseURL, store: .sqlite(path: store.path), language: .english, sellers: sellers,
                    seller: first, configFile: nil),
                store: store,
                connection: MercadoPagoConnection(baseURL: baseURL, requestTimeout: .seconds(10)))
            let runner = DashboardRunner(
                session: session, sellers: sellers, seller: first, mode: .interactive, readOnly: readonly,
                locked: false, theme: theme, sources: .of(session))
            try await runner.run()
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }
}
