public import Foundation

/// How often each requirement's checks are re-run by the long-lived processes (`golive serve`), from
/// DESIGN.md's "Checks and who runs them": credentials every 10 minutes, SSL hourly, reports daily. The
/// others are cheap reads of golive's own store or one payments search, so they follow the evidence closely:
/// notifications every 5 minutes, approval data hourly, the quality check daily (the measurement itself is
/// monthly, by ``MonthlyQualityJob``). A check never run is due at once.
public struct CheckSchedule: Sendable, Hashable {
    /// Seconds between two runs, by requirement (the part of a check id before the dot).
    public var intervals: [String: TimeInterval]

    public init(intervals: [String: TimeInterval]) {
        self.intervals = intervals
    }

    public static let standard = CheckSchedule(intervals: [
        "credentials": 600, "ssl": 3_600, "notifications": 300, "approval": 3_600, "quality": 86_400,
        "reports": 86_400,
        "notifications.url": 3_600,  // issue 11: each run POSTs a test notification to the shop's URL
    ])

    /// The interval of one check (its own id, else its requirement); what the table does not name is re-run hourly.
    public func interval(for id: CheckID) -> TimeInterval {
        intervals[id.rawValue] ?? intervals[String(id.rawValue.prefix { $0 != "." })] ?? 3_600
    }

    /// Whether any of `ids` was never checked or was last checked at least its interval ago.
    public func isDue(_ ids: [CheckID], lastChecked: [CheckID: Date], now: Date) -> Bool {
        ids.contains { id in
            guard let last = lastChecked[id] else { return true }
            return now.timeIntervalSince(last) >= interval(for: id)
        }
    }

    /// When the next of `ids` falls due (now, if one already is).
    public func nextDue(_ ids: [CheckID], lastChecked: [CheckID: Date], now: Date) -> Date {
        ids.map { id in lastChecked[id].map { $0.addingTimeInterval(interval(for: id)) } ?? now }.min() ?? now
    }
}
