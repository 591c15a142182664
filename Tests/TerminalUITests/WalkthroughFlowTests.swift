import Foundation
import GoLiveCore
import TerminalUI
import Testing

/// A scripted key sequence drives the whole walkthrough through the reducer, with a fake effect handler that
/// keeps the progress as the store would: n all the way to the summary, p back, q, then a new session resumes.
@Suite struct WalkthroughFlowTests {
    /// What the runner does with the effects, minus the terminal and the store file.
    final class FakeEffects {
        var stored: [String: WalkthroughProgress] = [:]
        var rechecks = 0
        var quit = false

        func apply(_ effects: [Effect]) {
            for effect in effects {
                switch effect {
                case .saveProgress(let progress): stored[progress.seller] = progress
                case .recheck: rechecks += 1
                case .quit: quit = true
                default: break
                }
            }
        }
    }

    func screen(_ state: DashboardState) -> String { DashboardView.render(state).text }

    @Test func theWholeWalkthroughByKeysThenResume() throws {
        let effects = FakeEffects()
        var state = Fixtures.state(width: 80, height: 24, mode: .walkthrough)
        let steps = WalkthroughStep.all
        #expect(
            steps.map(\.id) == ["credentials", "ssl", "notifications", "approval", "quality", "reports", "summary"])
        #expect(screen(state).contains("Step 1 of 7"))
        effects.apply(state.handle(.key(.character("r"))))
        #expect(effects.rechecks == 1, "r re-checks on any step")
        for (index, step) in steps.enumerated().dropFirst() {
            effects.apply(state.handle(.key(index.isMultiple(of: 2) ? .right : .character("n"))))
            #expect(state.step == index)
            let text = screen(state)
            #expect(text.contains("Step \(index + 1) of 7"), "\(text)")
            #expect(text.contains(UIText(.english).stepTitle(step)))
            #expect(effects.stored["shop"]?.currentStep == step.id, "every move is stored")
        }
        // Never gated: the summary is reachable while earlier steps fail, and lists every requirement.
        let summary = screen(state)
        #expect(summary.contains("requirements still open"))
        effects.apply(state.handle(.key(.character("n"))))
        #expect(state.step == steps.count - 1, "n on the last step stays there")
        effects.apply(state.handle(.key(.character("p"))))
        effects.apply(state.handle(.key(.left)))
        #expect(state.step == steps.count - 3)
        effects.apply(state.handle(.key(.character("q"))))
        #expect(effects.quit)
        let saved = try #require(effects.stored["shop"])
        #expect(saved.currentStep == "quality")
        #expect(saved.visited == steps.map(\.id), "every step was opened: \(saved.visited)")
        // The fixture's credentials include an unknown check: not done; reports pass: done.
        #expect(!saved.completed.contains("credentials"))
        #expect(saved.completed.contains("reports"))

        // Coming back: a new state resumes the stored progress.
        var again = Fixtures.state(width: 80, height: 24, mode: .walkthrough)
        again.resume(saved)
        #expect(again.step == steps.count - 3)
        #expect(screen(again).contains("Step 5 of 7"))
        effects.apply(again.handle(.key(.character("n"))))
        #expect(effects.stored["shop"]?.startedAt == saved.startedAt, "the first start is kept")
        #expect(effects.stored["shop"]?.currentStep == "reports")
    }

    @Test func everyStepShowsWhyAndHowToFixWhenNotDone() {
        var state = Fixtures.state(Fixtures.empty, width: 80, height: 24, mode: .walkthrough)
        for step in WalkthroughStep.all.dropLast() {
            let text = UIText(.english)
            #expect(!text.stepWhy(step).isEmpty && !text.stepFix(step).isEmpty)
            #expect(text.stepFix(step) != UIText(.spanish).stepFix(step), "translated: \(step.id)")
            #expect(text.stepWhy(step) != UIText(.portuguese).stepWhy(step), "translated: \(step.id)")
            state.scroll[.credentials] = 0
            var all = ""
            // Scroll through the step: the fix is there (below the fold at 80x24 is fine).
            for _ in 0..<6 {
                all += screen(state)
                state.handle(.key(.down))
                state.handle(.key(.down))
                state.handle(.key(.down))
            }
            #expect(all.contains("How to fix it"), "\(step.id)")
            state.handle(.key(.character("n")))
        }
        #expect(UIText(.english).stepFix(WalkthroughStep.all[0]).contains("Production credentials"))
        #expect(UIText(.spanish).stepFix(WalkthroughStep.all[2]).contains("Configurar notificaciones"))
    }
}
