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

/// `golive demo`: everything against the embedded Sandbox in a temporary store — no credentials, no network.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run golive against the embedded Mercado Pago Sandbox (no credentials, no network).",
        discussion:
            "Ignores MP_* settings, --api-base and --store. Bare `demo` opens the dashboard; `demo check` prints.",
        subcommands: [
            DemoDashboardCommand.self,
            DemoCheckCommand.self,
            DemoQualityCommand.self,
            DemoWallCommand.self,
            DemoWalkthroughCommand.self,
        ],
        defaultSubcommand: DemoDashboardCommand.self)
}

struct DemoCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "A real readiness run against the embedded Sandbox.",
        discussion: """
            --seller picks one of the Sandbox's accounts: production (default), test-user, test-credentials, \
            not-activated, or invalid (a rejected token), to see how golive judges each; --all-sellers checks \
            them all at once, as `golive check --all-sellers` does for an agency's config.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print one JSON document on stdout.") var json = false
    @Flag(name: .customLong("all-sellers"), help: "Check every Sandbox account (and a rejected token) at once.")
    var allSellers = false

    func run() async throws {
        if allSellers { return try await runAllSellers() }
        var seller: SellerSettings
        let language: Language
        do {
            language = try Language.choose(option: global.language, environment: ProcessInfo.processInfo.environment)
            seller = try DemoDashboardCommand.seller(named: global.seller ?? "production")
        } catch let error as GoLiveError {
            ReadinessOutput.emit(error, json: json)
            throw CommandFailure(exitCode: 2)
        }
        let world: DemoWorld
        do {
            world = try await DemoWorld.start(sellers: [seller])
        } catch let error as GoLiveError {
            ReadinessOutput.emit(error, json: json)
            throw CommandFailure(exitCode: 1)
        }
        let report: ReadinessReport
        do {
            seller = world.sellers[0]
            await Self.gatherEvidence(for: seller, session: world.session)
            report = try await ReadinessCommand.check(scope: .all, seller: seller, session: world.session, json: json)
        } catch {
            await world.stop()
            throw error
        }
        await world.stop()
        try ReadinessOutput.emit(
            report, json: json, context: UIText(language).demoContext(world.baseURL.absoluteString),
            language: language)
        if !report.ready { throw CommandFailure.notReady }
    }

    /// What an operator would have done before checking, so the demo's report shows real verdicts instead of
    /// "no evidence yet": a quality measurement of the Sandbox's latest production payments and the release and
    /// settlement reports fetched through its reports API. Notifications are left to `golive demo` (the
    /// dashboard), which runs a shop that sends them; a one-shot check has no receiver running.
    static func gatherEvidence(for seller: SellerSettings, session: Session) async {
        await DemoActivity.measureQuality(session: session)
        guard let gateway = session.gateway(for: seller) as? any ReportsGateway else { return }
        let job = DailyReportJob(store: session.store, clock: SystemClock(), folder: session.reportsFolder)
        _ = await job.tick([DailyReportJob.Seller(name: seller.name, sellerID: nil, gateway: gateway)])
    }

    /// `demo check --all-sellers` (issue 10): every Sandbox account plus a rejected token as an agency's sellers,
    /// after the evidence an operator would have (a quality measurement, each seller's reports fetched).
    func runAllSellers() async throws {
        let language: Language
        let sellers: [SellerSettings]
        do {
            language = try Language.choose(option: global.language, environment: ProcessInfo.processInfo.environment)
            let first = global.seller ?? "production"
            let names = [first] + (MercadoPagoSandbox.accounts.map(\.name) + ["invalid"]).filter { $0 != first }
            sellers = try names.map { try DemoDashboardCommand.seller(named: $0) }
        } catch let error as GoLiveError {
            ReadinessOutput.emit(error, json: json)
            throw CommandFailure(exitCode: 2)
        }
        let world: DemoWorld
        do {
            world = try await DemoWorld.start(sellers: sellers)
        } catch let error as GoLiveError {
            ReadinessOutput.emit(error, json: json)
            throw CommandFailure(exitCode: 1)
        }
        let session = world.session
        await DemoActivity.measureQuality(session: session)
        // Each seller's reports at once (one fetch waits for the Sandbox to generate the file).
        let job = DailyReportJob(store: session.store, clock: SystemClock(), folder: session.reportsFolder)
        await withTaskGroup(of: Void.self) { group in
            for seller in world.sellers {
                guard let gateway = session.gateway(for: seller) as? any ReportsGateway else { continue }
                group.addTask {
                    _ = await job.tick([DailyReportJob.Seller(name: seller.name, sellerID: nil, gateway: gateway)])
                }
            }
        }
        let report = await AllSellersCommand.check(world.sellers, session: session)
        await session.close()
        await world.stop()
        try ReadinessOutput.emit(
            report, json: json, context: UIText(language).demoContext(world.baseURL.absoluteString),
            language: language)
        if !report.ready { throw CommandFailure.notReady }
    }

    static func demoSeller(named name: String) throws -> SellerSettings {
        if name == "invalid" {
            return SellerSettings(
                name: "invalid", accessToken: Secret(MercadoPagoSandbox.invalidAccessToken),
                publicKey: Secret("APP_USR-00000000-0000-4000-8000-000000000000"), origin: "demo")
        }
        guard let account = MercadoPagoSandbox.account(named: name) else {
            throw GoLiveError(
                .sellerUnknown, "The Sandbox has no account named \"\(name)\".",
                remedy:
                    "Use one of: \((MercadoPagoSandbox.accounts.map(\.name) + ["invalid"]).joined(separator: ", ")).")
        }
        return SellerSettings(
            name: account.name, accessToken: Secret(account.accessToken), publicKey: Secret(account.publicKey),
            origin: "demo")
    }
}
