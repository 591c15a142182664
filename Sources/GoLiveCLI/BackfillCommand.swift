import ArgumentParser
import Foundation
import GoLiveConfig
import GoLiveCore
import Logging
import ServiceLifecycle
import StoreSQLite

/// `golive notifications backfill [--since DURATION|DATE] [--json]`: one sweep now, for the seller in use.
struct NotificationsBackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Sweep Mercado Pago's payments now and catch the status changes it never notified.",
        discussion: """
            Searches /v1/payments/search by date_last_updated from the last sweep's mark (minus the overlap; the \
            first time: the configured lookback, 2h by default), or from --since (a duration such as 90m, 2h, 1d, \
            or a date: 2026-11-26 or 2026-11-26T10:00:00Z). Each payment whose current status golive never heard \
            of updates its order and is recorded as never notified (`golive notifications --never-notified`). \
            Exit 1 when the sweep failed (the mark is kept).
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Sweep from this long ago (90m, 2h, 1d) or from this date (2026-11-26, ISO-8601).")
    var since: String?
    @Flag(help: "Print the sweep's report as JSON on stdout.") var json = false

    func validate() throws {
        if let since, Self.parseSince(since, now: Date()) == nil {
            throw ValidationError("--since must be a duration (90m, 2h, 1d) or a date (2026-11-26, ISO-8601).")
        }
    }

    static func parseSince(_ text: String, now: Date) -> Date? {
        if let duration = HumanDuration.parse(text) { return now - duration.timeInterval }
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        full.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = full.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }

    func run() async throws {
        let settings = try SettingsResolver().resolve(global.commandLine)
        let session = try Session.open(settings)
        let seller = settings.seller
        guard let gateway = session.gateway(for: seller) else {
            await session.close()
            throw GoLiveError(
                .backfillNoAccessToken, "No access token for \(seller.name): the backfill cannot search its payments.",
                remedy: "Set MP_ACCESS_TOKEN_FILE (or access_token_file for the seller in the config) and run again.")
        }
        let report = await session.backfillJob().sweep(
            seller: seller.name, gateway: gateway, since: since.flatMap { Self.parseSince($0, now: Date()) })
        await session.close()
        // `notifications` has a `--json` flag of its own, and ArgumentParser hands the shared name to the parent:
        // read it from the command line too.
        let json = json || CommandLine.arguments.dropFirst().contains("--json")
        if json {
            print(String(decoding: try JSONEncoder.goLive().encode(report), as: UTF8.self))
        } else {
            print(BackfillOutput.summary(report))
            for finding in report.found { print(BackfillOutput.line(finding)) }
        }
        if let error = report.error {
            if !json { FileHandle.standardError.write(Data("golive: the backfill sweep failed: \(error)\n".utf8)) }
            throw ExitCode(1)
        }
    }
}

/// The words of the backfill's plain output.
enum BackfillOutput {
    static func summary(_ report: BackfillReport) -> String {
        let format = ISO8601DateFormatter()
        let window = "\(format.string(from: report.begin)) → \(format.string(from: report.end))"
        if let error = report.error {
            return "backfill \(report.seller): \(window): failed after \(report.pages) page(s): \(error)"
        }
        var text =
            "backfill \(report.seller): \(window): \(report.pages) page(s), \(report.scanned) payment(s), "
            + "\(report.found.count) never notified, \(report.known) already known"
        if report.outcome == "truncated" { text += " (more remain: the next sweep continues)" }
        return text
    }

    /// `⚠ never notified  1322000042  approved  order ORDER-1  updated 2026-…  found 2026-…`.
    static func line(_ finding: NeverNotifiedFinding) -> String {
        let format = ISO8601DateFormatter()
        var text = "⚠ never notified  \(finding.paymentID)  \(finding.status)"
        if let detail = finding.statusDetail { text += " (\(detail))" }
        if let reference = finding.externalReference { text += "  order \(reference)" }
        if !finding.orderUpdated { text += " (not updated)" }
        text +=
            "  updated \(format.string(from: finding.dateLastUpdated))  found \(format.string(from: finding.foundAt))"
        if let late = finding.notifiedLateAt { text += "  notified late at \(format.string(from: late))" }
        return text
    }
}

extension Session {
    /// The backfill job over this session's store, with the configured settings. With forwarding configured (the
    /// same condition as `serve --forward-to`'s worker: a URL and a secret), each new finding is enqueued for the
    /// shop in the store's forward outbox.
    func backfillJob(clock: any GoLiveClock = SystemClock(), every: Duration? = nil) -> BackfillJob {
        var backfill = settings.backfill
        if let every { backfill.every = every }
        var job = BackfillJob(notifications: store, store: store, settings: backfill, clock: clock)
        if settings.forwarding?.secret != nil { job.forward = store }
        return job
    }
}

/// `golive serve`'s backfill (config `backfill:`; default on, every 10 min): every configured seller with an
/// access token. The first sweep waits `firstDelay`, so the receiver is up first.
struct BackfillService: Service {
    let job: BackfillJob
    let sellers: [BackfillJob.Seller]
    let logger: Logger
    var firstDelay: Duration = .seconds(45)

    init(session: Session, clock: any GoLiveClock, logger: Logger) {
        // Tests only (not documented as a setting): sweep every N ms, the first after N ms; the config's
        // `backfill.every` has a 1-minute floor.
        let interval = ProcessInfo.processInfo.environment["GOLIVE_BACKFILL_INTERVAL_MS"].flatMap(Int64.init)
            .flatMap { $0 > 0 ? Duration.milliseconds($0) : nil }
        job = session.backfillJob(clock: clock, every: interval)
        if let interval { firstDelay = interval }
        sellers = session.settings.sellers.compactMap { seller in
            session.gateway(for: seller).map { BackfillJob.Seller(name: seller.name, gateway: $0) }
        }
        self.logger = logger
    }

    func run() async throws {
        await PeriodicJob.run(
            when: job.settings.enabled && !sellers.isEmpty, clock: job.clock, firstDelay: firstDelay
        ) {
            await job.run(sellers) { report in
                if let error = report.error {
                    logger.warning(
                        "backfill sweep failed", metadata: ["seller": "\(report.seller)", "error": "\(error)"])
                } else if !report.found.isEmpty {
                    logger.warning(
                        "backfill found status changes Mercado Pago never notified",
                        metadata: [
                            "seller": "\(report.seller)",
                            "payments": "\(report.found.map { "\($0.paymentID):\($0.status)" }.joined(separator: ","))",
                        ])
                }
            }
        }
    }
}
