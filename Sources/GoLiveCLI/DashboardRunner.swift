import Foundation
import GoLiveConfig
import GoLiveCore
import GoLiveThemes
import NCursesTerminal
import TerminalUI

/// Composes the dashboard: the terminal loop, ``DashboardData`` following the store (a change counter polled
/// every second), the balances apart (they may search payments), and (unless read-only) the checks on their
/// schedule plus `r`. The TUI and the checks meet in the store, as the services do.
struct DashboardRunner {
    /// The settings, the store's location and the connection.
    let parts: Session.Parts
    /// The open session (dashboard, walkthrough); nil for the wall, whose loader opens the store read-only — and
    /// waits for it when the file does not exist yet.
    let session: Session?
    let sellers: [SellerSettings]
    let seller: SellerSettings
    let mode: DashboardMode
    let readOnly: Bool
    let locked: Bool
    let theme: String?
    /// The balances source over a store handle (see ``DashboardSources``; rebuilt when the store is reopened).
    var sources: @Sendable (Session) -> DashboardSources = { DashboardSources.of($0) }
    /// How often the store's change counter is polled (the whole idle cost).
    var refresh: Duration = .seconds(1)
    /// When each check is re-run (as `golive serve` does); `r` runs them all at once.
    var schedule: CheckSchedule = .standard
    var clock: any GoLiveClock = SystemClock()
    /// The language of the screen and of the messages posted to it (DESIGN.md `--lang` precedence).
    var language: Language = .english
    /// How the loader opens (and reopens) the store at a location (a SQLite path or a PostgreSQL URL); nil:
    /// the session's store, reopened read-write, as the dashboard records checks. The wall passes
    /// `Session.openStore(_:readOnly: true)`: it never writes the store.
    var openStore: (@Sendable (StoreLocation) throws -> any GoLiveDatabase)?
    /// `wall --rotate SECONDS`: one pane at a time.
    var rotate: Int?
    /// How long balances (and the pending releases' payments search, through the API) are kept before being read
    /// again; after a failed search, 30 s at most.
    var balancesEvery: TimeInterval = 600
    /// Runs after the user quits, before the session closes (the demo stops its receiver and shop here).
    var beforeClose: (@Sendable () async -> Void)?
    /// The walkthrough's "send a test notification" (the demo sends one through the Sandbox); nil on a real
    /// install, where the step waits for a real one and shows it verified.
    var testNotification: (@Sendable (SellerSettings) async -> String)?

