public import Foundation

/// When a silence counts (`alerts.business_hours`, e.g. `mon-fri 09:00-18:00` in `America/Argentina/Buenos_Aires`).
///
/// A silence is measured in *business time*: only the minutes inside a window count. So a silence that starts
/// Friday at 17:30 with a 60-minute threshold has counted 30 minutes when the window closes at 18:00, counts
/// nothing over the weekend, and opens an incident on Monday at 09:30 if still nothing arrived. Outside the
/// windows no incident opens; one already open stays open until a notification arrives.
public struct BusinessHours: Sendable, Hashable, CustomStringConvertible {
    public struct Window: Sendable, Hashable {
        /// Calendar weekdays (1 = Sunday … 7 = Saturday).
        public var weekdays: Set<Int>
        /// Minutes after local midnight; `start < end` (no window crosses midnight).
        public var start: Int
        public var end: Int
    }

    public var windows: [Window]
    public var timeZone: TimeZone
    /// The specs as written, for messages.
    public var specs: [String]

    public var description: String { specs.joined(separator: ", ") + " (\(timeZone.identifier))" }

    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// Parses specs like `mon-fri 09:00-18:00`, `sat 10:00-13:00`, `mon,wed,fri 08:00-12:00`.
    public static func parse(_ specs: [String], timeZone identifier: String?) throws(GoLiveError) -> BusinessHours {
        let zone: TimeZone
        if let identifier {
            guard let found = TimeZone(identifier: identifier) else {
                throw GoLiveError(
                    .configInvalid, "alerts.timezone \"\(identifier)\" is not a known time zone.",
                    remedy: "Use an IANA name such as America/Argentina/Buenos_Aires, or UTC.")
            }
            zone = found
        } else {
            zone = TimeZone(identifier: "UTC")!
        }
        guard !specs.isEmpty else {
            throw GoLiveError(
                .configInvalid, "alerts.business_hours is empty.",
                remedy: "Write it like \"mon-fri 09:00-18:00\", or leave it out to count every hour.")
        }
        var windows: [Window] = []
        for spec in specs {
            windows.append(try window(spec))
        }
        return BusinessHours(windows: windows, timeZone: zone, specs: specs)
    }

    static func window(_ spec: String) throws(GoLiveError) -> Window {
        let bad = GoLiveError(
            .configInvalid, "alerts.business_hours \"\(spec)\" is not of the form DAYS HH:MM-HH:MM.",
            remedy: "Write it like \"mon-fri 09:00-18:00\" (days: mon tue wed thu fri sat sun; ranges or commas).")
        let parts = spec.lowercased().split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 else { throw bad }
        var days = Set<Int>()
        for item in parts[0].split(separator: ",") {
            let ends = item.split(separator: "-").map(String.init)
            guard let first = ends.first.flatMap({ dayNames.firstIndex(of: $0) }), ends.count <= 2 else { throw bad }
            let last = ends.count == 2 ? dayNames.firstIndex(of: ends[1]) : first
            guard let last else { throw bad }
            var day = first
            while true {
                days.insert(day + 1)
                if day == last { break }
                day = (day + 1) % 7
            }
        }
        let times = parts[1].split(separator: "-").map(String.init)
        guard times.count == 2, let start = minutes(times[0]), let end = minutes(times[1]) else { throw bad }
        guard start < end else {
            throw GoLiveError(
                .configInvalid, "alerts.business_hours \"\(spec)\" ends before it starts.",
                remedy:
                    "A window cannot cross midnight: split it in two (e.g. \"fri 20:00-24:00\", \"sat 00:00-02:00\").")
        }
        return Window(weekdays: days, start: start, end: end)
    }

    static func minutes(_ text: String) -> Int? {
        let pieces = text.split(separator: ":")
        guard pieces.count == 2, let hours = Int(pieces[0]), let minutes = Int(pieces[1]), (0...24).contains(hours),
            (0..<60).contains(minutes)
        else { return nil }
        let total = hours * 60 + minutes
        return total <= 24 * 60 ? total : nil
    }

    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// Whether `date` falls inside a window.
    public func contains(_ date: Date) -> Bool {
        let calendar = calendar
        let weekday = calendar.component(.weekday, from: date)
        let day = calendar.startOfDay(for: date)
        let minute = Int(date.timeIntervalSince(day) / 60)
        return windows.contains { $0.weekdays.contains(weekday) && minute >= $0.start && minute < $0.end }
    }

    /// Seconds of business time between two instants (days are walked in the zone, at most 62 of them:
    /// beyond two months of silence the answer is "more than enough").
    public func businessSeconds(from start: Date, to end: Date) -> TimeInterval {
        guard end > start else { return 0 }
        let calendar = calendar
        var day = calendar.startOfDay(for: start)
        var total: TimeInterval = 0
        var walked = 0
        while day < end, walked < 62 {
            let weekday = calendar.component(.weekday, from: day)
            for window in windows where window.weekdays.contains(weekday) {
                let from = calendar.date(byAdding: .minute, value: window.start, to: day) ?? day
                let to = calendar.date(byAdding: .minute, value: window.end, to: day) ?? day
                let overlap = min(to, end).timeIntervalSince(max(from, start))
                if overlap > 0 { total += overlap }
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { break }
            day = next
            walked += 1
        }
        return total
    }
}
