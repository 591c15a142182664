import Foundation

extension DashboardState {
    /// The wall display shows a ticking clock (seconds); the operator's dashboard a clock to the minute, so an idle
    /// screen writes almost nothing (the byte budget: ≤ 50 B/s at 80x24 with nothing happening).
    public var secondsClock: Bool { mode == .wall }

    /// The header clock for `now`.
    public var clockText: String {
        secondsClock ? text.clock(now, zone: timeZone) : text.hourMinute(now, zone: timeZone)
    }
}
