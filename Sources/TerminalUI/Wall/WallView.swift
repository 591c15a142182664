public import Foundation
import GoLiveCore

/// The wall display (`golive wall`): made to be read across a room. The header with a ticking clock, the overall
/// readiness as block letters, `NO DATA SINCE hh:mm` when the data stopped, then the checks, the live feed and
/// the balances (side by side when wide, stacked at 80x24, one at a time with `--rotate`). Everything drawn goes
/// through ``WallRedaction``: no secret, full payer e-mail or identification number reaches the screen.
public enum WallView {
    /// The panes of the wall, in rotation order.
    public enum Pane: Int, Sendable, CaseIterable {
        case checks, feed, balances
    }

    /// Data older than this (a store that stopped answering, a loader that stopped) is called stale.
    public static let staleAfter: TimeInterval = 30

    public static func render(_ original: DashboardState) -> CellGrid {
        var state = original
        state.snapshot = WallRedaction.redact(original.snapshot)
        var grid = CellGrid(size: state.size)
        let size = state.size
        if size.width < DashboardLayout.minimum.width || size.height < DashboardLayout.minimum.height {
            DashboardView.drawTooSmall(
                &grid, state: state, advice: state.locked ? state.text.wallResize : state.text.resizeOrQuit,
                extra: [(state.clockText, .text)])
            return grid
        }
        let full = Rect(x: 0, y: 0, width: size.width, height: size.height)
        let (header, rest) = full.splitRows(1)
        let (body, keyBar) = rest.splitRows(rest.height - 1)
        DashboardView.drawHeader(&grid, rect: header, state: state)
        if state.locked {
            grid.put(" " + state.text.wallLocked, x: keyBar.x, y: keyBar.y, role: .muted, limit: keyBar.maxX)
        } else {
            DashboardView.drawKeyBar(&grid, rect: keyBar, state: state)
        }
        if case .allSellers = state.overlay {
            // Every seller's readiness (issue 10), from the redacted snapshot; nothing to choose on the wall.
            AllSellersView.draw(&grid, in: body, state: state, row: -1)
            return grid
        }
        let below = drawBanner(&grid, in: body, state: state)
        let panes = Rect(x: body.x, y: below, width: body.width, height: body.maxY - below)
        if panes.height >= 3, state.snapshot.storeWaiting != nil, state.snapshot.loadedAt == nil {
            // Nothing was ever read: one pane across the body says where the store is expected and what to do.
            grid.drawBox(panes, title: state.text.wallStoreTitle, focused: false, symbols: state.symbols)
            let inside = Rect(x: panes.x + 2, y: panes.y + 1, width: panes.width - 4, height: panes.height - 2)
            _ = grid.drawLines(waiting(state, width: inside.width), in: inside, symbols: state.symbols)
        } else if panes.height >= 3 {
            for (pane, rect) in layout(panes, state: state) { draw(pane, in: rect, grid: &grid, state: state) }
        }
        if state.overlay == .help { DashboardView.drawHelp(&grid, state: state) }
        return grid
    }

    /// Where the panes go: one at a time when rotating (or when only one fits), three columns when wide,
    /// checks beside balances over the feed otherwise.
    public static func layout(_ area: Rect, state: DashboardState) -> [(Pane, Rect)] {
        if let rotate = state.rotate, rotate > 0 {
            return [(page(at: state.now, every: rotate), area)]
        }
        if area.width >= 120 {
            let (checks, rest) = area.splitColumns(area.width * 28 / 100)
            let (feed, balances) = rest.splitColumns(rest.width * 6 / 10)
            return [(.checks, checks), (.feed, feed), (.balances, balances)]
        }
        if area.height < 10 { return [(page(at: state.now, every: 10), area)] }
        let (top, feed) = area.splitRows(area.height / 2)
        let (checks, balances) = top.splitColumns(top.width / 2)
        return [(.checks, checks), (.balances, balances), (.feed, feed)]
    }

