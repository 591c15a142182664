import Foundation
import GoLiveCore

/// The lines of each pane, from the state alone. A pane whose data is absent says so and what to run.
enum PaneContent {
    static func lines(for pane: PaneID, state: DashboardState, width: Int, height: Int) -> [Line] {
        switch pane {
        case .credentials: credentials(state, width: width)
        case .ssl: ssl(state, width: width)
        case .quality: quality(state, width: width)
        case .notifications: notifications(state, width: width, height: height)
        case .balances: balances(state, width: width)
        }
    }

    /// The status badge in a pane's title.
    static func badge(for pane: PaneID, state: DashboardState) -> Span? {
        let ids: [CheckID] =
            switch pane {
            case .credentials: CheckID.credentials
            case .ssl: [.sslCheckoutPage]
            case .quality: [.qualityScore, .approvalData]
            case .notifications: [.notificationsReceiving, .notificationsSignature]
            case .balances: [.reportsConfigured]
            }
        let results = ids.compactMap { state.snapshot.check($0) }
        guard !results.isEmpty else { return nil }
        let worst = results.map(\.status).max { severity($0) < severity($1) } ?? .unknown
        let word = state.text.badge(worst, symbols: state.symbols).trimmingCharacters(in: .whitespaces)
        return Span(" " + word + " ", Symbols.role(worst))
    }

    static func severity(_ status: CheckStatus) -> Int {
        switch status {
        case .pass: 0
        case .warn: 1
        case .unknown: 2
        case .fail: 3
        }
    }

    /// What to do to get results: a key when the dashboard may run checks, the command otherwise.
    static func runHint(_ state: DashboardState) -> String {
        state.text.runHint(readOnly: state.readOnly)
    }

    static func checkLine(_ result: CheckResult, label: String, state: DashboardState) -> Line {
        Line([
            Span(state.text.badge(result.status, symbols: state.symbols), Symbols.role(result.status)), Span("  "),
            Span(label.isEmpty ? "" : DisplayWidth.pad(label, to: 11, ellipsis: state.symbols.ellipsis), .muted),
            Span(state.text.check(result.summary)),
        ])
    }

    static func actionLines(_ actions: [String], width: Int, limit: Int, state: DashboardState) -> [Line] {
        var lines: [Line] = []
        for action in actions.prefix(limit) {
            let wrapped = wrap(state.text.check(action), width: max(1, width - 4))
            for (index, text) in wrapped.enumerated() {
                lines.append(Line([Span(index == 0 ? "  \(state.symbols.pointer) " : "    ", .accent), Span(text)]))
            }
        }
        return lines
    }

    static func field(_ name: String, _ value: String, _ role: Role = .text) -> Line {
        Line([Span(DisplayWidth.pad(name, to: 14, ellipsis: "~"), .muted), Span(value, role)])
    }

    // MARK: credentials

    static func credentials(_ state: DashboardState, width: Int) -> [Line] {
        let snapshot = state.snapshot
        var lines: [Line] = []
        let text = state.text
        var first: [Span] = []
        switch snapshot.environment {
        case "production": first.append(Span(" \(text.production) ", .badgeProduction))
        case "test": first.append(Span(" \(text.test) ", .badgeTest))
        default: first.append(Span(text.environmentNotKnown, .unknown))
        }
        if let account = snapshot.account {
            let parts = [account.nickname, account.userID.map { text.user($0) }, account.siteID].compactMap { $0 }
            first.append(Span("  " + parts.joined(separator: " \(state.symbols.separator) ")))
        } else {
            first.append(Span("  " + text.account(runHint(state)), .unknown))
        }
        lines.append(Line(first))
        lines.append(
            Line([
                Span(text.tokenLabel, .muted),
                Span(snapshot.accessToken ?? text.notSet, snapshot.accessToken == nil ? .crit : .text),
                Span(text.keyLabel, .muted),
                Span(snapshot.publicKey ?? text.notSet, snapshot.publicKey == nil ? .warn : .text),
            ]))
        let results = CheckID.credentials.compactMap { snapshot.check($0) }
        if results.isEmpty {
            lines.append(Line(text.noCredentialCheck(runHint(state)), .unknown))
            return lines
        }
        for result in results {
            lines.append(checkLine(result, label: text.checkLabel(result.id), state: state))
        }
        let failing = results.filter { !$0.status.isReady }
        if let first = failing.first {
            lines += actionLines(first.actions, width: width, limit: 2, state: state)
        }
        if let checked = results.map(\.checkedAt).max() {
            lines.append(Line(text.checkedAgo(from: checked, to: state.now), .muted))
        }
        return lines
    }

