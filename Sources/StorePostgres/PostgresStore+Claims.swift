import Foundation
import GoLiveCore
import PostgresNIO
import Synchronization

/// Work claimed by one store instance (issue 10: several receivers on one database).
///
/// `dueNotifications` and `dueForwards` do not just read: they CLAIM the rows they return, with
/// `SELECT … FOR UPDATE SKIP LOCKED` inside an `UPDATE … SET next_attempt_at = now + lease, claim_token = …`. So:
///
/// - two instances never get the same row (the second skips the rows the first has locked, and once the first
///   commits, the rows are no longer due: their `next_attempt_at` is in the future);
/// - an instance killed mid-work leaves nothing stuck: its rows become due again when the **lease** has passed
///   (``processingLease`` / ``forwardLease``, from the `now` the caller gave), and another instance takes them;
/// - a late answer from an instance whose lease ran out is fenced: each claim writes a random `claim_token`, the
///   instance remembers the tokens it holds, and recording an outcome for a row this instance claimed updates it
///   only while the row still carries that token. If another instance re-claimed it meanwhile, the late outcome
///   (and the forward delivery a `done` outcome would enqueue) is dropped, so a notification is recorded as
///   processed, and forwarded, once.
///
/// Outcomes for rows this instance did not claim (`golive notifications replay`, a re-verified rejected
/// delivery) are recorded unconditionally, as SQLite does.
///
/// With one instance the behaviour is SQLite's, except that a due row handed out and never answered (the
/// processor's pass failed) comes back after the lease instead of on the next pass.
public final class PostgresClaims: Sendable {
    private struct State {
        var processingLease: Duration = .seconds(120)
        var forwardLease: Duration = .seconds(120)
        var notifications: [Int64: Int64] = [:]
        var forwards: [Int64: Int64] = [:]
    }

    private let state = Mutex(State())

    init() {}

    /// How long a claimed notification stays invisible to other instances (default 120 s, far longer than one
    /// processor pass: the lease only matters when an instance dies mid-pass).
    public var processingLease: Duration {
        get { state.withLock { $0.processingLease } }
        set { state.withLock { $0.processingLease = newValue } }
    }

    /// The same for a claimed forward delivery (default 120 s: one attempt's timeout is 10 s).
    public var forwardLease: Duration {
        get { state.withLock { $0.forwardLease } }
        set { state.withLock { $0.forwardLease = newValue } }
    }

    /// A bound on remembered tokens (claims never answered, e.g. a pass that failed): beyond it the oldest are
    /// forgotten and those rows' late outcomes are recorded unfenced.
    static let rememberedBound = 100_000

    func claimedNotifications(_ seqs: [Int64], token: Int64) {
        state.withLock { state in
            if state.notifications.count > Self.rememberedBound { state.notifications.removeAll() }
            for seq in seqs { state.notifications[seq] = token }
        }
    }

    func claimedForwards(_ ids: [Int64], token: Int64) {
        state.withLock { state in
            if state.forwards.count > Self.rememberedBound { state.forwards.removeAll() }
            for id in ids { state.forwards[id] = token }
        }
    }

    /// The token this instance holds for a notification, forgetting it (an outcome is recorded once).
    func releaseNotification(_ seq: Int64) -> Int64? {
        state.withLock { $0.notifications.removeValue(forKey: seq) }
    }

    func releaseForward(_ id: Int64) -> Int64? {
        state.withLock { $0.forwards.removeValue(forKey: id) }
    }

    /// Puts a token back (the transaction that would have used it rolled back).
    func restoreNotification(_ seq: Int64, token: Int64) {
        state.withLock { $0.notifications[seq] = token }
    }

    func restoreForward(_ id: Int64, token: Int64) {
        state.withLock { $0.forwards[id] = token }
    }

    static func newToken() -> Int64 { Int64.random(in: 1...Int64.max) }
}

extension Duration {
    /// Seconds, as stored times are.
    var storedSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// Advisory-lock keys (transaction-level, released at commit): a stable 64-bit FNV-1a hash of a namespaced text,
/// the same in every golive process (Swift's `Hasher` is seeded per process, so it cannot be used).
enum AdvisoryKey {
    static func of(_ namespace: String, _ parts: String...) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in ([namespace] + parts).joined(separator: "\u{1F}").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return Int64(bitPattern: hash)
    }

    /// Takes the locks of `keys` in ascending order (deduplicated), so two transactions locking overlapping sets
    /// never deadlock.
    static func lock(_ keys: [Int64], on connection: PostgresConnection) async throws {
        let sorted = Array(Set(keys)).sorted()
        guard !sorted.isEmpty else { return }
        // unnest returns the array in order and nothing sorts after it, so the locks are taken in that order.
        try await connection.query(
            "SELECT count(pg_advisory_xact_lock(k)) FROM unnest(\(sorted)::bigint[]) AS k", logger: PostgresStore.quiet)
    }
}

extension PostgresRandomAccessRow {
    /// The column's value (a `GoLiveError` when it cannot be read as `T`).
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        // (postgres-nio's subscript by name stops the process on a column the result does not have.)
        guard contains(column) else {
            throw GoLiveError(
                .storeCorrupt, "The stored rows have no column \(column).",
                remedy: "The database may have been written by another golive; run `golive store migrate`, or upgrade.")
        }
        do {
            return try self[column].decode(T.self)
        } catch {
            throw GoLiveError(
                .storeCorrupt, "The stored column \(column) could not be read as \(T.self).",
                remedy: "The database may have been written by another golive; run `golive store migrate`, or upgrade.")
        }
    }
}

/// Builds a query whose `WHERE` is assembled at run time, with numbered binds.
struct DynamicQuery {
    var conditions: [String] = []
    var binds = PostgresBindings()

    /// Adds `condition`, where `?` stands for `value`'s placeholder.
    mutating func add<Value: PostgresDynamicTypeEncodable>(_ condition: String, _ value: Value) {
        binds.append(value)
        conditions.append(condition.replacingOccurrences(of: "?", with: "$\(binds.count)"))
    }

    mutating func add(_ condition: String) { conditions.append(condition) }

    /// The next placeholder for `value` (for `LIMIT` and the like).
    mutating func placeholder<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    var whereClause: String { conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ") }

    func query(_ sql: String) -> PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}
