public import ArgumentParser
import Foundation
import GoLiveConfig
import TerminalUI

/// `golive`: the root command. The executable only calls ``GoLiveMain/run(_:)``.
public struct GoLiveCommand: AsyncParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "golive",
        abstract: "Take a Mercado Pago integration from test to production, and keep watch over it.",
        discussion: """
            Checks each go-live requirement (production credentials, SSL, quality, approval data, \
            notifications, reports). Settings come from the command line, then the environment \
            (MP_ACCESS_TOKEN[_FILE], MP_PUBLIC_KEY[_FILE], MP_WEBHOOK_SECRET[_FILE], MP_API_BASE, \
            GOLIVE_STORE, GOLIVE_CONFIG, GOLIVE_CHECKOUT_URL, GOLIVE_SELLER, GOLIVE_LANG), then the YAML \
            config file ($XDG_CONFIG_HOME/golive/config.yaml). Try `golive demo check` first: it needs no \
            credentials and no network.

            Exit codes: 0 ready/pass, 1 not ready/fail, 2 invalid usage or unsafe configuration.
            """,
        version: version,
        // One command a line, so that each requirement adds its own without touching the others.
        subcommands: [
            CheckCommand.self,
            CredentialsCommand.self,
            SandboxCommand.self,
            DemoCommand.self,
            SSLCommand.self,
            ReportCommand.self,
            QualityCommand.self,
            ServeCommand.self,
            NotificationsCommand.self,
            DashboardCommand.self,
            WallCommand.self,
            WalkthroughCommand.self,
            StoreCommand.self,
            AlertsCommand.self,
        ]
    )

    public init() {}

    /// Bare `golive`: the dashboard on a terminal, the help otherwise (scripts, pipes, CI).
    public func run() async throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            print(Self.helpMessage())
            return
        }
        try await DashboardCommand.open(
            options: CommandLineSettings(), mode: .interactive, readOnly: false, locked: false, theme: nil)
    }
}
