import Foundation
public import GoLiveCore

/// One go-live requirement of the walkthrough: its name, the checks that decide it, and what it is about.
public struct WalkthroughStep: Sendable, Hashable {
    /// The key of the step's words in ``UIText`` (`credentials`, `ssl`, `quality`, `approval`, `notifications`,
    /// `reports`); `title` and `about` are the English text.
    public var id: String
    public var title: String
    public var checks: [CheckID]
    public var about: String

    public init(id: String, title: String, checks: [CheckID], about: String) {
        self.id = id
        self.title = title
        self.checks = checks
        self.about = about
    }

    /// The requirements in go-live order (issue 9): what is set up first comes first, and the summary ends it.
    public static let all: [WalkthroughStep] = [
        WalkthroughStep(
            id: "credentials", title: "Production credentials", checks: CheckID.credentials,
            about: "The Public Key and Access Token in use are production ones, activated, of a real account, "
                + "and belong together."),
        WalkthroughStep(
            id: "ssl", title: "SSL certificate", checks: [.sslCheckoutPage],
            about: "The page with the payment form is served over valid HTTPS."),
        WalkthroughStep(
            id: "notifications", title: "Notifications", checks: [.notificationsReceiving, .notificationsSignature],
            about: "Webhooks reach the receiver, their signatures verify, and orders stay current."),
        WalkthroughStep(
            id: "approval", title: "Payment approval", checks: [.approvalData],
            about: "Item, payer, shipping and industry data are sent with payments, so fewer are rejected."),
        WalkthroughStep(
            id: "quality", title: "Quality measurement", checks: [.qualityScore],
            about: "The integration meets Mercado Pago's quality criteria: a score of at least 73, measured from a "
                + "production payment."),
        WalkthroughStep(
            id: "reports", title: "Reports", checks: [.reportsConfigured],
            about: "Release and settlement reports are configured, fetched and reconciled."),
        WalkthroughStep(
            id: "summary", title: "Summary", checks: CheckID.all,
            about: "Every requirement at a glance: ready when each one passes."),
    ]

    /// The index of the step with this id (0 when unknown).
    public static func index(of id: String) -> Int { all.firstIndex { $0.id == id } ?? 0 }
}

