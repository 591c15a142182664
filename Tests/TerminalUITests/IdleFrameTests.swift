import Foundation
import GoLiveCore
import Testing

@testable import TerminalUI

/// The byte budget starts here: with nothing happening, the dashboard's frames must not change more than once a
/// minute (a clock to the second or an age counting seconds would repaint every second over an SSH link).
struct IdleFrameTests {
    @Test func anIdleDashboardRendersTheSameFrameForAMinute() {
        // The fixture's data was read 4 s before `now`, its checks ran 3 minutes before.
        var state = Fixtures.state(width: 80, height: 24)
        let first = DashboardView.render(state)
        let changed = stride(from: 1.0, through: 55.0, by: 1).filter { seconds in
            state.handle(.tick(Fixtures.now.addingTimeInterval(seconds)))
            return DashboardView.render(state) != first
        }
        #expect(changed.isEmpty, "the frame changed after \(changed) s")
        state.handle(.tick(Fixtures.now.addingTimeInterval(60)))
        let minuteLater = DashboardView.render(state)
        #expect(minuteLater.text != first.text, "the clock moves at the minute")
        #expect(minuteLater.row(0).contains("00:01"), "\(minuteLater.row(0))")
    }

    @Test func theWallDisplayKeepsASecondsClock() {
        var state = Fixtures.state(width: 120, height: 40, mode: .wall)
        let first = DashboardView.render(state)
        state.handle(.tick(Fixtures.now.addingTimeInterval(1)))
        let next = DashboardView.render(state)
        #expect(next != first)
        #expect(next.row(0).contains("00:00:01"), "\(next.row(0))")
    }

    @Test func agesAreCoarse() {
        let text = UIText(.english)
        #expect(text.age(1) == "<1m")
        #expect(text.age(59) == "<1m")
        #expect(text.age(60) == "1m")
        #expect(text.age(7200) == "2h")
        #expect(UIText(.portuguese).age(30) == "<1 min")
    }
}
