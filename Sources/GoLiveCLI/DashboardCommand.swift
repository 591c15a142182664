import ArgumentParser
import Foundation
import GoLiveConfig
import GoLiveCore
import StoreSQLite
import TerminalUI

/// `golive dashboard` (and bare `golive` on a terminal): the operator's screen.
struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "The terminal dashboard: credentials, SSL, quality, notifications and balances; q quits.",
        discussion: """
            Runs the checks when they are due (credentials every 10 minutes, SSL hourly, reports daily…, as \
            `golive serve` does) and on `r`, and records them in the store. --readonly \
            binds no action that changes anything (the checks are then left to `golive serve`). Themes: \
            dark, light, high-contrast, colorblind, monochrome (NO_COLOR picks monochrome), plus your own in \
            $XDG_CONFIG_HOME/golive/themes.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Theme name (t cycles through them).") var theme: String?
    @Flag(help: "Bind no action that changes anything; do not run checks.") var readonly = false

    func run() async throws {
        try await DashboardCommand.open(
            options: global.commandLine, mode: .interactive, readOnly: readonly, locked: false, theme: theme)
    }

    static func open(options: CommandLineSettings, mode: DashboardMode, readOnly: Bool, locked: Bool, theme: String?)
        async throws
    {
        let settings: GoLiveSettings
        let session: Session
        do {
            settings = try SettingsResolver().resolve(options)
            session = try Session.open(settings)
        } catch let error as GoLiveError {
            ReadinessOutput.emit(error, json: false)
            throw CommandFailure(exitCode: error.isUsageError ? 2 : 1)
        }
        var runner = DashboardRunner(
            session: session, sellers: settings.sellers, seller: settings.seller, mode: mode, readOnly: readOnly,
            locked: locked, theme: theme)
        runner.language = settings.language
        try await runner.run()
    }
}

/// `golive wall`: the read-only display for an office screen. Runs no checks and never writes the store: it opens
/// the store read-only (``Session/openStore(_:readOnly:)``) and follows what `golive serve` records;
/// a store that does not exist yet is waited for.
struct WallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wall",
        abstract: "A read-only wall display of the dashboard; with --lock only a signal ends it.",
        discussion: """
            Big readiness, the checks, the live feed and the balances, a clock that ticks every second, and \
            NO DATA SINCE hh:mm when the store stops answering (it is reopened when it is back). Binds only q, ?, \
            t and Ctrl-L (none with --lock); never shows a secret, a full payer e-mail or an identification \
            number. The high-contrast theme unless --theme or NO_COLOR. `golive serve` keeps the store current; \
            a store that does not exist yet is waited for on screen and picked up when it appears.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Theme name (default high-contrast).") var theme: String?
    @Flag(help: "Accept no key at all (end it with SIGTERM).") var lock = false
    @Option(help: "Show one pane at a time, the next every SECONDS.") var rotate: Int?
    /// How often the pending releases are searched through the API (default 600 s); for tests and measurements.
    @Option(help: .hidden) var balancesEvery: Int?

    func validate() throws {
        if let rotate, rotate < 1 { throw ValidationError("--rotate takes a number of seconds, at least 1.") }
        if let balancesEvery, balancesEvery < 1 {
            throw ValidationError("--balances-every takes a number of seconds, at least 1.")
        }
    }

    func run() async throws {
        let settings: GoLiveSettings
        let parts: Session.Parts
        do {
            settings = try SettingsResolver().resolve(global.commandLine)
            parts = try Session.wallParts(settings)
        } catch let error as GoLiveError {
            ReadinessOutput.emit(error, json: false)
            throw CommandFailure(exitCode: error.isUsageError ? 2 : 1)
        }
        // The store is opened by the loader, read-only: a file that does not exist yet is waited for on screen
        // ("waiting for the store at PATH") and picked up when `golive serve` creates it, without a restart.
        var runner = DashboardRunner(
            parts: parts, session: nil, sellers: settings.sellers, seller: settings.seller, mode: .wall,
            readOnly: true, locked: lock, theme: theme)
        runner.language = settings.language
        runner.openStore = { try Session.openStore($0, readOnly: true) }
        runner.rotate = rotate
        if let balancesEvery {
            let every = TimeInterval(balancesEvery)
            runner.balancesEvery = every
            runner.sources = { DashboardSources.of($0, pendingMaxAge: every) }
        }
        try await runner.run()
    }
}

/// `golive walkthrough`: the go-live requirements one at a time, in order, with what is missing and how to fix
/// it; n/→ and p/← move freely, Enter re-checks. Progress is stored; `--export` writes the go-live report.
struct WalkthroughCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "walkthrough",
        abstract: "Walk through every go-live requirement in order: what was checked, what is missing, the fix.",
        discussion: """
            Resumes where it was left (progress is kept in the store, per seller). --export FILE.md or FILE.json \
            writes the go-live report (every requirement, its evidence, sign-offs, dates) from the store, \
            without opening the terminal.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Theme name.") var theme: String?
    @Option(help: "Write the go-live report to FILE.md (Markdown) or FILE.json and exit.") var export: String?

    func run() async throws {
        guard let export else {
            try await DashboardCommand.open(
                options: global.commandLine, mode: .walkthrough, readOnly: false, locked: false, theme: theme)
            return
        }
        let settings: GoLiveSettings
        let session: Session
        let json: Bool
        do {
            json = try Self.exportFormat(export)
            settings = try SettingsResolver().resolve(global.commandLine)
            session = try Session.open(settings)
        } catch let error as GoLiveError {
            ReadinessOutput.emit(error, json: false)
            throw CommandFailure(exitCode: error.isUsageError ? 2 : 1)
        }
        do {
            let words = UIText(settings.language)
            let report = try await WalkthroughExport.gather(
                store: session.store, seller: settings.seller.name, now: Date()
            ).localized(words)
            let text = json ? try report.json() : report.markdown(text: words)
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: export), options: .atomic)
            } catch {
                throw GoLiveError(
                    .usage, "Cannot write the report to \(export): \(error.localizedDescription)",
                    remedy: "Give a writable path for --export.")
            }
            await session.close()
            print("Wrote the go-live report of \(settings.seller.name) to \(export)")
        } catch let error as GoLiveError {
            await session.close()
            ReadinessOutput.emit(error, json: false)
            throw CommandFailure(exitCode: error.isUsageError ? 2 : 1)
        } catch {
            await session.close()
            ReadinessOutput.emit(GoLiveError(.storeUnavailable, "\(error)"), json: false)
            throw CommandFailure(exitCode: 1)
        }
    }

    /// True for JSON, false for Markdown; anything else is a usage error.
    static func exportFormat(_ path: String) throws(GoLiveError) -> Bool {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "json": return true
        case "md", "markdown": return false
        default:
            throw GoLiveError(
                .usage, "--export \(path): the file must end in .md or .json.",
                remedy: "Use --export golive-report.md (Markdown) or --export golive-report.json.")
        }
    }
}
