import Foundation
import GoLiveCore
import TerminalUI
import Testing

/// The wall display (`golive wall`, issue 9): read-only by construction, made for distance, no secrets.
@Suite struct WallTests {
    func screen(_ state: DashboardState) -> String { DashboardView.render(state).text }

    static let sizes = [(80, 24), (120, 40), (200, 50), (30, 10)]
    static let languages: [Language] = [.english, .spanish, .portuguese]

    // MARK: read-only by construction

    /// Every context of the wall: plain, help open, too small, locked, every size.
    static var wallContexts: [DashboardState] {
        var contexts: [DashboardState] = []
        for (width, height) in sizes {
            for readOnly in [false, true] {
                var state = Fixtures.state(width: width, height: height, mode: .wall, readOnly: readOnly)
                contexts.append(state)
                state.handle(.key(.character("?")))
                contexts.append(state)
                var locked = Fixtures.state(width: width, height: height, mode: .wall)
                locked.locked = true
                contexts.append(locked)
            }
        }
        return contexts
    }

    @Test func theWallRegistersOnlyItsOwnSmallActionSet() {
        #expect(!Action.wallActions.contains { $0.mutates })
        #expect(!Action.wallActions.contains(.recheck))
        #expect(!Action.wallActions.contains(.switchSeller))
        #expect(!Action.wallActions.contains(.sellerChoose))
        var registered: Set<Action> = []
        for state in Self.wallContexts {
            let actions = Keymap.bindings(for: state).map(\.action)
            registered.formUnion(actions)
            #expect(actions.allSatisfy { Action.wallActions.contains($0) }, "\(actions)")
            #expect(!actions.contains { $0.mutates })
        }
        #expect(registered == [.quit, .help, .closeOverlay, .nextTheme, .repaint, .allSellers])
        // …while the operator's dashboard does register the changing ones.
        var dashboard = Set(Keymap.bindings(for: Fixtures.state()).map(\.action))
        var sellers = Fixtures.state()
        sellers.handle(.key(.character("s")))
        dashboard.formUnion(Keymap.bindings(for: sellers).map(\.action))
        #expect(dashboard.contains(.recheck))
        #expect(dashboard.contains(.switchSeller))
        #expect(dashboard.contains(.sellerChoose))
    }

    @Test func noKeyOfTheDashboardChangesAnythingOnTheWall() {
        let keys: [Key] =
            "rsqjkgGnpz/ ".map(Key.character) + [
                .enter, .escape, .tab, .backTab, .up, .down, .left, .right, .pageUp, .pageDown, .home, .end,
            ]
        for key in keys where key != .character("q") {
            var state = Fixtures.state(mode: .wall)
            let effects = state.handle(.key(key))
            #expect(!effects.contains(.recheck))
            #expect(!effects.contains { if case .switchSeller = $0 { true } else { false } })
            #expect(state.overlay == nil || key == .character("?"))
        }
    }

    @Test func qQuitsUnlessLocked() {
        var state = Fixtures.state(mode: .wall)
        #expect(state.handle(.key(.character("q"))) == [.quit])
        var locked = Fixtures.state(mode: .wall)
        locked.locked = true
        for key in [Key.character("q"), .controlC, .character("t"), .character("?"), .controlL, .escape] {
            #expect(locked.handle(.key(key)) == [])
        }
        #expect(Keymap.bindings(for: locked).isEmpty)
        #expect(screen(locked).contains("locked: keys are ignored"))
    }

    // MARK: made for distance

    @Test func theBannerIsBlockLettersOfTheReadiness() {
        let rows = BannerFont.rows("NOT READY 6/9", pixel: 1, ink: "#")
        #expect(rows.count == BannerFont.height)
        #expect(rows.allSatisfy { $0.count == BannerFont.width(of: "NOT READY 6/9", pixel: 1) })
        #expect(BannerFont.rows("NÃO", pixel: 1, ink: "#") == BannerFont.rows("NAO", pixel: 1, ink: "#"))
        let text = screen(Fixtures.state(width: 120, height: 40, mode: .wall))
        #expect(text.contains("██"), "two-cell pixels at 120 columns")
        var ready = Fixtures.full
        ready.checks = ready.checks.map {
            var result = $0
            result.status = .pass
            return result
        }
        let readyText = screen(Fixtures.state(ready, width: 80, height: 24, mode: .wall))
        let banner = BannerFont.rows("READY", pixel: 2, ink: "█")
        #expect(readyText.contains(banner[0]), "\(readyText)")
    }

