public import Foundation

/// How a store tells its readers (the dashboard, the wall) that someone — another process, another machine —
/// committed: SQLite polls its change counter (`PRAGMA data_version`); PostgreSQL uses `LISTEN/NOTIFY` with a
/// polling fallback. A store makes one dedicated follower per reader.
public protocol StoreChangeSource: Sendable {
    /// A new follower of this store's changes, on its own connection.
    func changeSignal() throws -> any StoreChangeSignal
}

/// One reader's follower of a store's changes.
public protocol StoreChangeSignal: Sendable {
    /// A cheap token that differs from the previous one whenever anyone committed since; never waits long.
    func currentToken() async throws -> StoreChangeToken
    /// Returns when the token may differ from `token` (a change arrived) or when `timeout` passed, whichever
    /// comes first. A store that can only poll sleeps `timeout` (its reader then reads ``currentToken()``);
    /// one that is told about changes returns as soon as it is.
    func waitForChange(after token: StoreChangeToken?, timeout: Duration) async throws
    /// How changes reach this reader now (shown by the dashboard when it is not ``StoreConnectionState/live``).
    func connectionState() async -> StoreConnectionState
}

/// An opaque change counter: equal tokens mean nothing was committed in between.
public struct StoreChangeToken: Sendable, Hashable, CustomStringConvertible {
    public var value: String

    public init(_ value: String) { self.value = value }
    public init(_ value: Int64) { self.value = String(value) }

    public var description: String { value }
}

/// How a reader follows its store. Only ``live`` is normal; the others are shown on the dashboard's and the
/// wall's status line.
public enum StoreConnectionState: Sendable, Hashable {
    /// Changes arrive as they happen (SQLite's local change counter; PostgreSQL `LISTEN`).
    case live
    /// No change channel (e.g. `LISTEN` refused or lost): changes are found by polling every `every`, since `since`.
    case polling(every: Duration, since: Date)
    /// The connection to the store was lost at `since` and is being re-established.
    case reconnecting(since: Date)
    /// The store cannot be read now; what is shown is as of `staleSince` (nil: nothing was read yet).
    case unavailable(reason: String, staleSince: Date?)

    public var isLive: Bool { self == .live }
    /// The store cannot be read: what is shown is stale.
    public var isDown: Bool {
        if case .unavailable = self { return true }
        return false
    }
}
