import Foundation
import GoLiveCore
import Testing

@testable import TerminalUI

/// Issue 10: a store shared with other machines (PostgreSQL) may be followed by polling, be reconnecting, or be
/// down; the dashboard's and the wall's status line say so — and say nothing in the normal live state, so every
/// other screen stays as it was.
@Suite("Status line: the store's connection state")
struct StoreConnectionTests {
    static let now = Fixtures.now
    static let lostAt = now.addingTimeInterval(-90)  // 11-26 23:58:30 UTC

    static func snapshot(_ connection: StoreConnectionState, problem: String? = nil) -> DashboardSnapshot {
        var snapshot = Fixtures.full
        snapshot.storeConnection = connection
        snapshot.problem = problem
        return snapshot
    }

    /// The store went down ten minutes ago: the loader shows the last data, stale since then.
    static var down: DashboardSnapshot {
        let lastRead = now.addingTimeInterval(-600)
        var snapshot = snapshot(
            .unavailable(reason: "connection refused", staleSince: lastRead), problem: UIText(.english).storeUnreadable)
        snapshot.loadedAt = lastRead
        for pane in PaneID.allCases { snapshot.freshness[pane] = Freshness(asOf: lastRead, problem: "unreadable") }
        return snapshot
    }

    func render(
        _ snapshot: DashboardSnapshot, width: Int, height: Int, mode: DashboardMode = .interactive,
        language: Language = .english
    ) -> CellGrid {
        let state = Fixtures.state(snapshot, width: width, height: height, mode: mode, language: language)
        return mode == .wall ? WallView.render(state) : DashboardView.render(state)
    }

    /// The role of the first cell of `needle` on the screen.
    func role(of needle: String, in grid: CellGrid) -> Character? {
        let lines = grid.text.split(separator: "\n", omittingEmptySubsequences: false)
        let roles = grid.roleMap.split(separator: "\n", omittingEmptySubsequences: false)
        for (row, line) in lines.enumerated() {
            if let range = line.range(of: needle) {
                return Array(roles[row])[line.distance(from: line.startIndex, to: range.lowerBound)]
            }
        }
        return nil
    }

    @Test("the live state adds nothing: the screen is the one without a connection state")
    func liveIsSilent() {
        for mode in [DashboardMode.interactive, .wall] {
            let plain = render(Fixtures.full, width: 80, height: 24, mode: mode).text
            #expect(render(Self.snapshot(.live), width: 80, height: 24, mode: mode).text == plain)
            #expect(!plain.contains("reconnecting") && !plain.contains("polling"))
        }
    }

    @Test("reconnecting since hh:mm, as a warning, on the dashboard and the wall", arguments: [(120, 40), (80, 24)])
    func reconnecting(width: Int, height: Int) {
        let snapshot = Self.snapshot(.reconnecting(since: Self.lostAt))
        let dashboard = render(snapshot, width: width, height: height)
        Snapshot.expect(dashboard.text, named: "store-reconnecting-\(width)x\(height)")
        // At 80 columns the header has room for the start only (cut as a store problem is).
        #expect(dashboard.text.contains(width >= 120 ? "reconnecting since 11-26 23:58" : "reconnecting"))
        #expect(role(of: "reconnecting", in: dashboard) == Role.warn.code)
        let wall = render(snapshot, width: width, height: height, mode: .wall)
        Snapshot.expect(wall.text, named: "wall-store-reconnecting-\(width)x\(height)")
        #expect(wall.text.contains(width >= 120 ? "reconnecting since 11-26 23:58" : "reconnecting"))
    }

    @Test("the polling fallback says how often it looks")
    func pollingFallback() {
        let grid = render(Self.snapshot(.polling(every: .seconds(5), since: Self.lostAt)), width: 80, height: 24)
        Snapshot.expect(grid.text, named: "store-polling-80x24")
        #expect(grid.text.contains("polling every 5s"))
        #expect(role(of: "polling every 5s", in: grid) == Role.warn.code)
    }

    @Test("a store down: its problem and stale since hh:mm, critical; the wall's banner says no data since then")
    func staleSince() {
        let dashboard = render(Self.down, width: 120, height: 40)
        Snapshot.expect(dashboard.text, named: "store-down-stale-120x40")
        #expect(dashboard.text.contains("store unreadable · stale since 11-26 23:50"))
        #expect(role(of: "stale since", in: dashboard) == Role.crit.code)
        let wall = render(Self.down, width: 80, height: 24, mode: .wall)
        Snapshot.expect(wall.text, named: "wall-store-down-stale-80x24")
        #expect(wall.text.contains("NO DATA SINCE 11-26 23:50"))
        // At 80 columns the alert is cut to the room left next to the readiness, not dropped.
        #expect(wall.text.split(separator: "\n").first?.contains("store unreadabl") == true)
    }

    @Test("in the chosen language")
    func languages() {
        let snapshot = Self.snapshot(.reconnecting(since: Self.lostAt))
        let spanish = render(snapshot, width: 120, height: 40, language: .spanish).text
        #expect(spanish.contains("reconectando desde 26/11 23:58"))
        let words = UIText(.portuguese)
        #expect(
            words.storeConnection(.polling(every: .seconds(5), since: Self.now), now: Self.now, zone: Fixtures.utc)
                == "consultando a cada 5 s")
        #expect(words.storeConnection(.live, now: Self.now, zone: Fixtures.utc) == nil)
    }

    @Test("the plain output prints a line when the connection state changes, with the reason")
    func plainLines() {
        var feed = PlainFeed(unicode: true, timeZone: Fixtures.utc, language: .english)
        var snapshot = Fixtures.full
        snapshot.loadedAt = Self.now
        let opening = feed.lines(for: snapshot, now: Self.now)
        #expect(!opening.contains { $0.contains("store connection") })
        snapshot.storeConnection = .reconnecting(since: Self.lostAt)
        #expect(
            feed.lines(for: snapshot, now: Self.now).contains {
                $0.hasSuffix("store connection: reconnecting since 11-26 23:58")
            })
        snapshot.storeConnection = .unavailable(reason: "connection refused", staleSince: Self.lostAt)
        #expect(
            feed.lines(for: snapshot, now: Self.now).contains {
                $0.hasSuffix("store connection: stale since 11-26 23:58 (connection refused)")
            })
        snapshot.storeConnection = .live
        #expect(feed.lines(for: snapshot, now: Self.now).contains { $0.hasSuffix("store connection live") })
        #expect(feed.lines(for: snapshot, now: Self.now).isEmpty, "no change, no line")
    }
}
