import Foundation
import GoLiveCore

/// Renders a ``DashboardState`` into a ``CellGrid``: the whole screen, every frame (the backend sends only
/// the difference).
public enum DashboardView {
    public static func render(_ state: DashboardState) -> CellGrid {
        if state.mode == .wall { return WallView.render(state) }
        var grid = CellGrid(size: state.size)
        let layout = DashboardLayout.compute(size: state.size, focus: state.focus, zoomed: state.zoomed)
        if layout.kind == .tooSmall {
            drawTooSmall(&grid, state: state)
            return grid
        }
        drawHeader(&grid, rect: layout.header, state: state)
        if case .allSellers(let row) = state.overlay {
            // The all-sellers overview (issue 10) takes the whole body; the header keeps the current seller.
            let body = Rect(
                x: 0, y: layout.header.maxY, width: state.size.width, height: layout.keyBar.y - layout.header.maxY)
            AllSellersView.draw(&grid, in: body, state: state, row: row)
            drawKeyBar(&grid, rect: layout.keyBar, state: state)
            return grid
        }
        if state.mode == .walkthrough {
            let body = Rect(
                x: 0, y: layout.header.maxY, width: state.size.width,
                height: layout.keyBar.y - layout.header.maxY)
            WalkthroughView.draw(&grid, in: body, state: state)
            drawKeyBar(&grid, rect: layout.keyBar, state: state)
            if state.overlay == .help { drawHelp(&grid, state: state) }
            return grid
        }
        if let tabs = layout.tabs { drawTabs(&grid, rect: tabs, state: state) }
        for (pane, rect) in layout.panes {
            let focused = pane == state.focus && state.mode == .interactive
            grid.drawBox(
                rect, title: state.text.paneTitle(pane) + (state.zoomed && focused ? state.text.zoomedSuffix : ""),
                focused: focused,
                symbols: state.symbols, badge: PaneContent.badge(for: pane, state: state))
            let inside = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
            let lines = PaneContent.lines(for: pane, state: state, width: inside.width, height: inside.height)
            let offset = pane == .notifications ? 0 : state.scroll[pane] ?? 0
            let hidden = grid.drawLines(lines, in: inside, offset: offset, symbols: state.symbols)
            if hidden > 0, rect.height > 2 {
                let more = state.text.more(hidden)
                grid.put(
                    more, x: rect.maxX - DisplayWidth.of(more) - 3, y: rect.maxY - 1, role: .muted, limit: rect.maxX - 1
                )
            }
            drawFreshness(&grid, pane: pane, rect: rect, hidden: hidden, state: state)
        }
        drawKeyBar(&grid, rect: layout.keyBar, state: state)
        switch state.overlay {
        case .help: drawHelp(&grid, state: state)
        case .detail(let seq): drawDetail(&grid, seq: seq, state: state)
        case .sellers(let row): drawSellers(&grid, row: row, state: state)
        case .allSellers, nil: break
        }
        return grid
    }

    /// The data age in the pane's bottom border (`3m ago`), or `NO DATA SINCE hh:mm` once its source stopped:
    /// a stale mark wins over `+N more`, an age is drawn only where it fits.
    static func drawFreshness(_ grid: inout CellGrid, pane: PaneID, rect: Rect, hidden: Int, state: DashboardState) {
        guard rect.height > 2, let freshness = state.snapshot.freshness(of: pane) else { return }
        let y = rect.maxY - 1
        let x = rect.x + 2
        let text = state.text
        if freshness.isStale(at: state.now) {
            let mark =
                freshness.asOf.map { text.noDataSince(text.since($0, now: state.now, zone: state.timeZone)) }
                ?? text.noData
            grid.put(" \(mark) ", x: x, y: y, role: .crit, limit: rect.maxX - 1)
        } else if let asOf = freshness.asOf {
            let age = " " + text.coarseAgo(from: asOf, to: state.now) + " "
            let more = hidden > 0 ? DisplayWidth.of(text.more(hidden)) + 3 : 1
            let limit = rect.maxX - more
            if x + DisplayWidth.of(age) <= limit { grid.put(age, x: x, y: y, role: .muted, limit: limit) }
        }
    }

