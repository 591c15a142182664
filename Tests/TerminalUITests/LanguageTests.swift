import Foundation
import GoLiveCore
import TerminalUI
import Testing

/// The dashboard in Spanish and Brazilian Portuguese: whole screens as snapshots (the language is injected, the
/// environment is never read), and checks that the longer words do not break the layout.
@Suite struct LanguageSnapshotTests {
    static let languages: [Language] = [.spanish, .portuguese]
    static let sizes = [(120, 40), (80, 24), (40, 12)]

    func screen(_ state: DashboardState) -> String { DashboardView.render(state).text }

    /// A fresh install as the loader describes it in that language.
    static func empty(_ language: Language) -> DashboardSnapshot {
        var snapshot = Fixtures.empty
        let text = UIText(language)
        snapshot.balances = .unavailable(reason: text.noReleaseReport("default"), remedy: text.fetchReleaseRemedy)
        return snapshot
    }

    /// Every row is exactly the screen's width, and each pane box keeps its corners (nothing wrapped or spilled).
    func expectIntact(
        _ text: String, width: Int, height: Int, boxes: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        #expect(rows.count == height, sourceLocation: sourceLocation)
        for row in rows {
            #expect(DisplayWidth.of(String(row)) <= width, "\(row)", sourceLocation: sourceLocation)
        }
        guard boxes else { return }  // an overlay covers some corners
        let opened = text.filter { $0 == "┌" }.count
        let closed = text.filter { $0 == "┘" }.count
        #expect(opened == closed, "every box that opens closes", sourceLocation: sourceLocation)
    }

    @Test(arguments: languages, sizes)
    func fullDashboard(language: Language, size: (Int, Int)) {
        let (width, height) = size
        let text = screen(Fixtures.state(width: width, height: height, language: language))
        Snapshot.expect(text, named: "\(language.rawValue)-dashboard-full-\(width)x\(height)")
        expectIntact(text, width: width, height: height)
        #expect(!text.contains(" NOT READY") && !text.contains("quit"), "the chrome is translated")
    }

    /// The balances' pending releases never cut "(1 pagamento)": the whole word where it fits (120x40), the
    /// language's abbreviation at 80x24, and the day without its year in the wall's narrow column — one form for
    /// every row. Snapshot: pt-BR-balances-one-payment-80x24.
    @Test func pendingPaymentCountsAreAbbreviatedNotCut() {
        var snapshot = Fixtures.full
        var balances = Fixtures.balances
        balances.toBeReleased = [
            .init(date: "2026-11-27", amount: Decimal(string: "8450.25")!, payments: 1),
            .init(date: "2026-11-29", amount: Decimal(string: "19999.99")!, payments: 12),
        ]
        snapshot.balances = .loaded(balances)
        let narrow = screen(Fixtures.state(snapshot, width: 80, height: 24, language: .portuguese))
        #expect(narrow.contains("27/11/2026  8.450,25 (1 pgto)"), "\(narrow)")
        #expect(narrow.contains("29/11/2026  19.999,99 (12 pgtos)"), "\(narrow)")
        #expect(!narrow.contains("pagamen…") && !narrow.contains("pgto…"))
        Snapshot.expect(narrow, named: "pt-BR-balances-one-payment-80x24")
        let wide = screen(Fixtures.state(snapshot, width: 160, height: 40, language: .portuguese))
        #expect(wide.contains("(1 pagamento)") && wide.contains("(12 pagamentos)"), "\(wide)")
        let english = screen(Fixtures.state(snapshot, width: 80, height: 24, language: .english))
        #expect(english.contains("(1 pmt)") && english.contains("(12 pmts)"), "\(english)")
        let wall = screen(Fixtures.state(snapshot, width: 120, height: 40, mode: .wall, language: .portuguese))
        #expect(wall.contains("27/11  8.450,25 (1 pgto)") && wall.contains("29/11  19.999,99 (12 pgtos)"), "\(wall)")
    }

    @Test(arguments: languages, sizes)
    func freshInstall(language: Language, size: (Int, Int)) {
        let (width, height) = size
        let text = screen(Fixtures.state(Self.empty(language), width: width, height: height, language: language))
        Snapshot.expect(text, named: "\(language.rawValue)-dashboard-empty-\(width)x\(height)")
        expectIntact(text, width: width, height: height)
    }

