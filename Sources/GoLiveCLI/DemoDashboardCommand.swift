import ArgumentParser
import Foundation
import GoLiveConfig
import GoLiveCore
import LoopbackHTTPS
import MercadoPagoClient
import MercadoPagoSandbox
import StoreSQLite
import TLSInspection
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
    @Flag(help: "No simulated shop (no payments, no webhooks): a still screen, for measurements.") var still = false
    @Flag(help: "Open the go-live walkthrough instead of the dashboard.") var walkthrough = false

    func run() async throws {
        try await Self.open(global: global, theme: theme, readonly: readonly, still: still, walkthrough: walkthrough)
    }

    static func open(
        global: GlobalOptions, theme: String?, readonly: Bool, still: Bool, walkthrough: Bool, export: String? = nil,
        shop: Bool? = nil
    ) async throws {
        // The walkthrough is calm by default: the simulated shop's deliberately partial payments would keep the
        // approval step red whatever the newcomer does. Its receiver always runs (the test notification needs it).
        let runsShop = !still && (shop ?? !walkthrough)
        let runsReceiver = !still || walkthrough
        var exportJSON: Bool?
        if let export {
            do {
                exportJSON = try WalkthroughCommand.exportFormat(export)
            } catch {
                ReadinessOutput.emit(error, json: false)
                throw CommandFailure(exitCode: 2)
            }
        }
        let demo = try await DemoPreparation.start(
            global: global, everyAccount: true, receiver: runsReceiver, shop: runsShop)
        let world = demo.world
        let language = demo.language
        do {
            let session = demo.session
            let sellers = world.sellers
            let first = demo.first
            var runner = DashboardRunner(
                session: session, sellers: sellers, seller: first, mode: walkthrough ? .walkthrough : .interactive,
                readOnly: readonly,
                locked: false, theme: theme)
            runner.language = language
            let baseURL = world.baseURL
            runner.testNotification = { seller in
                await DemoActivity.sendTestNotification(
                    baseURL: baseURL, session: session, seller: seller, text: UIText(language))
            }
            let exportAs = exportJSON
            runner.beforeClose = {
                await demo.stopActivity()
                // The go-live report of the demo's seller, written from the temporary store before it goes.
                if let export, let exportJSON = exportAs {
                    do {
                        let words = UIText(language)
                        let report = try await WalkthroughExport.gather(
                            store: session.store, seller: first.name, now: Date()
                        ).localized(words)
                        let text = exportJSON ? try report.json() : report.markdown(text: words)
                        try Data(text.utf8).write(to: URL(fileURLWithPath: export), options: .atomic)
                    } catch {
                        FileHandle.standardError.write(Data("golive: the report was not written: \(error)\n".utf8))
                    }
                }
            }
            // The shop keeps the evidence moving (payments, webhooks, and the measurement and reports gathered in
            // the background after the first checks): every check is due again after 15 s, not on a real schedule.
            runner.schedule.intervals = runner.schedule.intervals.mapValues { _ in 15 }
            try await runner.run()
        } catch {
            await world.stop()
            throw error
        }
        await world.stop()
    }

    /// A Sandbox account as a seller, with its application's webhook secret so the receiver verifies signatures.
    static func seller(named name: String) throws -> SellerSettings {
        var seller = try DemoCheckCommand.demoSeller(named: name)
        seller.webhookSecret = MercadoPagoSandbox.account(named: name).map { Secret($0.webhookSecret) }
        return seller
    }
}

/// `golive demo walkthrough`: the go-live walkthrough against the embedded Sandbox and a temporary store, so a
/// newcomer can take the Sandbox's production account from nothing to "ready" with the walkthrough alone.
struct DemoWalkthroughCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "walkthrough",
        abstract: "The go-live walkthrough against the embedded Sandbox, in a temporary store.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Theme name (t cycles through them).") var theme: String?
    @Flag(help: "Nothing moves: no simulated shop and no receiver (the test notification cannot arrive).")
    var still = false
    @Flag(help: "Also run the simulated shop: a payment every 2 s, some with partial data.") var shop = false
    @Option(help: "On quitting, write the go-live report to FILE.md or FILE.json.") var export: String?

    func run() async throws {
        try await DemoDashboardCommand.open(
            global: global, theme: theme, readonly: false, still: still && !shop, walkthrough: true, export: export,
            shop: shop)
    }
}