    /// The pane shown at `now` when rotating every `seconds` (from the clock alone: no state to drift).
    public static func page(at now: Date, every seconds: Int) -> Pane {
        let index = Int(now.timeIntervalSince1970) / max(1, seconds)
        return Pane.allCases[index % Pane.allCases.count]
    }

    // MARK: banner

    /// The readiness banner and the staleness line under it; returns the first row below them.
    static func drawBanner(_ grid: inout CellGrid, in body: Rect, state: DashboardState) -> Int {
        let text = state.text
        let snapshot = state.snapshot
        let word: String
        let role: Role
        switch snapshot.ready {
        case nil:
            word = text.noResultsYet
            role = .unknown
        case true?:
            word = text.ready
            role = .ok
        case false?:
            word = text.notReady(snapshot.checks.filter { !$0.status.isReady }.count, of: snapshot.checks.count)
            role = .crit
        }
        var y = body.y
        let room = body.width - 2
        let pixel =
            BannerFont.width(of: word, pixel: 2) <= room ? 2 : BannerFont.width(of: word, pixel: 1) <= room ? 1 : 0
        if pixel > 0 && body.height >= 16 {
            y += 1
            let ink = state.unicode ? "█" : "#"
            let rows = BannerFont.rows(word, pixel: pixel, ink: ink)
            let x = body.x + max(0, (body.width - BannerFont.width(of: word, pixel: pixel)) / 2)
            for row in rows {
                grid.put(row, x: x, y: y, role: role, limit: body.maxX)
                y += 1
            }
        } else {
            let line = " " + word + " "
            let x = body.x + max(0, (body.width - DisplayWidth.of(line)) / 2)
            grid.put(line, x: x, y: y, role: role, emphasis: true, limit: body.maxX)
            y += 1
        }
        if let stale = staleness(state) {
            let line = " " + stale + " "
            let cut = DisplayWidth.truncate(line, to: body.width, ellipsis: state.symbols.ellipsis)
            let x = body.x + max(0, (body.width - DisplayWidth.of(cut)) / 2)
            grid.put(cut, x: x, y: y, role: .crit, emphasis: true, limit: body.maxX)
        }
        return y + 1
    }

    /// `NO DATA SINCE hh:mm (store unreadable)` when the store stopped answering or nothing was read for
    /// ``staleAfter``; nil while the data is current.
    public static func staleness(_ state: DashboardState) -> String? {
        let text = state.text
        let snapshot = state.snapshot
        let old = snapshot.loadedAt.map { state.now.timeIntervalSince($0) > staleAfter } ?? false
        guard snapshot.problem != nil || old else { return nil }
        let mark =
            snapshot.loadedAt.map { text.noDataSince(text.since($0, now: state.now, zone: state.timeZone)) }
            ?? text.noData
        let why = snapshot.storeWaiting != nil ? text.wallWaitingForStore : snapshot.problem
        return mark + (why.map { " (\($0))" } ?? "")
    }

    /// While the store file does not exist: where it is expected, why there is no data, and what to do. The path
    /// is the operator's own setting (`--store`), drawn as given so it can be compared with the configuration.
    static func waiting(_ state: DashboardState, width: Int) -> [Line] {
        guard let path = state.snapshot.storeWaiting else { return [] }
        let text = state.text
        var lines = wrap(text.wallWaitingAt, width: width).map { Line($0, .crit) }
        lines += wrap(path, width: width).map { Line($0, .text) }
        lines += wrap(text.wallStoreNotThere, width: width).map { Line($0, .unknown) }
        lines += wrap(text.wallStoreRemedy, width: width).map { Line($0, .muted) }
        return lines
    }

    // MARK: panes

    static func title(_ pane: Pane, state: DashboardState) -> String {
        switch pane {
        case .checks: state.text.wallChecks
        case .feed: state.text.paneTitle(.notifications)
        case .balances: state.text.paneTitle(.balances)
        }
    }

