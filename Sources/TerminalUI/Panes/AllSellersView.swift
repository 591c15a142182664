import Foundation
import GoLiveCore

/// The all-sellers overview (issue 10): a row a seller, worst first, a column a go-live requirement (glyph and
/// colour, and the status word where it fits), the verdict, the time of the last check and, on wide screens, the
/// worst finding. Columns give way as the screen narrows: the note first, then the date (an age instead), then
/// the status words (glyphs remain), then the verdict's word, then the age.
enum AllSellersView {
    struct Columns: Equatable {
        var words: Bool
        var verdictWord: Bool
        enum Last { case dateTime, age, none }
        var last: Last
        var note: Bool
    }

    static let candidates: [Columns] = [
        Columns(words: true, verdictWord: true, last: .dateTime, note: true),
        Columns(words: true, verdictWord: true, last: .dateTime, note: false),
        Columns(words: true, verdictWord: true, last: .age, note: false),
        Columns(words: false, verdictWord: true, last: .age, note: false),
        Columns(words: false, verdictWord: false, last: .age, note: false),
        Columns(words: false, verdictWord: false, last: .none, note: false),
    ]

    static let minimumName = 8
    static let maximumName = 18
    static let minimumNote = 16

    static func draw(_ grid: inout CellGrid, in body: Rect, state: DashboardState, row selected: Int) {
        let text = state.text
        let rows = state.overviewRows
        let ready = rows.filter { $0.verdict == .ready }.count
        let badge =
            rows.isEmpty ? nil : Span(" \(ready)/\(rows.count) \(text.ready) ", ready == rows.count ? .ok : .crit)
        grid.drawBox(
            body, title: text.allSellersTitle, focused: true, symbols: state.symbols, badge: badge)
        let inside = Rect(x: body.x + 2, y: body.y + 1, width: body.width - 4, height: body.height - 2)
        guard !inside.isEmpty else { return }
        if rows.isEmpty {
            grid.drawLines(
                wrap(text.noSellerResults, width: inside.width).map { Line($0, .muted) }, in: inside,
                symbols: state.symbols)
            return
        }
        let lines = self.lines(rows, state: state, width: inside.width, selected: selected)
        // The header stays; the rows scroll to keep the highlight in view.
        grid.drawLines(
            [lines[0]], in: Rect(x: inside.x, y: inside.y, width: inside.width, height: 1), symbols: state.symbols)
        let list = Rect(x: inside.x, y: inside.y + 1, width: inside.width, height: inside.height - 1)
        let offset = max(0, selected - list.height + 1)
        let hidden = grid.drawLines(Array(lines.dropFirst()), in: list, offset: offset, symbols: state.symbols)
        if hidden > 0 || offset > 0, body.height > 2 {
            let more = text.more(rows.count - list.height)
            grid.put(
                more, x: body.maxX - DisplayWidth.of(more) - 3, y: body.maxY - 1, role: .muted, limit: body.maxX - 1)
        }
    }

