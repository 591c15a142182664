public import Foundation
public import GoLiveCore

/// The dashboard as plain lines, for `TERM=dumb`, a terminal that cannot move the cursor, or no terminal at all
/// (a pipe, a log, a screen reader): one line per change, never an escape code. Pure: it compares the snapshot
/// it saw last with the new one; the caller prints what it returns. Words come from ``UIText`` (en, es, pt-BR).
///
/// A line per: new notification (oldest first), a notification's processing outcome, a check whose status
/// changed, overall readiness, balances, a pane whose data failed or came back, the store's problem,
/// and staleness (a pane's ``Freshness``: "NO DATA SINCE hh:mm" once it goes stale, and when it is current again).
public struct PlainFeed: Sendable {
    public var text: UIText
    /// ASCII only (the locale is not UTF-8); otherwise UTF-8 text as the data has it.
    public var unicode: Bool
    public var timeZone: TimeZone
    private var last: DashboardSnapshot?
    private var processing: [Int64: String] = [:]
    private var stale: Set<PaneID> = []

    public init(text: UIText = UIText(.english), unicode: Bool, timeZone: TimeZone = .current) {
        self.text = text
        self.unicode = unicode
        self.timeZone = timeZone
    }

    public init(unicode: Bool, timeZone: TimeZone = .current, language: Language) {
        self.init(text: UIText(language), unicode: unicode, timeZone: timeZone)
    }

    /// The lines that announce `snapshot` (everything on the first one or after a seller switch; only what
    /// changed afterwards), each starting with the time of `now`.
    public mutating func lines(for snapshot: DashboardSnapshot, now: Date) -> [String] {
        // A snapshot that was never read (the seller's placeholder) announces nothing.
        guard snapshot.loadedAt != nil else { return [] }
        var out: [String] = []
        if let previous = last, previous.seller == snapshot.seller {
            out += changes(from: previous, to: snapshot)
        } else {
            stale = []
            out += opening(snapshot)
        }
        last = snapshot
        return (out + staleness(now: now)).map { stamp($0, now) }
    }

    /// Staleness as time passes without a new snapshot: a line when a pane goes stale (or fresh again).
    public mutating func tick(now: Date) -> [String] {
        staleness(now: now).map { stamp($0, now) }
    }

    /// Any other line (a notice, a message), stamped and made safe like the rest.
    public func line(_ text: String, now: Date) -> String { stamp(text, now) }

    // MARK: what a snapshot says

    private mutating func staleness(now: Date) -> [String] {
        guard let snapshot = last else { return [] }
        var out: [String] = []
        for pane in PaneID.allCases {
            guard let freshness = snapshot.freshness(of: pane) else { continue }
            let isStale = freshness.isStale(at: now)
            if isStale, !stale.contains(pane) {
                stale.insert(pane)
                let since = freshness.asOf.map { text.since($0, now: now, zone: timeZone) } ?? "-"
                out.append(text.plainStale(pane, since: since, problem: freshness.problem))
            } else if !isStale, stale.contains(pane) {
                stale.remove(pane)
                out.append(text.plainFresh(pane))
            }
        }
        return out
    }

    private mutating func opening(_ snapshot: DashboardSnapshot) -> [String] {
        var out: [String] = []
        let environment: String? =
            switch snapshot.environment {
            case "production": text.production
            case "test": text.test
            default: nil
            }
        out.append(text.plainSeller(snapshot.seller, environment: environment, readiness: readiness(snapshot)))
        if let problem = snapshot.problem { out.append(text.plainStoreProblem(problem)) }
        if !snapshot.storeConnection.isLive {
            out.append(
                text.plainStoreConnection(snapshot.storeConnection, now: snapshot.loadedAt ?? Date(), zone: timeZone))
        }
        for check in snapshot.checks { out.append(checkLine(check)) }
        processing = [:]
        switch snapshot.feed {
        case .loaded(let entries):
            if let newest = entries.first {
                out.append(text.plainNotificationsShown(entries.count))
                out.append(notificationLine(newest))
            } else {
                out.append(text.plainNoNotifications)
            }
            for entry in entries { processing[entry.seq] = outcome(entry) }
        case .failed(let message): out.append(text.plainNotificationsFailed(message))
        case .unavailable(let reason, let remedy): out.append(text.plainNotificationsOther("\(reason) \(remedy)"))
        case .loading: break
        }
        out += balanceLines(old: nil, new: snapshot.balances)
        return out
    }

