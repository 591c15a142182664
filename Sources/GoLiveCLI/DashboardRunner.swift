import Foundation
import GoLiveConfig
import GoLiveCore
import GoLiveThemes
import NCursesTerminal
import TerminalUI

/// Composes the dashboard: the terminal loop, a loader that reads the store every 2 s, and (unless read-only)
/// the scheduled checks and `r`. The TUI and the checks meet in the store, as the services do.
struct DashboardRunner {
    let session: Session
    let sellers: [SellerSettings]
    let seller: SellerSettings
    let mode: DashboardMode
    let readOnly: Bool
    let locked: Bool
    let theme: String?
    /// Set by the notifications and reports requirements (see ``DashboardSources``); nil = not in this build.
    let sources: DashboardSources
    /// The language of the screen and of the messages posted to it (DESIGN.md `--lang` precedence).
    var language: Language = .english
    var refresh: Duration = .seconds(2)
    var checkInterval: Duration = .seconds(600)
    /// Runs after the user quits, before the session closes (the demo stops its receiver and shop here).
    var beforeClose: (@Sendable () async -> Void)?

    /// Runs until the user quits; a terminal that cannot be used is a clear error (exit 1), an unknown theme a
    /// usage error (exit 2).
    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let catalog = ThemeCatalog.load(environment: environment)
        let initialTheme: Theme
        switch catalog.initialTheme(requested: theme, environment: environment) {
        case .success(let found): initialTheme = found
        case .failure(let problem):
            await session.close()
            throw GoLiveError(.usage, problem.message, remedy: "Pick one with --theme NAME.")
        }
        let themes = Dictionary(catalog.themes.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        let loader = SnapshotLoader(store: session.store, sources: sources, sellers: sellers, text: UIText(language))
        let text = UIText(language)
        let current = CurrentSeller(seller)
        let loop = TerminalLoop()
        var state = DashboardState(
            snapshot: loader.initial(for: seller), size: TerminalSize(width: 80, height: 24), now: Date(), mode: mode,
            readOnly: readOnly, themes: catalog.names, theme: initialTheme.name, language: language)
        state.locked = locked

        let (triggers, trigger) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let reload = WakeFlag()
        let reader = Task {
            while !Task.isCancelled {
                loop.post(.snapshot(await loader.load(for: current.value)))
                // Wake early after a re-check or a seller switch.
                let due = ContinuousClock.now + refresh
                while ContinuousClock.now < due, !reload.take(), !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
        }
        let checker = Task {
            guard !readOnly else { return }
            let runner = ReadinessRunner(store: session.store, sources: session.checkSources())
            let timer = Task {
                while !Task.isCancelled {
                    trigger.yield()
                    try? await Task.sleep(for: checkInterval)
                }
            }
            defer { timer.cancel() }
            for await _ in triggers {
                let seller = current.value
                loop.post(.checking(true, text.checkingSeller(seller.name)))
                do {
                    let report = try await runner.all(for: seller, gateway: session.gateway(for: seller))
                    let open = report.checks.filter { !$0.status.isReady }.count
                    loop.post(.checking(false, report.ready ? text.checkedReady : text.checkedNotPassing(open)))
                } catch {
                    loop.post(.checking(false, text.checksNotRecorded("\(error)")))
                }
                reload.set()
            }
        }
        defer {
            reader.cancel()
            checker.cancel()
            trigger.finish()
        }
        // Nothing may write to the terminal behind ncurses' back: diagnostics go to a file while the screen is ours.
        var terminalNotice: String?
        defer {  // runs after diagnostics.finish(): the notice reaches the user's terminal
            if let terminalNotice { FileHandle.standardError.write(Data("golive: \(terminalNotice)\n".utf8)) }
        }
        let diagnostics = DiagnosticsCapture.start()
        defer { diagnostics.finish() }
        do {
            terminalNotice = try await loop.run(state: state, themes: themes, environment: environment) { effect in
                switch effect {
                case .recheck:
                    trigger.yield()
                case .switchSeller(let name):
                    if let next = sellers.first(where: { $0.name == name }) {
                        current.value = next
                        loop.post(.snapshot(loader.initial(for: next)))
                        reload.set()
                        trigger.yield()
                    }
                default:
                    break
                }
            }
        } catch let error as TerminalUnavailable {
            await beforeClose?()
            await session.close()
            throw GoLiveError(.terminalUnavailable, error.description)
        }
        reader.cancel()
        checker.cancel()
        await beforeClose?()
        await session.close()
        for problem in catalog.problems {
            FileHandle.standardError.write(Data("golive: theme skipped: \(problem)\n".utf8))
        }
    }
}

/// A flag set from any thread and taken once.
final class WakeFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    func set() { lock.withLock { raised = true } }
    func take() -> Bool {
        lock.withLock {
            defer { raised = false }
            return raised
        }
    }
}

