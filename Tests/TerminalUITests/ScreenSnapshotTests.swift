import Foundation
import GoLiveCore
import GoLiveThemes
import TerminalUI
import Testing

/// Every screen as text at 120x40, 80x24 and 40x12, plus "too small"; the role map shows what each cell means
/// (the theme turns roles into colours; see ThemeSnapshotTests).
@Suite struct ScreenSnapshotTests {
    static let sizes = [(120, 40), (80, 24), (40, 12)]

    func screen(_ state: DashboardState) -> String {
        DashboardView.render(state).text
    }

    @Test(arguments: sizes)
    func fullDashboard(width: Int, height: Int) {
        let state = Fixtures.state(width: width, height: height)
        Snapshot.expect(screen(state), named: "dashboard-full-\(width)x\(height)")
    }

    @Test(arguments: sizes)
    func freshInstallSaysWhatIsMissing(width: Int, height: Int) {
        let state = Fixtures.state(Fixtures.empty, width: width, height: height)
        let text = screen(state)
        Snapshot.expect(text, named: "dashboard-empty-\(width)x\(height)")
        #expect(!text.contains("ARS"), "no invented balance")
    }

    @Test func roleMapAt80x24() {
        let grid = DashboardView.render(Fixtures.state())
        Snapshot.expect(grid.text + "\n\n" + grid.roleMap, named: "dashboard-full-80x24-roles")
    }

    @Test(arguments: PaneID.allCases)
    func everyPaneZoomedAndNarrow(pane: PaneID) {
        var state = Fixtures.state(width: 80, height: 24)
        state.focus = pane
        state.zoomed = true
        var narrow = Fixtures.state(width: 40, height: 12)
        narrow.focus = pane
        Snapshot.expect(
            screen(state) + "\n\n" + screen(narrow), named: "pane-\(pane.rawValue)")
    }

    @Test(arguments: [(120, 40), (80, 24), (40, 12)])
    func helpOverlay(width: Int, height: Int) {
        var state = Fixtures.state(width: width, height: height)
        state.handle(.key(.character("?")))
        Snapshot.expect(screen(state), named: "help-\(width)x\(height)")
    }

    @Test func notificationDetailOverlay() {
        var state = Fixtures.state(width: 100, height: 30)
        state.focus = .notifications
        state.handle(.key(.down))
        state.handle(.key(.enter))
        Snapshot.expect(screen(state), named: "detail-100x30")
    }

    @Test func filterWhileTyping() {
        var state = Fixtures.state(width: 80, height: 24)
        for key in [Key.character("/")] + "unsigned".map(Key.character) { state.handle(.key(key)) }
        Snapshot.expect(screen(state), named: "filter-80x24")
    }

    @Test func sellerSwitcher() {
        var state = Fixtures.state(width: 80, height: 24)
        state.handle(.key(.character("s")))
        Snapshot.expect(screen(state), named: "sellers-80x24")
    }

    @Test(arguments: [(39, 24), (80, 11), (20, 5), (1, 1)])
    func tooSmall(width: Int, height: Int) {
        let text = screen(Fixtures.state(width: width, height: height))
        Snapshot.expect(text, named: "too-small-\(width)x\(height)")
        if width >= 20 && height >= 4 {
            #expect(text.contains("need 40×12") && text.contains("have \(width)×\(height)"))
        }
    }

    @Test func asciiWhenTheLocaleIsNotUTF8() {
        let text = screen(Fixtures.state(width: 80, height: 24, unicode: false))
        Snapshot.expect(text, named: "dashboard-full-80x24-ascii")
        // golive's own glyphs and borders are ASCII (the fixture's masked keys keep their "…").
        #expect(!text.contains { "─│┌┐└┘✓✗▲█░┃▶·".contains($0) })
    }

    @Test func wallDisplayIsReadOnly() {
        let state = Fixtures.state(width: 120, height: 40, mode: .wall)
        let text = screen(state)
        Snapshot.expect(text, named: "wall-120x40")
        #expect(text.contains("read-only"))
    }
}

/// The same screen per theme: the text is the theme's name in the key bar message plus its legend, which is
/// what turns the role map into colours.
@Suite struct ThemeSnapshotTests {
    @Test(arguments: ThemeCatalog.shippedNames)
    func perTheme(name: String) throws {
        let catalog = ThemeCatalog.builtIn()
        let theme = try #require(catalog.theme(named: name))
        var state = Fixtures.state(width: 80, height: 24)
        state.themes = catalog.names
        while state.themeName != name { state.handle(.key(.character("t"))) }
        let grid = DashboardView.render(state)
        Snapshot.expect(grid.text + "\n\n" + theme.legend, named: "theme-\(name)-80x24")
    }
}

/// The walkthrough: every step at 80x24, n/p (and arrows) move freely, never gated.
@Suite struct WalkthroughTests {
    @Test func everyStepAt80x24AndNarrow() {
        var state = Fixtures.state(width: 80, height: 24, mode: .walkthrough)
        var screens: [String] = []
        for _ in WalkthroughStep.all {
            screens.append(DashboardView.render(state).text)
            state.handle(.key(.character("n")))
        }
        Snapshot.expect(screens.joined(separator: "\n\n"), named: "walkthrough-80x24")
        var narrow = Fixtures.state(Fixtures.empty, width: 40, height: 12, mode: .walkthrough)
        narrow.handle(.key(.right))
        Snapshot.expect(DashboardView.render(narrow).text, named: "walkthrough-empty-40x12")
    }

    @Test func stepsMoveBothWaysAndStopAtTheEnds() {
        var state = Fixtures.state(mode: .walkthrough)
        state.handle(.key(.character("p")))
        #expect(state.step == 0)
        for _ in 0..<10 { state.handle(.key(.right)) }
        #expect(state.step == WalkthroughStep.all.count - 1)
        state.handle(.key(.left))
        #expect(state.step == WalkthroughStep.all.count - 2)
        #expect(state.handle(.key(.enter)) == [.recheck])
        let quit = state.handle(.key(.character("q")))
        #expect(quit.last == .quit)
        guard case .saveProgress(let progress) = quit.first else {
            Issue.record("quitting the walkthrough stores where it was: \(quit)")
            return
        }
        #expect(progress.currentStep == WalkthroughStep.all[WalkthroughStep.all.count - 2].id)
    }
}