    /// Runs until the user quits; an unknown theme is a usage error (exit 2). A terminal that cannot be used is
    /// none: the loop prints plain lines instead.
    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let catalog = ThemeCatalog.load(environment: environment)
        let initialTheme: Theme
        let requested = Self.requestedTheme(theme, mode: mode, environment: environment)
        switch catalog.initialTheme(requested: requested, environment: environment) {
        case .success(let found): initialTheme = found
        case .failure(let problem):
            await parts.close()
            throw GoLiveError(.usage, problem.message, remedy: "Pick one with --theme NAME.")
        }
        let themes = Dictionary(catalog.themes.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        let data: DashboardData
        let parts = self.parts
        if let openStore {
            data = DashboardData(
                location: parts.store, store: try? openStore(parts.store), sellers: sellers,
                seller: seller, clock: clock, schedule: schedule, text: UIText(language), open: openStore,
                balancesMaxAge: balancesEvery, balances: { store in sources(parts.over(store)).balances })
        } else {
            data = DashboardData(
                location: parts.store, store: session?.store, sellers: sellers, seller: seller, clock: clock,
                schedule: schedule, text: UIText(language), balancesMaxAge: balancesEvery,
                balances: { store in sources(parts.over(store)).balances })
        }
        let text = UIText(language)
        let current = CurrentSeller(seller)
        let loop = TerminalLoop()
        var state = DashboardState(
            snapshot: DashboardData.initial(for: seller, sellers: sellers), size: TerminalSize(width: 80, height: 24),
            now: Date(), mode: mode, readOnly: readOnly, themes: catalog.names, theme: initialTheme.name,
            language: language)
        state.locked = locked
        state.rotate = rotate
        state.sendsTestNotifications = testNotification != nil
        // The walkthrough resumes where it was left (issue 9); its progress is saved as it moves.
        let progress = ProgressBox()
        if mode == .walkthrough, let saved = try? await session?.store.walkthroughProgress(seller: seller.name) {
            state.resume(saved)
            let step = WalkthroughStep.all[state.step]
            state.message = text.resumedWalkthrough(state.step + 1, text.stepTitle(step))
        }
        if mode == .walkthrough, let signOffs = try? await session?.store.signOffs(seller: seller.name) {
            state.handle(.signOffs(signOffs))
        }
        let saveProgress = WakeFlag()
        let progressWriter = Task {
            guard mode == .walkthrough, !readOnly else { return }
            while !Task.isCancelled {
                _ = await WakeFlag.sleep(for: .seconds(60), unless: saveProgress)
                if let latest = progress.take(), let store = await data.currentStore {
                    try? await store.saveWalkthroughProgress(latest)
                }
            }
        }

        let reload = WakeFlag()
        let recheck = WakeFlag()
        let wakeChecker = WakeFlag()
        let quietRecheck = WakeFlag()
        let actions = session.map { session in
            WalkthroughActions(
                session: session, text: text, testNotification: testNotification,
                post: { loop.post($0) },
                recheck: {
                    quietRecheck.set()
                    wakeChecker.set()
                })
        }
        // The first frame with data comes from the store alone: the balances (a payments search) and the
        // checks (the API) start only after it.
        let firstData = Gate()
        let reader = Task {
            if let first = await data.poll(force: true) { loop.post(.snapshot(first)) }
            firstData.open()
            var opens = await data.counters.opens
            while !Task.isCancelled {
                let forced = await data.waitForChange(for: refresh, unless: reload)
                if let next = await data.poll(force: forced) { loop.post(.snapshot(next)) }
                // A store opened anew (replaced, recreated) may hold no results yet: let the checker look now.
                let now = await data.counters.opens
                if now != opens { wakeChecker.set() }
                opens = now
            }
        }
        let balances = Task {
            await firstData.wait()
            while !Task.isCancelled {
                if let next = await data.refreshBalances() { loop.post(.snapshot(next)) }
                try? await Task.sleep(for: .seconds(2))
            }
        }
        let checker = Task {
            guard !readOnly, let session else { return }
            await firstData.wait()
            let checks = DashboardChecker(
                clock: clock, schedule: schedule, text: text, gateway: { session.gateway(for: $0) },
                sources: { session.replacingStore($0).checkSources() })
            while !Task.isCancelled {
                let seller = current.value
                let forced = recheck.take()
                // After a walkthrough action: every check again, keeping the action's outcome on screen.
                let quiet = quietRecheck.take() && !forced
                if forced { loop.post(.checking(true, text.checkingSeller(seller.name))) }
                let pass = await checks.pass(for: seller, store: data.currentStore, force: forced || quiet)
                if forced || (!quiet && pass.message != nil) { loop.post(.checking(false, pass.message)) }
                if pass.recorded { reload.set() }
                let wait = max(1, min(pass.next.timeIntervalSince(clock.now()), 60))
                _ = await WakeFlag.sleep(for: .milliseconds(Int64(wait * 1000)), unless: wakeChecker)
            }
        }
        defer {
            reader.cancel()
            balances.cancel()
            checker.cancel()
            progressWriter.cancel()
            firstData.open()
        }
        // Nothing may write to the terminal behind ncurses' back: diagnostics go to a file while the screen is ours.
        var terminalNotice: String?
        defer {  // runs after diagnostics.finish(): the notice reaches the user's terminal
            if let terminalNotice { FileHandle.standardError.write(Data("golive: \(terminalNotice)\n".utf8)) }
        }
        let diagnostics = DiagnosticsCapture.start()
        defer { diagnostics.finish() }
        // A terminal that cannot be used is no error here: the loop falls back to plain lines (TerminalLoop.run).
        terminalNotice = await loop.run(state: state, themes: themes, environment: environment) { effect in
            switch effect {
            case .recheck:
                recheck.set()
                wakeChecker.set()
            case .saveProgress(let latest):
                progress.put(latest)
                saveProgress.set()
            case .measureQuality, .testNotification, .createReportConfiguration, .signOff:
                let seller = current.value
                Task { await actions?.run(effect, seller: seller) }
            case .switchSeller(let name):
                if let next = sellers.first(where: { $0.name == name }) {
                    current.value = next
                    Task {
                        loop.post(.snapshot(await data.switchSeller(next)))
                        reload.set()
                        wakeChecker.set()
                    }
                }
            default:
                break
            }
        }
        reader.cancel()
        balances.cancel()
        checker.cancel()
        progressWriter.cancel()
        await progressWriter.value
        if !readOnly, let session, let latest = progress.take() {
            try? await session.store.saveWalkthroughProgress(latest)
        }
        await beforeClose?()
        await parts.close()
        for problem in catalog.problems {
            FileHandle.standardError.write(Data("golive: theme skipped: \(problem)\n".utf8))
        }
    }
}

