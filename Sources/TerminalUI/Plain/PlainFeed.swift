public import Foundation
public import GoLiveCore

/// The dashboard as plain lines, for `TERM=dumb`, a terminal that cannot move the cursor, or no terminal at all
/// (a pipe, a log, a screen reader): one line per change, never an escape code. Pure: it compares the snapshot
/// it saw last with the new one; the caller prints what it returns.
///
/// A line per: new notification (oldest first), a notification's processing outcome, a check whose status or
/// summary changed, overall readiness, balances, a pane whose data failed or came back, the store's problem,
/// and staleness ("NO DATA SINCE hh:mm:ss" once the data stops arriving, and when it is back).
public struct PlainFeed: Sendable {
    /// ASCII only (the locale is not UTF-8); otherwise UTF-8 text as the data has it.
    public var unicode: Bool
    public var timeZone: TimeZone
    /// Data older than this is stale (the dashboard reads every 2 s: a few missed reads).
    public var staleAfter: TimeInterval
    /// The words of the lines (ids and event names stay as they are).
    public var text: UIText
    private var last: DashboardSnapshot?
    private var processing: [Int64: String] = [:]
    private var staleSince: Date?

    public init(
        unicode: Bool, timeZone: TimeZone = .current, staleAfter: TimeInterval = 30, language: Language = .english
    ) {
        text = UIText(language)
        self.unicode = unicode
        self.timeZone = timeZone
        self.staleAfter = staleAfter
    }

    /// The lines that announce `snapshot` (everything on the first one or after a seller switch; only what
    /// changed afterwards), each starting with the time of `now`.
    public mutating func lines(for snapshot: DashboardSnapshot, now: Date) -> [String] {
        var out: [String] = []
        // A snapshot that was never read (the seller's placeholder) announces nothing.
        guard snapshot.loadedAt != nil else { return [] }
        if let since = staleSince {
            out.append(text.plainDataAgain(from: clock(since), to: clock(now)))
            staleSince = nil
        }
        let previous = last?.seller == snapshot.seller ? last : nil
        if previous == nil {
            out += opening(snapshot)
        } else if let previous {
            out += changes(from: previous, to: snapshot)
        }
        last = snapshot
        return out.map { stamp($0, now) }
    }

    /// Staleness: one line when the last data became older than ``staleAfter``; nothing otherwise.
    public mutating func tick(now: Date) -> [String] {
        guard staleSince == nil, let loadedAt = last?.loadedAt, now.timeIntervalSince(loadedAt) > staleAfter
        else { return [] }
        staleSince = loadedAt
        return [stamp(text.plainNoDataSince(clock(loadedAt)), now)]
    }

    /// Any other line (a notice, a message), stamped and made safe like the rest.
    public func line(_ text: String, now: Date) -> String { stamp(text, now) }

    // MARK: what a snapshot says

    private mutating func opening(_ snapshot: DashboardSnapshot) -> [String] {
        var out: [String] = []
        out.append(
            text.plainSeller(snapshot.seller, environment: snapshot.environment, readiness: readiness(snapshot)))
        if let problem = snapshot.problem { out.append(text.plainStoreProblem(problem)) }
        for check in snapshot.checks { out.append(checkLine(check)) }
        switch snapshot.feed {
        case .loaded(let entries):
            if let newest = entries.first {
                out.append(text.plainNotificationsShown(entries.count))
                out.append(notificationLine(newest))
            } else {
                out.append(text.plainNoNotifications)
            }
            for entry in entries { processing[entry.seq] = outcome(entry) }
        case .failed(let message): out.append(text.plainNotifications(text.plainCannotBeRead(message)))
        case .unavailable(let reason, let remedy): out.append(text.plainNotifications("\(reason) \(remedy)"))
        case .loading: break
        }
        out += balanceLines(old: nil, new: snapshot.balances)
        return out
    }

