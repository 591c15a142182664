import Foundation
import GoLiveCore
import TerminalUI
import Testing

@Suite struct ReducerTests {
    @Test func qAndControlCQuitFromPanesAndHelp() {
        for key in [Key.character("q"), .controlC] {
            var state = Fixtures.state()
            #expect(state.handle(.key(key)) == [.quit])
            var help = Fixtures.state()
            help.handle(.key(.character("?")))
            #expect(help.overlay == .help)
            #expect(help.handle(.key(key)) == [.quit])
        }
    }

    @Test func qIsALetterWhileTypingAFilterAndEscLeavesTheFieldFirst() {
        var state = Fixtures.state()
        state.handle(.key(.character("/")))
        #expect(state.editingFilter && state.focus == .notifications)
        #expect(state.handle(.key(.character("q"))) == [])
        #expect(state.filter == "q")
        state.handle(.key(.backspace))
        state.handle(.key(.escape))
        #expect(!state.editingFilter)
        #expect(state.handle(.key(.character("q"))) == [.quit])
    }

    @Test func filterNarrowsTheFeedAndEscClearsIt() {
        var state = Fixtures.state()
        for key in [Key.character("/")] + "unsigned".map(Key.character) + [.enter] { state.handle(.key(key)) }
        #expect(!state.visibleFeed.isEmpty)
        #expect(state.visibleFeed.allSatisfy { $0.signature == "unsigned" })
        state.handle(.key(.escape))
        #expect(state.filter.isEmpty)
        #expect(state.visibleFeed.count == Fixtures.feed.count)
    }

    @Test func tabCyclesFocusBothWays() {
        var state = Fixtures.state()
        var seen: [PaneID] = []
        for _ in PaneID.allCases {
            seen.append(state.focus)
            state.handle(.key(.tab))
        }
        #expect(Set(seen) == Set(PaneID.allCases))
        #expect(state.focus == .credentials)
        state.handle(.key(.backTab))
        #expect(state.focus == PaneID.allCases.last)
    }

    @Test func escClosesOverlaysAndEnterOpensTheNotificationDetail() {
        var state = Fixtures.state()
        state.focus = .notifications
        state.handle(.key(.down))
        state.handle(.key(.down))
        state.handle(.key(.enter))
        #expect(state.overlay == .detail(Fixtures.feed[2].seq))
        state.handle(.key(.down))
        #expect(state.overlay == .detail(Fixtures.feed[3].seq))
        state.handle(.key(.escape))
        #expect(state.overlay == nil)
        state.handle(.key(.character("?")))
        state.handle(.key(.escape))
        #expect(state.overlay == nil)
    }

    @Test func enterZoomsOtherPanesAndEscUnzooms() {
        var state = Fixtures.state()
        state.focus = .ssl
        state.handle(.key(.enter))
        #expect(state.zoomed)
        state.handle(.key(.escape))
        #expect(!state.zoomed)
    }

    @Test func selectionStaysOnTheSameNotificationWhenNewOnesArrive() {
        var state = Fixtures.state()
        state.focus = .notifications
        state.handle(.key(.down))
        let selected = state.visibleFeed[state.feedSelection].seq
        var snapshot = Fixtures.full
        var feed = Fixtures.feed
        feed.insert(
            FeedEntry(
                seq: 101, id: "new", receivedAt: Fixtures.now, kind: "webhook", topic: "payment", signature: "valid",
                processing: "pending"), at: 0)
        snapshot.feed = .loaded(feed)
        state.handle(.snapshot(snapshot))
        #expect(state.visibleFeed[state.feedSelection].seq == selected)
    }

    @Test func recheckIsAnEffectButNotBoundWhenReadOnly() {
        var state = Fixtures.state()
        #expect(state.handle(.key(.character("r"))) == [.recheck])
        var readOnly = Fixtures.state(readOnly: true)
        #expect(readOnly.handle(.key(.character("r"))) == [])
        #expect(!Keymap.bindings(for: readOnly).contains { $0.action.mutates })
        let wall = Fixtures.state(mode: .wall)
        #expect(wall.readOnly)
        #expect(!Keymap.bindings(for: wall).contains { $0.action.mutates })
    }

