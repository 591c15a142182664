import ArgumentParser
import Foundation
import GoLiveConfig
import GoLiveCore

/// `golive check`: one-shot readiness of every requirement.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check every go-live requirement once; exit 0 when ready, 1 when not.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print one JSON document on stdout.") var json = false
    @Flag(name: .customLong("all-sellers"), help: "Check every configured seller (exit 0 only when all are ready).")
    var allSellers = false

    func validate() throws {
        if allSellers, global.seller != nil {
            throw ValidationError(
                "--seller and --all-sellers cannot be used together: leave out --seller to check every configured "
                    + "seller, or --all-sellers to check one.")
        }
    }

    func run() async throws {
        if allSellers {
            try await AllSellersCommand.run(options: global.commandLine, json: json)
        } else {
            try await ReadinessCommand.run(scope: .all, options: global.commandLine, json: json)
        }
    }
}

/// `golive credentials`: the `credentials.*` checks only.
struct CredentialsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credentials",
        abstract: "Check that the credentials in use are activated production credentials of a real account.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print one JSON document on stdout.") var json = false

    func run() async throws {
        try await ReadinessCommand.run(scope: .credentials, options: global.commandLine, json: json)
    }
}

enum ReadinessCommand {
    enum Scope { case all, credentials }

    static func run(scope: Scope, options: CommandLineSettings, json: Bool) async throws {
        let settings: GoLiveSettings
        let session: Session
        do {
            settings = try SettingsResolver().resolve(options)
            session = try Session.open(settings)
        } catch let error as GoLiveError {
            ReadinessOutput.emit(error, json: json)
            throw CommandFailure(exitCode: error.isUsageError ? 2 : 1)
        }
        let report = try await check(scope: scope, seller: settings.seller, session: session, json: json)
        try ReadinessOutput.emit(
            report, json: json, context: "API \(settings.apiBase.absoluteString) · store \(settings.store)",
            language: settings.language)
        if !report.ready { throw CommandFailure.notReady }
    }

    static func check(scope: Scope, seller: SellerSettings, session: Session, json: Bool) async throws
        -> ReadinessReport
    {
        let runner = ReadinessRunner(store: session.store, sources: session.checkSources())
        do {
            let report =
                switch scope {
                case .all: try await runner.all(for: seller, gateway: session.gateway(for: seller))
                case .credentials: try await runner.credentials(for: seller, gateway: session.gateway(for: seller))
                }
            await session.close()
            return report
        } catch {
            // Always close: the HTTP client must be shut down before it goes away.
            await session.close()
            let failure =
                error as? GoLiveError
                ?? GoLiveError(
                    .storeUnavailable, "Recording the check results failed: \(error).",
                    remedy: "Check the store (--store / GOLIVE_STORE) and run again.")
            ReadinessOutput.emit(failure, json: json)
            throw CommandFailure(exitCode: failure.isUsageError ? 2 : 1)
        }
    }
}