extension DashboardRunner {
    /// The theme asked for: `--theme`, else on the wall (read from across a room) high contrast unless NO_COLOR
    /// is set; nil leaves the choice to the catalog (NO_COLOR → monochrome, else dark).
    static func requestedTheme(_ theme: String?, mode: DashboardMode, environment: [String: String]) -> String? {
        if let theme { return theme }
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        return mode == .wall && !noColor ? "high-contrast" : nil
    }
}

/// A flag set from any thread and taken once; one task at a time may wait for it (``sleep(for:unless:)``)
/// without polling, so an idle dashboard's tasks sleep until their timer or the flag.
final class WakeFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    private var waiter: CheckedContinuation<Void, Never>?

    func set() {
        let woken = lock.withLock {
            defer { waiter = nil }
            raised = true
            return waiter
        }
        woken?.resume()
    }

    func take() -> Bool {
        lock.withLock {
            defer { raised = false }
            return raised
        }
    }

    /// Returns when the flag is raised (leaving it raised) or the task is cancelled.
    private func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = lock.withLock {
                    if raised || Task.isCancelled { return true }
                    waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let woken = lock.withLock {
                defer { waiter = nil }
                return waiter
            }
            woken?.resume()
        }
    }

    /// Sleeps up to `duration`, waking early when `flag` is raised; returns whether it was.
    static func sleep(for duration: Duration, unless flag: WakeFlag) async -> Bool {
        await wait(unless: flag) { try? await Task.sleep(for: duration) }
    }

    /// Runs `body` (a bounded wait) and returns when it does or when `flag` is raised, whichever comes first
    /// (the other is cancelled); returns whether the flag was raised.
    static func wait(unless flag: WakeFlag, _ body: @escaping @Sendable () async -> Void) async -> Bool {
        if flag.take() { return true }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await body() }
            group.addTask { await flag.wait() }
            await group.next()
            group.cancelAll()
        }
        return flag.take()
    }
}

/// Opens once; every waiter (before or after) goes on.
final class Gate: @unchecked Sendable {
    private let lock = NSLock()
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func open() {
        let resumed = lock.withLock {
            isOpen = true
            defer { waiters.removeAll() }
            return waiters
        }
        for waiter in resumed { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = lock.withLock {
                if !isOpen { waiters.append(continuation) }
                return isOpen
            }
            if ready { continuation.resume() }
        }
    }
}

/// One pass of the dashboard's own checks: what ``CheckSchedule`` says is due for the seller shown (as
/// `golive serve` runs them), or everything on `r`.
struct DashboardChecker: Sendable {
    struct Pass: Sendable {
        /// When the next check falls due.
        var next: Date
        var recorded: Bool
        /// What to show in the key bar (a forced run's outcome, or why the checks could not run).
        var message: String?
    }

    let clock: any GoLiveClock
    let schedule: CheckSchedule
    var text = UIText(.english)
    let gateway: @Sendable (SellerSettings) -> (any MercadoPagoGateway)?
    let sources: @Sendable (any GoLiveDatabase) -> [any CheckSource]

    func pass(for seller: SellerSettings, store: (any GoLiveDatabase)?, force: Bool) async -> Pass {
        let retry = clock.now().addingTimeInterval(30)
        guard let store else {
            return Pass(
                next: retry, recorded: false, message: force ? text.checksNotRecorded(text.storeUnreadable) : nil)
        }
        let runner = ReadinessRunner(store: store, clock: clock, sources: sources(store))
        do {
            if force {
                let report = try await runner.all(for: seller, gateway: gateway(seller))
                let open = report.checks.filter { !$0.status.isReady }.count
                let next = try await runner.due(for: seller, gateway: gateway(seller), schedule: schedule).next
                return Pass(
                    next: next, recorded: true,
                    message: report.ready ? text.checkedReady : text.checkedNotPassing(open))
            }
            let (results, next) = try await runner.due(for: seller, gateway: gateway(seller), schedule: schedule)
            return Pass(next: next, recorded: !results.isEmpty)
        } catch {
            return Pass(next: retry, recorded: false, message: text.checksNotRecorded("\(error)"))
        }
    }
}

