public import Foundation

/// How current one pane's data is: when its source last delivered, when that stops counting as current, and
/// whether the source is failing right now. The loader fills it per pane (DashboardSnapshot/freshness); the
/// view draws the age coarsely in the pane's bottom border and "NO DATA SINCE hh:mm" once it is stale.
public struct Freshness: Sendable, Hashable {
    /// When the source last delivered (a check's time, the receiver's heartbeat, a report's fetch, the last
    /// successful store read); nil when it never did.
    public var asOf: Date?
    /// Past this moment the data no longer counts as current (e.g. twice the check's schedule).
    public var staleAfter: Date?
    /// Why the source cannot be read now (store unreachable…); a problem makes the pane stale at once.
    public var problem: String?

    public init(asOf: Date?, staleAfter: Date? = nil, problem: String? = nil) {
        self.asOf = asOf
        self.staleAfter = staleAfter
        self.problem = problem
    }

    public func isStale(at now: Date) -> Bool {
        if problem != nil { return true }
        if let staleAfter { return now > staleAfter }
        return false
    }
}

extension DashboardSnapshot {
    /// The freshness of a pane's data; nil when its source says nothing about it.
    public func freshness(of pane: PaneID) -> Freshness? { freshness[pane] }
}
