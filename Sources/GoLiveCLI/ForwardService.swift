import Foundation
import GoLiveConfig
import GoLiveCore
import Logging
import ServiceLifecycle
import ShopForwarding
import WebhookServer

/// `golive serve --forward-to URL` (issue 11, docs/FORWARDING.md): delivers the forward outbox to the shop's
/// backend (``ForwardWorker``) and keeps `/metrics`' backlog current. Without a URL it only waits for the
/// graceful shutdown (a finished service would end `serve`).
struct ForwardService: Service {
    let worker: ForwardWorker?
    let transport: HTTPForwardTransport?
    let metrics: ForwardMetrics
    let clock: any GoLiveClock

    /// The service for these settings; throws a usage error when a URL is set without a signing secret.
    static func make(
        settings: GoLiveSettings, store: any ForwardOutbox, clock: any GoLiveClock, receiverMetrics: ReceiverMetrics,
        logger: Logger
    ) throws -> ForwardService {
        let metrics = ForwardMetrics()
        guard let forwarding = settings.forwarding else {
            return ForwardService(worker: nil, transport: nil, metrics: metrics, clock: clock)
        }
        try validate(settings)
        guard let secret = forwarding.secret else {
            return ForwardService(worker: nil, transport: nil, metrics: metrics, clock: clock)
        }
        receiverMetrics.addSection { metrics.render() }
        let transport = HTTPForwardTransport()
        let shown = ForwardWorker.displayURL(forwarding.url)
        let worker = ForwardWorker(
            outbox: store, transport: transport, signer: HMACForwardSigner(secret: secret), url: forwarding.url,
            clock: clock, policy: forwarding.policy,
            onAttempt: { delivery, result, seconds in
                metrics.attempted(result, seconds: seconds)
                switch result {
                case .delivered: break
                case .retry(_, let error, let next):
                    logger.info(
                        "forward attempt failed; will retry",
                        metadata: [
                            "delivery": "\(delivery.deliveryID)", "error": "\(error)",
                            "next": "\(ISO8601DateFormatter().string(from: next))",
                        ])
                case .dead(_, let error):
                    logger.warning(
                        "forward delivery dead-lettered; `golive notifications replay --failed` resends it",
                        metadata: ["delivery": "\(delivery.deliveryID)", "to": "\(shown)", "error": "\(error)"])
                }
            })
        logger.notice(
            "forwarding processed notifications",
            metadata: [
                "to": "\(shown)", "secret": "\(secret.masked)", "attempts": "\(forwarding.policy.maxAttempts)",
                "timeout": "\(forwarding.policy.timeout)",
            ])
        return ForwardService(worker: worker, transport: transport, metrics: metrics, clock: clock)
    }

    /// Forwarding needs a signing secret: a URL without one is a usage error (exit 2).
    static func validate(_ settings: GoLiveSettings) throws {
        guard let forwarding = settings.forwarding, forwarding.secret == nil else { return }
        throw GoLiveError(
            .usage, "\(forwarding.origin) is set but no secret to sign the deliveries with.",
            remedy: "Put a long random secret in a file (chmod 600) and set GOLIVE_FORWARD_SECRET_FILE, or "
                + "forward_secret_file: in the config; the shop verifies deliveries with it (docs/FORWARDING.md).")
    }

    /// The line `serve` prints at start when it forwards (the URL without user info or query; the secret masked).
    static func banner(_ settings: GoLiveSettings) -> String? {
        guard let forwarding = settings.forwarding, let secret = forwarding.secret else { return nil }
        return "forwarding processed notifications to \(ForwardWorker.displayURL(forwarding.url)) (signed with "
            + "\(secret.masked); \(forwarding.policy.maxAttempts) attempts, \(forwarding.policy.timeout) each)\n"
    }

    var enabled: Bool { worker != nil }

    func run() async throws {
        guard let worker else {
            try? await gracefulShutdown()
            return
        }
        let outbox = worker.outbox
        let metrics = metrics
        let clock = clock
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await worker.run() }
                group.addTask {
                    while !Task.isCancelled {
                        if let counts = try? await outbox.forwardCounts(seller: nil) { metrics.backlog(counts) }
                        do { try await clock.sleep(for: .seconds(5)) } catch { break }
                    }
                }
            }
        }
        await transport?.shutdown()
    }
}