    @Test(arguments: languages, sizes)
    func helpOverlay(language: Language, size: (Int, Int)) {
        let (width, height) = size
        var state = Fixtures.state(width: width, height: height, language: language)
        state.handle(.key(.character("?")))
        let text = screen(state)
        Snapshot.expect(text, named: "\(language.rawValue)-help-\(width)x\(height)")
        expectIntact(text, width: width, height: height, boxes: false)
    }

    @Test(arguments: languages)
    func everyPaneZoomedAndNarrow(language: Language) {
        var screens: [String] = []
        for pane in PaneID.allCases {
            var zoomed = Fixtures.state(width: 80, height: 24, language: language)
            zoomed.focus = pane
            zoomed.zoomed = true
            var narrow = Fixtures.state(width: 40, height: 12, language: language)
            narrow.focus = pane
            screens += [screen(zoomed), screen(narrow)]
            expectIntact(screens[screens.count - 1], width: 40, height: 12)
        }
        Snapshot.expect(screens.joined(separator: "\n\n"), named: "\(language.rawValue)-panes")
    }

    @Test(arguments: languages)
    func detailFilterAndSellers(language: Language) {
        var detail = Fixtures.state(width: 100, height: 30, language: language)
        detail.focus = .notifications
        detail.handle(.key(.down))
        detail.handle(.key(.enter))
        var filter = Fixtures.state(width: 80, height: 24, language: language)
        for key in [Key.character("/")] + "1320".map(Key.character) { filter.handle(.key(key)) }
        var sellers = Fixtures.state(width: 80, height: 24, language: language)
        sellers.handle(.key(.character("s")))
        let wall = Fixtures.state(width: 120, height: 40, mode: .wall, language: language)
        let small = Fixtures.state(width: 30, height: 10, language: language)
        Snapshot.expect(
            [detail, filter, sellers, wall, small].map(screen).joined(separator: "\n\n"),
            named: "\(language.rawValue)-overlays")
    }

    @Test(arguments: languages)
    func walkthroughEveryStep(language: Language) {
        var state = Fixtures.state(width: 80, height: 24, mode: .walkthrough, language: language)
        var screens: [String] = []
        for _ in WalkthroughStep.all {
            let text = screen(state)
            expectIntact(text, width: 80, height: 24)
            screens.append(text)
            state.handle(.key(.character("n")))
        }
        var narrow = Fixtures.state(Self.empty(language), width: 40, height: 12, mode: .walkthrough, language: language)
        narrow.handle(.key(.right))
        screens.append(screen(narrow))
        Snapshot.expect(screens.joined(separator: "\n\n"), named: "\(language.rawValue)-walkthrough-80x24")
    }

    /// A first run with nothing configured: the core's own summaries and remedies (AwaitingEvidence) come out
    /// translated too, on the dashboard and in the walkthrough.
    @Test(arguments: languages)
    func firstCheckWithNothingConfigured(language: Language) {
        var snapshot = Self.empty(language)
        let seller = SellerSettings(name: "default")
        snapshot.checks = AwaitingEvidence.checks.map {
            AwaitingEvidence.result(for: $0, seller: seller, at: Fixtures.now.addingTimeInterval(-60))
        }
        let dashboard = screen(Fixtures.state(snapshot, width: 120, height: 40, language: language))
        var walkthrough = Fixtures.state(snapshot, width: 80, height: 24, mode: .walkthrough, language: language)
        walkthrough.handle(.key(.character("n")))
        let step = screen(walkthrough)
        Snapshot.expect(dashboard + "\n\n" + step, named: "\(language.rawValue)-first-check")
        #expect(!step.contains("No checkout URL"), "the core's summary is translated")
        #expect(!dashboard.contains("Run golive quality"), "the core's remedy is translated")
    }