    private mutating func changes(from old: DashboardSnapshot, to new: DashboardSnapshot) -> [String] {
        var out: [String] = []
        if old.ready != new.ready { out.append("\(text.plainReadiness): \(readiness(new))") }
        if old.problem != new.problem {
            out.append(new.problem.map { text.plainStoreProblem($0) } ?? text.plainStoreProblemSolved)
        }
        let before = Dictionary(old.checks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for check in new.checks {
            if let was = before[check.id], was.status == check.status, was.summary == check.summary { continue }
            out.append(checkLine(check, was: before[check.id]?.status))
        }
        out += feedLines(old: old.feed, new: new.feed)
        out += balanceLines(old: old.balances, new: new.balances)
        return out
    }

    private mutating func feedLines(old: PaneData<[FeedEntry]>, new: PaneData<[FeedEntry]>) -> [String] {
        switch new {
        case .loaded(let entries):
            var out: [String] = []
            if case .failed = old { out.append(text.plainNotifications(text.plainReadableAgain)) }
            let newestSeen = old.value?.first?.seq ?? processing.keys.max() ?? 0
            // Oldest first, as they arrived.
            for entry in entries.reversed() {
                let now = outcome(entry)
                if entry.seq > newestSeen, processing[entry.seq] == nil {
                    out.append(notificationLine(entry))
                } else if let was = processing[entry.seq], was != now {
                    out.append("\(text.plainNotification) \(entry.seq) \(describe(entry)): \(was) -> \(now)")
                }
                processing[entry.seq] = now
            }
            if processing.count > 2_000 {  // keep what the feed can still show
                let keep = Set(entries.map(\.seq))
                processing = processing.filter { keep.contains($0.key) }
            }
            return out
        case .failed(let message):
            if case .failed(let was) = old, was == message { return [] }
            return [text.plainNotifications(text.plainCannotBeRead(message))]
        case .unavailable(let reason, _):
            if case .unavailable(let was, _) = old, was == reason { return [] }
            return [text.plainNotifications(reason)]
        case .loading:
            return []
        }
    }

    private func balanceLines(old: PaneData<BalanceSummary>?, new: PaneData<BalanceSummary>) -> [String] {
        switch new {
        case .loaded(let summary):
            if let was = old?.value, was.currency == summary.currency, was.available == summary.available,
                was.held == summary.held, was.toBeReleased?.first == summary.toBeReleased?.first
            {
                return []
            }
            return [
                text.plainBalance(
                    currency: summary.currency, available: summary.available, held: summary.held,
                    next: summary.toBeReleased?.first)
            ]
        case .failed(let message):
            if case .failed(let was) = old, was == message { return [] }
            return [text.plainBalances(text.plainCannotBeRead(message))]
        case .unavailable(let reason, let remedy):
            if case .unavailable(let was, _) = old, was == reason { return [] }
            return [text.plainBalances(reason + (old == nil ? " \(remedy)" : ""))]
        case .loading:
            return []
        }
    }

    // MARK: formats

    private func readiness(_ snapshot: DashboardSnapshot) -> String {
        guard let ready = snapshot.ready else { return text.plainNotCheckedYet }
        if ready { return text.ready }
        let open = snapshot.checks.filter { !$0.status.isReady }.count
        return text.plainNotReady(open, of: snapshot.checks.count)
    }

    private func checkLine(_ check: CheckResult, was: CheckStatus? = nil) -> String {
        let change = was.map { $0 == check.status ? "" : " (\(text.plainWas(text.plainStatus($0))))" } ?? ""
        return "\(text.plainCheck) \(check.id) \(text.plainStatus(check.status))\(change): "
            + text.check(check.summary)
    }

    private func notificationLine(_ entry: FeedEntry) -> String {
        var parts = ["\(text.plainNotification) \(entry.seq) \(describe(entry))"]
        parts.append(text.plainSignature(entry.signature))
        if entry.duplicate { parts.append(text.plainDuplicate) }
        parts.append(outcome(entry))
        return parts.joined(separator: ", ")
    }

    private func describe(_ entry: FeedEntry) -> String {
        let event = entry.action ?? "\(entry.topic) (\(entry.kind))"
        return entry.dataID.map { "\(event) \($0)" } ?? event
    }

    private func outcome(_ entry: FeedEntry) -> String {
        text.processing(entry.processing == "done" ? (entry.resourceStatus ?? "done") : entry.processing)
    }

    private func clock(_ date: Date) -> String { text.clock(date, zone: timeZone) }

    /// `hh:mm:ss text`, on one line, with no control character (data from Mercado Pago could carry an ESC),
    /// and ASCII only when the locale is not UTF-8.
    private func stamp(_ text: String, _ now: Date) -> String {
        let safe = String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) ? " " : scalar
                }))
        let line = clock(now) + " " + safe
        return unicode ? line : ASCIIFallback.text(line)
    }
}
