import AlertTargets
import Foundation
import GoLiveConfig
import GoLiveCore
import Logging
import ServiceLifecycle

/// `golive serve`'s alerting (docs/ALERTS.md): every `eventInterval` it reads newly arrived fraud, chargeback and
/// claim notifications and delivers what is due; every `conditionInterval` (the checks' own scheduler writes
/// their results to the store at most a minute apart) it re-evaluates readiness, certificate, rejections and
/// silence. Without an `alerts:` section it only waits for shutdown.
struct AlertService: Service {
    let monitor: AlertMonitor?
    let dispatcher: AlertDispatcher?
    let logger: Logger
    let clock: any GoLiveClock
    var firstDelay: Duration = .seconds(1)
    var eventInterval: Duration = .seconds(2)
    var conditionInterval: Duration = .seconds(30)

    init(session: Session, clock: any GoLiveClock, logger: Logger) {
        self.logger = logger
        self.clock = clock
        let environment = ProcessInfo.processInfo.environment
        if let seconds = environment["GOLIVE_ALERT_INTERVAL_MS"].flatMap(Int64.init), seconds > 0 {
            eventInterval = .milliseconds(seconds)  // tests: a faster loop
            conditionInterval = .milliseconds(seconds)
            firstDelay = .milliseconds(seconds)
        }
        guard let settings = session.settings.alerts else {
            monitor = nil
            dispatcher = nil
            return
        }
        monitor = AlertMonitor(
            store: session.store, settings: settings, sellers: session.settings.sellers.map(\.name), clock: clock)
        dispatcher = AlertDispatcher(store: session.store, targets: AlertTargets.make(settings), clock: clock)
    }

    func run() async throws {
        let monitor = monitor
        let dispatcher = dispatcher
        let logger = logger
        let clock = clock
        let eventInterval = eventInterval
        let every = max(1, Int(conditionInterval.timeInterval / max(eventInterval.timeInterval, 0.001)))
        await PeriodicJob.run(when: monitor != nil, clock: clock, firstDelay: firstDelay) {
            guard let monitor, let dispatcher else { return }
            var pass = 0
            while !Task.isCancelled {
                do {
                    for incident in try await monitor.scanEvents() { Self.log(logger, "alert opened", incident) }
                    if pass % every == 0 {
                        for incident in try await monitor.evaluate() {
                            Self.log(logger, incident.state == .open ? "alert opened" : "alert recovered", incident)
                        }
                    }
                    try await dispatcher.deliverDue()
                } catch {
                    logger.warning("alerts pass failed", metadata: ["error": "\(error)"])
                }
                pass += 1
                do { try await clock.sleep(for: eventInterval) } catch { return }
            }
        }
    }

    static func log(_ logger: Logger, _ message: Logger.Message, _ incident: Incident) {
        logger.notice(
            message,
            metadata: [
                "incident": "\(incident.id)", "kind": "\(incident.kind.rawValue)", "seller": "\(incident.seller)",
            ])
    }
}