    /// The "terminal too small" screen, centred; `advice` replaces "resize or quit" and `extra` lines follow it
    /// (the wall's locked advice and ticking clock).
    static func drawTooSmall(
        _ grid: inout CellGrid, state: DashboardState, advice: String? = nil, extra: [(String, Role)] = []
    ) {
        let times = state.unicode ? "×" : "x"
        let minimum = DashboardLayout.minimum
        let text = state.text
        let lines =
            [
                (text.terminalTooSmall, Role.crit),
                (text.need("\(minimum.width)\(times)\(minimum.height)"), .text),
                (text.have("\(state.size.width)\(times)\(state.size.height)"), .text),
                (advice ?? text.resizeOrQuit, .muted),
            ] + extra
        let top = max(0, (state.size.height - lines.count) / 2)
        for (index, (text, role)) in lines.enumerated() {
            let cut = DisplayWidth.truncate(text, to: state.size.width, ellipsis: state.symbols.ellipsis)
            let x = max(0, (state.size.width - DisplayWidth.of(cut)) / 2)
            grid.put(cut, x: x, y: top + index, role: role)
        }
    }

    static func drawHeader(_ grid: inout CellGrid, rect: Rect, state: DashboardState) {
        let snapshot = state.snapshot
        let symbols = state.symbols
        let text = state.text
        grid.fill(rect, with: Cell(role: .header))
        var spans: [Span] = [Span(" golive ", .header), Span(snapshot.seller + " ", .header)]
        switch snapshot.environment {
        case "production": spans.append(Span(" \(text.production) ", .badgeProduction))
        case "test": spans.append(Span(" \(text.test) ", .badgeTest))
        default: spans.append(Span(" \(text.environmentUnknown) ", .unknown))
        }
        spans.append(Span(" ", .header))
        switch state.readiness {
        case nil: spans.append(Span("\(symbols.unknown) \(text.noResultsYet)", .unknown))
        case let readiness? where readiness.ready: spans.append(Span("\(symbols.pass) \(text.ready)", .ok))
        case let readiness?:
            spans.append(Span("\(symbols.fail) \(text.notReady(readiness.open, of: readiness.total))", .crit))
        }
        if snapshot.sellers.count > 1 { spans.append(Span(" " + text.sellerCount(snapshot.sellers.count), .header)) }
        var right = state.clockText + " "
        if let loaded = snapshot.loadedAt {
            right = text.coarseDataAge(from: loaded, to: state.now) + " " + symbols.separator + " " + right
        }
        if state.checking { right = text.checkingNow + symbols.ellipsis + " " + right }
        if state.readOnly { right = text.readOnly + " " + right }
        var rightRole: Role = .header
        // The store's problem and, when not the normal one, its connection state (issue 10).
        let connection = text.storeConnection(snapshot.storeConnection, now: state.now, zone: state.timeZone)
        let alert = [snapshot.problem, connection].compactMap { $0 }.joined(separator: " " + symbols.separator + " ")
        let problem: String? = alert.isEmpty ? nil : alert
        if let problem {
            right = problem + " " + right
            rightRole = snapshot.problem != nil || snapshot.storeConnection.isDown ? .crit : .warn
        }
        let rightWidth = DisplayWidth.of(right)
        let leftEnd = grid.drawSpans(spans, x: rect.x, y: rect.y, limit: rect.maxX, symbols: symbols)
        if leftEnd + rightWidth + 1 <= rect.maxX {
            grid.put(right, x: rect.maxX - rightWidth, y: rect.y, role: rightRole)
        } else if let problem,
            case let clock = state.clockText + " ",
            case let room = rect.maxX - leftEnd - 2 - DisplayWidth.of(clock), room >= 8
        {
            // A store problem stays visible on a narrow screen, cut to the room left.
            let cut = DisplayWidth.truncate(problem, to: room, ellipsis: symbols.ellipsis) + " "
            grid.put(cut, x: rect.maxX - DisplayWidth.of(clock) - DisplayWidth.of(cut), y: rect.y, role: rightRole)
            grid.put(clock, x: rect.maxX - DisplayWidth.of(clock), y: rect.y, role: .header)
        } else {
            let short = state.clockText + " "
            if leftEnd + DisplayWidth.of(short) <= rect.maxX {
                grid.put(short, x: rect.maxX - DisplayWidth.of(short), y: rect.y, role: .header)
            }
        }
    }

    static func drawTabs(_ grid: inout CellGrid, rect: Rect, state: DashboardState) {
        var spans: [Span] = []
        for pane in PaneID.allCases {
            let short = state.text.tab(pane)
            spans.append(Span(" \(short) ", pane == state.focus ? .selection : .muted))
        }
        grid.drawSpans(spans, x: rect.x, y: rect.y, limit: rect.maxX, symbols: state.symbols)
    }

