import Foundation
import GoLiveCore
import MercadoPagoClient
import MercadoPagoSandbox
import StoreSQLite
import TerminalUI
import Testing

@testable import GoLiveCLI

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The dashboard follows a real SQLite file that a second store instance (as `golive serve` would) writes:
/// only what changed is read, idle reads nothing, and a store that goes away and comes back needs no restart.
@Suite struct DashboardDataTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-live-\(UUID().uuidString)")
    var path: String { folder.appendingPathComponent("golive.sqlite").path }
    let seller = SellerSettings(name: "shop")
    let clock = ManualClock(now: Date(timeIntervalSince1970: 1_795_737_600))

    func notification(_ id: String, seller: String = "shop", at offset: TimeInterval = 0) -> IncomingNotification {
        IncomingNotification(
            kind: .webhook, notificationID: id, topic: "payment", action: "payment.created", dataID: "d-\(id)",
            seller: seller, signature: .valid, receivedAt: clock.now().addingTimeInterval(offset), body: "{}")
    }

    func data(store: SQLiteStore?, open: (@Sendable (String) throws -> SQLiteStore)? = nil) -> DashboardData {
        DashboardData(
            path: path, store: store, sellers: [seller], seller: seller, clock: clock,
            open: open ?? { try SQLiteStore(path: $0) }, balances: { _ in nil })
    }

    /// Removes the database and its WAL companions, as an operator moving the file aside would.
    func removeStoreFiles() throws {
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
    }

    @Test func followsAnotherWriterReadingOnlyWhatIsNew() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = try SQLiteStore(path: path)  // the `golive serve` side: its own connections
        let first = try await writer.recordNotifications((1...5).map { notification("n-\($0)", at: Double($0)) })
        let data = data(store: try SQLiteStore(path: path))

        let initial = try #require(await data.poll())
        #expect(initial.feed.value?.map(\.id) == ["n-5", "n-4", "n-3", "n-2", "n-1"])
        #expect(await data.counters.fullFeedReads == 1)

        // Idle: the change counter did not move, so nothing is read and nothing is posted.
        let idleBefore = await data.counters
        #expect(await data.poll() == nil)
        #expect(await data.counters == idleBefore)

        // Another process appends two (and one for another seller) and processes one of the pending ones.
        _ = try await writer.recordNotifications([
            notification("n-6", at: 6), notification("other-1", seller: "other", at: 6), notification("n-7", at: 7),
        ])
        try await writer.recordProcessing(
            [ProcessingRecord(seq: first[1].seq, outcome: .done(resourceStatus: "approved"))], at: clock.now())
        let next = try #require(await data.poll())
        let feed = try #require(next.feed.value)
        #expect(feed.map(\.id) == ["n-7", "n-6", "n-5", "n-4", "n-3", "n-2", "n-1"])
        #expect(feed.first { $0.id == "n-2" }?.processing == "done")
        #expect(feed.first { $0.id == "n-2" }?.resourceStatus == "approved")
        let after = await data.counters
        #expect(after.fullFeedReads == 1, "no full reread")
        #expect(after.feedRangeReads == 1)
        #expect(after.checkReads == 1, "the checks did not move: not reread")

        // Once nothing is pending, a change elsewhere (a check recorded by another process) rereads the
        // checks and not the feed.
        let all = try await writer.notifications(NotificationQuery(seller: "shop", limit: 100))
        try await writer.recordProcessing(
            all.map { ProcessingRecord(seq: $0.seq, outcome: .done(resourceStatus: nil)) }, at: clock.now())
        let settledFeed = try #require(await data.poll()).feed.value ?? []
        #expect(settledFeed.allSatisfy { $0.processing == "done" })
        let settled = await data.counters
        try await writer.recordCheckResults(
            [CheckResult(id: .sslCheckoutPage, title: "SSL", status: .pass, summary: "fine", checkedAt: clock.now())],
            seller: "shop", sellerID: nil)
        let checked = try #require(await data.poll())
        #expect(checked.check(.sslCheckoutPage)?.status == .pass)
        let final = await data.counters
        #expect(final.feedRangeReads == settled.feedRangeReads && final.fullFeedReads == 1)
        #expect(final.checkReads == settled.checkReads + 1)
    }

    @Test func aFailedNotificationRequeuedElsewhereShowsPendingAgain() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = try SQLiteStore(path: path)
        let stored = try await writer.recordNotifications([notification("n-1"), notification("n-2", at: 1)])
        try await writer.recordProcessing(
            [
                ProcessingRecord(seq: stored[0].seq, outcome: .failed(error: "gone")),
                ProcessingRecord(seq: stored[1].seq, outcome: .done(resourceStatus: "approved")),
            ], at: clock.now())
        let data = data(store: try SQLiteStore(path: path))
        #expect(try #require(await data.poll()).feed.value?.map(\.processing) == ["done", "failed"])

        // A heartbeat moves the change counter: the failed row's state is looked up, not reread.
        try await writer.recordReceiverHeartbeat(listen: "x", at: clock.now())
        _ = await data.poll()
        #expect(await data.counters.feedRangeReads == 0)
        #expect(await data.counters.stateReads >= 1)

        #expect(try await writer.requeueNotifications(seq: nil, at: clock.now()) == 1)
        let requeued = try #require(await data.poll())
        #expect(requeued.feed.value?.map(\.processing) == ["done", "pending"])
        #expect(await data.counters.fullFeedReads == 1)
    }

    @Test func idleReadsNothingAndPostsOnlyAKeepAlive() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = try SQLiteStore(path: path)
        _ = try await writer.recordNotifications([notification("n-1")])
        let data = data(store: writer)
        _ = try #require(await data.poll())
        let read = await data.counters
        clock.advance(by: .seconds(5))
        #expect(await data.poll() == nil, "nothing moved: nothing to draw")
        clock.advance(by: .seconds(6))
        let kept = try #require(await data.poll(), "the keep-alive carries the new read time")
        #expect(kept.loadedAt == clock.now())
        #expect(await data.counters == read, "only the change counter was asked")
    }

    @Test func heartbeatAndChecksGoStaleOnTheClock() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = try SQLiteStore(path: path)
        try await writer.recordReceiverHeartbeat(listen: "127.0.0.1:8080", at: clock.now())
        try await writer.recordCheckResults(
            [
                CheckResult(
                    id: .credentialsAccessToken, title: "t", status: .pass, summary: "ok", checkedAt: clock.now())
            ], seller: "shop", sellerID: nil)
        let data = data(store: writer)
        let fresh = try #require(await data.poll())
        #expect(fresh.freshness(of: .notifications)?.isStale(at: clock.now()) == false)
        #expect(fresh.freshness(of: .credentials)?.isStale(at: clock.now()) == false)
        #expect(fresh.freshness(of: .ssl) == nil, "no SSL result: nothing to age")

        // serve stops heartbeating: after its window the feed is stale, the credentials not yet (20 min).
        clock.advance(by: .seconds(121))
        #expect(fresh.freshness(of: .notifications)?.isStale(at: clock.now()) == true)
        #expect(fresh.freshness(of: .credentials)?.isStale(at: clock.now()) == false)
        clock.advance(by: .seconds(20 * 60))
        #expect(fresh.freshness(of: .credentials)?.isStale(at: clock.now()) == true)
    }

    @Test func storeRemovedAndRecreatedIsShownThenFollowedAgain() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let writer = try SQLiteStore(path: path)
            _ = try await writer.recordNotifications([notification("old-1"), notification("old-2", at: 1)])
        }
        let data = data(store: nil)
        let before = try #require(await data.poll())
        #expect(before.feed.value?.map(\.id) == ["old-2", "old-1"])
        #expect(before.problem == nil)

        try removeStoreFiles()
        clock.advance(by: .seconds(5))
        let gone = try #require(await data.poll())
        #expect(gone.problem == "no store file")
        #expect(gone.feed.value?.map(\.id) == ["old-2", "old-1"], "the last data stays on screen")
        let stale = try #require(gone.freshness(of: .notifications))
        #expect(stale.isStale(at: clock.now()))
        #expect(stale.asOf == clock.now().addingTimeInterval(-5), "no data since the last good read")
        #expect(!FileManager.default.fileExists(atPath: path), "a reader never creates the store")

        // Another process creates a new store at the same path: it is opened and read in full.
        let recreated = try SQLiteStore(path: path)
        _ = try await recreated.recordNotifications([notification("new-1", at: 10)])
        let back = try #require(await data.poll())
        #expect(back.problem == nil)
        #expect(back.feed.value?.map(\.id) == ["new-1"])
        #expect(back.freshness(of: .notifications) == nil)
        _ = try await recreated.recordNotifications([notification("new-2", at: 11)])
        #expect(try #require(await data.poll()).feed.value?.map(\.id) == ["new-2", "new-1"])
    }

    @Test func aFileThatIsNotADatabaseIsShownUntilItIsReplaced() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let writer = try SQLiteStore(path: path)
            _ = try await writer.recordNotifications([notification("n-1")])
        }
        let data = data(store: nil)
        #expect(try #require(await data.poll()).feed.value?.count == 1)

        try removeStoreFiles()
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        let broken = try #require(await data.poll())
        #expect(broken.problem == "store corrupt")
        #expect(broken.feed.value?.count == 1)
        #expect(await data.poll() == nil, "still broken, nothing new to draw")

        try removeStoreFiles()
        let fixed = try SQLiteStore(path: path)
        _ = try await fixed.recordNotifications([notification("n-9"), notification("n-10", at: 1)])
        let back = try #require(await data.poll())
        #expect(back.problem == nil)
        #expect(back.feed.value?.map(\.id) == ["n-10", "n-9"])
    }

    @Test func aStoreThatCannotBeOpenedIsRetriedUntilItCan() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = try SQLiteStore(path: path)
        _ = try await writer.recordNotifications([notification("n-1")])
        let locked = LockedFlag(true)
        let data = data(store: nil) { path in
            if locked.value {
                throw GoLiveError(.storeUnavailable, "The store \(path) stayed locked by another process.")
            }
            return try SQLiteStore(path: path)
        }
        let failing = try #require(await data.poll())
        #expect(failing.problem == "store locked")
        #expect(failing.freshness(of: .credentials)?.problem != nil)
        #expect(failing.freshness(of: .credentials)?.asOf == nil, "never read: NO DATA")
        locked.value = false
        let back = try #require(await data.poll())
        #expect(back.problem == nil)
        #expect(back.feed.value?.map(\.id) == ["n-1"])
    }

    @Test func switchingSellerReadsTheOtherSellersFeed() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = try SQLiteStore(path: path)
        _ = try await writer.recordNotifications([notification("a"), notification("b", seller: "other")])
        let data = data(store: writer)
        #expect(try #require(await data.poll()).feed.value?.map(\.id) == ["a"])
        let empty = await data.switchSeller(SellerSettings(name: "other"))
        #expect(empty.feed.value == nil)
        #expect(try #require(await data.poll()).feed.value?.map(\.id) == ["b"])
    }

    @Test func scheduledChecksRunOnlyWhatIsDue() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: path)
        let checker = DashboardChecker(
            clock: clock, schedule: .standard, gateway: { _ in nil }, sources: { _ in [] })
        let first = await checker.pass(for: seller, store: store, force: false)
        #expect(first.recorded)
        #expect(first.next == clock.now().addingTimeInterval(600))
        let checkedAt = try await store.latestCheckResults(seller: "shop").map(\.checkedAt)
        #expect(!checkedAt.isEmpty)

        clock.advance(by: .seconds(60))
        let idle = await checker.pass(for: seller, store: store, force: false)
        #expect(!idle.recorded, "nothing due a minute later")
        #expect(try await store.checkHistory(.credentialsAccessToken, seller: "shop", limit: 10).count == 1)

        let forced = await checker.pass(for: seller, store: store, force: true)
        #expect(forced.recorded && forced.message?.hasPrefix("checked") == true)
        #expect(try await store.checkHistory(.credentialsAccessToken, seller: "shop", limit: 10).count == 2)

        clock.advance(by: .seconds(600))
        #expect(await checker.pass(for: seller, store: store, force: false).recorded)
        let none = await checker.pass(for: seller, store: nil, force: true)
        #expect(!none.recorded && none.message != nil)
    }
}