    @Test(arguments: sizes, languages)
    func wallSnapshots(size: (Int, Int), language: Language) {
        let state = Fixtures.state(width: size.0, height: size.1, mode: .wall, language: language)
        let prefix = language == .english ? "" : "\(language.rawValue)-"
        Snapshot.expect(screen(state), named: "\(prefix)wall-\(size.0)x\(size.1)")
    }

    @Test func asciiWall() {
        let text = screen(Fixtures.state(width: 80, height: 24, mode: .wall, unicode: false))
        Snapshot.expect(text, named: "wall-80x24-ascii")
        #expect(!text.contains("█"))
    }

    @Test func theClockTicksEverySecond() {
        var state = Fixtures.state(width: 80, height: 24, mode: .wall)
        let first = DashboardView.render(state)
        state.handle(.tick(Fixtures.now.addingTimeInterval(1)))
        let next = DashboardView.render(state)
        #expect(next.row(0).contains("00:00:01"), "\(next.row(0))")
        // Only the clock moved: one row differs.
        #expect((0..<24).filter { first.row($0) != next.row($0) } == [0])
    }

    @Test func staleDataSaysNoDataSince() {
        var snapshot = Fixtures.full
        snapshot.loadedAt = Fixtures.now.addingTimeInterval(-600)
        snapshot.problem = "no store file"
        for (width, height) in [(80, 24), (120, 40), (40, 12)] {
            let text = screen(Fixtures.state(snapshot, width: width, height: height, mode: .wall))
            #expect(text.contains("NO DATA SINCE") && text.contains("23:50"), "\(text)")
        }
        var quiet = Fixtures.full
        quiet.loadedAt = Fixtures.now.addingTimeInterval(-45)
        #expect(screen(Fixtures.state(quiet, mode: .wall)).contains("NO DATA SINCE"))
        #expect(!screen(Fixtures.state(mode: .wall)).contains("NO DATA SINCE"))
        let spanish = screen(Fixtures.state(snapshot, mode: .wall, language: .spanish))
        #expect(spanish.contains("SIN DATOS DESDE"))
        Snapshot.expect(screen(Fixtures.state(snapshot, mode: .wall)), named: "wall-stale-80x24")
    }

    /// `golive wall` started before the store exists: no data, where it waits, why, and what to do — at every size
    /// and language; the data appears once the store does (``DashboardData`` clears `storeWaiting`).
    @Test(arguments: [(80, 24), (120, 40)], languages)
    func aWallWaitingForItsStoreSaysWhereWhyAndWhatToDo(size: (Int, Int), language: Language) {
        var snapshot = DashboardSnapshot(seller: "default")
        snapshot.problem = UIText(language).storeMissing
        snapshot.storeWaiting = "/srv/golive/data/golive.sqlite"
        let text = screen(Fixtures.state(snapshot, width: size.0, height: size.1, mode: .wall, language: language))
        let words = UIText(language)
        #expect(text.contains(words.noData + " (" + words.wallWaitingForStore + ")"), "\(text)")
        #expect(text.contains("/srv/golive/data/golive.sqlite"), "\(text)")
        #expect(text.contains("golive serve") && text.contains("GOLIVE_STORE"), "\(text)")
        #expect(!text.contains(words.loadingNotifications), "nothing is loading: \(text)")
        let prefix = language == .english ? "" : "\(language.rawValue)-"
        Snapshot.expect(text, named: "\(prefix)wall-waiting-\(size.0)x\(size.1)")
    }

