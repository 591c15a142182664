/// Columns a character takes on a terminal (not its `count`): wide East Asian characters and emoji take 2,
/// combining marks and zero-width characters 0. A compact table: golive's own text avoids the ambiguous
/// cases, and data (nicknames, report descriptions) only needs to never break the layout.
public enum DisplayWidth {
    public static func of(_ character: Character) -> Int {
        // Fast path (most of every frame): printable ASCII is one column, ASCII controls none. The Unicode
        // property lookups below cost about half of a 200x50 frame's build time otherwise.
        if let ascii = character.asciiValue { return ascii >= 0x20 && ascii < 0x7F ? 1 : 0 }
        var width = 0
        var first = true
        for scalar in character.unicodeScalars {
            if first {
                width = of(scalar)
                first = false
            } else if scalar.value == 0xFE0F, scalar.properties.isEmoji || width == 1 {
                width = 2  // VS16 asks for the emoji presentation, which terminals draw 2 wide
            }
        }
        return width
    }

    public static func of(_ text: some StringProtocol) -> Int {
        if isSimple(text) { return text.unicodeScalars.count }
        return text.reduce(0) { $0 + of($1) }
    }

    /// True when every scalar of `text` is a character of its own, one column wide: printable ASCII, Latin-1 and
    /// Latin Extended letters (below the combining marks at U+0300; not the soft hyphen), box drawing and blocks.
    /// Most of what the dashboard draws; such text needs no grapheme breaking and no Unicode property lookup
    /// (which cost about half of a 200x50 frame's build time).
    @inline(__always)
    public static func isSimple(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.allSatisfy { isSimple($0.value) }
    }

    @inline(__always)
    public static func isSimple(_ value: UInt32) -> Bool {
        (value >= 0x20 && value < 0x7F) || (value >= 0xA0 && value < 0x300 && value != 0xAD)
            || (value >= 0x2500 && value <= 0x259F)
    }

    static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value >= 0x20 && value < 0x7F { return 1 }
        if (0x2500...0x259F).contains(value) { return 1 }  // box drawing and blocks: borders and gauges
        if value == 0 { return 0 }
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x200B...0x200F).contains(value) { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        if (0x1100...0x115F).contains(value) || (0x2E80...0x303E).contains(value)
            || (0x3041...0x33FF).contains(value) || (0x3400...0x4DBF).contains(value)
            || (0x4E00...0x9FFF).contains(value) || (0xA000...0xA4CF).contains(value)
            || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
            || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
            || (0xFFE0...0xFFE6).contains(value) || (0x20000...0x3FFFD).contains(value)
        {
            return 2
        }
        return 1
    }

    /// `text` cut to at most `columns` display columns, ending with `ellipsis` when cut.
    public static func truncate(_ text: String, to columns: Int, ellipsis: String = "…") -> String {
        guard columns > 0 else { return "" }
        if of(text) <= columns { return text }
        let room = columns - of(ellipsis)
        guard room >= 0 else { return String(repeating: ".", count: columns) }
        var result = ""
        var used = 0
        for character in text {
            let width = of(character)
            if used + width > room { break }
            result.append(character)
            used += width
        }
        return result + ellipsis
    }

    /// `text` padded with spaces (or truncated) to exactly `columns`.
    public static func pad(_ text: String, to columns: Int, ellipsis: String = "…") -> String {
        let cut = truncate(text, to: columns, ellipsis: ellipsis)
        return cut + String(repeating: " ", count: max(0, columns - of(cut)))
    }

    /// `text` right-aligned in `columns`.
    public static func padLeft(_ text: String, to columns: Int, ellipsis: String = "…") -> String {
        let cut = truncate(text, to: columns, ellipsis: ellipsis)
        return String(repeating: " ", count: max(0, columns - of(cut))) + cut
    }
}