    // MARK: SSL

    static func ssl(_ state: DashboardState, width: Int) -> [Line] {
        let snapshot = state.snapshot
        let text = state.text
        var lines: [Line] = []
        let url =
            snapshot.checkoutURL ?? snapshot.check(.sslCheckoutPage)?.details["checkout_url"]?.string
            ?? snapshot.check(.sslCheckoutPage)?.details["url"]?.string
        lines.append(field(text.checkoutPage, url ?? text.checkoutNotConfigured, url == nil ? .warn : .text))
        guard let result = snapshot.check(.sslCheckoutPage) else {
            lines.append(Line(text.noSSLCheck(runHint(state)), .unknown))
            return lines
        }
        lines.append(checkLine(result, label: text.checkLabel(.sslCheckoutPage), state: state))
        let details = JSONValue.object(result.details)
        let daysLeft = details["days_left"].int64 ?? details["certificate"]["days_left"].int64
        if let daysLeft {
            let role: Role = daysLeft < 0 ? .crit : daysLeft < 15 ? .warn : .ok
            lines.append(field(text.daysLeft, text.days(daysLeft), role))
        }
        if let notAfter = details["certificate"]["not_after"].string {
            lines.append(field(text.validUntil, text.timestamp(notAfter, zone: state.timeZone)))
        }
        if case .array(let findings) = details["findings"], !findings.isEmpty {
            lines.append(Line(text.findings, .title))
            for finding in findings {
                let severity = finding["severity"].string ?? "info"
                let (glyph, role): (String, Role) =
                    switch severity {
                    case "error": (state.symbols.fail, .crit)
                    case "warning": (state.symbols.warn, .warn)
                    default: (state.symbols.separator, .muted)
                    }
                let message = text.check(finding["message"].string ?? finding["id"].string ?? "?")
                lines.append(
                    Line([Span(" \(glyph) ", role), Span(finding["id"].string ?? "", .muted), Span(" \(message)")]))
            }
        }
        if !result.status.isReady { lines += actionLines(result.actions, width: width, limit: 2, state: state) }
        lines.append(Line(text.checkedAgo(from: result.checkedAt, to: state.now), .muted))
        return lines
    }

    // MARK: quality & approval

    static func quality(_ state: DashboardState, width: Int) -> [Line] {
        let snapshot = state.snapshot
        let text = state.text
        var lines: [Line] = []
        if let result = snapshot.check(.qualityScore) {
            let details = JSONValue.object(result.details)
            if let score = details["score"].int64 {
                let threshold = Int(details["threshold"].int64 ?? 73)
                lines.append(gauge(score: Int(score), threshold: threshold, width: width, state: state))
            } else {
                lines.append(checkLine(result, label: text.checkLabel(.qualityScore), state: state))
            }
            if case .array(let actions) = details["actions"] {
                let missing = actions.filter { $0["status"].string == "missing" }
                    .sorted {
                        ($0["level"].string == "mandatory" ? 0 : 1) < ($1["level"].string == "mandatory" ? 0 : 1)
                    }
                if !missing.isEmpty { lines.append(Line(text.topMissingActions, .title)) }
                for action in missing.prefix(3) {
                    let mandatory = action["level"].string == "mandatory"
                    lines.append(
                        Line([
                            Span(
                                mandatory ? " \(state.symbols.fail) " : " \(state.symbols.warn) ",
                                mandatory ? .crit : .warn),
                            Span(action["id"].string ?? "?", .accent),
                            Span(" " + text.check(action["message"].string ?? "")),
                        ]))
                }
            } else if !result.actions.isEmpty {
                // quality.score's actions read "id (+points): message", most valuable first.
                lines.append(Line(result.status == .unknown ? text.whatToDo : text.topMissingActions, .title))
                lines += actionLines(
                    result.actions, width: width, limit: result.status == .unknown ? 1 : 3, state: state)
            }
            let scored = snapshot.qualityHistory.compactMap { past -> String? in
                JSONValue.object(past.details)["score"].int64.map {
                    "\(text.dayMonth(past.checkedAt, zone: state.timeZone)) \($0)"
                }
            }
            if !scored.isEmpty {
                lines.append(Line([Span(text.history, .muted), Span(scored.prefix(6).joined(separator: "  "))]))
            }
        } else {
            lines.append(Line(text.noQualityCheck(runHint(state)), .unknown))
        }
        if let approval = snapshot.check(.approvalData) {
            lines.append(checkLine(approval, label: text.checkLabel(.approvalData), state: state))
            let details = JSONValue.object(approval.details)
            if case .array(let gaps) = details["most_missing"].isNull ? details["gaps"] : details["most_missing"],
                !gaps.isEmpty
            {
                let names = gaps.compactMap { $0["field"].string ?? $0.string }
                lines.append(Line([Span(text.gaps, .muted), Span(names.joined(separator: ", "), .warn)]))
            }
            if !approval.status.isReady { lines += actionLines(approval.actions, width: width, limit: 1, state: state) }
        }
        return lines
    }

