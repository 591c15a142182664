import Foundation
import GoLiveConfig
import GoLiveCore
import StoreSQLite
import Synchronization
import TerminalUI
import Testing

@testable import GoLiveCLI

/// A follower of a real SQLite store whose connection state and wake-ups the test scripts, as a PostgreSQL one
/// would have them (LISTEN lost, polling fallback, a NOTIFY waking the reader).
final class ScriptedSignal: StoreChangeSignal {
    let inner: any StoreChangeSignal
    let state = Mutex(StoreConnectionState.live)
    let waits = Mutex(0)
    /// When set, ``waitForChange(after:timeout:)`` returns at once (a change was announced).
    let announced = Mutex(false)
    /// When set, ``currentToken()`` fails as a server that went down does.
    let failing = Mutex(false)

    init(_ inner: any StoreChangeSignal) { self.inner = inner }

    func currentToken() async throws -> StoreChangeToken {
        if failing.withLock({ $0 }) {
            throw GoLiveError(.storeUnavailable, "PostgreSQL at db:5432/golive did not answer within 5 seconds.")
        }
        return try await inner.currentToken()
    }

    func waitForChange(after token: StoreChangeToken?, timeout: Duration) async throws {
        waits.withLock { $0 += 1 }
        if announced.withLock({ $0 }) { return }
        try await inner.waitForChange(after: token, timeout: timeout)
    }

    func connectionState() async -> StoreConnectionState { state.withLock { $0 } }
}

/// The followers the loader made, newest last.
final class Followers: Sendable {
    let list = Mutex<[ScriptedSignal]>([])
    var last: ScriptedSignal? { list.withLock { $0.last } }
}

/// Issue 10: the loader follows a store through the core's `StoreChangeSignal`; its connection state reaches the
/// snapshot (and so the status line) as soon as it changes, though no data moved.
@Suite struct StoreConnectionDataTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-conn-\(UUID().uuidString)")
    var path: String { folder.appendingPathComponent("golive.sqlite").path }
    let seller = SellerSettings(name: "shop")
    let clock = ManualClock(now: Date(timeIntervalSince1970: 1_795_737_600))

    func loader(_ signals: Followers) throws -> DashboardData {
        DashboardData(
            location: .sqlite(path: path), store: try Session.openStore(.sqlite(path: path)), sellers: [seller],
            seller: seller, clock: clock, open: { try Session.openStore($0) },
            follow: { store in
                let signal = ScriptedSignal(try store.changeSignal())
                signals.list.withLock { $0.append(signal) }
                return signal
            }, balances: { _ in nil })
    }

    @Test func aConnectionStateChangeIsPostedThoughNoDataMoved() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let signals = Followers()
        let data = try loader(signals)
        let first = try #require(await data.poll())
        #expect(first.storeConnection == .live)
        #expect(await data.poll() == nil, "idle: nothing posted")
        let signal = try #require(signals.last)

        let lost = clock.now()
        signal.state.withLock { $0 = .reconnecting(since: lost) }
        let reconnecting = try #require(await data.poll(), "the state change alone is posted")
        #expect(reconnecting.storeConnection == .reconnecting(since: lost))
        #expect(reconnecting.problem == nil)

        signal.state.withLock { $0 = .polling(every: .seconds(5), since: lost) }
        #expect(try #require(await data.poll()).storeConnection == .polling(every: .seconds(5), since: lost))
        #expect(await data.poll() == nil, "the same state is not posted again")

        signal.state.withLock { $0 = .live }
        #expect(try #require(await data.poll()).storeConnection == .live)
        #expect(await data.counters.opens == 0, "the store was never reopened")
    }

    @Test func theReaderWaitsOnTheFollowerAndWakesWhenItAnnouncesAChange() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let signals = Followers()
        let data = try loader(signals)
        _ = await data.poll()
        let signal = try #require(signals.last)
        let flag = WakeFlag()

        // SQLite's follower sleeps the poll interval: the wait lasts it, unless the flag is raised.
        let start = ContinuousClock.now
        #expect(await data.waitForChange(for: .milliseconds(300), unless: flag) == false)
        #expect(ContinuousClock.now - start >= .milliseconds(250))
        flag.set()
        #expect(await data.waitForChange(for: .seconds(30), unless: flag) == true)

        // A follower told about a change (PostgreSQL's NOTIFY) ends the wait at once.
        signal.announced.withLock { $0 = true }
        let early = ContinuousClock.now
        #expect(await data.waitForChange(for: .seconds(30), unless: flag) == false)
        #expect(ContinuousClock.now - early < .seconds(5))
        #expect(signal.waits.withLock { $0 } == 2)
    }

    @Test func aServerStoreThatGoesDownKeepsItsHandleAndShowsTheFollowersState() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let signals = Followers()
        let path = self.path
        // A server location: no file identity; the handle (a SQLite one standing in) comes from `open`.
        let data = DashboardData(
            location: .postgres(url: "postgres://golive@db:5432/golive"), store: nil, sellers: [seller],
            seller: seller, clock: clock, open: { _ in try SQLiteStore(path: path) },
            follow: { store in
                let signal = ScriptedSignal(try store.changeSignal())
                signals.list.withLock { $0.append(signal) }
                return signal
            }, balances: { _ in nil })
        let first = try #require(await data.poll())
        #expect(first.problem == nil && first.storeWaiting == nil)
        #expect(await data.counters.opens == 1)
        let signal = try #require(signals.last)

        let lost = clock.now()
        signal.failing.withLock { $0 = true }
        signal.state.withLock { $0 = .reconnecting(since: lost) }
        clock.advance(by: .seconds(5))
        let down = try #require(await data.poll())
        #expect(down.problem == UIText(.english).storeUnreadable)
        #expect(down.storeConnection == .reconnecting(since: lost))
        #expect(down.storeWaiting == nil, "a server store is never waited for as a file")
        _ = await data.poll()
        #expect(await data.counters.opens == 1, "the handle is kept while the server is down: it reconnects itself")

        signal.failing.withLock { $0 = false }
        signal.state.withLock { $0 = .live }
        let back = try #require(await data.poll())
        #expect(back.problem == nil && back.storeConnection == .live)
        #expect(await data.counters.opens == 1)
    }
}
