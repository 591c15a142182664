public import Foundation
import GoLiveCore
import Logging
import NIOSSL
import PostgresNIO
import Synchronization

/// The state of a ``PostgresFeedListener``'s connection, for a dashboard or wall to show.
public enum PostgresFeedState: Sendable, Hashable, CustomStringConvertible {
    /// Opening the connection (first start, or after a loss).
    case connecting
    /// `LISTEN golive_feed` is active: changes arrive as they commit.
    case live
    /// The connection is down (why, and since when): followers are told to re-read every poll interval (their
    /// reads may fail too: they show stale data) while the listener reconnects.
    case polling(reason: String, since: Date)
    /// ``PostgresFeedListener/stop()`` was called.
    case stopped

    public var description: String {
        switch self {
        case .connecting: "connecting"
        case .live: "live"
        case .polling(let reason, _): "polling (\(reason))"
        case .stopped: "stopped"
        }
    }

    public var isLive: Bool { self == .live }
}

/// What a follower is told.
public enum PostgresFeedEvent: Sendable, Hashable {
    /// A writer (any instance) committed a change: `change` and the newest `seq` concerned, when known.
    case changed(PostgresFeedChange, seq: Int64?)
    /// Re-read everything: a polling tick while the connection is down, or the connection is (back) up and changes
    /// may have been missed meanwhile.
    case refresh
    /// The connection's state changed.
    case state(PostgresFeedState)
}

/// Follows the `golive_feed` channel (``PostgresStore/feedChannel``) on a dedicated connection, for dashboards and
/// walls on other machines (issue 10). Each writer's `pg_notify` is sent inside its transaction, so an event means
/// "committed, readable now".
///
/// - Reconnects by itself, with a backoff from 0.5 s up to ``reconnectCeiling``; while down, it sends `.refresh`
///   every ``pollInterval`` (the polling fallback) and its ``state`` says why.
/// - A half-open connection (server gone, no FIN) is found by a `SELECT 1` every ``healthInterval``, bounded by
///   the same interval.
/// - Any number of followers: each ``events()`` call returns its own stream, which starts with the current state.
public final class PostgresFeedListener: Sendable {
    let engine: FeedEngine

    /// Starts listening at once.
    public init(
        location: PostgresLocation, pollInterval: Duration = .seconds(2), healthInterval: Duration = .seconds(5),
        reconnectCeiling: Duration = .seconds(5)
    ) {
        engine = FeedEngine(
            location: location, pollInterval: pollInterval, healthInterval: healthInterval,
            reconnectCeiling: reconnectCeiling)
        engine.start()
    }

    /// Dropping the last reference stops it.
    deinit { engine.stop() }

    public var location: PostgresLocation { engine.location }
    public var pollInterval: Duration { engine.pollInterval }

    /// The connection's state now.
    public var state: PostgresFeedState { engine.state }

    /// How many notifications were received since the start (for tests and metrics).
    public var receivedCount: Int { engine.receivedCount }

    /// A stream of events for one follower; it starts with `.state(current)` and ends at ``stop()``.
    public func events() -> AsyncStream<PostgresFeedEvent> { engine.events() }

    /// Stops listening and ends every follower's stream.
    public func stop() { engine.stop() }
}

/// The listener's loop and state; it does not reference its ``PostgresFeedListener``, so dropping that stops it.
final class FeedEngine: Sendable {
    let location: PostgresLocation
    let pollInterval: Duration
    let healthInterval: Duration
    let reconnectCeiling: Duration

    private struct Shared {
        var state: PostgresFeedState = .connecting
        var subscribers: [UUID: AsyncStream<PostgresFeedEvent>.Continuation] = [:]
        var task: Task<Void, Never>?
        var received = 0
    }

    private let shared = Mutex(Shared())

    init(location: PostgresLocation, pollInterval: Duration, healthInterval: Duration, reconnectCeiling: Duration) {
        self.location = location
        self.pollInterval = pollInterval
        self.healthInterval = healthInterval
        self.reconnectCeiling = reconnectCeiling
    }

    func start() {
        let task = Task { await self.run() }
        shared.withLock { $0.task = task }
    }

    var state: PostgresFeedState { shared.withLock { $0.state } }

    var receivedCount: Int { shared.withLock { $0.received } }