    private mutating func changes(from old: DashboardSnapshot, to new: DashboardSnapshot) -> [String] {
        var out: [String] = []
        if old.ready != new.ready { out.append(text.plainReadiness(readiness(new))) }
        if old.problem != new.problem {
            out.append(new.problem.map { text.plainStoreProblem($0) } ?? text.plainStoreProblemSolved)
        }
        if old.storeConnection != new.storeConnection {  // issue 10: a shared store's connection
            out.append(text.plainStoreConnection(new.storeConnection, now: new.loadedAt ?? Date(), zone: timeZone))
        }
        let before = Dictionary(old.checks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for check in new.checks {
            // A status change, not a summary's counts and ages moving (that would be a line every few seconds).
            if let was = before[check.id], was.status == check.status { continue }
            out.append(checkLine(check, was: before[check.id]?.status))
        }
        out += feedLines(old: old.feed, new: new.feed)
        out += neverNotifiedLines(old: old.neverNotified, new: new.neverNotified)  // issue 11: backfill
        out += balanceLines(old: old.balances, new: new.balances)
        return out
    }

    private mutating func feedLines(old: PaneData<[FeedEntry]>, new: PaneData<[FeedEntry]>) -> [String] {
        switch new {
        case .loaded(let entries):
            var out: [String] = []
            if case .failed = old { out.append(text.plainNotificationsBack) }
            let newestSeen = old.value?.first?.seq ?? processing.keys.max() ?? 0
            // Oldest first, as they arrived.
            for entry in entries.reversed() {
                let now = outcome(entry)
                if entry.seq > newestSeen, processing[entry.seq] == nil {
                    out.append(notificationLine(entry))
                } else if let was = processing[entry.seq], was != now {
                    out.append(text.plainNotification(entry.seq, "\(describe(entry)): \(was) -> \(now)"))
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
            return [text.plainNotificationsFailed(message)]
        case .unavailable(let reason, _):
            if case .unavailable(let was, _) = old, was == reason { return [] }
            return [text.plainNotificationsOther(reason)]
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
            let money = { (amount: Decimal?) in
                amount.map { text.money($0, currency: summary.currency) } ?? text.plainUnknownAmount
            }
            let next = summary.toBeReleased?.first.map { "\($0.date) \(money($0.amount))" }
            return [
                text.plainBalance(available: money(summary.available), held: money(summary.held), next: next)
            ]
        case .failed(let message):
            if case .failed(let was) = old, was == message { return [] }
            return [text.plainBalancesFailed(message)]
        case .unavailable(let reason, let remedy):
            if case .unavailable(let was, _) = old, was == reason { return [] }
            return [text.plainBalancesOther(reason + (old == nil ? " \(remedy)" : ""))]
        case .loading:
            return []
        }
    }

    // MARK: formats

    private func readiness(_ snapshot: DashboardSnapshot) -> String {
        guard let ready = snapshot.ready else { return text.plainNotCheckedYet }
        if ready { return text.ready }
        return text.plainNotReady(snapshot.checks.filter { !$0.status.isReady }.count, of: snapshot.checks.count)
    }

    private func checkLine(_ check: CheckResult, was: CheckStatus? = nil) -> String {
        let previous = was.flatMap { $0 == check.status ? nil : text.plainStatus($0) }
        return text.plainCheck(
            check.id.rawValue, status: text.plainStatus(check.status), was: previous, summary: check.summary)
    }

    private func notificationLine(_ entry: FeedEntry) -> String {
        var parts = [describe(entry)]
        let signature =
            switch entry.signature {
            case "valid": text.plainSignatureValid
            case "unsigned": text.plainUnsigned
            default: text.plainSignatureNotChecked
            }
        parts.append(signature)
        if entry.duplicate { parts.append(text.plainDuplicate) }
        parts.append(outcome(entry))
        return text.plainNotification(entry.seq, parts.joined(separator: ", "))
    }

    private func describe(_ entry: FeedEntry) -> String {
        let event = entry.action ?? "\(entry.topic) (\(entry.kind))"
        return entry.dataID.map { "\(event) \($0)" } ?? event
    }

    private func outcome(_ entry: FeedEntry) -> String {
        entry.processing == "done" ? (entry.resourceStatus ?? "done") : entry.processing
    }

    /// `hh:mm:ss text`, on one line, with no control character (data from Mercado Pago could carry an ESC),
    /// and ASCII only when the locale is not UTF-8.
    private func stamp(_ line: String, _ now: Date) -> String {
        let safe = String(
            String.UnicodeScalarView(
                line.unicodeScalars.map { scalar in
                    scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) ? " " : scalar
                }))
        let stamped = text.clock(now, zone: timeZone) + " " + safe
        return unicode ? stamped : ASCIIFallback.text(stamped)
    }
}