    static func draw(_ pane: Pane, in rect: Rect, grid: inout CellGrid, state: DashboardState) {
        guard rect.width >= 8, rect.height >= 3 else { return }
        var heading = title(pane, state: state)
        if let rotate = state.rotate, rotate > 0 {
            heading += "  " + state.text.wallPage(pane.rawValue + 1, of: Pane.allCases.count)
        }
        grid.drawBox(rect, title: heading, focused: false, symbols: state.symbols)
        let inside = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
        let lines = self.lines(pane, state: state, width: inside.width, height: inside.height)
        let hidden = grid.drawLines(lines, in: inside, symbols: state.symbols)
        let paneID: PaneID =
            switch pane {
            case .checks: .credentials
            case .feed: .notifications
            case .balances: .balances
            }
        if hidden > 0, rect.height > 2 {
            let more = state.text.more(hidden)
            grid.put(
                more, x: rect.maxX - DisplayWidth.of(more) - 3, y: rect.maxY - 1, role: .muted, limit: rect.maxX - 1)
        }
        if pane != .checks {
            DashboardView.drawFreshness(&grid, pane: paneID, rect: rect, hidden: hidden, state: state)
        }
    }

    static func scrubbed(_ line: Line) -> Line {
        Line(line.spans.map { Span(WallRedaction.scrub($0.text), $0.role) }, selected: false)
    }

    static func lines(_ pane: Pane, state: DashboardState, width: Int, height: Int) -> [Line] {
        switch pane {
        case .checks:
            // The store went away after data was shown: where it is waited for, then the last results.
            let waiting = waiting(state, width: width)
            return waiting + (waiting.isEmpty ? [] : [Line.blank]) + checks(state).map(scrubbed)
        case .feed: return feed(state, width: width)
        case .balances: return PaneContent.balances(state, width: width).map(scrubbed)
        }
    }

    /// Every check, the worst first: status, short label, summary.
    static func checks(_ state: DashboardState) -> [Line] {
        let results = state.snapshot.checks.enumerated().sorted { left, right in
            let (a, b) = (PaneContent.severity(left.element.status), PaneContent.severity(right.element.status))
            return a != b ? a > b : left.offset < right.offset
        }.map(\.element)
        guard !results.isEmpty else { return [Line(state.text.wallNoChecks, .unknown)] }
        return results.map { PaneContent.checkLine($0, label: state.text.checkLabel($0.id), state: state) }
    }

    /// The newest notifications: time, what happened, signature and outcome, and the resource's Mercado Pago id
    /// (a payment or order number, digits only; anything else in that field is scrubbed like free text).
    static func feed(_ state: DashboardState, width: Int) -> [Line] {
        let text = state.text
        let symbols = state.symbols
        switch state.snapshot.feed {
        case .loading:
            return [Line(text.loadingNotifications + symbols.ellipsis, .muted)]
        case .failed(let message):
            return [Line(text.notificationsUnreadable(message), .crit)]
        case .unavailable(let reason, _):
            return [Line(reason, .unknown)]
        case .loaded(let entries):
            guard !entries.isEmpty else { return [Line(text.wallNoNotifications, .unknown)] }
            let pad = { (value: String, width: Int) in DisplayWidth.pad(value, to: width, ellipsis: symbols.ellipsis) }
            return entries.map { entry in
                let glyph =
                    switch entry.signature {
                    case "valid": symbols.pass
                    case "unsigned": symbols.warn
                    default: symbols.unknown
                    }
                let outcome =
                    text.processing(entry.processing == "done" ? (entry.resourceStatus ?? "done") : entry.processing)
                    + (entry.duplicate ? text.duplicateShort : "")
                let what = WallRedaction.scrub(entry.action ?? "\(entry.topic) (\(entry.kind))")
                let resource = entry.dataID.map { id in
                    id.count <= 20 && id.allSatisfy(\.isASCII) && id.allSatisfy(\.isNumber)
                        ? id : WallRedaction.scrub(id)
                }
                let role = PaneContent.feedRole(entry)
                return Line([
                    Span(text.clock(entry.receivedAt, zone: state.timeZone) + "  ", .muted),
                    Span(pad(what, 16) + " "), Span(glyph + " ", role), Span(pad(outcome, 9) + " ", role),
                    Span(resource ?? "", .muted),
                ])
            }
        }
    }
}