    @Test func spanishWordsOnScreen() {
        let text = screen(Fixtures.state(width: 120, height: 40, language: .spanish))
        for word in ["Credenciales", "Notificaciones", "Calidad y aprobación", "PRODUCCIÓN", "NO LISTO", "salir"] {
            #expect(text.contains(word), "\(word)")
        }
        #expect(text.contains("ARS 152.340,50"))
        var walkthrough = Fixtures.state(width: 80, height: 24, mode: .walkthrough, language: .spanish)
        #expect(screen(walkthrough).contains("Credenciales de producción"))
        walkthrough.handle(.key(.character("n")))
        walkthrough.handle(.key(.character("n")))
        #expect(screen(walkthrough).contains("Notificaciones"))
        walkthrough.handle(.key(.character("n")))
        walkthrough.handle(.key(.character("n")))
        #expect(screen(walkthrough).contains("Calidad de la integración"))
    }

    @Test func portugueseWordsOnScreen() {
        let text = screen(Fixtures.state(width: 120, height: 40, language: .portuguese))
        for word in ["Credenciais", "Notificações", "Qualidade e aprovação", "PRODUÇÃO", "NÃO PRONTO", "sair"] {
            #expect(text.contains(word), "\(word)")
        }
        var walkthrough = Fixtures.state(width: 80, height: 24, mode: .walkthrough, language: .portuguese)
        for _ in 0..<3 { walkthrough.handle(.key(.character("n"))) }
        #expect(screen(walkthrough).contains("Aprovação de pagamentos"))
        for _ in 0..<2 { walkthrough.handle(.key(.character("n"))) }
        #expect(screen(walkthrough).contains("Relatórios"))
    }

    @Test func englishStaysTheDefault() {
        let state = DashboardState(
            snapshot: Fixtures.full, size: TerminalSize(width: 80, height: 24), now: Fixtures.now,
            timeZone: Fixtures.utc)
        #expect(state.language == .english)
        #expect(screen(state).contains("quit"))
    }
}

/// The catalog itself: every key has a text in every language, the status words line up, times and ages.
@Suite struct UITextTests {
    @Test func statusBadgesHaveOneWidthPerLanguage() {
        for language in Language.allCases {
            let text = UIText(language)
            let widths = Set(
                [CheckStatus.pass, .warn, .fail, .unknown].map { DisplayWidth.of(text.badge($0, symbols: .unicode)) })
            #expect(widths.count == 1, "\(language)")
        }
        #expect(UIText(.spanish).badge(.fail, symbols: .unicode) == "✗ FALLA")
        #expect(UIText(.portuguese).badge(.fail, symbols: .ascii) == "x FALHA")
        #expect(UIText(.english).badge(.pass, symbols: .unicode) == "✓ PASS")
    }

    @Test func everyKeyLabelIsTranslated() {
        let actions: [Action] = [
            .quit, .help, .closeOverlay, .focusNext, .focusPrevious, .moveUp, .moveDown, .pageUp, .pageDown, .top,
            .bottom, .zoom, .openDetail, .startFilter, .clearFilter, .recheck, .nextTheme, .switchSeller, .repaint,
            .filterAccept, .filterCancel, .filterDelete, .sellerUp, .sellerDown, .sellerChoose, .nextStep,
            .previousStep, .measureQuality, .testNotification, .createReports, .signOff, .inputAccept, .inputCancel,
            .confirmYes,
        ]
        for action in actions {
            let english = UIText(.english).keyLabel(action)
            for language in [Language.spanish, .portuguese] {
                let label = UIText(language).keyLabel(action)
                #expect(!label.isEmpty && label != english, "\(action) in \(language)")
            }
        }
        for pane in PaneID.allCases where pane != .ssl {
            #expect(UIText(.spanish).paneTitle(pane) != UIText(.english).paneTitle(pane))
            #expect(UIText(.portuguese).paneTitle(pane) != UIText(.english).paneTitle(pane))
        }
    }

