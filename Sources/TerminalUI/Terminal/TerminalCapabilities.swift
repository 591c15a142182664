/// What the user's locale says about characters: UTF-8 locales get Unicode glyphs and borders, every other
/// locale (`C`, `POSIX`, `en_US.ISO-8859-1`, or nothing set at all) gets ASCII (htop `-U`, btop's behaviour).
/// Decided from the variables' text, not from `setlocale`: on servers where only `C`, `C.UTF-8` and `POSIX`
/// exist, `es_AR.UTF-8` is not installed yet the terminal on the other end of the SSH link is UTF-8.
public enum TerminalCharset {
    /// The locale name in effect for characters: the first non-empty of `LC_ALL`, `LC_CTYPE`, `LANG`.
    public static func localeName(environment: [String: String]) -> String {
        for name in ["LC_ALL", "LC_CTYPE", "LANG"] {
            if let value = environment[name], !value.isEmpty { return value }
        }
        return "C"
    }

    /// True when that locale's codeset is UTF-8 (`C.UTF-8`, `es_AR.utf8`, `pt_BR.UTF-8@euro`).
    public static func prefersUnicode(environment: [String: String]) -> Bool {
        let name = localeName(environment: environment)
        guard let dot = name.firstIndex(of: ".") else { return false }
        var codeset = name[name.index(after: dot)...]
        if let at = codeset.firstIndex(of: "@") { codeset = codeset[..<at] }
        let normalized = codeset.lowercased().filter { $0 != "-" && $0 != "_" }
        return normalized == "utf8"
    }
}

/// Whether to wrap each frame in synchronized output (DEC mode 2026, `ESC[?2026h` … `ESC[?2026l`), so the
/// terminal presents a frame at once instead of painting it as the bytes arrive (TERMINAL.md §0.2, §3.3).
/// `GOLIVE_SYNC_OUTPUT=1|0` forces it; otherwise it is on where the terminal is known to support it (its
/// terminfo entry advertises `Sync`, or its TERM names a terminal that does) and never on the Linux console,
/// vt100-likes, GNU screen or dumb terminals. Nothing is asked of the terminal (no DECRQM round trip that a
/// slow SSH link would have to wait for).
public enum SynchronizedOutput {
    /// TERM prefixes of terminals (and multiplexers) that implement mode 2026.
    static let supporting = [
        "tmux", "foot", "xterm-kitty", "kitty", "wezterm", "alacritty", "contour", "xterm-ghostty", "ghostty",
        "mintty", "rio",
    ]
    static let refusing = ["dumb", "linux", "screen", "cons", "ansi", "sun", "cygwin"]

    public static func decide(term: String, environment: [String: String], terminfoAdvertises: Bool) -> Bool {
        switch environment["GOLIVE_SYNC_OUTPUT"]?.lowercased() {
        case "1", "on", "yes", "true": return true
        case "0", "off", "no", "false": return false
        default: break
        }
        let term = term.lowercased()
        if term.isEmpty || term.hasPrefix("vt")
            || refusing.contains(where: { term == $0 || term.hasPrefix($0 + "-") || term.hasPrefix($0 + ".") })
        {
            return false
        }
        if terminfoAdvertises { return true }
        if term == "xterm-256color" || supporting.contains(where: { term.hasPrefix($0) }) { return true }
        let program = environment["TERM_PROGRAM"] ?? ""
        return ["WezTerm", "iTerm.app", "ghostty", "vscode", "tmux"].contains(program)
    }
}

/// ASCII stand-ins for what golive itself writes in Unicode, for terminals whose locale is not UTF-8. Data
/// (names, report descriptions) that has no stand-in becomes `?`, one per column, so the layout holds.
public enum ASCIIFallback {
    static let table: [Character: String] = [
        "…": "~", "·": "-", "—": "-", "–": "-", "→": ">", "←": "<", "↑": "^", "↓": "v", "×": "x", "✓": "+",
        "✗": "x", "▲": "!", "▶": ">", "─": "-", "│": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "┃": "|",
        "█": "#", "░": ".", "⟳": "~", "•": "*", "●": "*", "“": "\"", "”": "\"", "‘": "'", "’": "'", "á": "a",
        "é": "e", "í": "i", "ó": "o", "ú": "u", "ñ": "n", "ã": "a", "õ": "o", "ç": "c", "â": "a", "ê": "e",
        "ô": "o", "à": "a", "ü": "u", "Á": "A", "É": "E", "Í": "I", "Ó": "O", "Ú": "U", "Ñ": "N", "Ç": "C",
        "Ã": "A", "Õ": "O", "¿": "?", "¡": "!",
    ]

    /// `character` as ASCII text of the same display width.
    public static func text(for character: Character) -> String {
        if character.isASCII { return String(character) }
        if let stand = table[character] { return stand }
        return String(repeating: "?", count: max(1, DisplayWidth.of(character)))
    }

    /// `text` with every non-ASCII character replaced (same display width).
    public static func text(_ text: String) -> String {
        guard !text.utf8.allSatisfy({ $0 < 0x80 }) else { return text }
        return text.map { Self.text(for: $0) }.joined()
    }
}

extension CellGrid {
    /// The same screen with only ASCII characters: every non-ASCII cell gets its stand-in, and a wide character
    /// becomes two narrow ones (its continuation cell included), so no column moves.
    public func asciiOnly() -> CellGrid {
        var grid = self
        for y in 0..<height {
            for x in 0..<width {
                let cell = self[x, y]
                guard !cell.isContinuation, let character = cell.text.first, !cell.text.utf8.allSatisfy({ $0 < 0x80 })
                else { continue }
                let stand = Array(ASCIIFallback.text(for: character))
                let columns = DisplayWidth.of(character)
                grid[x, y] = Cell(text: String(stand.first ?? "?"), role: cell.role, emphasis: cell.emphasis)
                if columns == 2, x + 1 < width {
                    grid[x + 1, y] = Cell(
                        text: stand.count > 1 ? String(stand[1]) : "?", role: cell.role, emphasis: cell.emphasis)
                }
            }
        }
        return grid
    }
}