    static func drawKeyBar(_ grid: inout CellGrid, rect: Rect, state: DashboardState) {
        if let message = state.message {
            grid.put(" " + message, x: rect.x, y: rect.y, role: .accent, limit: rect.maxX)
            return
        }
        var x = rect.x
        for binding in Keymap.bindings(for: state) where binding.inKeyBar {
            let key = " " + (binding.keys.first?.description ?? "")
            let label = " " + binding.label + " "
            if x + DisplayWidth.of(key) + DisplayWidth.of(label) > rect.maxX { break }
            x = grid.put(key, x: x, y: rect.y, role: .keyhint)
            x = grid.put(label, x: x, y: rect.y, role: .muted)
        }
    }

    /// A centred overlay box, at most `width`×`height`; returns its inside.
    static func overlayBox(_ grid: inout CellGrid, title: String, width: Int, height: Int, state: DashboardState)
        -> Rect
    {
        let boxWidth = min(width, grid.width - 2)
        let boxHeight = min(height, grid.height - 2)
        let rect = Rect(
            x: (grid.width - boxWidth) / 2, y: (grid.height - boxHeight) / 2, width: boxWidth, height: boxHeight)
        grid.fill(rect, with: Cell(role: .overlay))
        grid.drawBox(rect, title: title, focused: true, symbols: state.symbols)
        return Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
    }

    static func drawHelp(_ grid: inout CellGrid, state: DashboardState) {
        var below = state
        below.overlay = nil
        let bindings = Keymap.bindings(for: below)
        var lines: [Line] = []
        let keyWidth = min(16, bindings.map { DisplayWidth.of($0.keyText) }.max() ?? 8)
        for binding in bindings {
            lines.append(
                Line([
                    Span(
                        DisplayWidth.pad(binding.keyText, to: keyWidth, ellipsis: state.symbols.ellipsis) + "  ",
                        .keyhint), Span(binding.label),
                ]))
        }
        lines.append(
            Line([
                Span(DisplayWidth.pad("Esc/?", to: keyWidth, ellipsis: state.symbols.ellipsis) + "  ", .keyhint),
                Span(state.text.closeThisHelp),
            ]))
        if state.readOnly {
            lines.append(.blank)
            lines.append(Line(state.text.readOnlyHelp, .muted))
        }
        let inside = overlayBox(&grid, title: state.text.helpTitle, width: 64, height: lines.count + 2, state: state)
        grid.drawLines(lines, in: inside, symbols: state.symbols)
    }

    static func drawDetail(_ grid: inout CellGrid, seq: Int64, state: DashboardState) {
        guard let entry = state.snapshot.feed.value?.first(where: { $0.seq == seq }) else { return }
        let width = min(100, grid.width - 2)
        let lines = PaneContent.detail(entry, state: state, width: width - 4)
        let inside = overlayBox(
            &grid, title: state.text.notificationTitle(entry.seq), width: width,
            height: min(lines.count + 2, grid.height - 2),
            state: state)
        grid.drawLines(lines, in: inside, symbols: state.symbols)
    }

    static func drawSellers(_ grid: inout CellGrid, row: Int, state: DashboardState) {
        let sellers = state.snapshot.sellers
        let lines = sellers.enumerated().map { index, name in
            Line(
                [Span(name == state.snapshot.seller ? "\(state.symbols.pointer) " : "  ", .accent), Span(name)],
                selected: index == row)
        }
        let inside = overlayBox(&grid, title: state.text.sellerTitle, width: 40, height: lines.count + 2, state: state)
        grid.drawLines(lines, in: inside, offset: max(0, row - inside.height + 1), symbols: state.symbols)
    }
}

extension CellGrid {
    /// Spans on one row, the last one cut to fit.
    @discardableResult
    mutating func drawSpans(_ spans: [Span], x: Int, y: Int, limit: Int, symbols: Symbols) -> Int {
        var column = x
        for span in spans {
            let width = DisplayWidth.of(span.text)
            if column + width > limit {
                column = put(
                    DisplayWidth.truncate(span.text, to: limit - column, ellipsis: symbols.ellipsis), x: column, y: y,
                    role: span.role, limit: limit)
                break
            }
            column = put(span.text, x: column, y: y, role: span.role, limit: limit)
        }
        return column
    }
}
