import Foundation
public import GoLiveCore
import PostgresNIO
import Synchronization

/// What changed, as sent on the `golive_feed` channel (issue 10: dashboards and walls on other machines follow
/// the feed through LISTEN/NOTIFY). The payload is `<change>` or `<change> <seq>` (the newest seq concerned).
public enum PostgresFeedChange: String, Sendable, Hashable, CaseIterable {
    /// Notifications were recorded (received).
    case notifications
    /// Processing outcomes were recorded, or notifications requeued.
    case processing
    /// A forward delivery's attempt was recorded.
    case forwards
}

extension PostgresStore {
    /// The LISTEN/NOTIFY channel every golive writer notifies and every follower listens on.
    public static let feedChannel = "golive_feed"

    /// Sends the change on ``feedChannel`` inside the caller's transaction: PostgreSQL delivers it only when (and
    /// as soon as) the transaction commits, so a listener never hears of a change it cannot read yet.
    static func notifyFeed(_ change: PostgresFeedChange, seq: Int64?, on connection: PostgresConnection) async throws {
        let payload = seq.map { "\(change.rawValue) \($0)" } ?? change.rawValue
        try await connection.query("SELECT pg_notify(\(feedChannel), \(payload))", logger: quiet)
    }
}

// MARK: The dashboard's and the wall's follower (StoreChangeSignal)

extension PostgresStore: StoreChangeSource {
    /// A follower with its own LISTEN connection (``PostgresFeedListener``), stopped when the follower is dropped.
    public func changeSignal() throws -> any StoreChangeSignal { PostgresChangeSignal(store: self) }
}

/// One reader's follower of a PostgreSQL store (issue 10: dashboards and walls on other machines).
///
/// - ``currentToken()`` reads the database's write watermarks (``watermarks``): they change whenever a write
///   transaction of this database commits a row (whoever wrote, whether or not it notified: check results too),
///   not on reads, nor on other databases' writes. A count of the
///   notifications heard is part of the token, so one that arrives between reading the token and waiting is not
///   slept through.
/// - ``waitForChange(after:timeout:)`` returns as soon as a `NOTIFY` arrives (or the LISTEN connection comes back:
///   changes may have been missed), else after `timeout` (the polling fallback while LISTEN is down).
/// - ``connectionState()``: `live` while LISTEN is active; `polling` until it first is; `reconnecting` since it
///   was lost; `unavailable` (stale since the last good read) when the store itself cannot be read.
public final class PostgresChangeSignal: StoreChangeSignal {
    public let store: PostgresStore
    public let listener: PostgresFeedListener

    struct Shared {
        var heard: Int64 = 0
        var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
        /// Waits that ended (timeout, cancellation) before their continuation was registered.
        var ended: Set<UUID> = []
        var everLive = false
        var lostSince: Date?
        var lastRead: Date?
        var readProblem: String?
        var pump: Task<Void, Never>?
    }

    final class Box: Sendable {
        let state = Mutex(Shared())

        /// Counts a change and wakes every waiter.
        func wake() {
            let waiters = state.withLock { shared in
                shared.heard += 1
                defer { shared.waiters = [:] }
                return Array(shared.waiters.values)
            }
            for waiter in waiters { waiter.resume() }
        }

        /// Ends one wait (timeout or cancellation), whether or not it has started waiting yet.
        func end(_ id: UUID) {
            let waiter = state.withLock { shared in
                guard let waiter = shared.waiters.removeValue(forKey: id) else {
                    shared.ended.insert(id)
                    return CheckedContinuation<Void, Never>?.none
                }
                return waiter
            }
            waiter?.resume()
        }
    }

    let box = Box()
    private let started = Date()

