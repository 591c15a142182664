import Foundation
import GoLiveConfig
import GoLiveCore
import Logging
import ServiceLifecycle

/// `golive serve`'s own retention (issue 11, "Data"): with a `retention:` section in the config, the store is
/// purged as `golive store purge` would (payer data first, short transactions) ten minutes after start and then
/// every `retention.every` (default daily). Without it, nothing.
struct RetentionService: Service {
    let store: any StoreMaintenance
    let settings: RetentionSettings?
    let clock: any GoLiveClock
    let logger: Logger
    var firstDelay: Duration = .seconds(600)

    init(session: Session, clock: any GoLiveClock, logger: Logger) {
        self.init(store: session.store, settings: session.settings.retention, clock: clock, logger: logger)
    }

    init(store: any StoreMaintenance, settings: RetentionSettings?, clock: any GoLiveClock, logger: Logger) {
        self.store = store
        self.settings = settings
        self.clock = clock
        self.logger = logger
    }

    func run() async throws {
        await PeriodicJob.run(when: settings != nil, clock: clock, firstDelay: firstDelay) {
            guard let settings else { return }
            while !Task.isCancelled {
                await purge(settings)
                do { try await clock.sleep(for: settings.every) } catch { return }
            }
        }
    }

    /// One purge; a failure is logged and tried again next time (it never stops serve).
    func purge(_ settings: RetentionSettings) async {
        do {
            let summary = try await store.purge(try settings.policy(now: clock.now()), dryRun: false)
            logger.notice(
                "retention purge",
                metadata: [
                    "scrubbed": "\(summary.scrubbed)", "deleted": "\(summary.deleted)",
                    "elapsed_ms": "\(summary.elapsedMilliseconds)",
                ])
        } catch {
            logger.warning("retention purge failed", metadata: ["error": "\(error)"])
        }
    }
}
