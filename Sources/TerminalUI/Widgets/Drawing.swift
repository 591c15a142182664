extension CellGrid {
    /// A box with a title in its top border; the focused pane's title uses the `focus` role and a marker.
    mutating func drawBox(_ rect: Rect, title: String, focused: Bool, symbols: Symbols, badge: Span? = nil) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        // Focus shows in the title (marker and colour), not the whole border: moving focus then rewrites two
        // titles instead of two frames (a few dozen bytes per key over SSH, not a thousand).
        let role: Role = .border
        fill(rect)
        let horizontal = String(repeating: symbols.horizontal, count: rect.width - 2)
        put(symbols.topLeft + horizontal + symbols.topRight, x: rect.x, y: rect.y, role: role)
        put(symbols.bottomLeft + horizontal + symbols.bottomRight, x: rect.x, y: rect.maxY - 1, role: role)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            put(symbols.vertical, x: rect.x, y: y, role: role)
            put(symbols.vertical, x: rect.maxX - 1, y: y, role: role)
        }
        let limit = rect.maxX - 1
        var x = rect.x + 1
        let marker = focused ? symbols.pointer : symbols.horizontal
        x = put(marker, x: x, y: rect.y, role: focused ? .focus : role, limit: limit)
        x = put(
            " " + DisplayWidth.truncate(title, to: max(0, rect.width - 6), ellipsis: symbols.ellipsis) + " ",
            x: x, y: rect.y, role: focused ? .focus : .title, limit: limit)
        if let badge {
            put(badge.text, x: x, y: rect.y, role: badge.role, limit: limit)
        }
    }

    /// Lines inside `rect`, from line `offset`; returns how many lines did not fit.
    @discardableResult
    mutating func drawLines(_ lines: [Line], in rect: Rect, offset: Int = 0, symbols: Symbols) -> Int {
        guard !rect.isEmpty else { return lines.count }
        let first = max(0, min(offset, max(0, lines.count - rect.height)))
        for (row, line) in lines.dropFirst(first).prefix(rect.height).enumerated() {
            let y = rect.y + row
            if line.selected { fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), with: Cell(role: .selection)) }
            var x = rect.x
            for span in line.spans {
                let remaining = rect.maxX - x
                if remaining <= 0 { break }
                let text =
                    DisplayWidth.of(span.text) > remaining
                    ? DisplayWidth.truncate(span.text, to: remaining, ellipsis: symbols.ellipsis) : span.text
                x = put(text, x: x, y: y, role: line.selected ? .selection : span.role, limit: rect.maxX)
            }
        }
        return max(0, lines.count - first - rect.height)
    }
}