    static func gauge(score: Int, threshold: Int, width: Int, state: DashboardState) -> Line {
        let symbols = state.symbols
        let passed = score >= threshold
        let label = state.text.score(score)
        let tail = state.text.minimum(threshold)
        let barWidth = max(5, min(40, width - DisplayWidth.of(label) - DisplayWidth.of(tail) - 2))
        let filled = min(barWidth, score * barWidth / 100)
        let markAt = min(barWidth - 1, threshold * barWidth / 100)
        var bar: [Span] = []
        for index in 0..<barWidth {
            if index == markAt {
                bar.append(Span(symbols.gaugeMark, .accent))
            } else if index < filled {
                bar.append(Span(symbols.gaugeFull, passed ? .ok : .crit))
            } else {
                bar.append(Span(symbols.gaugeEmpty, .muted))
            }
        }
        return Line(
            [Span(label, .title)] + bar + [
                Span(tail, .muted), Span(passed ? " \(symbols.pass)" : " \(symbols.fail)", passed ? .ok : .crit),
            ])
    }

    // MARK: notifications

    static func notifications(_ state: DashboardState, width: Int, height: Int) -> [Line] {
        var lines: [Line] = []
        let snapshot = state.snapshot
        let text = state.text
        let summaries = [CheckID.notificationsReceiving, .notificationsSignature].compactMap { snapshot.check($0) }
        if state.editingFilter || !state.filter.isEmpty {
            lines.append(
                Line([
                    Span("/", .keyhint), Span(state.filter, .accent), Span(state.editingFilter ? "_" : "", .keyhint),
                    Span(state.editingFilter ? text.filterEditingHint : text.filterClearHint, .muted),
                ]))
        }
        lines += neverNotifiedLines(state, width: width, limit: height >= 10 ? 2 : 1)
        if snapshot.testModeCount > 0 { lines.append(Line(text.testModeHidden(snapshot.testModeCount), .muted)) }
        switch snapshot.feed {
        case .loading:
            lines.append(Line(text.loadingNotifications + state.symbols.ellipsis, .muted))
        case .failed(let message):
            lines.append(Line(text.notificationsUnreadable(message), .crit))
        case .unavailable(let reason, let remedy):
            lines.append(Line(reason, .unknown))
            lines += actionLines([remedy], width: width, limit: 1, state: state)
            for result in summaries { lines.append(checkLine(result, label: "", state: state)) }
        case .loaded(let all):
            if all.isEmpty {
                lines.append(Line(text.noNotificationYet(snapshot.seller), .unknown))
                for result in summaries { lines.append(checkLine(result, label: "", state: state)) }
                let howTo = text.webhookHowTo
                lines += actionLines(summaries.first?.actions ?? [howTo], width: width, limit: 1, state: state)
                return lines
            }
            let feed = state.visibleFeed
            lines.append(Line(feedRow(nil, width: width, state: state), .muted))
            if feed.isEmpty {
                lines.append(Line(text.noMatch(state.filter), .muted))
                return lines
            }
            // Keep the selected row visible: the rows shown start where the selection fits.
            let room = max(1, height - lines.count)
            let start = max(0, min(state.feedSelection - room + 1, feed.count - room))
            for (index, entry) in feed.enumerated().dropFirst(max(0, start)).prefix(room) {
                lines.append(
                    Line(
                        [Span(feedRow(entry, width: width, state: state), feedRole(entry))],
                        selected: index == state.feedSelection && state.focus == .notifications))
            }
        }
        return lines
    }

