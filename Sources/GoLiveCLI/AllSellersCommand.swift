import Foundation
import GoLiveConfig
import GoLiveCore

/// `golive check --all-sellers` (issue 10): every configured seller's readiness, a few sellers at a time, in one
/// report. Exit 0 when every seller is ready, 1 otherwise, 2 for usage errors — as `golive check`.
enum AllSellersCommand {
    /// Sellers checked at once: each runs its own checks concurrently (API calls, TLS probes), so a handful is
    /// enough to hide latency without flooding Mercado Pago or a 2-core machine.
    static let concurrency = 4

    static func run(options: CommandLineSettings, json: Bool) async throws {
        let settings: GoLiveSettings
        let session: Session
        do {
            settings = try SettingsResolver().resolve(options)
            session = try Session.open(settings)
        } catch let error as GoLiveError {
            ReadinessOutput.emit(error, json: json)
            throw CommandFailure(exitCode: error.isUsageError ? 2 : 1)
        }
        let report = await check(settings.sellers, session: session)
        await session.close()
        try ReadinessOutput.emit(
            report, json: json, context: "API \(settings.apiBase.absoluteString) · store \(settings.store)",
            language: settings.language)
        if !report.ready { throw CommandFailure.notReady }
    }

    /// Every seller through ``ReadinessRunner/all(for:gateway:)``, recording each seller's results in the store.
    static func check(_ sellers: [SellerSettings], session: Session, limit: Int = concurrency) async
        -> AllSellersReport
    {
        let runner = ReadinessRunner(store: session.store, sources: session.checkSources())
        return await AllSellersReport.run(sellers, limit: limit) { seller in
            try await runner.all(for: seller, gateway: session.gateway(for: seller))
        }
    }
}
