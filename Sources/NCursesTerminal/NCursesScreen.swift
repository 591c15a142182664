import CNCurses
import Foundation
import TerminalUI

/// Full screen, or plain lines and why.
enum TerminalChoice: Equatable {
    case screen
    case plain(PlainReason)
}

/// Why the dashboard cannot take over this terminal (it then writes plain lines instead).
public struct TerminalUnavailable: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// The ncurses screen. Only ever touched by the one thread that owns the terminal (``TerminalLoop``).
/// Copies only the cells that changed since the last frame and never clears per frame.
final class NCursesScreen {
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let output: UnsafeMutablePointer<FILE>
    private let input: UnsafeMutablePointer<FILE>
    private var previous: CellGrid?
    private var attributes: [Role: (pair: Int16, attributes: attr_t)] = [:]
    /// The colours the terminal has (0: none, or not started because no theme so far used any).
    private var colors = 0
    private var colorStarted = false
    let unicode: Bool
    /// Wrap each frame in synchronized output (DEC mode 2026) so terminals present it at once.
    let synchronized: Bool
    /// Set when TERM was unknown and a fallback type was used: what to tell the user once the screen is closed.
    let fallbackNotice: String?

    /// Where the dashboard goes: the full screen, or plain lines (with the reason) when there is no terminal,
    /// no TERM, or a TERM that cannot move the cursor (dumb, a printer). Looks TERM up without writing anything.
    static func choose(environment: [String: String]) -> TerminalChoice {
        guard isatty(STDOUT_FILENO) == 1 else { return .plain(.stdoutNotATerminal) }
        guard isatty(STDIN_FILENO) == 1 else { return .plain(.stdinNotATerminal) }
        let term = environment["TERM"] ?? ""
        guard !term.isEmpty else { return .plain(.noTerm) }
        if term == "dumb" || cncurses_probe(term, STDOUT_FILENO) == 0 { return .plain(.cannotAddress(term: term)) }
        return .screen
    }

