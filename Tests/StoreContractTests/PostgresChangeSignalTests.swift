import Foundation
import GoLiveCore
import GoLiveTestSupport
import StorePostgres
import Synchronization
import Testing

/// The PostgreSQL follower of the dashboard and the wall (`StoreChangeSignal` over LISTEN/NOTIFY, issue 10).
@Suite("PostgreSQL: change signal (LISTEN/NOTIFY)", .enabled(if: PostgresTestServer.isAvailable))
struct PostgresChangeSignalTests {
    /// Waits until `condition` holds, at most `within` (it returns as soon as it holds: the bound is only for a
    /// loaded 2-core machine running every suite at once, where a step once waited over 10 s for a core).
    func until(within: Duration = .seconds(30), _ condition: @Sendable () async -> Bool) async throws {
        let deadline = ContinuousClock.now + within
        while !(await condition()) {
            guard ContinuousClock.now < deadline else { return }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test func aWriteOnAnotherInstanceWakesTheFollowerAtOnceAndChangesTheToken() async throws {
        let url = try await PostgresTestServer.freshDatabase("signal")
        let writer = try await PostgresStore.open(url: url)
        let reader = try await PostgresStore.open(url: url)
        defer {
            writer.close()
            reader.close()
            Task { await PostgresTestServer.dropDatabase(url: url) }
        }
        let signal = try reader.changeSignal()
        try await until { await signal.connectionState() == .live }
        #expect(await signal.connectionState() == .live)

        let before = try await signal.currentToken()
        // (Reads change nothing; writes in other databases of the cluster do — transaction ids are cluster-wide — so
        // on this shared test cluster equal tokens cannot be asserted: a spurious change only costs a re-read.)
        let writing = Task {
            try await Task.sleep(for: .milliseconds(300))
            _ = try await writer.recordNotifications([Fixture.incoming("wake")])
        }
        let started = ContinuousClock.now
        try await signal.waitForChange(after: before, timeout: .seconds(20))
        #expect(ContinuousClock.now - started < .seconds(10), "woken by the NOTIFY, not by the timeout")
        try await writing.value
        let after = try await signal.currentToken()
        #expect(after != before)

        // A write that notifies nobody (check results) changes the token too.
        try await writer.recordCheckResults(
            [CheckResult(id: .sslCheckoutPage, title: "t", status: .pass, summary: "s", checkedAt: Fixture.t0)],
            seller: "shop", sellerID: 1)
        #expect(try await signal.currentToken() != after)
    }

    @Test func withoutChangesTheWaitEndsAtItsTimeout() async throws {
        let url = try await PostgresTestServer.freshDatabase("signalidle")
        let store = try await PostgresStore.open(url: url)
        defer {
            store.close()
            Task { await PostgresTestServer.dropDatabase(url: url) }
        }
        let signal = try store.changeSignal()
        try await until { await signal.connectionState() == .live }
        let token = try await signal.currentToken()
        let started = ContinuousClock.now
        try await signal.waitForChange(after: token, timeout: .milliseconds(400))
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(350) && waited < .seconds(5))
    }

    @Test func anUnreachableServerIsShownAsReconnectingThenUnavailable() async throws {
        let port = try freeLoopbackPort()
        let store = try PostgresStore(
            url: "postgres://golive@127.0.0.1:\(port)/golive?sslmode=disable", operationTimeout: .seconds(3))
        defer { store.close() }
        let signal = try store.changeSignal()
        // The state seen by the wait itself: reading it again could catch the listener's next attempt (`.polling`
        // while it connects again).
        let seen = Mutex<StoreConnectionState?>(nil)
        try await until {
            let state = await signal.connectionState()
            seen.withLock { $0 = state }
            if case .reconnecting = state { return true }
            return false
        }
        guard case .reconnecting = seen.withLock({ $0 }) else {
            Issue.record("expected reconnecting, got \(String(describing: seen.withLock { $0 }))")
            return
        }
        await #expect(throws: GoLiveError.self) { try await signal.currentToken() }
        guard case .unavailable(_, let staleSince) = await signal.connectionState() else {
            Issue.record("expected unavailable, got \(await signal.connectionState())")
            return
        }
        #expect(staleSince == nil)
    }
}

/// The listener across a server restart, on a PRIVATE cluster.
@Suite("PostgreSQL: the feed listener reconnects", .enabled(if: PostgresTestCluster.isAvailable), .serialized)
struct PostgresFeedReconnectTests {
    @Test func theListenerPollsWhileTheServerIsDownAndIsLiveAgainAfterItComesBack() async throws {
        let cluster = try await PostgresTestCluster.make(label: "feed")
        do {
            let url = try await cluster.createDatabase()
            let store = try PostgresStore(url: url, maximumConnections: 2)
            defer { store.close() }
            // Migrated with a generous deadline (a busy 2-core run); the short one is for the outage itself.
            let migrator = try PostgresStore(url: url, maximumConnections: 1, operationTimeout: .seconds(60))
            try await migrator.migrateSchema()
            migrator.close()
            let listener = PostgresFeedListener(
                location: store.location, pollInterval: .milliseconds(200), healthInterval: .seconds(1),
                reconnectCeiling: .seconds(1))
            defer { listener.stop() }
            func wait(for wanted: @Sendable (PostgresFeedState) -> Bool) async throws -> Bool {
                let deadline = ContinuousClock.now + .seconds(20)
                while ContinuousClock.now < deadline {
                    if wanted(listener.state) { return true }
                    try await Task.sleep(for: .milliseconds(50))
                }
                return false
            }
            #expect(try await wait { $0 == .live })
            let events = listener.events()
            let collected = Task {
                var seen: [PostgresFeedEvent] = []
                for await event in events {
                    seen.append(event)
                    if case .changed(.notifications, _) = event { break }
                }
                return seen
            }

            try await cluster.stop()
            #expect(
                try await wait {
                    if case .polling = $0 { return true }
                    return false
                })
            try await cluster.start()
            #expect(try await wait { $0 == .live })
            // Writes after the restart reach the listener.
            // (The pool's connections died with the server: the first write may fail while it reconnects.)
            var stored: [StoredNotification] = []
            let deadline = ContinuousClock.now + .seconds(20)
            while stored.isEmpty {
                do {
                    stored = try await store.recordNotifications([Fixture.incoming("after-restart")])
                } catch {
                    if ContinuousClock.now > deadline { throw error }
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            let timeout = Task {
                try await Task.sleep(for: .seconds(10))
                collected.cancel()
            }
            let seen = await collected.value
            timeout.cancel()
            #expect(seen.contains(.refresh), "followers were told to re-read while down and on reconnection")
            #expect(seen.contains(.changed(.notifications, seq: stored[0].seq)))
        } catch {
            Issue.record("\(error)\n\(cluster.serverLog().suffix(2000))")
        }
        await cluster.destroy()
    }
}