extension DashboardRunner {
    /// The dashboard's and the walkthrough's runner, over an open session.
    init(
        session: Session, sellers: [SellerSettings], seller: SellerSettings, mode: DashboardMode, readOnly: Bool,
        locked: Bool, theme: String?
    ) {
        self.init(
            parts: session.parts, session: session, sellers: sellers, seller: seller, mode: mode, readOnly: readOnly,
            locked: locked, theme: theme)
    }
}

extension Session {
    /// The same session over another handle of the store (the dashboard reopens a replaced store file).
    func replacingStore(_ store: any GoLiveDatabase) -> Session {
        Session(settings: settings, store: store, connection: connection, sslOptions: sslOptions)
    }
}

/// The walkthrough's actions, run off the UI thread: each posts a start message, does the work through the same
/// services as the commands (`QualityMeasurer`, the reports gateway, the sign-off store), posts the outcome,
/// and asks for a re-check so the step's results follow.
struct WalkthroughActions: Sendable {
    let session: Session
    let text: UIText
    let testNotification: (@Sendable (SellerSettings) async -> String)?
    let post: @Sendable (DashboardEvent) -> Void
    let recheck: @Sendable () -> Void

    func run(_ effect: Effect, seller: SellerSettings) async {
        post(.checking(true, nil))
        let outcome: String
        do {
            outcome = try await perform(effect, seller: seller)
        } catch let error as GoLiveError {
            outcome = text.actionFailed(error.message)
        } catch {
            outcome = text.actionFailed("\(error)")
        }
        post(.checking(false, outcome))
        recheck()
    }

    func perform(_ effect: Effect, seller: SellerSettings) async throws -> String {
        switch effect {
        case .measureQuality(let paymentID):
            guard let gateway = session.gateway(for: seller) else {
                throw GoLiveError(.usage, "No access token for seller \(seller.name).")
            }
            let measurement = try await session.qualityMeasurer().measure(
                paymentID: paymentID, seller: seller.name, gateway: gateway)
            return text.measured(paymentID, score: measurement.score, passed: measurement.passed)
        case .testNotification:
            guard let testNotification else { return text.waitingForRealNotification }
            return await testNotification(seller)
        case .createReportConfiguration:
            guard let gateway = session.gateway(for: seller) as? any ReportsGateway else {
                throw GoLiveError(.usage, "No access token for seller \(seller.name).")
            }
            var created: [String] = []
            for type in [ReportType.release, .settlement] {
                do {
                    if try await gateway.reportConfig(type) == nil {
                        _ = try await gateway.saveReportConfig(type, ReportFetcher.defaultConfig(type), create: true)
                        created.append(type.rawValue)
                    }
                } catch {
                    throw GoLiveError(.reportFetchFailed, "\(type.rawValue): \(error)")
                }
            }
            return text.reportConfigurationDone(created: created)
        case .signOff(let what, let by):
            try await session.store.saveSignOff(SignOff(seller: seller.name, what: what, by: by, at: Date()))
            post(.signOffs(try await session.store.signOffs(seller: seller.name)))
            let step = WalkthroughStep.all.first { $0.id == what }
            return text.signedOffMessage(step.map { text.stepTitle($0) } ?? what, by: by)
        default:
            return ""
        }
    }
}

/// The newest walkthrough progress not yet written (the UI thread puts, the writer takes).
final class ProgressBox: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: WalkthroughProgress?
    func put(_ progress: WalkthroughProgress) { lock.withLock { pending = progress } }
    func take() -> WalkthroughProgress? {
        lock.withLock {
            defer { pending = nil }
            return pending
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
    var balances: (any BalanceSource)?

    /// The sources of this build, over the session's store. Each requirement sets its own line. (The feed is
    /// ``NotificationFeed`` over the store, read incrementally by ``DashboardData``.)
    static func of(_ session: Session, pendingMaxAge: TimeInterval = 600) -> DashboardSources {
        var sources = DashboardSources()
        // reports: the newest fetched release report, and what is to be released from the payments search
        sources.balances = StoredReportBalances(
            store: session.store, pending: PendingReleases(session: session, maxAge: pendingMaxAge))
        return sources
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