    @Test func noRecheckWhileOneIsRunning() {
        var state = Fixtures.state()
        state.handle(.checking(true, "checking…"))
        #expect(state.handle(.key(.character("r"))) == [])
    }

    @Test func themeKeyCyclesAndReportsTheTheme() {
        var state = Fixtures.state()
        #expect(state.handle(.key(.character("t"))) == [.themeChanged("light")])
        #expect(state.themeName == "light")
    }

    @Test func sellerSwitcherChoosesAnotherSeller() {
        var state = Fixtures.state()
        state.handle(.key(.character("s")))
        #expect(state.overlay == .sellers(0))
        state.handle(.key(.down))
        #expect(state.handle(.key(.enter)) == [.switchSeller("marketplace")])
        #expect(state.overlay == nil)
        var single = Fixtures.state(Fixtures.empty)
        single.handle(.key(.character("s")))
        #expect(single.overlay == nil, "no switcher with one seller")
    }

    @Test func tooSmallStillReactsToQAndResize() {
        var state = Fixtures.state(width: 20, height: 5)
        #expect(state.handle(.key(.tab)) == [])
        #expect(state.handle(.resize(TerminalSize(width: 80, height: 24))) == [.repaint])
        #expect(state.handle(.key(.character("q"))) == [.quit])
    }

    @Test func everyBindingOfEveryContextIsInTheHelp() {
        var contexts: [DashboardState] = [
            Fixtures.state(), Fixtures.state(readOnly: true), Fixtures.state(mode: .wall),
        ]
        var notifications = Fixtures.state()
        notifications.focus = .notifications
        contexts.append(notifications)
        for context in contexts {
            var help = context
            help.handle(.key(.character("?")))
            let text = DashboardView.render(help).text
            for binding in Keymap.bindings(for: context) {
                #expect(text.contains(binding.label), "\(binding.label) missing from help")
            }
        }
    }
}

@Suite struct LayoutTests {
    @Test func everySizeFromOneByOneRendersInsideTheGrid() {
        for width in stride(from: 1, through: 130, by: 3) {
            for height in stride(from: 1, through: 45, by: 2) {
                for zoomed in [false, true] {
                    var state = Fixtures.state(width: width, height: height)
                    state.zoomed = zoomed
                    let grid = DashboardView.render(state)
                    #expect(grid.size == state.size)
                    let layout = DashboardLayout.compute(size: state.size, focus: state.focus, zoomed: zoomed)
                    for (_, rect) in layout.panes {
                        #expect(rect.maxX <= width && rect.maxY <= height, "\(width)x\(height)")
                    }
                }
            }
        }
    }

    @Test func breakpoints() {
        func kind(_ width: Int, _ height: Int) -> DashboardLayout.Kind {
            DashboardLayout.compute(size: TerminalSize(width: width, height: height), focus: .ssl, zoomed: false).kind
        }
        #expect(kind(120, 40) == .wide)
        #expect(kind(80, 24) == .standard)
        #expect(kind(60, 20) == .narrow)
        #expect(kind(40, 12) == .narrow)
        #expect(kind(39, 12) == .tooSmall)
    }

    @Test func wideCharactersAreNeverSplit() {
        var grid = CellGrid(size: TerminalSize(width: 5, height: 1))
        grid.put("日本語", x: 0, y: 0)
        #expect(grid.row(0) == "日本 ")
        grid.put("x", x: 1, y: 0)
        #expect(grid.row(0) == " x本 ")
        #expect(DisplayWidth.truncate("golive 監視", to: 9) == "golive …")
        #expect(DisplayWidth.truncate("golive 監視", to: 10) == "golive 監…")
    }

    @Test func moneyIsExact() {
        #expect(Format.money(Decimal(string: "152340.5")!) == "152,340.50")
        #expect(Format.money(Decimal(string: "-0.125")!) == "-0.13")
        #expect(Format.money(Decimal(string: "1000000")!) == "1,000,000.00")
    }
}
