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
        let sellers: [SellerSettings]
        let language: Language
        do {
            language = try Language.choose(option: global.language, environment: ProcessInfo.processInfo.environment)
            sellers = [try DemoDashboardCommand.seller(named: global.seller ?? "production")]
        } catch let error as GoLiveError {
            ReadinessOutput.emit(error, json: false)
            throw CommandFailure(exitCode: 2)
        }
        let world: DemoWorld
        do {
            world = try await DemoWorld.start(sellers: sellers)
        } catch let error as GoLiveError {
            ReadinessOutput.emit(error, json: false)
            throw CommandFailure(exitCode: 1)
        }
        do {
            let session = world.session
            let first = world.sellers[0]
            let evidence = Task { await DemoCheckCommand.gatherEvidence(for: first, session: session) }
            let activity =
                still
                ? nil : try await DemoActivity.start(sandbox: world.sandbox, baseURL: world.baseURL, session: session)
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
            var runner = DashboardRunner(
                session: session, sellers: world.sellers, seller: first, mode: .wall, readOnly: true, locked: lock,
                theme: theme)
            runner.language = language
            runner.openStore = { try SQLiteStore(readingOnly: $0) }
            runner.rotate = rotate
            runner.beforeClose = {
                serve.cancel()
                await serve.value
                evidence.cancel()
                await evidence.value
                await activity?.stop()
            }
            try await runner.run()
        } catch {
            await world.stop()
            throw error
        }
        await world.stop()
    }
}
