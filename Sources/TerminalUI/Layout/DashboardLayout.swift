/// Where everything goes for a terminal size: wide (three panes over two), 80x24 (a 2x2 grid over the feed),
/// narrow (one pane at a time behind a tab strip), or "too small".
public struct DashboardLayout: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case wide, standard, narrow, tooSmall }

    /// Below this the dashboard shows "terminal too small: need 40×12".
    public static let minimum = TerminalSize(width: 40, height: 12)

    public var kind: Kind
    public var header: Rect
    public var keyBar: Rect
    /// The tab strip of the narrow layout.
    public var tabs: Rect?
    public var panes: [(PaneID, Rect)]

    public static func == (lhs: DashboardLayout, rhs: DashboardLayout) -> Bool {
        lhs.kind == rhs.kind && lhs.header == rhs.header && lhs.keyBar == rhs.keyBar && lhs.tabs == rhs.tabs
            && lhs.panes.map(\.0) == rhs.panes.map(\.0) && lhs.panes.map(\.1) == rhs.panes.map(\.1)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(header)
        hasher.combine(keyBar)
    }

    public func rect(of pane: PaneID) -> Rect? { panes.first { $0.0 == pane }?.1 }

    public static func compute(size: TerminalSize, focus: PaneID, zoomed: Bool) -> DashboardLayout {
        let full = Rect(x: 0, y: 0, width: size.width, height: size.height)
        guard size.width >= minimum.width, size.height >= minimum.height else {
            return DashboardLayout(kind: .tooSmall, header: full, keyBar: full, tabs: nil, panes: [])
        }
        let (header, rest) = full.splitRows(1)
        let (body, keyBar) = rest.splitRows(rest.height - 1)
        let kind: Kind =
            size.width >= 120 && size.height >= 32
            ? .wide : size.width >= 80 && size.height >= 24 ? .standard : .narrow
        if kind == .narrow {
            let (tabs, pane) = body.splitRows(1)
            return DashboardLayout(kind: kind, header: header, keyBar: keyBar, tabs: tabs, panes: [(focus, pane)])
        }
        if zoomed {
            return DashboardLayout(kind: kind, header: header, keyBar: keyBar, tabs: nil, panes: [(focus, body)])
        }
        var panes: [(PaneID, Rect)] = []
        if kind == .wide {
            let (top, bottom) = body.splitRows(min(16, max(12, body.height * 2 / 5)))
            let third = top.width / 3
            let (credentials, others) = top.splitColumns(third)
            let (ssl, quality) = others.splitColumns(third)
            let (notifications, balances) = bottom.splitColumns(bottom.width * 5 / 8)
            panes = [
                (.credentials, credentials), (.ssl, ssl), (.quality, quality), (.notifications, notifications),
                (.balances, balances),
            ]
        } else {
            let rowHeight = min(10, max(7, body.height / 4))
            let (first, afterFirst) = body.splitRows(rowHeight)
            let (second, feed) = afterFirst.splitRows(rowHeight)
            let half = body.width / 2
            let (credentials, ssl) = first.splitColumns(half)
            let (quality, balances) = second.splitColumns(half)
            panes = [
                (.credentials, credentials), (.ssl, ssl), (.quality, quality), (.balances, balances),
                (.notifications, feed),
            ]
        }
        return DashboardLayout(kind: kind, header: header, keyBar: keyBar, tabs: nil, panes: panes)
    }
}