    static func open(environment: [String: String]) throws(TerminalUnavailable) -> NCursesScreen {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalUnavailable(description: "stdin or stdout is not a terminal")
        }
        let term = environment["TERM"] ?? ""
        guard !term.isEmpty else { throw TerminalUnavailable(description: "TERM is not set") }
        // ncursesw handles characters through the C library's locale: take the user's, and when that is not
        // UTF-8 (or not installed: only C, C.UTF-8 and POSIX exist on many servers) use C.UTF-8 for character
        // handling. What is drawn follows the user's locale text: ASCII unless it names UTF-8.
        setlocale(LC_ALL, "")
        if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" {
            if setlocale(LC_CTYPE, "C.UTF-8") == nil { setlocale(LC_CTYPE, "") }
        }
        let unicode =
            TerminalCharset.prefersUnicode(environment: environment)
            && String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8"
        // ncurses must not install its own SIGWINCH handler: the loop handles resizes (TERMINAL.md §4.5).
        signal(SIGWINCH, SIG_IGN)
        guard let output = cncurses_fdopen(STDOUT_FILENO, "w"), let input = cncurses_fdopen(STDIN_FILENO, "r") else {
            throw TerminalUnavailable(description: "the terminal's streams cannot be opened")
        }
        // The terminal as the shell left it, for the emergency restore (a crash, exit() behind our back).
        TerminalRestore.saveModes()
        // newterm, not initscr: a bad TERM returns nil here instead of exiting the process, and the dashboard
        // falls back to the closest common type (SSH into a server that lacks the client's terminfo entry, e.g.
        // xterm-kitty or alacritty, is the usual case): nearly every terminal emulator speaks xterm.
        var fallbackNotice: String?
        var drawnAs = term
        var opened = newterm(term, output, input)
        if opened == nil {
            for candidate in Self.fallbacks(for: term) {
                guard let screen = newterm(candidate, output, input) else { continue }
                opened = screen
                drawnAs = candidate
                fallbackNotice =
                    "TERM=\(term) is not known to this machine's terminfo, so the dashboard drew as \(candidate). "
                    + "Install the terminal's terminfo entry (Debian: ncurses-term) or set TERM to a known type."
                break
            }
        }
        guard let screen = opened else {
            throw TerminalUnavailable(
                description:
                    "TERM=\(term) is not known to this machine's terminfo, and neither is any fallback "
                    + "(\(Self.fallbacks(for: term).joined(separator: ", ")))")
        }
        set_term(screen)
        guard cncurses_can_address() == 1 else {
            endwin()
            delscreen(screen)
            throw TerminalUnavailable(description: "TERM=\(drawnAs) cannot move the cursor")
        }
        guard let window = cncurses_stdscr() else {
            endwin()
            delscreen(screen)
            throw TerminalUnavailable(description: "ncurses gave no screen window")
        }
        let synchronized = SynchronizedOutput.decide(
            term: drawnAs, environment: environment, terminfoAdvertises: cncurses_string_cap("Sync") != nil)
        return NCursesScreen(
            screen: screen, window: window, output: output, input: input, unicode: unicode,
            synchronized: synchronized, fallbackNotice: fallbackNotice)
    }

    /// Terminal types to try when TERM has no terminfo entry: a 256-colour xterm for types that say they have
    /// 256 colours (or are xterm-like), then plain xterm, then vt100, which every emulator understands.
    static func fallbacks(for term: String) -> [String] {
        let rich =
            term.contains("256") || term.hasPrefix("xterm") || term.contains("kitty") || term.contains("alacritty")
        return (rich ? ["xterm-256color"] : []) + ["xterm", "vt100"]
    }

    private init(
        screen: OpaquePointer, window: UnsafeMutablePointer<WINDOW>, output: UnsafeMutablePointer<FILE>,
        input: UnsafeMutablePointer<FILE>, unicode: Bool, synchronized: Bool, fallbackNotice: String?
    ) {
        self.fallbackNotice = fallbackNotice
        self.screen = screen
        self.window = window
        self.output = output
        self.input = input
        self.unicode = unicode
        self.synchronized = synchronized
        raw()  // Ctrl-C arrives as a key: quitting restores the terminal through the same path as `q`
        noecho()
        nonl()
        keypad(window, true)
        nodelay(window, true)
        curs_set(0)
        if ProcessInfo.processInfo.environment["ESCDELAY"] == nil { set_escdelay(25) }
        TerminalRestore.arm()
    }

    /// Starts colour the first time a theme uses any (so NO_COLOR's monochrome never sends a colour sequence).
    private func startColor(for theme: Theme) {
        guard !colorStarted, has_colors(), theme.usesColor else { return }
        colorStarted = true
        start_color()
        use_default_colors()
        colors = Int(cncurses_colors())
    }

    /// How many colours the terminal shows now (0 until a theme with colours started them).
    var colorCount: Int { colors }

    /// The size of the terminal now (ioctl, so it is right even before ncurses learns of a resize).
    static func currentSize() -> TerminalSize? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return nil }
        return TerminalSize(width: Int(size.ws_col), height: Int(size.ws_row))
    }

    var size: TerminalSize {
        Self.currentSize() ?? TerminalSize(width: Int(getmaxx(window)), height: Int(getmaxy(window)))
    }

    /// Maps every role to a colour pair and attributes of `theme`, reduced to what the terminal can show.
    func apply(_ theme: Theme) {
        startColor(for: theme)
        attributes = [:]
        for (index, role) in Role.allCases.enumerated() {
            let style = theme.style(for: role)
            var flags = cncurses_a_normal()
            if style.bold { flags |= cncurses_a_bold() }
            if style.underline { flags |= cncurses_a_underline() }
            if style.reverse { flags |= cncurses_a_reverse() }
            if style.dim { flags |= cncurses_a_dim() }
            var pair: Int16 = 0
            if colors >= 8, theme.usesColor {
                pair = Int16(index + 1)
                let reduced = style.reduced(toColors: colors)
                if reduced.dim, !style.dim { flags |= cncurses_a_dim() }
                init_pair(pair, Self.number(reduced.foreground), Self.number(reduced.background))
            } else if style.background != .default || role == .selection || role == .header {
                // No colour: keep backgrounds visible as reverse video.
                if !style.reverse, style.background != .default { flags |= cncurses_a_reverse() }
            }
            attributes[role] = (pair, flags)
        }
        invalidate()
    }

    private static func number(_ color: TerminalColor) -> Int16 {
        switch color {
        case .default: -1
        case .indexed(let index): Int16(index)
        }
    }

    /// Forget what is on the terminal: the next frame repaints everything (resize, Ctrl-L, theme change).
    func invalidate() {
        previous = nil
        clearok(window, true)
    }

    func resize(to size: TerminalSize) {
        resizeterm(Int32(size.height), Int32(size.width))
        invalidate()
    }

    /// Copies the cells that differ from the previous frame, then one `doupdate`.
    func present(_ frame: CellGrid) {
        let grid = unicode ? frame : frame.asciiOnly()
        let old = previous?.size == grid.size ? previous : nil
        var changed = 0
        var cell = cchar_t()
        // Frame time (issue 8: p99 ≤ 2 ms at 200x50): neighbouring cells mostly share a role, and most cells are
        // one simple one-column character, written from a reused buffer instead of through `glyph`.
        var simple: [wchar_t] = [0, 0]
        var lastRole: Role?
        var lastStyle: (pair: Int16, attributes: attr_t) = (0, cncurses_a_normal())
        let width = grid.width
        let oldCells = old?.cells ?? []
        let newCells = grid.cells
        for y in 0..<grid.height {
            for x in 0..<width {
                let index = y * width + x
                if newCells[index].isContinuation { continue }
                if !oldCells.isEmpty, oldCells[index] == newCells[index],
                    !(x + 1 < width && oldCells[index + 1] != newCells[index + 1])
                {
                    continue
                }
                let new = newCells[index]
                if new.role != lastRole {
                    lastRole = new.role
                    lastStyle = attributes[new.role] ?? (0, cncurses_a_normal())
                }
                let (pair, flags) = lastStyle
                let attributes = new.emphasis ? flags | cncurses_a_bold() : flags
                var scalars = new.text.unicodeScalars.makeIterator()
                if let only = scalars.next(), scalars.next() == nil, DisplayWidth.isSimple(only.value) {
                    simple[0] = wchar_t(bitPattern: only.value)
                    setcchar(&cell, simple, attributes, pair, nil)
                    mvwadd_wch(window, Int32(y), Int32(x), &cell)
                    changed += 1
                    continue
                }
                let glyph = Self.glyph(
                    for: new.text, columns: x + 1 < grid.width && grid[x + 1, y].isContinuation ? 2 : 1)
                setcchar(&cell, glyph.characters, attributes, pair, nil)
                mvwadd_wch(window, Int32(y), Int32(x), &cell)
                if let filler = glyph.filler {
                    setcchar(&cell, [filler, 0], attributes, pair, nil)
                    mvwadd_wch(window, Int32(y), Int32(x + 1), &cell)
                }
                changed += 1
            }
        }
        previous = grid
        guard changed > 0 || old == nil else { return }
        wnoutrefresh(window)
        // A few cells (the wall's ticking seconds) cannot tear: no 16-byte wrapper around a 1-byte change.
        let wrap = synchronized && (old == nil || changed > 8)
        if wrap { write("\u{1B}[?2026h") }
        doupdate()
        if wrap { write("\u{1B}[?2026l") }
    }

    /// What to hand ncurses for one cell so that ncurses, the C library and the terminal agree with the grid on
    /// its width. ncurses moves its cursor by `wcwidth` of the first character and wants every further one
    /// zero-width; the grid counts grapheme clusters (TerminalUI.DisplayWidth). Where they differ the glyph is
    /// simplified, never the layout: a VS16 emoji the C library counts as 1 column (`❤️`) is drawn as its base and
    /// a blank; a ZWJ sequence (`👨‍👩‍👧`) or a flag as its first emoji; a character the C library does not know
    /// (an emoji newer than its tables) as `?` in each of its columns. Zero-width marks (`é` as e + U+0301) stay.
    static func glyph(for text: String, columns: Int) -> (characters: [wchar_t], filler: wchar_t?) {
        let scalars = Array(text.unicodeScalars)
        guard let base = scalars.first else { return ([32, 0], columns == 2 ? 32 : nil) }
        let width = Int(cncurses_wcwidth(base.value))
        if width < 1 || width > columns { return ([63, 0], columns == 2 ? 63 : nil) }
        var characters = [wchar_t(bitPattern: base.value)]
        if !scalars.contains(where: { $0.value == 0x200D }) {
            for scalar in scalars.dropFirst() where characters.count < 4 {
                let value = scalar.value
                if value == 0xFE0F || value == 0xFE0E || cncurses_wcwidth(value) != 0 { continue }
                characters.append(wchar_t(bitPattern: value))
            }
        }
        return (characters + [0], width < columns ? 32 : nil)
    }

    private func write(_ text: String) {
        fflush(output)
        fputs(text, output)
        fflush(output)
    }

    /// Every key waiting on stdin, translated.
    func readKeys() -> [Key] {
        var keys: [Key] = []
        var value: wint_t = 0
        while true {
            let result = wget_wch(window, &value)
            if result == ERR { break }
            if result == KEY_CODE_YES {
                if let key = Self.functionKey(Int32(value)) { keys.append(key) }
            } else if value == 26 {
                suspendKey = true  // Ctrl-Z
            } else if let key = Self.characterKey(UInt32(value)) {
                keys.append(key)
            }
        }
        return keys
    }

    private var suspendKey = false

    /// Whether Ctrl-Z was pressed since the last call.
    func takeSuspendKey() -> Bool {
        defer { suspendKey = false }
        return suspendKey
    }

    /// Gives the terminal back as on quit and stops the process (``ProcessStop/untilContinued()``); returns once it
    /// is continued (`fg`, SIGCONT), with the next frame repainting everything.
    func suspend() {
        curs_set(1)
        endwin()
        fflush(output)
        TerminalRestore.disarm()
        ProcessStop.untilContinued()
        TerminalRestore.arm()
        curs_set(0)
        invalidate()
    }

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_BTAB: .backTab
        case KEY_ENTER: .enter
        case KEY_BACKSPACE: .backspace
        default: nil
        }
    }

    static func characterKey(_ value: UInt32) -> Key? {
        switch value {
        case 3: .controlC
        case 12: .controlL
        case 9: .tab
        case 10, 13: .enter
        case 27: .escape
        case 8, 127: .backspace
        case 0..<32: nil
        default: Unicode.Scalar(value).map { .character(Character($0)) }
        }
    }

    /// Leaves the terminal as it was: cursor back, echo on, the alternate screen left.
    func close() {
        curs_set(1)
        endwin()
        fflush(output)
        delscreen(screen)
        TerminalRestore.disarm()
    }
}