/// The API going away and coming back: the dashboard's checker keeps its schedule, records what it saw, and
/// passes again once the API answers — no restart.
@Suite struct DashboardCheckerAPITests {
    @Test func anAPIThatFailsIsShownThenRecoversOnTheNextRun() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-api-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sandbox = MercadoPagoSandbox()
        let url = try await sandbox.start()
        let connection = MercadoPagoConnection(baseURL: url, retryPolicy: RetryPolicy(maxRetries: 0))
        let account = try #require(MercadoPagoSandbox.account(named: "production"))
        let seller = SellerSettings(
            name: "shop", accessToken: Secret(account.accessToken), publicKey: Secret(account.publicKey))
        let store = try SQLiteStore(path: folder.appendingPathComponent("golive.sqlite").path)
        let clock = ManualClock(now: Date())
        let checker = DashboardChecker(
            clock: clock, schedule: .standard, gateway: { connection.gateway(accessToken: $0.accessToken!) },
            sources: { _ in [] })

        var request = URLRequest(url: url.appendingPathComponent("_sandbox/faults"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"path":"/users/me","kind":"status","status":503,"times":100}"#.utf8)
        _ = try await URLSession.shared.data(for: request)
        let failing = await checker.pass(for: seller, store: store, force: true)
        #expect(failing.recorded && failing.message != nil)
        let down = try await store.latestCheckResults(seller: "shop").first { $0.id == .credentialsAccessToken }
        #expect(down?.status.isReady == false, "the API's failure is a result: \(String(describing: down?.summary))")

        request.httpMethod = "DELETE"
        request.httpBody = nil
        _ = try await URLSession.shared.data(for: request)
        clock.advance(by: .seconds(600))
        let back = await checker.pass(for: seller, store: store, force: false)
        #expect(back.recorded, "due again on its schedule")
        let up = try await store.latestCheckResults(seller: "shop").first { $0.id == .credentialsAccessToken }
        #expect(up?.status == .pass)
        await connection.shutdown()
        await sandbox.stop()
    }
}

