import Foundation
import GoLiveCore
import PostgresNIO

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
