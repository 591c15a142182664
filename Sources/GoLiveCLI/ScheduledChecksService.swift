import Foundation
import GoLiveConfig
import GoLiveCore
import Logging
import ServiceLifecycle

/// `golive serve`'s scheduled readiness checks (DESIGN.md "Checks and who runs them"): for every configured
/// seller, the checks that ``CheckSchedule`` says are due — credentials every 10 minutes, SSL hourly, reports
/// daily… — run through the same ``ReadinessRunner`` as `golive check` and are written to the store, where the
/// dashboard, the wall and `golive check --json` consumers read them. A failing API is a check result, never a
/// stop; a store that cannot record is logged and retried at the next pass.
struct ScheduledChecksService: Service {
    let runner: ReadinessRunner
    let session: Session
    let schedule: CheckSchedule
    let logger: Logger
    /// Lets the receiver come up first: `notifications.receiving` reads its heartbeat.
    var firstDelay: Duration = .seconds(5)
    /// The longest sleep between passes, so a changed store (e.g. `golive check` run by hand) is noticed.
    var longestSleep: Duration = .seconds(60)

    init(session: Session, clock: any GoLiveClock, logger: Logger, schedule: CheckSchedule = .standard) {
        self.session = session
        self.schedule = schedule
        self.logger = logger
        runner = ReadinessRunner(store: session.store, clock: clock, sources: session.checkSources())
    }

    func run() async throws {
        let sellers = session.settings.sellers
        await PeriodicJob.run(when: !sellers.isEmpty, clock: runner.clock, firstDelay: firstDelay) {
            while !Task.isCancelled {
                let next = await pass(sellers)
                let wait = min(max(next.timeIntervalSince(runner.clock.now()), 1), longestSleep.timeInterval)
                do { try await runner.clock.sleep(for: .milliseconds(Int64(wait * 1000))) } catch { return }
            }
        }
    }

    /// One pass over the sellers; returns when the next check falls due.
    func pass(_ sellers: [SellerSettings]) async -> Date {
        var next = runner.clock.now().addingTimeInterval(longestSleep.timeInterval)
        for seller in sellers {
            do {
                let (results, due) = try await runner.due(
                    for: seller, gateway: session.gateway(for: seller), schedule: schedule)
                next = min(next, due)
                if !results.isEmpty {
                    let failing = results.filter { $0.status == .fail }.map(\.id.rawValue)
                    logger.info(
                        "scheduled checks",
                        metadata: [
                            "seller": "\(seller.name)",
                            "checks": "\(results.map(\.id.rawValue).joined(separator: ","))",
                            "failing": "\(failing.joined(separator: ","))",
                        ])
                }
            } catch {
                logger.warning(
                    "scheduled checks not recorded", metadata: ["seller": "\(seller.name)", "error": "\(error)"])
            }
        }
        return next
    }
}
