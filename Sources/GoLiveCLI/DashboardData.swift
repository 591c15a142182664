import Foundation
import GoLiveConfig
import GoLiveCore
import StoreSQLite
import TerminalUI

/// The dashboard's data, following the store while other processes (`golive serve`, `golive check`) write it,
/// without rereading everything (docs/ARCHITECTURE.md "Dashboard data"):
/// - idle costs one read of the store's change token (``StoreChangeSignal``; SQLite: `PRAGMA data_version` on a
///   dedicated connection) per poll, and for SQLite a `stat` of the file;
/// - when it moved, one read of small watermarks says what changed: new notifications are read by
///   `seq > last` (indexed), entries not done yet are checked by primary key and reread only when their outbox
///   state moved, checks and seller
///   records only when theirs moved, balances only when a report was fetched (or their cache expired);
/// - the store going away (unreadable, locked, down; a SQLite file removed or replaced) is shown — the panes keep their last data and
///   say "NO DATA SINCE" — and the store is reopened when it is back, without a restart.
actor DashboardData {
    struct Opened {
        let store: any GoLiveDatabase
        let watch: any StoreChangeSignal
        /// SQLite only: the file's identity, to notice it removed or replaced.
        let identity: SQLiteStore.FileIdentity?
        let balances: (any BalanceSource)?
    }

    /// What the loader did, for tests (idle means none of these moved).
    struct Counters: Sendable, Hashable {
        var opens = 0
        var markReads = 0
        var fullFeedReads = 0
        var feedRangeReads = 0
        var checkReads = 0
        var balanceReads = 0
        var stateReads = 0
    }

    /// Where the store is; a SQLite file is watched for being removed or replaced, and waited for while missing.
    let location: StoreLocation
    /// The store as shown ("waiting for the store at …"): the SQLite path, or the redacted URL.
    let path: String
    let sellers: [SellerSettings]
    let clock: any GoLiveClock
    let schedule: CheckSchedule
    /// The language of the texts this loader puts in the snapshot (the header's store problem, empty panes).
    let text: UIText
    var feedLimit = 200
    /// How long `golive serve`'s heartbeat counts (its checks use the same window).
    var receiverWindow: TimeInterval = 120
    /// Balances are re-read at least this often (their pending releases come from a cached payments search);
    /// after the search failed, every 30 s at most.
    var balancesMaxAge: TimeInterval = 600
    /// A snapshot is posted at least this often while the store reads fine, so `loadedAt` (the header's data age,
    /// the plain output's "NO DATA SINCE" after 30 s) stays current; an unchanged frame writes no byte.
    var keepAlive: TimeInterval = 10
    /// Opens the store at ``location`` (a seam: tests make it fail like a locked or unreadable file; the wall
    /// opens it read-only).
    private let open: @Sendable (StoreLocation) throws -> any GoLiveDatabase
    private let makeBalances: @Sendable (any GoLiveDatabase) -> (any BalanceSource)?
    /// Makes the follower of an opened store's changes (a seam: tests script its connection state).
    private let follow: @Sendable (any GoLiveDatabase) throws -> any StoreChangeSignal

    private var opened: Opened?
    private var seller: SellerSettings
    private var snapshot: DashboardSnapshot
    private var version: StoreChangeToken?
    private var marks: DashboardMarks?
    /// The backfill's findings watermark (issue 11): they are reread only when it moves.
    private var neverNotifiedMark: String?
    private var lastRead: Date?
    /// How the store is followed (issue 10), as its follower last said.
    private var connection: StoreConnectionState = .live
    private var problem: String?
    /// The file is not there (a reader never creates it): the wall shows what it waits for.
    private var missing = false
    private var balancesReadAt: Date?
    private var balancesDirty = true
    private var lastPosted: Date?
    private var generation = 0
    /// The outbox state last read for the entries shown that are not done yet.
    private var processing: [Int64: ProcessingMark] = [:]
    private(set) var counters = Counters()

    init(
        location: StoreLocation, store: (any GoLiveDatabase)?, sellers: [SellerSettings], seller: SellerSettings,
        clock: any GoLiveClock = SystemClock(), schedule: CheckSchedule = .standard, text: UIText = UIText(.english),
        open: @escaping @Sendable (StoreLocation) throws -> any GoLiveDatabase = { try Session.openStore($0) },
        follow: @escaping @Sendable (any GoLiveDatabase) throws -> any StoreChangeSignal = { try $0.changeSignal() },
        balancesMaxAge: TimeInterval = 600, balances: @escaping @Sendable (any GoLiveDatabase) -> (any BalanceSource)?
    ) {
        self.balancesMaxAge = balancesMaxAge
        self.location = location
        self.follow = follow
        if case .sqlite(let path) = location { self.path = path } else { self.path = location.description }
        self.sellers = sellers
        self.seller = seller
        self.clock = clock
        self.schedule = schedule
        self.text = text
        self.open = open
        makeBalances = balances
        snapshot = Self.initial(for: seller, sellers: sellers)
        if let store, let watch = try? follow(store) {
            opened = Opened(
                store: store, watch: watch, identity: Self.fileIdentity(location), balances: balances(store))
        }
    }

    /// A loader over a SQLite file (`open` receives its path).
    init(
        path: String, store: (any GoLiveDatabase)?, sellers: [SellerSettings], seller: SellerSettings,
        clock: any GoLiveClock = SystemClock(), schedule: CheckSchedule = .standard, text: UIText = UIText(.english),
        open: @escaping @Sendable (String) throws -> any GoLiveDatabase = { try SQLiteStore(path: $0) },
        balancesMaxAge: TimeInterval = 600, balances: @escaping @Sendable (any GoLiveDatabase) -> (any BalanceSource)?
    ) {
        self.init(
            location: .sqlite(path: path), store: store, sellers: sellers, seller: seller, clock: clock,
            schedule: schedule, text: text,
            open: { location in
                guard case .sqlite(let path) = location else { return try Session.openStore(location) }
                return try open(path)
            }, balancesMaxAge: balancesMaxAge, balances: balances)
    }

    /// The identity of a SQLite store's file (nil when it does not exist, and for a server store).
    static func fileIdentity(_ location: StoreLocation) -> SQLiteStore.FileIdentity? {
        guard case .sqlite(let path) = location else { return nil }
        return SQLiteStore.fileIdentity(path: path)
    }

    static func initial(for seller: SellerSettings, sellers: [SellerSettings]) -> DashboardSnapshot {
        DashboardSnapshot(
            seller: seller.name, sellers: sellers.map(\.name), accessToken: seller.accessToken?.masked,
            publicKey: seller.publicKey?.masked, checkoutURL: seller.checkoutURL?.absoluteString)
    }

    /// The store the checks record into now (nil while it cannot be opened).
    var currentStore: (any GoLiveDatabase)? { opened?.store }

    /// Shows another seller: its panes start empty and the next poll reads them in full.
    func switchSeller(_ next: SellerSettings) -> DashboardSnapshot {
        generation += 1
        seller = next
        let overview = snapshot.overview
        snapshot = Self.initial(for: next, sellers: sellers)
        snapshot.overview = overview  // every seller's, still current
        version = nil
        marks = nil
        balancesDirty = true
        balancesReadAt = nil
        return snapshot
    }

    // MARK: Polling

    /// Reads what changed since the last poll; nil when nothing did and the screen needs nothing new.
    func poll(force: Bool = false) async -> DashboardSnapshot? {
        let now = clock.now()
        do {
            let current = try ensureOpen()
            let version = try await current.watch.currentToken()
            connection = await current.watch.connectionState()
            if force || version != self.version || marks == nil {
                try await read(current, now: now)
                self.version = version
            }
            problem = nil
            missing = false
            lastRead = now
        } catch {
            missing = error is DashboardDataProblem
            if let watch = opened?.watch { connection = await watch.connectionState() }
            let short = describe(error)
            if short != problem {
                // The whole message goes to the diagnostics file (stderr while the dashboard runs).
                FileHandle.standardError.write(Data("golive dashboard: \(short): \(error)\n".utf8))
            }
            problem = short
            version = nil
            // SQLite: reopen next time, whatever failed (a replaced file, a corrupt one, a lock) is looked at afresh.
            // A server store keeps its handle: its pool and its follower reconnect by themselves (and the
            // follower's "reconnecting since" survives).
            if case .sqlite = location { opened = nil }
        }
        return publish(now: now)
    }

    /// Re-reads the balances when a report was fetched since, or when they are older than ``balancesMaxAge``.
    /// May use the network (the pending releases' payments search): called apart from ``poll(force:)``.
    func refreshBalances() async -> DashboardSnapshot? {
        let now = clock.now()
        guard let current = opened else { return nil }
        // Pending releases the API did not answer are asked for again soon (the API coming back shows at once).
        let maxAge = snapshot.balances.value?.releasesStale != nil ? min(30, balancesMaxAge) : balancesMaxAge
        let expired = balancesReadAt.map { now.timeIntervalSince($0) >= maxAge } ?? true
        guard balancesDirty || expired else { return nil }
        let generation = self.generation
        let name = seller.name
        balancesDirty = false
        balancesReadAt = now
        counters.balanceReads += 1
        let balances: PaneData<BalanceSummary>
        if let source = current.balances {
            do {
                if let summary = try await source.balanceSummary(seller: name) {
                    balances = .loaded(summary)
                } else {
                    balances = .unavailable(reason: text.noReleaseReport(name), remedy: text.fetchReleaseRemedy)
                }
            } catch {
                balances = .failed("\(error)")
            }
        } else {
            balances = .unavailable(reason: text.noStoredBalances, remedy: text.balanceFileRemedy)
        }
        guard generation == self.generation else { return nil }
        snapshot.balances = balances
        lastPosted = nil
        return publish(now: clock.now())
    }

    private func ensureOpen() throws -> Opened {
        let identity = Self.fileIdentity(location)
        if case .sqlite = location {
            // A SQLite file removed or replaced is reopened; a missing one is waited for (a reader never creates it).
            if let current = opened {
                if identity == current.identity { return current }
                opened = nil
            }
            guard identity != nil else { throw DashboardDataProblem() }
        } else if let current = opened {
            return current
        }
        counters.opens += 1
        let store = try open(location)
        let reopened = Opened(
            store: store, watch: try follow(store), identity: identity, balances: makeBalances(store))
        opened = reopened
        // A reopened file may be another database altogether: read everything once.
        marks = nil
        version = nil
        balancesDirty = true
        return reopened
    }

    /// Reads the parts whose watermark moved.
    private func read(_ current: Opened, now: Date) async throws {
        let generation = self.generation
        let name = seller.name
        counters.markReads += 1
        let next = try await current.store.dashboardMarks(seller: name)
        let previous = marks
        let feed = NotificationFeed(store: current.store, text: text)
        var entries = snapshot.feed.value
        let knownSeq = entries?.first?.seq
        if entries == nil || previous == nil || (next.notificationSeq ?? 0) < (knownSeq ?? 0) {
            counters.fullFeedReads += 1
            entries = try await feed.recentNotifications(seller: name, limit: feedLimit)
            processing = [:]
        } else if var cached = entries {
            // Rows not settled yet (pending, or failed and perhaps requeued): their outbox state by primary key;
            // those that moved are reread with the new rows, in one range read.
            let open = cached.filter { $0.processing != "done" }.map(\.seq)
            let states = try await current.store.processingMarks(seqs: open)
            counters.stateReads += open.isEmpty ? 0 : 1
            let shownBySeq = Dictionary(cached.map { ($0.seq, $0) }, uniquingKeysWith: { first, _ in first })
            let moved = open.filter { seq in
                guard let state = states[seq], let shown = shownBySeq[seq] else { return false }
                let attemptsMoved = processing[seq].map { $0.attempts != state.attempts } ?? false
                return state.processing != shown.processing || state.resourceStatus != shown.resourceStatus
                    || attemptsMoved
            }
            processing = states
            let hasNew = (next.notificationSeq ?? 0) > (knownSeq ?? 0)
            if hasNew || !moved.isEmpty {
                let from = min(moved.min() ?? Int64.max, (knownSeq ?? 0) + 1)
                counters.feedRangeReads += 1
                let fresh = try await feed.recentNotifications(seller: name, after: from - 1, limit: feedLimit)
                if fresh.count == feedLimit, hasNew {
                    cached = fresh  // more arrived than a page: the page is the newest
                } else {
                    cached = fresh + cached.filter { $0.seq < from }
                }
                entries = Array(cached.prefix(feedLimit))
            }
        }
        // Forwarding (issue 11): a delivery moves without a new seq. The newest rows processed whose delivery is
        // not settled (none yet, pending, retrying) get their latest state by index; best effort.
        if var shown = entries {
            let open = shown.prefix(50).filter { entry in
                entry.processing == "done" && !entry.duplicate
                    && (entry.forwarding == nil || entry.forwarding?.state == .pending
                        || entry.forwarding?.state == .retrying)
            }.map(\.seq)
            if !open.isEmpty, let summaries = try? await current.store.forwardSummaries(notificationSeqs: open) {
                for index in shown.indices where summaries[shown[index].seq] != nil {
                    shown[index].forwarding = summaries[shown[index].seq]
                }
                entries = shown
            }
        }
        var checks = snapshot.checks
        var history = snapshot.qualityHistory
        var account = snapshot.account
        var overview = snapshot.overview
        if previous == nil || previous?.checkSeq != next.checkSeq || previous?.sellerUpdatedAt != next.sellerUpdatedAt {
            counters.checkReads += 1
            let order = Dictionary(uniqueKeysWithValues: CheckID.all.enumerated().map { ($1, $0) })
            checks = try await current.store.latestCheckResults(seller: name).sorted {
                (order[$0.id] ?? .max) < (order[$1.id] ?? .max)
            }
            history = try await current.store.checkHistory(.qualityScore, seller: name, limit: 12)
            let records = try await current.store.sellers()
            account = records.first { $0.name == name }
            overview = try await Self.overview(
                of: sellers.map(\.name), store: current.store, records: records, known: (name, checks))
        }
        // Never-notified findings (backfill): best effort, so a store without the table never hides the rest.
        var neverNotified = snapshot.neverNotified
        let neverMark = try? await current.store.neverNotifiedMark(seller: name)
        if previous == nil || neverMark != neverNotifiedMark {
            neverNotified =
                ((try? await current.store.neverNotified(seller: name, limit: 2)) ?? []).map {
                    NeverNotifiedLine(
                        paymentID: $0.paymentID, status: $0.status, foundAt: $0.foundAt,
                        externalReference: $0.externalReference, notifiedLate: $0.notifiedLateAt != nil)
                }
        }
        // Test-mode notifications (issue 11) are not in the feed: counted apart, when notifications moved.
        var testModeCount = snapshot.testModeCount
        if previous == nil || previous?.notificationSeq != next.notificationSeq {
            testModeCount = (try? await current.store.testModeCount(seller: name)) ?? testModeCount
        }
        guard generation == self.generation else { return }
        if previous?.reportFetchedAt != next.reportFetchedAt { balancesDirty = true }
        marks = next
        snapshot.feed = .loaded(entries ?? [])
        snapshot.checks = checks
        snapshot.qualityHistory = history
        snapshot.account = account
        snapshot.overview = overview
        snapshot.neverNotified = neverNotified
        snapshot.testModeCount = testModeCount
        neverNotifiedMark = neverMark
        lastPosted = nil  // the data moved: post it
    }

    /// The all-sellers overview (issue 10): every configured seller's latest results, through the store protocol
    /// only (``GoLiveStore/latestCheckResults(seller:)``, one indexed read a seller), reread only when a check
    /// result of any seller or a seller record moved. `known` is the current seller's, already read.
    static func overview(
        of names: [String], store: any GoLiveStore, records: [SellerRecord], known: (String, [CheckResult])
    ) async throws -> [SellerOverview] {
        var rows: [SellerOverview] = []
        for name in names {
            let checks = name == known.0 ? known.1 : try await store.latestCheckResults(seller: name)
            rows.append(
                SellerOverview(name: name, environment: records.first { $0.name == name }?.environment, checks: checks))
        }
        return rows
    }

    /// The snapshot when it differs from the last one posted (or the keep-alive is due), else nil.
    private func publish(now: Date) -> DashboardSnapshot? {
        let before = (snapshot.problem, snapshot.freshness, snapshot.storeWaiting, snapshot.storeConnection)
        snapshot.problem = problem
        snapshot.storeWaiting = missing ? path : nil
        snapshot.storeConnection = connection
        snapshot.loadedAt = lastRead
        snapshot.freshness = Self.freshness(
            checks: snapshot.checks, heartbeat: marks?.heartbeat,
            report: snapshot.balances.value?.lastReport?.fetchedAt, releases: snapshot.balances.value?.releasesStale,
            lastRead: lastRead, problem: problem, schedule: schedule, receiverWindow: receiverWindow)
        let due = lastPosted.map { now.timeIntervalSince($0) >= keepAlive } ?? true
        guard due || before != (snapshot.problem, snapshot.freshness, snapshot.storeWaiting, snapshot.storeConnection)
        else { return nil }
        lastPosted = now
        return snapshot
    }

    /// Waits up to `duration` for the next poll: until the store's follower says something changed (SQLite:
    /// it sleeps `duration`, then the poll reads the change counter; PostgreSQL: a `NOTIFY` wakes it at once),
    /// or `flag` is raised. Returns whether the flag was (the poll is then forced).
    func waitForChange(for duration: Duration, unless flag: WakeFlag) async -> Bool {
        let watch = opened?.watch
        let token = version
        return await WakeFlag.wait(unless: flag) {
            do {
                guard let watch else { throw CancellationError() }
                try await watch.waitForChange(after: token, timeout: duration)
            } catch {
                // No follower (the store is not open) or it failed: wait the poll interval anyway.
                try? await Task.sleep(for: duration)
            }
        }
    }

    // MARK: Freshness

    /// Each pane's freshness: check panes by their checks' schedule (stale past twice the interval), the feed
    /// by `golive serve`'s heartbeat, balances by the last report fetch; a store that cannot be read makes every
    /// pane stale since the last good read.
    static func freshness(
        checks: [CheckResult], heartbeat: Date?, report: Date?, releases: BalanceSummary.StaleReleases? = nil,
        lastRead: Date?, problem: String?, schedule: CheckSchedule, receiverWindow: TimeInterval
    ) -> [PaneID: Freshness] {
        var panes: [PaneID: Freshness] = [:]
        if let problem {
            for pane in PaneID.allCases { panes[pane] = Freshness(asOf: lastRead, problem: problem) }
            return panes
        }
        let ids: [PaneID: [CheckID]] = [
            .credentials: CheckID.credentials, .ssl: [.sslCheckoutPage], .quality: [.qualityScore, .approvalData],
        ]
        for (pane, ids) in ids {
            let results = checks.filter { ids.contains($0.id) }
            guard let oldest = results.map(\.checkedAt).min() else { continue }
            let staleAfter = results.map { $0.checkedAt.addingTimeInterval(2 * schedule.interval(for: $0.id)) }.min()
            panes[pane] = Freshness(asOf: oldest, staleAfter: staleAfter)
        }
        if let heartbeat {
            panes[.notifications] = Freshness(asOf: heartbeat, staleAfter: heartbeat.addingTimeInterval(receiverWindow))
        }
        if let releases {
            // The API stopped answering the pending releases' search: stale since the last one that worked.
            panes[.balances] = Freshness(asOf: releases.since, problem: releases.kind)
        } else if let report {
            panes[.balances] = Freshness(
                asOf: report, staleAfter: report.addingTimeInterval(2 * schedule.interval(for: .reportsConfigured)))
        }
        return panes
    }

    /// What the header says (short: it must fit next to the readiness on 80 columns).
    func describe(_ error: any Error) -> String {
        if error is DashboardDataProblem { return text.storeMissing }
        if let error = error as? GoLiveError {
            if error.code == .storeCorrupt { return text.storeCorrupt }
            if error.message.contains("locked") { return text.storeLocked }
        }
        return text.storeUnreadable
    }
}

/// The store file is not there (a reader never creates it).
struct DashboardDataProblem: Error, CustomStringConvertible {
    var description: String { "the store file does not exist" }
}
