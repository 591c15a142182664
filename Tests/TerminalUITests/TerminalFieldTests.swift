import Foundation
import GoLiveCore
import TerminalUI
import Testing

/// Issue 8 "Terminals": locale and colour decisions, plain line output, display widths.
@Suite struct TerminalFieldTests {
    // MARK: locale → Unicode or ASCII

    @Test(arguments: [
        (["LANG": "C.UTF-8"], true), (["LANG": "es_AR.UTF-8"], true), (["LANG": "pt_BR.utf8"], true),
        (["LANG": "de_DE.UTF-8@euro"], true), (["LANG": "C"], false), (["LANG": "POSIX"], false), ([:], false),
        (["LANG": "en_US.ISO-8859-1"], false), (["LANG": "en_US"], false),
        (["LANG": "C.UTF-8", "LC_ALL": "C"], false), (["LANG": "C", "LC_CTYPE": "en_US.UTF-8"], true),
        (["LANG": "C", "LC_ALL": ""], false),
    ])
    func unicodeFollowsTheLocaleText(environment: [String: String], unicode: Bool) {
        #expect(TerminalCharset.prefersUnicode(environment: environment) == unicode, "\(environment)")
    }

    // MARK: synchronized output

    @Test(arguments: [
        ("xterm-256color", true), ("tmux-256color", true), ("foot", true), ("xterm-kitty", true),
        ("wezterm", true), ("alacritty", true), ("vt100", false), ("vt220", false), ("linux", false),
        ("screen", false), ("screen-256color", false), ("dumb", false), ("xterm", false), ("", false),
    ])
    func synchronizedOutputWhereSupported(term: String, expected: Bool) {
        #expect(SynchronizedOutput.decide(term: term, environment: [:], terminfoAdvertises: false) == expected)
    }

