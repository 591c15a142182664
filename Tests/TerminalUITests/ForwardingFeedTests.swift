import Foundation
import GoLiveCore
import TerminalUI
import Testing

/// Forwarding to the shop (issue 11) in the dashboard's feed: a short marker per forwarded row, the detail line.
@Suite struct ForwardingFeedTests {
    func state(width: Int, height: Int, language: Language = .english) -> DashboardState {
        var snapshot = Fixtures.full
        var feed = snapshot.feed.value ?? []
        let states: [ForwardSummary] = [
            ForwardSummary(deliveryID: "dlv_1", state: .delivered, attempts: 1, lastError: nil),
            ForwardSummary(deliveryID: "dlv_2", state: .retrying, attempts: 3, lastError: "HTTP 500"),
            ForwardSummary(
                deliveryID: "dlv_3", state: .dead, attempts: 8, lastError: "HTTP 404 (gave up after 8 attempts)"),
            ForwardSummary(deliveryID: "dlv_4", state: .pending, attempts: 0, lastError: nil),
        ]
        for (index, summary) in zip(feed.indices, states) { feed[index].forwarding = summary }
        snapshot.feed = .loaded(feed)
        return Fixtures.state(snapshot, width: width, height: height, language: language)
    }

    @Test func markersOnForwardedRowsAtTheRightOfTheFeed() {
        let text = DashboardView.render(state(width: 200, height: 50)).text
        Snapshot.expect(text, named: "forwarding-feed-200x50")
        for marker in ["fwd ✓", "fwd 3", "fwd ✗", "fwd …"] { #expect(text.contains(marker), "\(marker)") }
    }

    @Test func aDeadDeliveryMakesItsRowCritical() {
        let grid = DashboardView.render(state(width: 200, height: 50))
        let rows = grid.text.split(separator: "\n", omittingEmptySubsequences: false)
        let roles = grid.roleMap.split(separator: "\n", omittingEmptySubsequences: false)
        let index = try! #require(rows.firstIndex { $0.contains("fwd ✗") })
        let column = rows[index].distance(from: rows[index].startIndex, to: rows[index].range(of: "fwd ✗")!.lowerBound)
        #expect(Array(roles[index])[column] == "c")
    }

    @Test func theDetailOverlaySaysWhatHappenedInTheChosenLanguage() {
        for (language, expected) in [
            (Language.english, "retrying (3 attempts: HTTP 500)"), (.spanish, "reintentando (3 intentos: HTTP 500)"),
        ] {
            var detailed = state(width: 120, height: 40, language: language)
            let feed = detailed.snapshot.feed.value ?? []
            detailed.overlay = .detail(feed[1].seq)
            let text = DashboardView.render(detailed).text
            #expect(text.contains(expected), "\(language)")
        }
    }
}