    public init(store: PostgresStore, pollInterval: Duration = .seconds(2)) {
        self.store = store
        listener = store.feedListener(pollInterval: pollInterval)
        let events = listener.events()
        // The pump holds the box, not the signal: dropping the signal stops the listener, which ends the pump.
        let pump = Task { [box] in
            for await event in events {
                switch event {
                case .changed: box.wake()
                case .state(.live):
                    box.wake()
                    box.state.withLock {
                        $0.everLive = true
                        $0.lostSince = nil
                    }
                case .state(.polling(_, let since)):
                    box.state.withLock { $0.lostSince = $0.lostSince ?? since }
                case .state, .refresh: continue
                }
            }
        }
        box.state.withLock { $0.pump = pump }
    }

    deinit {
        listener.stop()
        box.state.withLock { $0.pump?.cancel() }
    }

    public func currentToken() async throws -> StoreChangeToken {
        let heard = box.state.withLock { $0.heard }
        do {
            let snapshot = try await store.read("reading the store's change token") { connection in
                try await connection.query(PostgresQuery(unsafeSQL: Self.watermarks), logger: PostgresStore.quiet)
                    .collectStrings().first ?? ""
            }
            box.state.withLock { shared in
                shared.lastRead = Date()
                shared.readProblem = nil
            }
            return StoreChangeToken("\(heard)/\(snapshot)")
        } catch {
            box.state.withLock { $0.readProblem = (error as? GoLiveError)?.message ?? "\(error)" }
            throw error
        }
    }

    /// This database's write watermarks, one indexed lookup each: the newest row of every table the dashboard and
    /// the wall show, the seller records' and the backfill's times, the receiver's heartbeat. Not the cluster's
    /// transaction snapshot, which every other database on the same server moves too (a busy shared server would
    /// wake every follower for nothing). Updates that add no row (processing outcomes, forward attempts) are
    /// announced by NOTIFY, counted in the token's first part.
    static let watermarks = """
        SELECT concat_ws('/', (SELECT max(seq) FROM notification), (SELECT max(seq) FROM rejected_delivery),
          (SELECT max(seq) FROM check_result), (SELECT max(updated_at) FROM seller), (SELECT count(*) FROM seller),
          (SELECT max(seq) FROM report_file), (SELECT heartbeat_at FROM receiver_status WHERE id = 1),
          (SELECT max(seq) FROM never_notified), (SELECT max(last_run_at) FROM backfill_status),
          (SELECT max(seq) FROM quality_measurement), (SELECT max(id) FROM incident),
          (SELECT max(id) FROM forward_delivery), (SELECT max(seq) FROM signoff))
        """

    public func waitForChange(after token: StoreChangeToken?, timeout: Duration) async throws {
        let id = UUID()
        let heardAtToken = token.flatMap { Int64($0.value.prefix { $0 != "/" }) }
        let box = box
        let timer = Task {
            try? await Task.sleep(for: timeout)
            box.end(id)
        }
        defer { timer.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = box.state.withLock { shared -> Bool in
                    // Ended already, or something was heard since the token was read: no need to wait.
                    if shared.ended.remove(id) != nil { return true }
                    if let heardAtToken, heardAtToken != shared.heard { return true }
                    shared.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            box.end(id)
        }
        // An end that came after a wake leaves its id behind: forget it.
        box.state.withLock { _ = $0.ended.remove(id) }
    }

    public func connectionState() async -> StoreConnectionState {
        // A follower just made is connecting its LISTEN: give it a moment before calling that "polling".
        while !box.state.withLock({ $0.everLive }), listener.state == .connecting || listener.state == .live,
            Date().timeIntervalSince(started) < 2
        {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let (everLive, lostSince, lastRead, problem) = box.state.withLock {
            ($0.everLive, $0.lostSince, $0.lastRead, $0.readProblem)
        }
        if let problem { return .unavailable(reason: problem, staleSince: lastRead) }
        switch listener.state {
        // Live once the pump has counted the (re)connection's wake too, so a token read after this is current.
        case .live where everLive: return .live
        case .live: return .polling(every: listener.pollInterval, since: started)
        case .polling(_, let since): return .reconnecting(since: lostSince ?? since)
        case .connecting, .stopped:
            return everLive
                ? .reconnecting(since: lostSince ?? Date()) : .polling(every: listener.pollInterval, since: started)
        }
    }
}
