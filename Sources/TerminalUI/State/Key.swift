/// A key press as the dashboard understands it; the backend translates terminal input into these.
public enum Key: Sendable, Hashable, CustomStringConvertible {
    case character(Character)
    case enter, escape, tab, backTab, backspace
    case up, down, left, right, pageUp, pageDown, home, end
    case controlC, controlL

    public var description: String {
        switch self {
        case .character(" "): "Space"
        case .character(let character): String(character)
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .backspace: "Backspace"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .controlC: "Ctrl-C"
        case .controlL: "Ctrl-L"
        }
    }
}

/// The panes of the dashboard, in focus (Tab) order.
public enum PaneID: String, Sendable, Hashable, CaseIterable {
    case credentials, ssl, quality, notifications, balances

    public var title: String {
        switch self {
        case .credentials: "Credentials"
        case .ssl: "SSL"
        case .quality: "Quality & approval"
        case .notifications: "Notifications"
        case .balances: "Report balances"
        }
    }
}
