public import GoLiveCore

/// One go-live requirement of the walkthrough: its name, the checks that decide it, and what it is about.
public struct WalkthroughStep: Sendable, Hashable {
    public var title: String
    public var checks: [CheckID]
    public var about: String

    /// The requirements in go-live order (DESIGN.md "The go-live requirements it covers").
    public static let all: [WalkthroughStep] = [
        WalkthroughStep(
            title: "Production credentials", checks: CheckID.credentials,
            about: "The Public Key and Access Token in use are production ones, activated, of a real account, "
                + "and belong together."),
        WalkthroughStep(
            title: "SSL certificate", checks: [.sslCheckoutPage],
            about: "The page with the payment form is served over valid HTTPS."),
        WalkthroughStep(
            title: "Quality measurement", checks: [.qualityScore],
            about: "The integration meets Mercado Pago's quality criteria: a score of at least 73, measured from a "
                + "production payment."),
        WalkthroughStep(
            title: "Payment approval", checks: [.approvalData],
            about: "Item, payer, shipping and industry data are sent with payments, so fewer are rejected."),
        WalkthroughStep(
            title: "Notifications", checks: [.notificationsReceiving, .notificationsSignature],
            about: "Webhooks reach the receiver, their signatures verify, and orders stay current."),
        WalkthroughStep(
            title: "Reports", checks: [.reportsConfigured],
            about: "Release and settlement reports are configured, fetched and reconciled."),
    ]
}

/// The walkthrough screen: a progress strip of every step (never gated: any step can be read), then the
/// current step's checks, what is missing and how to fix it.
enum WalkthroughView {
    static func draw(_ grid: inout CellGrid, in rect: Rect, state: DashboardState) {
        guard rect.height >= 3 else { return }
        let symbols = state.symbols
        let steps = WalkthroughStep.all
        var strip: [Span] = []
        for (index, step) in steps.enumerated() {
            let status = worst(step.checks.compactMap { state.snapshot.check($0) }.map(\.status))
            if index > 0 { strip.append(Span(" \(symbols.separator) ", .muted)) }
            strip.append(Span(symbols.glyph(status) + " ", Symbols.role(status)))
            // Every step's status at a glance; only the current one spells its name out.
            strip.append(
                index == state.step ? Span("\(index + 1) \(step.title)", .selection) : Span("\(index + 1)", .muted))
        }
        let (stripRow, body) = rect.splitRows(1)
        grid.drawSpans(strip, x: stripRow.x + 1, y: stripRow.y, limit: stripRow.maxX, symbols: symbols)
        let step = steps[min(state.step, steps.count - 1)]
        let results = step.checks.compactMap { state.snapshot.check($0) }
        let status = worst(results.map(\.status))
        grid.drawBox(
            body, title: "Step \(state.step + 1) of \(steps.count) \(symbols.separator) \(step.title)", focused: true,
            symbols: symbols, badge: results.isEmpty ? nil : Span(" \(symbols.badge(status)) ", Symbols.role(status)))
        let inside = Rect(x: body.x + 2, y: body.y + 1, width: body.width - 4, height: body.height - 2)
        var lines: [Line] = wrap(step.about, width: max(1, inside.width)).map { Line($0, .muted) }
        lines.append(.blank)
        if results.isEmpty {
            lines.append(Line("Not checked yet: \(PaneContent.runHint(state)).", .unknown))
        }
        for result in results {
            lines.append(
                Line([
                    Span(symbols.badge(result.status), Symbols.role(result.status)), Span("  "),
                    Span(result.title, .title),
                ]))
            for text in wrap(result.summary, width: max(1, inside.width - 8)) { lines.append(Line("        " + text)) }
            if !result.actions.isEmpty && result.status != .pass {
                lines += PaneContent.actionLines(result.actions, width: inside.width - 6, limit: 4, state: state)
                    .map { Line([Span("      ")] + $0.spans) }
            }
            lines.append(.blank)
        }
        if state.step + 1 < steps.count {
            lines.append(Line("n or → for step \(state.step + 2): \(steps[state.step + 1].title)", .muted))
        } else {
            lines.append(Line(status.isReady ? "Last step done." : "Last step: fix what is marked above.", .muted))
        }
        let hidden = grid.drawLines(lines, in: inside, offset: state.scroll[.credentials] ?? 0, symbols: symbols)
        if hidden > 0 {
            grid.put(" +\(hidden) more ", x: body.maxX - 12, y: body.maxY - 1, role: .muted, limit: body.maxX - 1)
        }
    }

    static func worst(_ statuses: [CheckStatus]) -> CheckStatus {
        statuses.max { PaneContent.severity($0) < PaneContent.severity($1) } ?? .unknown
    }
}