    /// The header line and one line per row, for `width` columns.
    static func lines(_ rows: [SellerOverview], state: DashboardState, width: Int, selected: Int) -> [Line] {
        let text = state.text
        let symbols = state.symbols
        let requirementWidth = { (words: Bool) -> Int in
            words
                ? max(
                    DisplayWidth.of(text.badge(.pass, symbols: symbols)),
                    Requirement.all.map { DisplayWidth.of(text.requirementShort($0)) }.max() ?? 0)
                : 2
        }
        let verdictWords = [text.ready, text.notReadyWord, text.errorWord, text.notCheckedWord]
        let verdictWidth = { (word: Bool) -> Int in
            word ? 2 + (verdictWords.map(DisplayWidth.of).max() ?? 9) : 1
        }
        let sample = Date(timeIntervalSince1970: 1_800_000_000)
        let lastWidth = { (last: Columns.Last) -> Int in
            switch last {
            case .dateTime:
                max(
                    DisplayWidth.of(text.lastCheckColumn),
                    DisplayWidth.of(text.shortDateTime(sample, zone: state.timeZone)))
            case .age: ([59 * 60, 23 * 3600, 86_400 * 9].map { DisplayWidth.of(text.age($0)) }.max() ?? 3)
            case .none: 0
            }
        }
        let longestName = max(
            DisplayWidth.of(text.sellerColumn), rows.map { DisplayWidth.of($0.name) }.max() ?? 0)
        // The richest set of columns that leaves the name its minimum.
        var chosen = candidates.last!
        var nameWidth = minimumName
        for columns in candidates {
            let fixed =
                2 + 1 + verdictWidth(columns.verdictWord) + 1
                + Requirement.all.count * (requirementWidth(columns.words) + 1)
                + (columns.last == .none ? 0 : 1 + lastWidth(columns.last)) + (columns.note ? 2 + minimumNote : 0)
            if fixed + minimumName <= width || columns == candidates.last! {
                chosen = columns
                nameWidth = max(1, min(maximumName, longestName, width - fixed))
                break
            }
        }
        let columnWidth = requirementWidth(chosen.words)
        let verdictColumn = verdictWidth(chosen.verdictWord)
        let last = lastWidth(chosen.last)
        let fixedWithoutNote =
            2 + nameWidth + 1 + verdictColumn + 1 + Requirement.all.count * (columnWidth + 1)
            + (chosen.last == .none ? 0 : 1 + last)
        let noteWidth = chosen.note ? max(0, width - fixedWithoutNote - 2) : 0
        let ellipsis = symbols.ellipsis
        func pad(_ value: String, _ width: Int) -> String { DisplayWidth.pad(value, to: width, ellipsis: ellipsis) }

        var header = [Span("  " + pad(text.sellerColumn, nameWidth) + " ", .muted)]
        header.append(Span(pad(chosen.verdictWord ? text.verdictColumn : "", verdictColumn) + " ", .muted))
        for requirement in Requirement.all {
            let label = chosen.words ? text.requirementShort(requirement) : text.requirementTiny(requirement)
            header.append(Span(pad(label, columnWidth) + " ", .muted))
        }
        if chosen.last == .dateTime { header.append(Span(" " + pad(text.lastCheckColumn, last), .muted)) }
        if chosen.last == .age { header.append(Span(" " + pad("", last), .muted)) }
        if chosen.note { header.append(Span("  " + text.noteColumn, .muted)) }

        var lines = [Line(header)]
        for (index, row) in rows.enumerated() {
            let current = row.name == state.snapshot.seller
            var spans = [Span(current ? symbols.pointer + " " : "  ", .accent), Span(pad(row.name, nameWidth) + " ")]
            let (glyph, word, role) = verdict(row, text: text, symbols: symbols)
            spans.append(Span(pad(chosen.verdictWord ? glyph + " " + word : glyph, verdictColumn) + " ", role))
            for requirement in Requirement.all {
                if let status = row.status(of: requirement) {
                    let cell = chosen.words ? text.badge(status, symbols: symbols) : symbols.glyph(status)
                    spans.append(Span(pad(cell, columnWidth), Symbols.role(status)))
                } else {
                    spans.append(Span(pad("-", columnWidth), .muted))
                }
                spans.append(Span(" "))
            }
            if chosen.last != .none {
                let when: String =
                    switch (chosen.last, row.lastChecked) {
                    case (.dateTime, let date?): text.shortDateTime(date, zone: state.timeZone)
                    case (.age, let date?): text.age(from: date, to: state.now)
                    default: "-"
                    }
                // Older than twice its schedule: nobody checks this seller any more — in the alarm colour.
                spans.append(Span(" " + pad(when, last), row.isStale(at: state.now) ? .crit : .muted))
            }
            if chosen.note, noteWidth > 0, let worst = row.worst {
                spans.append(
                    Span("  " + DisplayWidth.truncate(text.check(worst.summary), to: noteWidth, ellipsis: ellipsis)))
            }
            lines.append(Line(spans, selected: index == selected))
        }
        return lines
    }

    /// The verdict's glyph, word and colour.
    static func verdict(_ row: SellerOverview, text: UIText, symbols: Symbols) -> (String, String, Role) {
        switch row.verdict {
        case .ready: (symbols.pass, text.ready, .ok)
        case .notReady: (symbols.fail, text.notReadyWord, .crit)
        case .error: (symbols.fail, text.errorWord, .crit)
        case .noData: (symbols.unknown, text.notCheckedWord, .unknown)
        }
    }
}
