import ArgumentParser
import Foundation
import GoLiveConfig
import GoLiveCore
import Logging
import ServiceLifecycle
import StoreSQLite
import Synchronization
import UnixSignals
import WebhookServer
import WebhookSignature

/// `golive serve`: the headless services — the webhook receiver (with `/healthz` and `/metrics`), the
/// outbox processor and the heartbeat — in one ServiceLifecycle group that stops gracefully on SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Receive Mercado Pago webhooks and IPN, store them durably, and keep orders current.",
        discussion: """
            Routes: POST /webhooks/mercadopago (200 only after the notification is committed; 401 for a missing \
            or wrong signature when a secret is configured; IPN accepted unsigned; 400 malformed; 413 too large; \
            503 when the store cannot commit), GET /healthz, GET /metrics (Prometheus). SIGTERM stops accepting, \
            finishes what is in flight and exits within 10 s.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Address to listen on, HOST:PORT (port 0 picks a free one).")
    var listen: ListenAddress = ListenAddress(host: "127.0.0.1", port: 8080)

    @Option(
        name: .customLong("forward-to"),
        help: "POST each processed notification, signed, to the shop's backend at this URL (docs/FORWARDING.md).")
    var forwardTo: String?

    @Option(name: .customLong("body-limit"), help: "Largest request body accepted, in bytes (larger: 413).")
    var bodyLimit: Int = 256 * 1024

    @Option(
        name: .customLong("signature-tolerance"),
        help: "Refuse signatures whose ts is further than this many seconds from now (default: no check).")
    var signatureTolerance: Int?

    @Option(
        name: .customLong("trusted-proxy"),
        help: ArgumentHelp(
            "A reverse proxy (IP or CIDR) whose X-Forwarded-For names the client; repeatable (env GOLIVE_TRUSTED_PROXIES, comma-separated).",
            valueName: "CIDR"))
    var trustedProxy: [String] = []

    func validate() throws {
        do {
            _ = try trustedProxies()
        } catch let error as GoLiveError {
            throw ValidationError(error.description)
        }
        guard bodyLimit >= 1024 else { throw ValidationError("--body-limit must be at least 1024 bytes.") }
        if let signatureTolerance, signatureTolerance <= 0 {
            throw ValidationError("--signature-tolerance must be a positive number of seconds.")
        }
    }

    /// `--trusted-proxy` values, else `GOLIVE_TRUSTED_PROXIES`, else the config's `trusted_proxies:` (issue 11: the
    /// rejected log's remote address).
    func trustedProxies(configured: TrustedProxies = .none) throws -> TrustedProxies {
        if !trustedProxy.isEmpty { return try TrustedProxies(parsing: trustedProxy) }
        if let environment = ProcessInfo.processInfo.environment["GOLIVE_TRUSTED_PROXIES"] {
            return try TrustedProxies(parsing: [environment])
        }
        return configured
    }

    func run() async throws {
        var commandLine = global.commandLine
        commandLine.forwardTo = forwardTo  // issue 11
        let settings = try SettingsResolver().resolve(commandLine)
        try ForwardService.validate(settings)  // issue 11: before anything needs closing
        if case .postgres(let url) = settings.store { _ = try await PostgresSession.migrate(url: url) }  // issue 10
        let session = try Session.open(settings, requestTimeout: .seconds(20))
        let composition = try await ServeComposition.make(
            session: session, listen: listen, bodyLimit: bodyLimit,
            signatureTolerance: signatureTolerance.map(TimeInterval.init),
            trustedProxies: try trustedProxies(configured: settings.trustedProxies),
            onListening: { address in
                FileHandle.standardOutput.write(
                    Data("golive serve listening on http://\(address) (store \(settings.store))\n".utf8))
                if let banner = ForwardService.banner(settings) { FileHandle.standardOutput.write(Data(banner.utf8)) }
            })
        do {
            try await composition.run()
        } catch {
            await session.close()
            throw error
        }
        await session.close()
    }
}

/// What `serve` runs: a list of ServiceLifecycle services, so other requirements add their periodic jobs
/// (scheduled checks, report fetches) with one line in ``make(session:listen:bodyLimit:signatureTolerance:onListening:)``.
struct ServeComposition {
    var services: [any Service]
    var logger: Logger
    let receiver: WebhookReceiver
    let metrics: ReceiverMetrics

    static func make(
        session: Session, listen: ListenAddress, bodyLimit: Int, signatureTolerance: TimeInterval?,
        trustedProxies: TrustedProxies = .none,
        clock: any GoLiveClock = SystemClock(), onListening: @escaping @Sendable (String) -> Void
    ) async throws -> ServeComposition {
        let logger = Logger(label: "golive.serve")
        let store = session.store
        let known = try await store.sellers()
        let sellers = session.settings.sellers.map { seller in
            ReceiverSeller(
                name: seller.name, userID: known.first { $0.name == seller.name }?.userID,
                secret: seller.webhookSecret, previousSecret: seller.previousWebhookSecret,
                previousUntil: seller.previousSecretUntil)
        }
        let metrics = ReceiverMetrics()
        let batcher = NotificationBatcher(store: store) { commit in
            metrics.commit(
                notifications: commit.notifications, seconds: commit.duration.timeInterval,
                succeeded: commit.succeeded)
        }
        let last = try await store.notificationSummary(seller: nil, since: clock.now()).lastReceivedAt
        let receiver = WebhookReceiver(
            sellers: sellers, signature: WebhookSignature(tolerance: signatureTolerance), batcher: batcher,
            metrics: metrics, clock: clock, bodyLimit: bodyLimit, lastReceivedAt: last)
        let settings = session.settings
        var processor = NotificationProcessor(
            store: store,
            gateway: { name in
                let seller = name.flatMap { name in settings.sellers.first { $0.name == name } } ?? settings.seller
                return session.gateway(for: seller)
            }, clock: clock, onProcessed: { metrics.processed(lag: $0) })
        let forward = try ForwardService.make(
            settings: settings, store: store, clock: clock, receiverMetrics: metrics, logger: logger)  // issue 11
        if forward.enabled { processor.forwardSource = .notification }  // enqueued with processing success
        let bound = Mutex("\(listen.host):\(listen.port)")
        let application = WebhookServerFactory.application(
            host: listen.host, port: listen.port, receiver: receiver, metrics: metrics, logger: logger,
            trustedProxies: trustedProxies,
            onListening: { address in
                bound.withLock { $0 = address }
                onListening(address)
            })
        // Stopped in reverse order: the receiver first (stop accepting, finish in flight), then the rest.
        let services: [any Service] = [
            forward,  // issue 11: stopped last, after the receiver and the processor
            HeartbeatService(store: store, receiver: receiver, listen: { bound.withLock { $0 } }, clock: clock),
            ProcessorService(processor: processor),
            MonthlyQualityService(session: session, clock: clock, logger: logger),
            DailyReportService(session: session, clock: clock, logger: logger),
            ScheduledChecksService(session: session, clock: clock, logger: logger),
            BackfillService(session: session, clock: clock, logger: logger),
            AlertService(session: session, clock: clock, logger: logger),  // alerts (issue 11)
            RetentionService(session: session, clock: clock, logger: logger),  // data (issue 11)
            application,
        ]
        return ServeComposition(services: services, logger: logger, receiver: receiver, metrics: metrics)
    }

    /// `handlesSignals: false` when another part owns SIGTERM/SIGINT (the demo's terminal loop, which stops the
    /// composition itself): two handlers of one signal left `golive demo` hanging after a SIGTERM.
    func run(handlesSignals: Bool = true) async throws {
        try await serviceGroup(handlesSignals: handlesSignals).run()
    }

    /// The services as one group that shuts down gracefully — the receiver stops accepting and answers what is in
    /// flight — on SIGTERM/SIGINT (when it handles them) or on `triggerGracefulShutdown()`.
    func serviceGroup(handlesSignals: Bool) -> ServiceGroup {
        var configuration = ServiceGroupConfiguration(
            services: services.map { .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup) },
            gracefulShutdownSignals: handlesSignals ? [.sigterm, .sigint] : [], logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(8)
        return ServiceGroup(configuration: configuration)
    }
}
