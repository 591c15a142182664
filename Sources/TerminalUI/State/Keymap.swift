import GoLiveCore

/// Something the user can ask for. Actions that change anything (`mutates`) are not registered at all in
/// read-only modes — enforced where bindings are made, not by hiding keys (k9s' read-only bugs are the lesson).
public enum Action: String, Sendable, Hashable {
    case quit, help, closeOverlay
    case focusNext, focusPrevious, moveUp, moveDown, pageUp, pageDown, top, bottom
    case zoom, openDetail, startFilter, clearFilter
    case recheck, nextTheme, switchSeller, repaint
    /// The all-sellers overview (issue 10): opens it, or closes it when open.
    case allSellers
    case filterAccept, filterCancel, filterDelete
    case sellerUp, sellerDown, sellerChoose
    case nextStep, previousStep
    // the walkthrough's actions (issue 9) and their input field / confirmation
    case measureQuality, testNotification, createReports, signOff
    case inputAccept, inputCancel, inputDelete, confirmYes, confirmNo

    /// Whether the action writes anything (check results, progress). Never bound under `--readonly`/wall.
    public var mutates: Bool {
        switch self {
        case .recheck, .measureQuality, .testNotification, .createReports, .signOff, .confirmYes: true
        default: false
        }
    }

    /// The wall display's whole vocabulary, a separate and smaller set: its keymap is built from these alone
    /// (never from the dashboard's list minus some), so a new changing action cannot leak onto the wall.
    /// The all-sellers overview only looks (issue 10): the wall shows it too, without choosing a seller.
    public static let wallActions: Set<Action> = [.quit, .help, .closeOverlay, .nextTheme, .repaint, .allSellers]
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
        if state.mode == .wall { return wall(state) }
        let all = unfiltered(for: state)
        return state.readOnly ? all.filter { !$0.action.mutates } : all
    }

    private static func unfiltered(for state: DashboardState) -> [Binding] {
        if state.locked { return [] }
        let text = state.text
        func label(_ action: Action, _ context: UIText.KeyContext = .main) -> String {
            text.keyLabel(action, zoomed: state.zoomed, context: context)
        }
        let quit = Binding([.character("q"), .controlC], .quit, label(.quit), keyBar: true)
        if state.size.width < DashboardLayout.minimum.width || state.size.height < DashboardLayout.minimum.height {
            return [quit]
        }
        if state.editingFilter {
            // Typing: q is a letter here; Esc leaves the field first.
            return [
                Binding([.enter], .filterAccept, label(.filterAccept), keyBar: true),
                Binding([.escape], .filterCancel, label(.filterCancel), keyBar: true),
                Binding([.backspace], .filterDelete, label(.filterDelete)),
                Binding([.controlC], .quit, label(.quit)),
            ]
        }
        if state.input != nil {
            // Typing a payment ID or a name: q is a letter here; Esc leaves the field first.
            return [
                Binding([.enter], .inputAccept, label(.inputAccept), keyBar: true),
                Binding([.escape], .inputCancel, label(.inputCancel), keyBar: true),
                Binding([.backspace], .inputDelete, label(.inputDelete)),
                Binding([.controlC], .quit, label(.quit)),
            ]
        }
        if state.confirmingReports {
            return [
                quit,
                // y (yes), s (sí/sim): the one the prompt names first.
                Binding(
                    state.language == .english
                        ? [.character("y"), .character("s")] : [.character("s"), .character("y")], .confirmYes,
                    label(.confirmYes), keyBar: true),
                Binding([.character("n"), .escape], .confirmNo, label(.confirmNo), keyBar: true),
            ]
        }
        switch state.overlay {
        case .help:
            return [
                quit, Binding([.escape, .character("?")], .closeOverlay, label(.closeOverlay, .help), keyBar: true),
            ]
        case .detail:
            return [
                quit, Binding([.escape, .enter], .closeOverlay, label(.closeOverlay, .detail), keyBar: true),
                Binding([.up, .character("k")], .moveUp, label(.moveUp, .detail)),
                Binding([.down, .character("j")], .moveDown, label(.moveDown, .detail)),
            ]
        case .sellers:
            return [
                quit, Binding([.escape], .closeOverlay, label(.closeOverlay, .sellers), keyBar: true),
                Binding([.up, .character("k")], .sellerUp, label(.sellerUp)),
                Binding([.down, .character("j")], .sellerDown, label(.sellerDown)),
                Binding([.enter], .sellerChoose, label(.sellerChoose), keyBar: true),
            ]
        case .allSellers:
            return [
                quit,
                Binding([.escape, .character("a")], .closeOverlay, label(.closeOverlay, .overview), keyBar: true),
                Binding([.up, .character("k")], .sellerUp, label(.sellerUp, .overview), keyBar: true),
                Binding([.down, .character("j")], .sellerDown, label(.sellerDown, .overview), keyBar: true),
                Binding([.enter], .sellerChoose, label(.sellerChoose, .overview), keyBar: true),
                Binding([.character("t")], .nextTheme, label(.nextTheme)),
                Binding([.controlL], .repaint, label(.repaint)),
            ]
        case nil:
            break
        }
        var bindings = [quit, Binding([.character("?")], .help, label(.help), keyBar: true)]
        if state.mode == .walkthrough {
            // The walkthrough scrolls its one pane (kept under `.credentials` in `scroll`).
            bindings += [
                Binding([.character("n"), .right, .character(" ")], .nextStep, label(.nextStep), keyBar: true),
                Binding([.character("p"), .left], .previousStep, label(.previousStep), keyBar: true),
                Binding([.up, .character("k")], .moveUp, label(.moveUp, .walkthrough)),
                Binding([.down, .character("j")], .moveDown, label(.moveDown, .walkthrough)),
                Binding([.enter, .character("r")], .recheck, label(.recheck), keyBar: true),
            ]
            // Each step's own actions (shown on the step and in `?`).
            switch WalkthroughStep.all[min(state.step, WalkthroughStep.all.count - 1)].id {
            case "quality": bindings.append(Binding([.character("m")], .measureQuality, label(.measureQuality)))
            case "notifications":
                bindings.append(Binding([.character("w")], .testNotification, label(.testNotification)))
            case "reports": bindings.append(Binding([.character("c")], .createReports, label(.createReports)))
            default: break
            }
            if WalkthroughStep.all[min(state.step, WalkthroughStep.all.count - 1)].id != "summary" {
                bindings.append(Binding([.character("o")], .signOff, label(.signOff)))
            }
            bindings += [
                Binding([.character("t")], .nextTheme, label(.nextTheme)),
                Binding([.controlL], .repaint, label(.repaint)),
            ]
            return bindings
        }
        bindings += [
            Binding([.tab, .right], .focusNext, label(.focusNext), keyBar: true),
            Binding([.backTab, .left], .focusPrevious, label(.focusPrevious)),
            Binding([.up, .character("k")], .moveUp, label(.moveUp)),
            Binding([.down, .character("j")], .moveDown, label(.moveDown)),
            Binding([.pageUp], .pageUp, label(.pageUp)), Binding([.pageDown], .pageDown, label(.pageDown)),
            Binding([.home, .character("g")], .top, label(.top)),
            Binding([.end, .character("G")], .bottom, label(.bottom)),
        ]
        if state.focus == .notifications {
            bindings.append(Binding([.enter], .openDetail, label(.openDetail), keyBar: true))
            bindings.append(Binding([.character("z")], .zoom, label(.zoom, .notifications)))
        } else {
            bindings.append(Binding([.enter, .character("z")], .zoom, label(.zoom), keyBar: true))
        }
        bindings.append(Binding([.character("/")], .startFilter, label(.startFilter), keyBar: true))
        if !state.filter.isEmpty {
            bindings.append(Binding([.escape], .clearFilter, label(.clearFilter), keyBar: true))
        } else if state.zoomed {
            bindings.append(Binding([.escape], .zoom, label(.zoom, .escape)))
        }
        bindings.append(Binding([.character("r")], .recheck, label(.recheck), keyBar: true))
        bindings.append(Binding([.character("t")], .nextTheme, label(.nextTheme), keyBar: true))
        if state.snapshot.sellers.count > 1 {
            bindings.append(Binding([.character("s")], .switchSeller, label(.switchSeller), keyBar: true))
        }
        bindings.append(Binding([.character("a")], .allSellers, label(.allSellers), keyBar: true))
        bindings.append(Binding([.controlL], .repaint, label(.repaint)))
        return bindings
    }

    /// The wall's bindings: built from ``Action/wallActions`` only; `--lock` registers none at all.
    static func wall(_ state: DashboardState) -> [Binding] {
        if state.locked { return [] }
        let text = state.text
        let quit = Binding([.character("q"), .controlC], .quit, text.keyLabel(.quit), keyBar: true)
        let all: [Binding]
        if state.size.width < DashboardLayout.minimum.width || state.size.height < DashboardLayout.minimum.height {
            all = [quit]
        } else if case .allSellers = state.overlay {
            all = [
                quit,
                Binding(
                    [.escape, .character("a")], .closeOverlay, text.keyLabel(.closeOverlay, context: .overview),
                    keyBar: true),
                Binding([.character("t")], .nextTheme, text.keyLabel(.nextTheme), keyBar: true),
                Binding([.controlL], .repaint, text.keyLabel(.repaint)),
            ]
        } else if state.overlay != nil {
            all = [
                quit,
                Binding(
                    [.escape, .character("?")], .closeOverlay, text.keyLabel(.closeOverlay, context: .help),
                    keyBar: true),
            ]
        } else {
            all = [
                quit, Binding([.character("?")], .help, text.keyLabel(.help), keyBar: true),
                Binding([.character("t")], .nextTheme, text.keyLabel(.nextTheme), keyBar: true),
                Binding([.controlL], .repaint, text.keyLabel(.repaint)),
                // Listed in `?`, not in the key bar (the wall's bar stays as it was).
                Binding([.character("a")], .allSellers, text.keyLabel(.allSellers)),
            ]
        }
        return all.filter { Action.wallActions.contains($0.action) }
    }

    /// The action bound to `key` now, if any.
    public static func action(for key: Key, in state: DashboardState) -> Action? {
        bindings(for: state).first { $0.keys.contains(key) }?.action
    }
}
