import Foundation
import GoLiveCore
import TerminalUI
import Testing

/// Every pane shows how old its data is, coarsely, and says "NO DATA SINCE hh:mm" once its source stopped.
@Suite struct FreshnessTests {
    static let sizes = [(120, 40), (80, 24), (40, 12)]

    /// Sources as a live install has them: checks minutes old, `golive serve` heartbeating, a report from today.
    static var live: DashboardSnapshot {
        var snapshot = Fixtures.full
        let now = Fixtures.now
        snapshot.freshness = [
            .credentials: Freshness(asOf: now.addingTimeInterval(-180), staleAfter: now.addingTimeInterval(1020)),
            .ssl: Freshness(asOf: now.addingTimeInterval(-180), staleAfter: now.addingTimeInterval(7020)),
            .quality: Freshness(asOf: now.addingTimeInterval(-7200), staleAfter: now.addingTimeInterval(3600)),
            .notifications: Freshness(asOf: now.addingTimeInterval(-8), staleAfter: now.addingTimeInterval(112)),
            .balances: Freshness(asOf: now.addingTimeInterval(-5 * 3600), staleAfter: now.addingTimeInterval(3600)),
        ]
        return snapshot
    }

    /// `golive serve` stopped at 23:40 the day before and the SSL check was not re-run past its schedule.
    static var stopped: DashboardSnapshot {
        var snapshot = live
        let now = Fixtures.now
        let stoppedAt = now.addingTimeInterval(-20 * 60)
        snapshot.freshness[.notifications] = Freshness(asOf: stoppedAt, staleAfter: stoppedAt.addingTimeInterval(120))
        snapshot.freshness[.ssl] = Freshness(
            asOf: now.addingTimeInterval(-3 * 3600), staleAfter: now.addingTimeInterval(-3600))
        return snapshot
    }

    /// The store cannot be read: every pane keeps its last data, stale since the last good read.
    static var storeGone: DashboardSnapshot {
        var snapshot = live
        let lastRead = Fixtures.now.addingTimeInterval(-26 * 3600)
        snapshot.problem = UIText(.english).storeMissing
        snapshot.loadedAt = lastRead
        for pane in PaneID.allCases { snapshot.freshness[pane] = Freshness(asOf: lastRead, problem: "missing") }
        return snapshot
    }

    @Test(arguments: sizes)
    func liveAges(width: Int, height: Int) {
        let text = DashboardView.render(Fixtures.state(Self.live, width: width, height: height)).text
        Snapshot.expect(text, named: "fresh-ages-\(width)x\(height)")
        #expect(!text.contains("NO DATA"))
        if width >= 80 { #expect(text.contains("<1m ago") && text.contains("2h ago")) }
    }

    @Test(arguments: sizes)
    func stalePanes(width: Int, height: Int) {
        let text = DashboardView.render(Fixtures.state(Self.stopped, width: width, height: height)).text
        Snapshot.expect(text, named: "stale-serve-stopped-\(width)x\(height)")
        if width >= 80 {
            #expect(text.contains("NO DATA SINCE 11-26 23:40"), "the feed since serve's last heartbeat")
            #expect(text.contains("NO DATA SINCE 11-26 21:00"), "SSL since its last check")
            #expect(text.components(separatedBy: "NO DATA SINCE").count == 3, "the other panes are current")
        }
    }

    @Test(arguments: sizes)
    func storeUnreachable(width: Int, height: Int) {
        let grid = DashboardView.render(Fixtures.state(Self.storeGone, width: width, height: height))
        Snapshot.expect(grid.text, named: "stale-store-gone-\(width)x\(height)")
        if width >= 80 {
            #expect(grid.text.components(separatedBy: "NO DATA SINCE 11-25 22:00").count == 6, "every pane")
            #expect(grid.text.contains("no store file"), "the header says why")
        }
    }

    @Test(arguments: [Language.spanish, .portuguese])
    func staleInOtherLanguages(language: Language) {
        let text = DashboardView.render(Fixtures.state(Self.stopped, width: 80, height: 24, language: language)).text
        Snapshot.expect(text, named: "\(language.rawValue)-stale-serve-stopped-80x24")
        #expect(text.contains(language == .spanish ? "SIN DATOS DESDE 26/11 23:40" : "SEM DADOS DESDE 26/11 23:40"))
    }

    @Test func staleMarkIsCriticalAndAgeIsMuted() {
        let grid = DashboardView.render(Fixtures.state(Self.stopped, width: 120, height: 40))
        let lines = grid.text.split(separator: "\n", omittingEmptySubsequences: false)
        let roles = grid.roleMap.split(separator: "\n", omittingEmptySubsequences: false)
        for (row, line) in lines.enumerated() {
            if let range = line.range(of: "NO DATA SINCE") {
                let column = line.distance(from: line.startIndex, to: range.lowerBound)
                #expect(Array(roles[row])[column] == Role.crit.code)
            }
            if let range = line.range(of: "ago ") {
                let column = line.distance(from: line.startIndex, to: range.lowerBound)
                #expect(Array(roles[row])[column] == Role.muted.code)
            }
        }
    }

    /// The age text changes only when its coarse value does: an idle screen is not repainted every second.
    @Test func idleFramesAreIdenticalWithinAMinute() {
        var state = Fixtures.state(Self.live, width: 80, height: 24)
        let first = DashboardView.render(state)
        var changedRows = Set<Int>()
        for second in 1...40 {
            state.handle(.tick(Fixtures.now.addingTimeInterval(Double(second))))
            let next = DashboardView.render(state)
            for y in 1..<next.height where (0..<next.width).contains(where: { next[$0, y] != first[$0, y] }) {
                changedRows.insert(y)
            }
        }
        #expect(changedRows.isEmpty, "rows below the header changed: \(changedRows.sorted())")
    }

    @Test func coarseAges() {
        let now = Fixtures.now
        let text = UIText(.english)
        #expect(text.coarseAge(from: now.addingTimeInterval(-59), to: now) == "<1m")
        #expect(text.coarseAge(from: now.addingTimeInterval(-60), to: now) == "1m")
        #expect(text.coarseAge(from: now.addingTimeInterval(-3599), to: now) == "59m")
        #expect(text.coarseAge(from: now.addingTimeInterval(-23 * 3600), to: now) == "23h")
        #expect(text.coarseAge(from: now.addingTimeInterval(-49 * 3600), to: now) == "2d")
        #expect(text.since(now.addingTimeInterval(-60), now: now, zone: Fixtures.utc) == "11-26 23:59")
        #expect(text.since(now.addingTimeInterval(60), now: now, zone: Fixtures.utc) == "00:01")
        #expect(UIText(.spanish).noDataSince("14:02") == "SIN DATOS DESDE 14:02")
        #expect(UIText(.portuguese).coarseAgo(from: now.addingTimeInterval(-30), to: now) == "há <1 min")
    }

    @Test func freshnessRules() {
        let now = Fixtures.now
        #expect(!Freshness(asOf: now, staleAfter: now).isStale(at: now))
        #expect(Freshness(asOf: now, staleAfter: now).isStale(at: now.addingTimeInterval(1)))
        #expect(Freshness(asOf: nil, problem: "x").isStale(at: now))
        #expect(!Freshness(asOf: now).isStale(at: now.addingTimeInterval(1e6)))
    }
}