    /// The backfill's findings (issue 11) as distinct lines above the feed: `⚠ never notified  1322000042  approved
    /// 14:03` (two, one on a short pane; `golive notifications --never-notified` lists them all).
    static func neverNotifiedLines(_ state: DashboardState, width: Int, limit: Int) -> [Line] {
        let text = state.text
        return state.snapshot.neverNotified.prefix(limit).map { finding in
            var row =
                "\(state.symbols.warn) \(text.neverNotified)  \(finding.paymentID)  \(text.processing(finding.status))"
            row += "  " + text.clock(finding.foundAt, zone: state.timeZone)
            if finding.notifiedLate { row += "  (\(text.notifiedLate))" }
            return Line(
                DisplayWidth.pad(row, to: width, ellipsis: state.symbols.ellipsis),
                finding.notifiedLate ? .muted : .warn)
        }
    }

    static func feedRole(_ entry: FeedEntry) -> Role {
        if entry.processing == "failed" || entry.forwarding?.state == .dead { return .crit }
        if entry.signature == "unsigned" || entry.duplicate { return .warn }
        if entry.processing == "pending" { return .unknown }
        return .text
    }

    /// One feed row (or the column header when `entry` is nil); columns drop right to left on narrow panes.
    static func feedRow(_ entry: FeedEntry?, width: Int, state: DashboardState) -> String {
        let symbols = state.symbols
        let text = state.text
        let widths = [8, 20, 12, 11, 12]
        var columns: [(String, Int)] = []
        if let entry {
            let glyph =
                switch entry.signature {
                case "valid": symbols.pass
                case "unsigned": symbols.warn
                default: symbols.unknown
                }
            let processing = text.processing(
                entry.processing == "done" ? (entry.resourceStatus ?? "done") : entry.processing)
            let values = [
                text.clock(entry.receivedAt, zone: state.timeZone), entry.action ?? "\(entry.topic) (\(entry.kind))",
                entry.dataID ?? "-", glyph + " " + text.signature(entry.signature),
                processing + (entry.duplicate ? text.duplicateShort : ""),
            ]
            columns = Array(zip(values, widths))
            // Forwarding (issue 11): a last, narrow column, only on rows that were forwarded (no header).
            if let marker = text.forwardMarker(entry.forwarding, symbols: symbols) { columns.append((marker, 6)) }
        } else {
            columns = Array(zip(text.feedColumns, widths))
        }
        var row = ""
        for (value, columnWidth) in columns {
            let cell = DisplayWidth.pad(value, to: columnWidth, ellipsis: symbols.ellipsis)
            let next = row.isEmpty ? cell : " " + cell
            if DisplayWidth.of(row + next) > width { break }
            row += next
        }
        return row
    }

    /// The detail overlay of one notification: headers, signature variant, the fetched resource.
    static func detail(_ entry: FeedEntry, state: DashboardState, width: Int) -> [Line] {
        let text = state.text
        var lines: [Line] = [
            field(text.detailNotification, entry.id), field(text.detailSequence, "\(entry.seq)"),
            field(
                text.detailReceived,
                text.date(entry.receivedAt, zone: state.timeZone) + " "
                    + text.clock(entry.receivedAt, zone: state.timeZone)),
            field(text.detailKind, entry.kind), field(text.detailTopic, entry.topic),
            field(text.detailAction, entry.action ?? "-"), field(text.detailResource, entry.dataID ?? "-"),
            field(text.detailLiveMode, entry.liveMode.map { $0 ? text.yes : text.no } ?? "-"),
            field(
                text.detailSignature,
                text.signature(entry.signature) + (entry.signatureVariant.map { " (\($0))" } ?? ""),
                entry.signature == "valid" ? .ok : .warn),
            field(
                text.detailDuplicate, entry.duplicate ? text.duplicateYes : text.no, entry.duplicate ? .warn : .text),
            field(
                text.detailProcessing,
                text.processing(entry.processing) + (entry.resourceStatus.map { text.resourceStatus($0) } ?? ""),
                feedRole(entry)),
        ]
        if let forwarding = entry.forwarding {  // issue 11
            lines.append(
                field(
                    text.detailForwarding, text.forwarding(forwarding),
                    forwarding.state == .dead ? .crit : forwarding.state == .delivered ? .ok : .warn))
        }
        lines.append(Line(text.headers, .title))
        if entry.headers.isEmpty { lines.append(Line(text.noneRecorded, .muted)) }
        for header in entry.headers {
            lines.append(Line([Span("  " + header.name + ": ", .muted), Span(header.value)]))
        }
        if !entry.body.isEmpty {
            lines.append(Line(text.body, .title))
            for row in wrap(entry.body, width: max(1, width - 2)).prefix(6) { lines.append(Line("  " + row)) }
        }
        lines.append(Line(text.fetchedResource, .title))
        for row in wrap(entry.resourceSummary ?? text.notFetchedYet, width: max(1, width - 2)) {
            lines.append(Line("  " + row, entry.resourceSummary == nil ? .muted : .text))
        }
        return lines
    }

