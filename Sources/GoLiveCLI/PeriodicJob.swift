import GoLiveCore
import ServiceLifecycle

/// The shape `serve`'s periodic services share (quality monthly, reports daily, scheduled checks): with nothing
/// to do, wait for the graceful shutdown — returning early would end `serve`, since a finished service shuts
/// its group down; otherwise wait `firstDelay` (so the receiver is up before a job uses the network), then run
/// `body` until the graceful shutdown cancels it.
enum PeriodicJob {
    static func run(
        when hasWork: Bool, clock: any GoLiveClock, firstDelay: Duration,
        _ body: @escaping @Sendable () async -> Void
    ) async {
        guard hasWork else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            do { try await clock.sleep(for: firstDelay) } catch { return }
            await body()
        }
    }
}
