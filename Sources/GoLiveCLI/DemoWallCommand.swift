import ArgumentParser
import Foundation
import GoLiveConfig
import GoLiveCore
import MercadoPagoSandbox
import StoreSQLite
import TerminalUI

/// `golive demo wall`: the wall display over the embedded Sandbox and a temporary store. The demo's world plays
/// `golive serve` (a simulated shop whose payments and webhooks the receiver records, and the checks on their
/// schedule); the wall itself opens the store read-only and changes nothing.
struct DemoWallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wall",
        abstract: "The read-only wall display against the embedded Sandbox, in a temporary store.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Theme name (default high-contrast).") var theme: String?
    @Flag(help: "Accept no key at all (end it with SIGTERM).") var lock = false
    @Option(help: "Show one pane at a time, the next every SECONDS.") var rotate: Int?
    @Flag(help: "No simulated shop (no payments, no webhooks): a still screen, for measurements.") var still = false

    func validate() throws {
        if let rotate, rotate < 1 { throw ValidationError("--rotate takes a number of seconds, at least 1.") }
    }

    func run() async throws {
        let demo = try await DemoPreparation.start(global: global, everyAccount: false, receiver: !still, shop: true)
        let world = demo.world
        let language = demo.language
        do {
            let session = demo.session
            let first = demo.first
            // The world's `golive serve`: the checks on a demo schedule (every 15 s), recorded in the store.
            var schedule = CheckSchedule.standard
            schedule.intervals = schedule.intervals.mapValues { _ in 15 }
            let checker = DashboardChecker(
                clock: SystemClock(), schedule: schedule, text: UIText(language),
                gateway: { session.gateway(for: $0) }, sources: { session.replacingStore($0).checkSources() })
            let serve = Task {
                while !Task.isCancelled {
                    let pass = await checker.pass(for: first, store: session.store, force: false)
                    let wait = max(1, min(pass.next.timeIntervalSinceNow, 15))
                    try? await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
                }
            }
            // The wall part holds no open session: its loader opens the store read-only, as `golive wall` does.
            var runner = DashboardRunner(
                parts: session.parts, session: nil, sellers: world.sellers, seller: first, mode: .wall,
                readOnly: true, locked: lock, theme: theme)
            runner.language = language
            runner.openStore = { try Session.openStore($0, readOnly: true) }
            runner.rotate = rotate
            runner.beforeClose = {
                serve.cancel()
                await serve.value
                await demo.stopActivity()
            }
            try await runner.run()
        } catch {
            await world.stop()
            throw error
        }
        await world.stop()
    }
}