    // MARK: balances

    static func balances(_ state: DashboardState, width: Int) -> [Line] {
        let text = state.text
        var lines: [Line] = []
        switch state.snapshot.balances {
        case .loading:
            lines.append(Line(text.loadingBalances + state.symbols.ellipsis, .muted))
        case .failed(let message):
            lines.append(Line(text.balancesUnreadable(message), .crit))
        case .unavailable(let reason, let remedy):
            lines.append(Line(reason, .unknown))
            lines += actionLines([remedy], width: width, limit: 1, state: state)
        case .loaded(let summary):
            let currency = summary.currency
            func money(_ amount: Decimal) -> String { Money.format(amount, currency: currency) }
            lines.append(field(text.available, summary.available.map(money) ?? "-", .ok))
            lines.append(field(text.held, summary.held.map(money) ?? "-", .warn))
            // The API did not answer the pending releases' search: the last ones found, said to be stale.
            let stale = summary.releasesStale.map { Line(text.notUpdated(text.apiProblem($0)), .crit) }
            if let toBeReleased = summary.toBeReleased, toBeReleased.isEmpty {
                lines.append(field(text.toRelease, text.nothingPending, .muted))
                if let stale { lines.append(stale) }
            } else if let toBeReleased = summary.toBeReleased {
                let total = toBeReleased.reduce(Decimal()) { $0 + $1.amount }
                lines.append(field(text.toRelease, money(total)))
                if let stale { lines.append(stale) }
                // Where "(12 payments)" does not fit beside the date and amount (80 columns, the wall's columns):
                // the language's abbreviation ("(12 pmts)", "(12 pgtos)"), then the day without its year, rather
                // than a cut word. One form for every row, so the column stays aligned.
                let shown = Array(toBeReleased.prefix(6))
                func row(_ release: BalanceSummary.Release, form: Int) -> (day: String, amount: String) {
                    let day = form < 2 ? text.isoDay(release.date) : text.isoDayShort(release.date)
                    let count = release.payments.map { " " + (form == 0 ? text.payments($0) : text.paymentsShort($0)) }
                    return (day, Money.format(release.amount, currency: currency, code: false) + (count ?? ""))
                }
                let form =
                    (0..<3).first { form in
                        shown.allSatisfy { release in
                            let (day, amount) = row(release, form: form)
                            return DisplayWidth.of("  " + day + "  " + amount) <= width
                        }
                    } ?? 2
                for release in shown {
                    let (day, amount) = row(release, form: form)
                    lines.append(Line([Span("  " + day + "  ", .muted), Span(amount)]))
                }
            } else {
                lines.append(field(text.toRelease, text.notKnownToSource, .muted))
                if let stale { lines.append(stale) }
            }
            if let report = summary.lastReport {
                lines.append(
                    field(
                        text.lastReport,
                        "\(text.reportKind(report.kind)) \(report.name), "
                            + text.fetchedAgo(text.ago(from: report.fetchedAt, to: state.now)), .muted))
            }
            // Report times in the report's own display_timezone (its configuration), named.
            let zone = DisplayTimeZone(parsing: summary.displayTimeZone)
            lines.append(
                field(
                    text.reportUpTo, text.shortDateTime(summary.asOf, zone: zone.zone) + " " + zone.label,
                    zone.resolved ? .muted : .warn))
        }
        if let result = state.snapshot.check(.reportsConfigured) {
            lines.append(checkLine(result, label: text.checkLabel(.reportsConfigured), state: state))
        }
        return lines
    }
}