    @Test func walkthroughTitlesAsMercadoPagoWritesThem() {
        let spanish = WalkthroughStep.all.map { UIText(.spanish).stepTitle($0) }
        #expect(
            spanish == [
                "Credenciales de producción", "Certificado SSL", "Notificaciones", "Aprobación de pagos",
                "Calidad de la integración", "Reportes", "Resumen",
            ])
        let portuguese = WalkthroughStep.all.map { UIText(.portuguese).stepTitle($0) }
        #expect(
            portuguese == [
                "Credenciais de produção", "Certificado SSL", "Notificações", "Aprovação de pagamentos",
                "Qualidade da integração", "Relatórios", "Resumo",
            ])
    }

    @Test func datesFollowTheLanguage() {
        let date = Date(timeIntervalSince1970: 1_795_789_509)  // 2026-11-27 14:25:09 UTC
        let utc = TimeZone(identifier: "UTC")!
        #expect(UIText(.english).shortDateTime(date, zone: utc) == "11-27 14:25")
        #expect(UIText(.spanish).shortDateTime(date, zone: utc) == "27/11 14:25")
        #expect(UIText(.portuguese).date(date, zone: utc) == "27/11/2026")
        #expect(UIText(.english).date(date, zone: utc) == "2026-11-27")
        #expect(UIText(.spanish).clock(date, zone: TimeZone(secondsFromGMT: -3 * 3600)!) == "11:25:09")
        #expect(UIText(.spanish).isoDay("2026-11-27") == "27/11/2026")
        #expect(UIText(.english).isoDay("2026-11-27") == "2026-11-27")
    }

    @Test func agesAreCoarseAndTranslated() {
        #expect(UIText(.english).age(4) == "<1m")  // never seconds: the byte budget
        #expect(UIText(.english).age(12 * 60 + 5) == "12m")
        #expect(UIText(.spanish).age(12 * 60) == "12 min")
        #expect(UIText(.portuguese).age(3 * 3600) == "3 h")
        #expect(UIText(.spanish).age(2 * 86_400 + 5) == "2 d")
        #expect(UIText(.spanish).age(-5) == "<1 min")
        #expect(UIText(.english).ago(180) == "3m ago")
        #expect(UIText(.spanish).ago(180) == "hace 3 min")
        #expect(UIText(.portuguese).ago(180) == "há 3 min")
        #expect(UIText(.spanish).dataAge(4) == "datos <1 min")
    }

    @Test func reportTimesInTheReportsZone() {
        var state = Fixtures.state(width: 80, height: 24, language: .spanish)
        state.focus = .balances
        state.zoomed = true
        guard case .loaded(var summary) = state.snapshot.balances else {
            Issue.record("fixture has balances")
            return
        }
        summary.displayTimeZone = "GMT-03"
        state.snapshot.balances = .loaded(summary)
        let text = DashboardView.render(state).text
        #expect(text.contains("Cubre hasta   26/11 21:00 GMT-03"))
        summary.displayTimeZone = "Mars/Olympus"
        state.snapshot.balances = .loaded(summary)
        #expect(DashboardView.render(state).text.contains("27/11 00:00 UTC (unknown zone"))
    }
}

/// The plain line output (TERM=dumb, pipes) speaks the dashboard's language; ids stay greppable.
@Suite struct PlainFeedLanguageTests {
    @Test func spanishLines() {
        var feed = PlainFeed(unicode: true, timeZone: Fixtures.utc, language: .spanish)
        var snapshot = Fixtures.full
        snapshot.freshness[.notifications] = Freshness(
            asOf: Fixtures.now.addingTimeInterval(-4), staleAfter: Fixtures.now.addingTimeInterval(30))
        let lines = feed.lines(for: snapshot, now: Fixtures.now)
        #expect(lines.first == "00:00:00 vendedor shop (PRODUCCIÓN): NO LISTO (2 de 9 sin aprobar)")
        #expect(lines.contains { $0.hasPrefix("00:00:00 verificación quality.score FALLA: ") })
        #expect(lines.contains { $0.contains("notificaciones: ") && $0.contains("la más reciente") })
        #expect(
            lines.contains(
                "00:00:00 saldos: disponible ARS 152.340,50, retenido ARS 1.200,00, próxima liberación 2026-11-27 "
                    + "ARS 8.450,25"), "\(lines)")
        let stale = feed.tick(now: Fixtures.now.addingTimeInterval(60))
        #expect(stale == ["00:01:00 Notificaciones: SIN DATOS DESDE 26/11 23:59"], "\(stale)")
    }

    @Test func portugueseAndAsciiFolding() {
        var feed = PlainFeed(unicode: false, timeZone: Fixtures.utc, language: .portuguese)
        let lines = feed.lines(for: Fixtures.full, now: Fixtures.now)
        #expect(lines.first == "00:00:00 vendedor shop (PRODUCAO): NAO PRONTO (2 de 9 pendentes)", "\(lines)")
        #expect(lines.allSatisfy { $0.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } })
    }
}
