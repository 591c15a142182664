import Foundation
import GoLiveCore
import Testing

@testable import TerminalUI

/// Issue 11: the feed shows production notifications only; test-mode ones are a count under the pane's title.
@Suite("Feed: test-mode notifications counted apart")
struct TestModeFeedTests {
    func screen(_ state: DashboardState) -> String { DashboardView.render(state).text }

    @Test("a count of hidden test-mode notifications, in the chosen language; none when there are none")
    func count() {
        var snapshot = Fixtures.full
        #expect(!screen(Fixtures.state(snapshot, width: 120, height: 40)).contains("test-mode"))
        snapshot.testModeCount = 3
        #expect(screen(Fixtures.state(snapshot, width: 120, height: 40)).contains("+3 test-mode (live_mode=false)"))
        #expect(
            screen(Fixtures.state(snapshot, width: 120, height: 40, language: .spanish)).contains(
                "+3 de modo de prueba"))
    }
}