/// The walkthrough screen: a progress strip of every step (never gated: any step can be read), then the
/// current step's checks, what is missing and how to fix it.
enum WalkthroughView {
    static func draw(_ grid: inout CellGrid, in rect: Rect, state: DashboardState) {
        guard rect.height >= 3 else { return }
        let symbols = state.symbols
        let text = state.text
        let steps = WalkthroughStep.all
        var strip: [Span] = []
        for (index, step) in steps.enumerated() {
            let status = worst(step.checks.compactMap { state.snapshot.check($0) }.map(\.status))
            if index > 0 { strip.append(Span(" \(symbols.separator) ", .muted)) }
            strip.append(Span(symbols.glyph(status) + " ", Symbols.role(status)))
            // Every step's status at a glance (the glyph: ✓ passed); only the current one spells its name out, the
            // ones visited before (kept with the progress in the store) carry a mark, the others are dim.
            if index == state.step {
                strip.append(Span("\(index + 1) \(text.stepTitle(step))", .selection))
            } else if state.visitedSteps.contains(step.id) {
                strip.append(Span("\(index + 1)\(symbols.visited)", .text))
            } else {
                strip.append(Span("\(index + 1)", .muted))
            }
        }
        let (stripRow, body) = rect.splitRows(1)
        grid.drawSpans(strip, x: stripRow.x + 1, y: stripRow.y, limit: stripRow.maxX, symbols: symbols)
        let step = steps[min(state.step, steps.count - 1)]
        let results = step.checks.compactMap { state.snapshot.check($0) }
        let status = worst(results.map(\.status))
        grid.drawBox(
            body, title: "\(text.stepOf(state.step + 1, steps.count)) \(symbols.separator) \(text.stepTitle(step))",
            focused: true,
            symbols: symbols,
            badge: results.isEmpty
                ? nil
                : Span(
                    " \(text.badge(status, symbols: symbols).trimmingCharacters(in: .whitespaces)) ",
                    Symbols.role(status)))
        let inside = Rect(x: body.x + 2, y: body.y + 1, width: body.width - 4, height: body.height - 2)
        let width = max(1, inside.width)
        var lines: [Line] = []
        // What is being typed or asked comes first, so it is always on screen.
        if let field = state.input {
            let prompt = field.isPaymentID ? text.paymentIDPrompt : text.signOffPrompt
            lines.append(Line([Span(prompt, .title), Span(field.value + "_", .selection)]))
            lines.append(Line(text.inputHint, .muted))
            lines.append(.blank)
        } else if state.confirmingReports {
            lines += wrap(text.confirmReportsPrompt, width: width).map { Line($0, .warn) }
            lines.append(.blank)
        }
        lines += wrap(text.stepAbout(step), width: width).map { Line($0, .muted) }
        if let signOff = state.signOffs[step.id] {
            lines.append(
                Line(
                    symbols.glyph(.pass) + " "
                        + text.signedOff(by: signOff.by, at: text.shortDateTime(signOff.at, zone: state.timeZone)),
                    .ok))
        }
        let keys = Keymap.bindings(for: state).filter { Self.stepActions.contains($0.action) }
        if !keys.isEmpty && state.input == nil && !state.confirmingReports {
            let list = keys.map { "\($0.keyText) \($0.label)" }.joined(separator: " \(symbols.separator) ")
            lines += wrap("\(text.actionsHeading): \(list)", width: width).map { Line($0, .accent) }
        }
        if step.id == "notifications", let last = state.snapshot.feed.value?.first {
            lines.append(
                Line(
                    "\(text.lastNotificationHeading): \(text.shortDateTime(last.receivedAt, zone: state.timeZone)) "
                        + "\(last.topic) \(last.dataID ?? "") \(last.signature)", .text))
        }
        lines.append(.blank)
        if step.id == "summary" {
            lines += summaryLines(state: state)
        } else {
            if results.isEmpty {
                lines.append(Line(text.notCheckedYet(PaneContent.runHint(state)), .unknown))
                lines.append(.blank)
            }
            for result in results {
                lines.append(
                    Line([
                        Span(text.badge(result.status, symbols: symbols), Symbols.role(result.status)), Span("  "),
                        Span(text.checkTitle(result), .title),
                    ]))
                for row in wrap(text.check(result.summary), width: max(1, inside.width - 8)) {
                    lines.append(Line("        " + row))
                }
                if !result.actions.isEmpty && result.status != .pass {
                    lines += PaneContent.actionLines(result.actions, width: inside.width - 6, limit: 4, state: state)
                        .map { Line([Span("      ")] + $0.spans) }
                }
                lines.append(.blank)
            }
            lines.append(Line(text.whyHeading, .title))
            lines += wrap(text.stepWhy(step), width: max(1, width - 2)).map { Line("  " + $0) }
            if results.isEmpty || !status.isReady {
                lines.append(.blank)
                lines.append(Line(text.fixHeading, .title))
                lines += wrap(text.stepFix(step), width: max(1, width - 2)).map { Line("  " + $0) }
            }
            lines.append(.blank)
        }
        if state.step + 1 < steps.count {
            lines.append(Line(text.nextStepHint(state.step + 2, text.stepTitle(steps[state.step + 1])), .muted))
        } else {
            lines.append(Line(status.isReady ? text.lastStepDone : text.lastStepFix, .muted))
        }
        let hidden = grid.drawLines(lines, in: inside, offset: state.scroll[.credentials] ?? 0, symbols: symbols)
        if hidden > 0 {
            let more = text.more(hidden)
            grid.put(
                more, x: body.maxX - DisplayWidth.of(more) - 3, y: body.maxY - 1, role: .muted, limit: body.maxX - 1)
        }
    }

    /// The summary: one line per requirement, then the verdict and what to do with it.
    static func summaryLines(state: DashboardState) -> [Line] {
        let text = state.text
        let symbols = state.symbols
        var lines: [Line] = []
        var open = 0
        for step in WalkthroughStep.all where step.id != "summary" {
            let results = step.checks.compactMap { state.snapshot.check($0) }
            let status = results.isEmpty ? CheckStatus.unknown : worst(results.map(\.status))
            let signed = state.signOffs[step.id] != nil
            if !status.isReady && !signed { open += 1 }
            lines.append(
                Line(
                    [
                        Span(text.badge(status, symbols: symbols), Symbols.role(status)), Span("  "),
                        Span(text.stepTitle(step), .title),
                    ] + (signed ? [Span("  (\(text.signedOffLabel))", .ok)] : [])))
        }
        lines.append(.blank)
        lines.append(open == 0 ? Line(text.summaryReady, .ok) : Line(text.summaryOpen(open), .crit))
        lines.append(.blank)
        lines += wrap(text.stepWhy(WalkthroughStep.all[WalkthroughStep.all.count - 1]), width: 70).map { Line($0) }
        lines.append(.blank)
        return lines
    }

    /// The actions listed on a step (the rest are in the key bar and `?`).
    static let stepActions: Set<Action> = [.recheck, .measureQuality, .testNotification, .createReports, .signOff]

    static func worst(_ statuses: [CheckStatus]) -> CheckStatus {
        statuses.max { PaneContent.severity($0) < PaneContent.severity($1) } ?? .unknown
    }
}