    func events() -> AsyncStream<PostgresFeedEvent> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: PostgresFeedEvent.self, bufferingPolicy: .bufferingNewest(1024))
        let id = UUID()
        let state = shared.withLock { shared in
            shared.subscribers[id] = continuation
            return shared.state
        }
        continuation.yield(.state(state))
        if state == .stopped { continuation.finish() }
        continuation.onTermination = { [weak self] _ in
            _ = self?.shared.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    func stop() {
        let (task, subscribers) = shared.withLock { shared in
            shared.state = .stopped
            defer { shared.subscribers = [:] }
            return (shared.task, Array(shared.subscribers.values))
        }
        task?.cancel()
        for subscriber in subscribers {
            subscriber.yield(.state(.stopped))
            subscriber.finish()
        }
    }

    // MARK: Running

    private func send(_ event: PostgresFeedEvent) {
        let subscribers = shared.withLock { shared in
            if case .changed = event { shared.received += 1 }
            return Array(shared.subscribers.values)
        }
        for subscriber in subscribers { subscriber.yield(event) }
    }

    private func setState(_ state: PostgresFeedState) {
        let changed = shared.withLock { shared in
            guard shared.state != .stopped, shared.state != state else { return false }
            // A second failure while polling keeps the first "since".
            if case .polling = shared.state, case .polling = state { return false }
            shared.state = state
            return true
        }
        if changed { send(.state(state)) }
    }

    private func run() async {
        var backoff: Duration = .milliseconds(500)
        while !Task.isCancelled {
            setState(.connecting)
            do {
                try await listenOnce { backoff = .milliseconds(500) }
                if Task.isCancelled { return }
                setState(.polling(reason: "the connection closed", since: Date()))
            } catch {
                if Task.isCancelled { return }
                setState(.polling(reason: Self.describe(error), since: Date()))
            }
            // The polling fallback while reconnecting: followers re-read every poll interval.
            send(.refresh)
            var waited: Duration = .zero
            while waited < backoff, !Task.isCancelled {
                let step = min(pollInterval, backoff - waited)
                try? await Task.sleep(for: step)
                waited += step
                if waited < backoff { send(.refresh) }
            }
            backoff = min(backoff * 2, reconnectCeiling)
        }
    }

    /// One connection's life: connect, LISTEN, pass notifications on, ping; throws when it is lost.
    private func listenOnce(connected: () -> Void) async throws {
        let logger = PostgresStore.quiet
        let connection = try await withTimeout(healthInterval, "connecting") {
            try await PostgresConnection.connect(
                configuration: try self.connectionConfiguration(), id: 1, logger: logger)
        }
        defer { Task { try? await connection.close() } }
        try await connection.listen(on: PostgresStore.feedChannel) { notifications in
            connected()
            setState(.live)
            // Changes may have been missed while down (or before the first LISTEN): re-read once.
            send(.refresh)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await notification in notifications {
                        self.send(Self.event(notification.payload))
                    }
                    throw GoLiveError(
                        .storeUnavailable, "The feed's connection to \(self.location.place) closed.",
                        remedy: "golive reconnects by itself.")
                }
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: self.healthInterval)
                        _ = try await self.withTimeout(self.healthInterval, "checking the feed's connection") {
                            try await connection.query("SELECT 1", logger: logger).collect().count
                        }
                    }
                }
                defer { group.cancelAll() }
                _ = try await group.next()
            }
        }
    }

    static func event(_ payload: String) -> PostgresFeedEvent {
        let parts = payload.split(separator: " ", maxSplits: 1).map(String.init)
        guard let first = parts.first, let change = PostgresFeedChange(rawValue: first) else { return .refresh }
        return .changed(change, seq: parts.count > 1 ? Int64(parts[1]) : nil)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? GoLiveError { return error.message }
        if let error = error as? PSQLError { return "cannot reach the server (\(error.code))" }
        return "\(error)"
    }

    private func withTimeout<T: Sendable>(
        _ timeout: Duration, _ operation: String, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let place = location.place
        return try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw GoLiveError(
                    .storeUnavailable, "PostgreSQL at \(place) did not answer within \(timeout) (\(operation)).",
                    remedy: "golive reconnects by itself.")
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }

    /// A single connection's configuration, with the store URL's sslmode (as ``PostgresLocation`` does for the
    /// pool).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        var unverified = TLSConfiguration.makeClientConfiguration()
        unverified.certificateVerification = .none
        switch location.sslMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(try NIOSSLContext(configuration: unverified))
        case .require: tls = .require(try NIOSSLContext(configuration: unverified))
        case .verifyFull:
            var verified = TLSConfiguration.makeClientConfiguration()
            verified.certificateVerification = .fullVerification
            if let file = location.sslRootCertificate { verified.trustRoots = .file(file) }
            tls = .require(try NIOSSLContext(configuration: verified))
        }
        return PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: tls)
    }
}

extension PostgresStore {
    /// A listener on this store's database (see ``PostgresFeedListener``); stop it when done.
    public func feedListener(pollInterval: Duration = .seconds(2)) -> PostgresFeedListener {
        PostgresFeedListener(location: location, pollInterval: pollInterval)
    }
}
