import Foundation
import GoLiveConfig
import GoLiveCore
import MercadoPagoSandbox

/// What `golive demo dashboard|walkthrough|wall` do before their screen opens, in one place: the language
/// (`--lang`, `GOLIVE_LANG`, the locale; the demo reads no config), the sellers (Sandbox accounts), the
/// ``DemoWorld``, the evidence `demo check` gathers (in the background: the screen opens at once and the panes
/// fill in as it arrives) and the activity (the receiver, and the simulated shop when asked).
struct DemoPreparation {
    let language: Language
    let world: DemoWorld
    let evidence: Task<Void, Never>
    let activity: DemoActivity?

    var session: Session { world.session }
    /// The seller shown first (the `--seller` account, else `production`).
    var first: SellerSettings { world.sellers[0] }

    /// Starts it all; a bad `--lang`/`--seller` is reported and exits 2, a world that cannot start exits 1.
    /// `everyAccount`: every Sandbox account is a seller (s switches), else only the first.
    static func start(global: GlobalOptions, everyAccount: Bool, receiver: Bool, shop: Bool) async throws
        -> DemoPreparation
    {
        let sellers: [SellerSettings]
        let language: Language
        do {
            language = try Language.choose(option: global.language, environment: ProcessInfo.processInfo.environment)
            let first = try DemoDashboardCommand.seller(named: global.seller ?? "production")
            let others = everyAccount ? MercadoPagoSandbox.accounts.map(\.name).filter { $0 != first.name } : []
            sellers = [first] + (try others.map { try DemoDashboardCommand.seller(named: $0) })
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
        let session = world.session
        let first = world.sellers[0]
        let others = Array(world.sellers.dropFirst())
        let evidence = Task {
            await DemoCheckCommand.gatherEvidence(for: first, session: session)
            // The other accounts checked once, as `golive serve` would: the all-sellers overview (`a`) shows them.
            if !others.isEmpty, !Task.isCancelled { _ = await AllSellersCommand.check(others, session: session) }
        }
        do {
            let activity =
                receiver
                ? try await DemoActivity.start(
                    sandbox: world.sandbox, baseURL: world.baseURL, session: session, shop: shop) : nil
            return DemoPreparation(language: language, world: world, evidence: evidence, activity: activity)
        } catch {
            evidence.cancel()
            await evidence.value
            await world.stop()
            throw error
        }
    }

    /// Stops the evidence and the activity (run before the session closes); the world stops after.
    func stopActivity() async {
        evidence.cancel()
        await evidence.value
        await activity?.stop()
    }
}
