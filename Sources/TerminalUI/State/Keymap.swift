/// Something the user can ask for. Actions that change anything (`mutates`) are not registered at all in
/// read-only modes — enforced where bindings are made, not by hiding keys (k9s' read-only bugs are the lesson).
public enum Action: String, Sendable, Hashable {
    case quit, help, closeOverlay
    case focusNext, focusPrevious, moveUp, moveDown, pageUp, pageDown, top, bottom
    case zoom, openDetail, startFilter, clearFilter
    case recheck, nextTheme, switchSeller, repaint
    case filterAccept, filterCancel, filterDelete
    case sellerUp, sellerDown, sellerChoose
    case nextStep, previousStep

    /// Whether the action writes anything (check results, progress). Never bound under `--readonly`/wall.
    public var mutates: Bool { self == .recheck }
}

/// One key binding: the keys, what they do, and the short label for the key bar and the help overlay.
public struct Binding: Sendable, Hashable {
    public var keys: [Key]
    public var action: Action
    public var label: String
    /// Shown in the bottom key bar (the main keys); every binding is in `?`.
    public var inKeyBar: Bool

    public init(_ keys: [Key], _ action: Action, _ label: String, keyBar: Bool = false) {
        self.keys = keys
        self.action = action
        self.label = label
        inKeyBar = keyBar
    }

    public var keyText: String { keys.map(\.description).joined(separator: "/") }
}

/// The key bindings valid in a state: the same list drives the reducer, the key bar and the `?` overlay, so
/// the help can never show a key that does nothing.
public enum Keymap {
    public static func bindings(for state: DashboardState) -> [Binding] {
        let all = unfiltered(for: state)
        return state.readOnly ? all.filter { !$0.action.mutates } : all
    }

    private static func unfiltered(for state: DashboardState) -> [Binding] {
        if state.locked { return [] }
        let quit = Binding([.character("q"), .controlC], .quit, "quit", keyBar: true)
        if state.size.width < DashboardLayout.minimum.width || state.size.height < DashboardLayout.minimum.height {
            return [quit]
        }
        if state.editingFilter {
            // Typing: q is a letter here; Esc leaves the field first.
            return [
                Binding([.enter], .filterAccept, "apply filter", keyBar: true),
                Binding([.escape], .filterCancel, "leave the filter", keyBar: true),
                Binding([.backspace], .filterDelete, "delete a character"),
                Binding([.controlC], .quit, "quit"),
            ]
        }
        switch state.overlay {
        case .help:
            return [quit, Binding([.escape, .character("?")], .closeOverlay, "close help", keyBar: true)]
        case .detail:
            return [
                quit, Binding([.escape, .enter], .closeOverlay, "close detail", keyBar: true),
                Binding([.up, .character("k")], .moveUp, "previous notification"),
                Binding([.down, .character("j")], .moveDown, "next notification"),
            ]
        case .sellers:
            return [
                quit, Binding([.escape], .closeOverlay, "close", keyBar: true),
                Binding([.up, .character("k")], .sellerUp, "up"),
                Binding([.down, .character("j")], .sellerDown, "down"),
                Binding([.enter], .sellerChoose, "switch to this seller", keyBar: true),
            ]
        case nil:
            break
        }
        var bindings = [quit, Binding([.character("?")], .help, "help", keyBar: true)]
        if state.mode == .walkthrough {
            // The walkthrough scrolls its one pane (kept under `.credentials` in `scroll`).
            bindings += [
                Binding([.character("n"), .right, .character(" ")], .nextStep, "next step", keyBar: true),
                Binding([.character("p"), .left], .previousStep, "previous step", keyBar: true),
                Binding([.up, .character("k")], .moveUp, "scroll up"),
                Binding([.down, .character("j")], .moveDown, "scroll down"),
                Binding([.enter, .character("r")], .recheck, "re-check now", keyBar: true),
                Binding([.character("t")], .nextTheme, "next theme"),
                Binding([.controlL], .repaint, "repaint the screen"),
            ]
            return bindings
        }
        if state.mode == .wall {
            bindings.append(Binding([.character("t")], .nextTheme, "next theme", keyBar: true))
            bindings.append(Binding([.controlL], .repaint, "repaint the screen"))
            return bindings
        }
        bindings += [
            Binding([.tab, .right], .focusNext, "next pane", keyBar: true),
            Binding([.backTab, .left], .focusPrevious, "previous pane"),
            Binding([.up, .character("k")], .moveUp, "scroll up / previous row"),
            Binding([.down, .character("j")], .moveDown, "scroll down / next row"),
            Binding([.pageUp], .pageUp, "page up"), Binding([.pageDown], .pageDown, "page down"),
            Binding([.home, .character("g")], .top, "first row"),
            Binding([.end, .character("G")], .bottom, "last row"),
        ]
        if state.focus == .notifications {
            bindings.append(Binding([.enter], .openDetail, "notification detail", keyBar: true))
            bindings.append(Binding([.character("z")], .zoom, state.zoomed ? "unzoom" : "zoom the pane"))
        } else {
            bindings.append(Binding([.enter, .character("z")], .zoom, state.zoomed ? "unzoom" : "zoom", keyBar: true))
        }
        bindings.append(Binding([.character("/")], .startFilter, "filter notifications", keyBar: true))
        if !state.filter.isEmpty {
            bindings.append(Binding([.escape], .clearFilter, "clear the filter", keyBar: true))
        } else if state.zoomed {
            bindings.append(Binding([.escape], .zoom, "unzoom"))
        }
        bindings.append(Binding([.character("r")], .recheck, "re-check now", keyBar: true))
        bindings.append(Binding([.character("t")], .nextTheme, "next theme", keyBar: true))
        if state.snapshot.sellers.count > 1 {
            bindings.append(Binding([.character("s")], .switchSeller, "switch seller", keyBar: true))
        }
        bindings.append(Binding([.controlL], .repaint, "repaint the screen"))
        return bindings
    }

    /// The action bound to `key` now, if any.
    public static func action(for key: Key, in state: DashboardState) -> Action? {
        bindings(for: state).first { $0.keys.contains(key) }?.action
    }
}