@Suite struct WakeFlagTests {
    @Test func sleepEndsEarlyWhenRaisedAndOnTimeOtherwise() async {
        let flag = WakeFlag()
        let clock = ContinuousClock()
        let started = clock.now
        #expect(await WakeFlag.sleep(for: .milliseconds(50), unless: flag) == false)
        #expect(clock.now - started >= .milliseconds(50))

        let raiser = Task {
            try? await Task.sleep(for: .milliseconds(20))
            flag.set()
        }
        // Raised after 20 ms, so it ends long before the 120 s; the bound is far above that (a full run on 2 loaded
        // cores once took 13 s to get back here) and far below the sleep.
        let early = clock.now
        #expect(await WakeFlag.sleep(for: .seconds(120), unless: flag) == true)
        #expect(clock.now - early < .seconds(60))
        await raiser.value

        flag.set()  // raised before anyone waits: taken at once
        #expect(await WakeFlag.sleep(for: .seconds(30), unless: flag) == true)
        #expect(flag.take() == false)
    }
}

/// A flag the test flips while the loader's open seam reads it.
final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag: Bool
    init(_ flag: Bool) { self.flag = flag }
    var value: Bool {
        get { lock.withLock { flag } }
        set { lock.withLock { flag = newValue } }
    }
}
