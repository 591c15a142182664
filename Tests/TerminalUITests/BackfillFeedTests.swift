import Foundation
import GoLiveCore
import TerminalUI
import Testing

/// The backfill's never-notified findings in the dashboard's notifications pane (issue 11).
@Suite struct BackfillFeedTests {
    func state(width: Int, height: Int, language: Language = .english, late: Bool = false) -> DashboardState {
        var snapshot = Fixtures.full
        let found = snapshot.feed.value?.first?.receivedAt ?? Date(timeIntervalSince1970: 1_790_000_000)
        snapshot.neverNotified = [
            NeverNotifiedLine(
                paymentID: "1322000042", status: "approved", foundAt: found, externalReference: "ORDER-42",
                notifiedLate: late),
            NeverNotifiedLine(paymentID: "1322000017", status: "refunded", foundAt: found - 600),
        ]
        return Fixtures.state(snapshot, width: width, height: height, language: language)
    }

    @Test(arguments: [(120, 40), (80, 24)])
    func neverNotifiedLinesAboveTheFeed(width: Int, height: Int) {
        let text = DashboardView.render(state(width: width, height: height)).text
        Snapshot.expect(text, named: "backfill-never-notified-\(width)x\(height)")
        #expect(text.contains("never notified  1322000042  approved"))
        // Two lines on a tall pane, the newest only on a short one.
        #expect(text.contains("never notified  1322000017") == (height >= 40))
    }

    @Test func zoomedInSpanishWithALateNotification() {
        var zoomed = state(width: 80, height: 24, language: .spanish, late: true)
        zoomed.focus = .notifications
        zoomed.zoomed = true
        let text = DashboardView.render(zoomed).text
        Snapshot.expect(text, named: "es-backfill-never-notified-zoomed-80x24")
        #expect(text.contains("nunca notificado  1322000042"))
        #expect(text.contains("notificado tarde"))
    }

    @Test func theLinesAreWarnings() {
        let grid = DashboardView.render(state(width: 80, height: 24))
        let rows = grid.text.split(separator: "\n", omittingEmptySubsequences: false)
        let roles = grid.roleMap.split(separator: "\n", omittingEmptySubsequences: false)
        let index = try! #require(rows.firstIndex { $0.contains("1322000042") })
        let column = rows[index].distance(
            from: rows[index].startIndex, to: rows[index].range(of: "1322000042")!.lowerBound)
        #expect(Array(roles[index])[column] == "w")
    }

    @Test func plainOutputAnnouncesANewFindingOnce() {
        var feed = PlainFeed(unicode: true, timeZone: TimeZone(identifier: "UTC")!, language: .english)
        var snapshot = Fixtures.full
        snapshot.loadedAt = Date(timeIntervalSince1970: 1_790_000_000)
        _ = feed.lines(for: snapshot, now: snapshot.loadedAt!)
        snapshot.neverNotified = [
            NeverNotifiedLine(
                paymentID: "1322000042", status: "approved", foundAt: snapshot.loadedAt!, externalReference: "ORDER-42")
        ]
        let lines = feed.lines(for: snapshot, now: snapshot.loadedAt!)
        #expect(lines.contains { $0.contains("never notified: 1322000042 approved") && $0.contains("ORDER-42") })
        #expect(!feed.lines(for: snapshot, now: snapshot.loadedAt!).contains { $0.contains("never notified") })
    }
}