    @Test func synchronizedOutputCanBeForcedAndTerminfoDecidesUnknownTerms() {
        #expect(
            SynchronizedOutput.decide(
                term: "vt100", environment: ["GOLIVE_SYNC_OUTPUT": "1"], terminfoAdvertises: false))
        #expect(
            !SynchronizedOutput.decide(
                term: "tmux-256color", environment: ["GOLIVE_SYNC_OUTPUT": "0"], terminfoAdvertises: true))
        #expect(SynchronizedOutput.decide(term: "someterm", environment: [:], terminfoAdvertises: true))
        #expect(!SynchronizedOutput.decide(term: "linux", environment: [:], terminfoAdvertises: true))
        #expect(
            SynchronizedOutput.decide(
                term: "xterm", environment: ["TERM_PROGRAM": "WezTerm"], terminfoAdvertises: false))
    }

    // MARK: colours on 8 and 16 colour terminals

    @Test func the256PaletteReducesTo16ByHueAndBrightness() {
        #expect(TerminalColor.indexed(196).reduced(toColors: 16) == .indexed(9))  // #ff0000 → bright red
        #expect(TerminalColor.indexed(88).reduced(toColors: 16) == .indexed(1))  // #870000 → red
        #expect(TerminalColor.indexed(77).reduced(toColors: 16) == .indexed(10))  // #5fd75f → bright green
        #expect(TerminalColor.indexed(24).reduced(toColors: 16) == .indexed(6))  // #005f87 → cyan
        #expect(TerminalColor.indexed(240).reduced(toColors: 16) == .indexed(8))  // dark grey → bright black
        #expect(TerminalColor.indexed(244).reduced(toColors: 16) == .indexed(8))
        #expect(TerminalColor.indexed(250).reduced(toColors: 16) == .indexed(7))  // light grey → white
        #expect(TerminalColor.indexed(255).reduced(toColors: 16) == .indexed(15))
        #expect(TerminalColor.indexed(233).reduced(toColors: 16) == .indexed(0))
        #expect(TerminalColor.indexed(12).reduced(toColors: 16) == .indexed(12))
        #expect(TerminalColor.indexed(200).reduced(toColors: 256) == .indexed(200))
    }

    @Test func the256PaletteReducesTo8ByHue() {
        #expect(TerminalColor.indexed(196).reduced(toColors: 8) == .indexed(1))
        #expect(TerminalColor.indexed(77).reduced(toColors: 8) == .indexed(2))
        #expect(TerminalColor.indexed(221).reduced(toColors: 8) == .indexed(3))  // #ffd75f → yellow
        #expect(TerminalColor.indexed(12).reduced(toColors: 8) == .indexed(4))  // bright blue → blue
        #expect(TerminalColor.indexed(240).reduced(toColors: 8) == .indexed(0))
        #expect(TerminalColor.indexed(252).reduced(toColors: 8) == .indexed(7))
        #expect(TerminalColor.default.reduced(toColors: 8) == .default)
    }

    @Test func greyTextStaysReadableOnEightColours() {
        // muted (244) and border (240) text would turn black, invisible on a dark terminal: dimmed default instead.
        let muted = Style(foreground: .indexed(244)).reduced(toColors: 8)
        #expect(muted.foreground == .default && muted.dim)
        let border = Style(foreground: .indexed(240)).reduced(toColors: 8)
        #expect(border.foreground == .default && border.dim)
        #expect(Style(foreground: .indexed(240)).reduced(toColors: 16) == Style(foreground: .indexed(8)))
        // Never the same colour on itself.
        let same = Style(foreground: .indexed(196), background: .indexed(160)).reduced(toColors: 8)
        #expect(same.foreground == .default && same.background == .indexed(1))
        let badge = Style(foreground: .indexed(0), background: .indexed(221), bold: true).reduced(toColors: 8)
        #expect(badge == Style(foreground: .indexed(0), background: .indexed(3), bold: true))
    }

    @Test func monochromeUsesNoColourAndTheOthersDo() {
        #expect(!Theme.monochrome.usesColor)
        #expect(Theme(name: "x", styles: [.text: Style(foreground: .indexed(2))]).usesColor)
    }

    // MARK: ASCII fallback

    @Test func asciiGridReplacesEveryNonASCIICellKeepingColumns() {
        var grid = CellGrid(size: TerminalSize(width: 12, height: 1))
        grid.put("┌✓ 日本 é…", x: 0, y: 0)
        let ascii = grid.asciiOnly()
        #expect(ascii.row(0) == "++ ???? e~  ")
        #expect(ascii.row(0).utf8.allSatisfy { $0 < 0x80 })
        #expect(ascii.width == grid.width)
    }

    @Test func theASCIIDashboardHasNoOtherCharacter() {
        let text = DashboardView.render(Fixtures.state(width: 80, height: 24, unicode: false)).asciiOnly().text
        #expect(text.utf8.allSatisfy { $0 < 0x80 })
    }

    // MARK: display width

    @Test(arguments: [
        ("abc", 3), ("日本語", 6), ("한국", 4), ("🙂", 2), ("❤️", 2), ("❤", 1), ("👨‍👩‍👧", 2), ("🇦🇷", 2),
        ("é", 1), ("e\u{301}", 1), ("1️⃣", 2), ("ｶ", 1), ("Ａ", 2), ("\u{200B}", 0),
    ])
    func displayWidths(text: String, columns: Int) {
        #expect(DisplayWidth.of(text) == columns, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test func truncationNeverSplitsAWideCharacterOrExceedsTheWidth() {
        let name = "東京の店👨‍👩‍👧 José"
        for columns in 0...18 {
            let cut = DisplayWidth.truncate(name, to: columns)
            #expect(DisplayWidth.of(cut) <= columns, "\(columns): \(cut)")
            let padded = DisplayWidth.pad(name, to: columns)
            #expect(DisplayWidth.of(padded) == columns, "\(columns): \(padded)")
        }
        #expect(DisplayWidth.truncate(name, to: 6) == "東京…")
        #expect(DisplayWidth.truncate("e\u{301}e\u{301}e\u{301}", to: 2, ellipsis: "~") == "e\u{301}~")
    }

    @Test func feedRowsAndPaneTitlesWithCJKAndEmojiKeepTheLayout() {
        var entries = Fixtures.feed
        entries[0].action = "支払い.作成🎉👨‍👩‍👧"
        entries[1].dataID = "❤️注文1234567890"
        var snapshot = Fixtures.full
        snapshot.feed = .loaded(entries)
        snapshot.account?.nickname = "東京の店舗🏪テスト"
        for width in [80, 57, 40] {
            var state = Fixtures.state(snapshot, width: width, height: 24)
            state.focus = .notifications
            let grid = DashboardView.render(state)
            for y in 0..<grid.height {
                var columns = 0
                for x in 0..<grid.width where !grid[x, y].isContinuation {
                    columns += max(1, DisplayWidth.of(grid[x, y].text))
                }
                #expect(columns == width, "row \(y) at \(width): \(grid.row(y))")
            }
            // Every box row still ends with its border in the last column.
            let borders = (0..<grid.height).filter { grid[0, $0].text == "│" }
            #expect(!borders.isEmpty)
            for y in borders { #expect(grid[grid.width - 1, y].text == "│", "row \(y) at \(width): \(grid.row(y))") }
        }
        var wide = Fixtures.state(snapshot, width: 80, height: 24)
        wide.focus = .notifications
        let text = DashboardView.render(wide).text
        #expect(text.contains("支払い"))
    }

    /// No wide character is ever split: a 2-column cell is always followed by its continuation, and a
    /// continuation always follows a 2-column cell.
    static func expectNoSplitWideCharacters(_ grid: CellGrid, _ label: String) {
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if cell.isContinuation {
                    #expect(x > 0 && DisplayWidth.of(grid[x - 1, y].text) == 2, "\(label) row \(y): \(grid.row(y))")
                } else if DisplayWidth.of(cell.text) == 2 {
                    #expect(x + 1 < grid.width && grid[x + 1, y].isContinuation, "\(label) row \(y): \(grid.row(y))")
                }
            }
        }
    }

    @Test func cjkAndEmojiSellerNamesInTheHeaderOverlaysAndEveryLayout() {
        let names = ["東京の店舗🏪テスト", "São Paulo ❤️ loja", "👨‍👩‍👧 família 🇧🇷", "e\u{301}cole"]
        var entries = Fixtures.feed
        entries[0].action = "支払い.作成🎉👨‍👩‍👧"
        entries[0].resourceSummary = "Pagamento 1320000: approved, 顧客 山田太郎 🙂 ARS 1.250,00"
        var snapshot = Fixtures.full
        snapshot.seller = names[0]
        snapshot.sellers = names
        snapshot.feed = .loaded(entries)
        for (width, height) in [(120, 40), (80, 24), (57, 20), (40, 12), (33, 12)] {
            var state = Fixtures.state(snapshot, width: width, height: height)
            Self.expectNoSplitWideCharacters(DashboardView.render(state), "dashboard \(width)x\(height)")
            if width >= 40 {
                #expect(DashboardView.render(state).row(0).contains("東京"), "the header names the seller at \(width)")
            }
            state.handle(.key(.character("s")))
            Self.expectNoSplitWideCharacters(DashboardView.render(state), "sellers \(width)x\(height)")
            state.handle(.key(.escape))
            state.focus = .notifications
            state.handle(.key(.enter))
            Self.expectNoSplitWideCharacters(DashboardView.render(state), "detail \(width)x\(height)")
            var walkthrough = Fixtures.state(snapshot, width: width, height: height, mode: .walkthrough)
            walkthrough.handle(.key(.character("n")))
            Self.expectNoSplitWideCharacters(DashboardView.render(walkthrough), "walkthrough \(width)x\(height)")
        }
    }

    // MARK: plain line output

    static let t0 = Fixtures.now

    func snapshot(
        checks: [CheckResult] = Fixtures.checks, feed: [FeedEntry] = Array(Fixtures.feed.suffix(10)),
        available: String = "152340.5", at seconds: Double = 0
    ) -> DashboardSnapshot {
        var snapshot = Fixtures.full
        snapshot.checks = checks
        snapshot.feed = .loaded(feed)
        var balances = Fixtures.balances
        balances.available = Decimal(string: available)
        snapshot.balances = .loaded(balances)
        snapshot.loadedAt = Self.t0.addingTimeInterval(seconds)
        return snapshot
    }

    @Test func plainFeedOpensWithTheStateThenPrintsOnlyChanges() {
        var feed = PlainFeed(unicode: true, timeZone: Fixtures.utc)
        #expect(feed.lines(for: DashboardSnapshot(seller: "shop"), now: Self.t0).isEmpty, "nothing read yet")
        let opening = feed.lines(for: snapshot(), now: Self.t0)
        #expect(opening.first == "00:00:00 seller shop (PRODUCTION): NOT READY (2 of 9 checks not passing)")
        #expect(opening.contains { $0.contains("check quality.score FAIL: Score 68") })
        #expect(opening.contains { $0.contains("notification 96 ") })
        #expect(
            opening.contains(
                "00:00:00 balances: available ARS 152.340,50, held ARS 1.200,00, next release 2026-11-27 ARS 8.450,25"))

        #expect(feed.lines(for: snapshot(at: 2), now: Self.t0.addingTimeInterval(2)).isEmpty, "nothing changed")

        var checks = Fixtures.checks
        checks[6] = Fixtures.check(.qualityScore, .pass, "Score 80.")
        checks[2] = Fixtures.check(.credentialsPair, .pass, "The pair charged a card.")
        let all = Fixtures.feed
        let newer = Array(all.suffix(12))  // two newer notifications (seq 97, 98) arrived
        var changed = newer
        changed[newer.count - 1].resourceStatus = "approved"  // seq 87 was rejected, is now approved
        let lines = feed.lines(
            for: snapshot(checks: checks, feed: changed, available: "152000", at: 4), now: Self.t0.addingTimeInterval(4)
        )
        #expect(lines.contains("00:00:04 readiness: READY"))
        #expect(lines.contains("00:00:04 check quality.score PASS (was FAIL): Score 80."))
        let arrivals = lines.filter { $0.hasPrefix("00:00:04 notification 9") && !$0.contains("->") }
        #expect(arrivals.count == 2, "\(lines)")
        #expect(arrivals.first?.contains("notification 97") == true, "oldest first")
        #expect(lines.contains("00:00:04 notification 87 payment.created 1320013: rejected -> approved"))
        #expect(lines.contains { $0.contains("balances: available ARS 152.000,00") })
        #expect(lines.allSatisfy { !$0.contains("\u{1B}") })
    }

    @Test func plainFeedReportsStalenessOncePerPaneAndTheReturn() {
        var feed = PlainFeed(unicode: true, timeZone: Fixtures.utc)
        var first = snapshot()
        first.freshness[.notifications] = Freshness(asOf: Self.t0, staleAfter: Self.t0.addingTimeInterval(30))
        first.freshness[.ssl] = Freshness(asOf: Self.t0, staleAfter: Self.t0.addingTimeInterval(3600))
        _ = feed.lines(for: first, now: Self.t0)
        #expect(feed.tick(now: Self.t0.addingTimeInterval(20)).isEmpty)
        #expect(feed.tick(now: Self.t0.addingTimeInterval(31)) == ["00:00:31 Notifications: NO DATA SINCE 00:00"])
        #expect(feed.tick(now: Self.t0.addingTimeInterval(60)).isEmpty, "said once")
        var back = snapshot(at: 70)
        back.freshness[.notifications] = Freshness(asOf: Self.t0.addingTimeInterval(70))
        back.freshness[.ssl] = Freshness(asOf: Self.t0, problem: "database is locked")
        let lines = feed.lines(for: back, now: Self.t0.addingTimeInterval(70))
        #expect(lines.contains("00:01:10 Notifications: data again"), "\(lines)")
        #expect(lines.contains("00:01:10 SSL: NO DATA SINCE 00:00 (database is locked)"), "\(lines)")
    }

    @Test func plainFeedSpeaksSpanishAndPortuguese() {
        var spanish = PlainFeed(text: UIText(.spanish), unicode: true, timeZone: Fixtures.utc)
        let es = spanish.lines(for: snapshot(), now: Self.t0)
        #expect(es.first == "00:00:00 vendedor shop (PRODUCCIÓN): NO LISTO (2 de 9 sin aprobar)")
        #expect(es.contains { $0.contains("saldos: disponible ARS 152.340,50") }, "\(es)")
        var portuguese = PlainFeed(text: UIText(.portuguese), unicode: false, timeZone: Fixtures.utc)
        let pt = portuguese.lines(for: snapshot(), now: Self.t0)
        #expect(pt.first == "00:00:00 vendedor shop (PRODUCAO): NAO PRONTO (2 de 9 pendentes)")
    }

    @Test func plainFeedStripsControlCharactersAndSpeaksASCIIInTheCLocale() {
        var checks = Fixtures.checks
        checks[0] = Fixtures.check(.credentialsAccessToken, .fail, "evil \u{1B}[2J name José ✓ 東")
        var feed = PlainFeed(unicode: false, timeZone: Fixtures.utc)
        let lines = feed.lines(for: snapshot(checks: checks), now: Self.t0)
        let line = lines.first { $0.contains("evil") } ?? ""
        #expect(line.contains("evil  [2J name Jose + ??"), "\(line)")
        #expect(lines.allSatisfy { $0.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } })
    }

    @Test func plainFeedSaysWhenAPaneFailsAndComesBack() {
        var feed = PlainFeed(unicode: true, timeZone: Fixtures.utc)
        _ = feed.lines(for: snapshot(), now: Self.t0)
        var broken = snapshot(at: 2)
        broken.feed = .failed("database is locked")
        broken.problem = "store: database is locked"
        let lines = feed.lines(for: broken, now: Self.t0.addingTimeInterval(2))
        #expect(lines.contains("00:00:02 notifications: cannot be read: database is locked"))
        #expect(lines.contains("00:00:02 store problem: store: database is locked"))
        #expect(feed.lines(for: broken, now: Self.t0.addingTimeInterval(3)).isEmpty)
        let back = feed.lines(for: snapshot(at: 4), now: Self.t0.addingTimeInterval(4))
        #expect(back.contains("00:00:04 notifications: readable again"))
        #expect(back.contains("00:00:04 store problem solved"))
    }
}