    /// The API stopped answering the pending releases' search: the balances pane keeps the last releases, says
    /// why ("Not updated: API HTTP 500") and its border since when (NO DATA SINCE hh:mm) — the wall and the
    /// dashboard, every language, 80x24 and 120x40.
    @Test(arguments: [(80, 24), (120, 40)], languages)
    func balancesWhoseAPIWentAwayAreStaleWithTheReason(size: (Int, Int), language: Language) {
        var snapshot = Fixtures.full
        var balances = Fixtures.balances
        balances.releasesStale = .init(
            since: Fixtures.now.addingTimeInterval(-300), kind: "server_error", httpStatus: 500)
        snapshot.balances = .loaded(balances)
        snapshot.freshness[.balances] = Freshness(asOf: Fixtures.now.addingTimeInterval(-300), problem: "server_error")
        let words = UIText(language)
        let prefix = language == .english ? "" : "\(language.rawValue)-"
        for mode in [DashboardMode.wall, .interactive] {
            let text = screen(Fixtures.state(snapshot, width: size.0, height: size.1, mode: mode, language: language))
            #expect(text.contains(words.notUpdated("API HTTP 500")), "\(text)")
            #expect(text.contains(words.noDataSince("").trimmingCharacters(in: .whitespaces)), "\(text)")
            #expect(text.contains("23:55"), "since the last search that worked")
            let name = mode == .wall ? "wall" : "dashboard"
            Snapshot.expect(text, named: "\(prefix)\(name)-api-gone-\(size.0)x\(size.1)")
        }
        var unreachable = balances
        unreachable.releasesStale = .init(since: nil, kind: "unreachable")
        #expect(
            words.apiProblem(unreachable.releasesStale!)
                == words.t("API unreachable", "API inalcanzable", "API inacessível"))
    }

    @Test func rotationShowsOnePaneAtATime() {
        var state = Fixtures.state(width: 80, height: 24, mode: .wall)
        state.rotate = 10
        var titles: [String] = []
        for step in 0..<3 {
            state.handle(.tick(Fixtures.now.addingTimeInterval(Double(step * 10))))
            let text = screen(state)
            titles.append(WallView.layout(Rect(x: 0, y: 0, width: 80, height: 10), state: state).map { "\($0.0)" }[0])
            #expect(text.contains("\(step + 1)/3"), "\(text)")
        }
        #expect(Set(titles).count == 3)
        Snapshot.expect(screen(state), named: "wall-rotate-80x24")
    }

    // MARK: no secrets

    @Test func neverAFullEmailSecretOrIdentificationNumber() {
        let email = "maria.gonzalez@example.com"
        let token = "APP_USR-1234567890123456-112613-0123456789abcdef0123456789abcdef-123456789"
        let cpf = "123.456.789-09"
        let dni = "30123456"
        var snapshot = Fixtures.full
        snapshot.accessToken = token
        snapshot.problem = "store at /tmp/\(email) unreadable"
        snapshot.checks[0].summary = "Token \(token) belongs to \(email), DNI \(dni), CPF \(cpf)."
        snapshot.checks[1].actions = ["Ask \(email)"]
        snapshot.checks[1].status = .fail
        snapshot.checks[2].details["email"] = .string(email)
        if case .loaded(var entries) = snapshot.feed {
            entries[0].resourceSummary = "Payment 1: approved, payer \(email), doc \(cpf)"
            entries[0].action = email
            entries[1].action = "doc \(dni)"
            entries[0].headers = [FeedEntry.Header(name: "authorization", value: "Bearer \(token)")]
            entries[0].body = "{\"payer\":{\"email\":\"\(email)\"}}"
            snapshot.feed = .loaded(entries)
        }
        var all = ""
        for (width, height) in Self.sizes + [(40, 12), (300, 80)] {
            for rotate in [nil, 1] {
                for second in 0..<3 {
                    var state = Fixtures.state(snapshot, width: width, height: height, mode: .wall)
                    state.rotate = rotate
                    state.handle(.tick(Fixtures.now.addingTimeInterval(Double(second))))
                    all += screen(state)
                    state.handle(.key(.character("?")))
                    all += screen(state)
                }
            }
        }
        for secret in [email, "maria.gonzalez", token, "1234567890123456", "0123456789abcdef", cpf, "123.456", dni] {
            #expect(!all.contains(secret), "\(secret) shown on the wall")
        }
        #expect(all.contains("m•••z@example.com"), "the e-mail is masked, not dropped")
        #expect(WallRedaction.scrub("DNI 30123456") == "DNI •••••456")
        #expect(WallRedaction.scrub("ARS 1.234.567,89 on 2026-11-27") == "ARS 1.234.567,89 on 2026-11-27")
        #expect(WallRedaction.scrub("27/11/2026 release-2026-11-25.csv") == "27/11/2026 release-2026-11-25.csv")
    }
}