/// The seller the dashboard shows now (switched from the UI thread's effect handler, read by the tasks).
final class CurrentSeller: @unchecked Sendable {
    private let lock = NSLock()
    private var seller: SellerSettings
    init(_ seller: SellerSettings) { self.seller = seller }
    var value: SellerSettings {
        get { lock.withLock { seller } }
        set { lock.withLock { seller = newValue } }
    }
}

/// The data sources other requirements provide. Nil means this build has no such store yet: the pane then
/// says so and what to run, never invented numbers.
struct DashboardSources: Sendable {
    var feed: (any FeedSource)?
    var balances: (any BalanceSource)?

    /// The sources of this build, over the session's store. Each requirement sets its own line.
    static func of(_ session: Session) -> DashboardSources {
        var sources = DashboardSources()
        sources.feed = NotificationFeed(store: session.store)  // notifications: what `golive serve` stored
        // reports: the newest fetched release report, and what is to be released from the payments search
        sources.balances = StoredReportBalances(store: session.store, pending: PendingReleases(session: session))
        return sources
    }
}

/// Reads one ``DashboardSnapshot`` from the store and the sources.
struct SnapshotLoader: Sendable {
    let store: any GoLiveStore
    let sources: DashboardSources
    let sellers: [SellerSettings]
    var text = UIText(.english)

    func initial(for seller: SellerSettings) -> DashboardSnapshot {
        DashboardSnapshot(
            seller: seller.name, sellers: sellers.map(\.name), accessToken: seller.accessToken?.masked,
            publicKey: seller.publicKey?.masked, checkoutURL: seller.checkoutURL?.absoluteString)
    }

    func load(for seller: SellerSettings) async -> DashboardSnapshot {
        var snapshot = initial(for: seller)
        do {
            let order = Dictionary(uniqueKeysWithValues: CheckID.all.enumerated().map { ($1, $0) })
            snapshot.checks = try await store.latestCheckResults(seller: seller.name).sorted {
                (order[$0.id] ?? .max) < (order[$1.id] ?? .max)
            }
            snapshot.qualityHistory = try await store.checkHistory(.qualityScore, seller: seller.name, limit: 12)
            snapshot.account = try await store.sellers().first { $0.name == seller.name }
        } catch {
            snapshot.problem = text.storeProblem("\(error)")
        }
        if let feed = sources.feed {
            do {
                snapshot.feed = .loaded(try await feed.recentNotifications(seller: seller.name, limit: 200))
            } catch {
                snapshot.feed = .failed("\(error)")
            }
        } else {
            snapshot.feed = .unavailable(
                reason: text.noFeedInBuild, remedy: text.noFeedRemedy)
        }
        if let balances = sources.balances {
            do {
                if let summary = try await balances.balanceSummary(seller: seller.name) {
                    snapshot.balances = .loaded(summary)
                } else {
                    snapshot.balances = .unavailable(
                        reason: text.noReleaseReport(seller.name), remedy: text.fetchReleaseRemedy)
                }
            } catch {
                snapshot.balances = .failed("\(error)")
            }
        } else {
            snapshot.balances = .unavailable(
                reason: text.noStoredBalances, remedy: text.balanceFileRemedy)
        }
        snapshot.loadedAt = Date()
        return snapshot
    }
}

/// Sends stderr to a file while the dashboard owns the terminal (htop does the same), and says where it is
/// afterwards when anything was written.
struct DiagnosticsCapture {
    let saved: Int32
    let path: String

    static func start() -> DiagnosticsCapture {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "golive-dashboard-\(getpid()).log"
        ).path
        let saved = dup(STDERR_FILENO)
        let file = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if file >= 0 {
            fflush(nil)
            dup2(file, STDERR_FILENO)
            close(file)
        }
        return DiagnosticsCapture(saved: saved, path: path)
    }

    func finish() {
        guard saved >= 0 else { return }
        fflush(nil)
        dup2(saved, STDERR_FILENO)
        close(saved)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size > 0 {
            FileHandle.standardError.write(Data("golive: diagnostics written while the dashboard ran: \(path)\n".utf8))
        } else {
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
