// The embedded Mercado Pago simulator: a real HTTP server speaking the API subset golive uses, with the
// shapes of docs/MERCADOPAGO.md, seeded deterministic data, and a control API for tests and the demo.
//
// Mercado Pago routes (bearer token in `Authorization: Bearer …` or, legacy, `?access_token=…`):
//
//   GET  /users/me                  the account owning the token (TEST- credentials: the production user)
//   GET  /v1/payments/{id}          404 {"message":"Payment not found",…,"cause":[{"code":2000,…}]} when unknown
//                                   or another seller's; 400 for a non-numeric id
//   GET  /v1/payments/search        offset, limit (≤ 1000, else cause 1000), sort (cause 1003), criteria (1004),
//                                   range + begin_date/end_date (ISO-8601 or NOW-30DAYS; cause 1001), status,
//                                   external_reference → {"paging":{"total","limit","offset"},"results":[…]};
//                                   offset + limit ≤ 10000 (cause 1000); payments created > 12 months ago are not
//                                   searchable (§7)
//   POST /v1/payments               X-Idempotency-Key required (400 without); same key → same payment, 201;
//                                   outcome from payer.first_name as with test cards (APRO, CONT, OTHE, CALL,
//                                   FUND, SECU, EXPI, FORM; anything else approved)
//   GET  /merchant_orders/{id}      status, order_status and amounts derived from the order's payments
//   GET  /v1/orders/{id}            an Orders API order (`ORD01…`), created through the control API
//
//   Unknown or invalid tokens get 401 "invalid access token"; no token, 401 "missing access token"; the
//   not-activated account gets 401 cause code 7 "Unauthorized use of live credentials" on payment calls.
//
// Control API (no auth, JSON in and out, prefix /_sandbox):
//
//   GET    /_sandbox/accounts       [{"name","user_id","nickname","email","access_token","public_key",
//                                     "live_mode","summary"}] — the fixture credentials
//   POST   /_sandbox/payments       {"seller": "production" | "test-user" | "test-credentials" | user id,
//                                    "payment": {…}} → 201 with the payment: the given fields deep-merged
//                                   over a plain approved payment dated now
//   PATCH  /_sandbox/payments/{id}  {…fields…} → the payment with the fields deep-merged and
//                                   date_last_updated set to now (id and collector_id never change)
//   POST   /_sandbox/faults         {"path": "/v1/payments/search", "method": "GET" (optional),
//                                    "kind": "status" | "latency" | "malformed" | "hang",
//                                    "status": 429 (status kind; default 500), "retry_after": "2" (optional),
//                                    "latency_ms": 300 (latency kind; default 1000), "times": 2 (default 1)}
//                                   → 201 with the queued fault. It applies to the next `times` Mercado Pago
//                                   requests whose path starts with `path`, then disappears:
//                                     status     that status with Mercado Pago's error JSON (+ Retry-After)
//                                     latency    the normal answer, late
//                                     malformed  200, application/json, the real body cut in half
//                                     hang       no answer until the client gives up or the sandbox stops
//   GET    /_sandbox/faults         the queued faults, with "remaining"
//   DELETE /_sandbox/faults         clears them → {"deleted": n}
//   GET    /_sandbox/requests       the Mercado Pago requests received, oldest first: [{"method","path",
//                                    "query","idempotency_key","authorization" (masked "APP_USR-…0233" or
//                                    null),"at"}]; control requests are not logged
//   DELETE /_sandbox/requests       clears the log → {"deleted": n}
//
// Notifications (docs/SANDBOX-WEBHOOKS.md): every payment, merchant order or order change is delivered to the
// configured URL as a signed webhook (and/or IPN), with Mercado Pago's deadline, retries and duplicates.
//
//   GET/POST /_sandbox/webhooks     the delivery settings: {"url","mode","topics","duplicates","out_of_order",
//                                   "out_of_order_window_s","seed","ts_unit","time_scale","deadline_ms",
//                                   "lowercase_data_id"}; POST changes the fields given
//   GET/DELETE /_sandbox/deliveries every attempt: status, error, latency, attempt, schedule offset
//   GET/DELETE /_sandbox/withheld   payment changes never notified by the "withhold" (0…1) and
//                                   "withhold_payments" ([ids]) settings of /_sandbox/webhooks: [{"payment_id",
//                                   "action","status","date_last_updated","reason": "listed|probability"}]
//   POST   /_sandbox/notifications  one custom or tampered notification (see Sandbox+WebhookControl.swift)
//   POST   /_sandbox/simulate       the panel's "Simulate notification": {"url", "type"?, "data_id"?, "seller"?,
//                                   "live_mode"? (false), "deadline_ms"? (22000)} → one signed webhook to url now,
//                                   answered with {"status","delivered","latency_ms","timed_out","error",…}
//   POST   /_sandbox/payments/{id}/status  {"status","status_detail"?} → payment.updated
//   POST   /_sandbox/orders         {"seller","amount"?,"order":{…}} → 201, an Orders API order
//   POST   /_sandbox/orders/{id}/status    {"status","status_detail"?} → order.<status>

public import Foundation
import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// How and where the sandbox serves.
public struct SandboxOptions: Sendable {
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// The clock; the seeded data is dated relative to `now()` when the sandbox is created.
    public var now: @Sendable () -> Date
    /// Where the HTTP server logs; silent by default so the sandbox never writes over a terminal UI.
    public var logger: Logger
    /// Where and how notifications are delivered; nothing is delivered until `webhooks.url` is set.
    public var webhooks: WebhookSettings
    /// PEM certificates the notification client trusts besides the system roots, so tests can deliver to an
    /// HTTPS receiver with a certificate they generated (Mercado Pago itself trusts only public CAs).
    public var trustRootsPEM: [String]

    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "golive.sandbox", factory: { _ in SwiftLogNoOpLogHandler() }),
        webhooks: WebhookSettings = WebhookSettings(),
        trustRootsPEM: [String] = []
    ) {
        self.host = host
        self.port = port
        self.now = now
        self.logger = logger
        self.webhooks = webhooks
        self.trustRootsPEM = trustRootsPEM
    }
}

/// Errors starting the sandbox.
public enum SandboxError: Error, Sendable {
    /// `start()` was called while an earlier `start()` was still binding.
    case alreadyStarting
    /// The server stopped before it was bound (the start was cancelled).
    case stoppedBeforeReady
    /// The bound address could not be written as a URL.
    case invalidAddress(String)
}

/// A Mercado Pago stand-in on loopback: see the comment at the top of this file for routes and control API.
public final class MercadoPagoSandbox: Sendable {
    private let options: SandboxOptions
    private let state: SandboxState
    private let webhooks: WebhookDispatcher
    private let hangingRequests = HangingRequests()
    private let runtime = Mutex(Runtime())

    private struct Runtime {
        var baseURL: URL?
        var serverTask: Task<Void, Never>?
    }

    public init(options: SandboxOptions = .init()) {
        self.options = options
        self.state = SandboxState(clock: options.now)
        self.webhooks = WebhookDispatcher(
            settings: options.webhooks, clock: options.now, trustRootsPEM: options.trustRootsPEM)
    }

    /// Replaces the notification settings (the same as `POST /_sandbox/webhooks`); changes already queued keep
    /// the settings they were queued with.
    public func configureWebhooks(_ settings: WebhookSettings) async {
        await webhooks.configure(settings)
    }

    /// The notification settings in force.
    public func webhookSettings() async -> WebhookSettings {
        await webhooks.settings
    }

    /// Every delivery attempt so far, oldest first (the same as `GET /_sandbox/deliveries`).
    public func webhookDeliveries() async -> [WebhookDelivery] {
        await webhooks.deliveryLog()
    }

    /// The base URL while serving, e.g. `http://127.0.0.1:43121`; nil otherwise.
    public var baseURL: URL? { runtime.withLock { $0.baseURL } }

    /// Starts serving in the background; returns once the port is bound. Calling it again while running
    /// returns the same URL.
    public func start() async throws -> URL {
        let (ready, readyContinuation) = AsyncStream<Result<URL, any Error>>.makeStream()
        let existing: URL?? = runtime.withLock { runtime in
            if runtime.serverTask != nil { return .some(runtime.baseURL) }
            runtime.serverTask = Task {
                do {
                    try await self.run { url in readyContinuation.yield(.success(url)) }
                } catch {
                    readyContinuation.yield(.failure(error))
                }
                readyContinuation.finish()
            }
            return .none
        }
        switch existing {
        case .some(let url?): return url
        case .some(nil): throw SandboxError.alreadyStarting
        case .none: break
        }

        for await result in ready {
            switch result {
            case .success(let url):
                return url
            case .failure(let error):
                await stop()
                throw error
            }
        }
        // The stream ends without a URL when our own task was cancelled while waiting.
        await stop()
        throw SandboxError.stoppedBeforeReady
    }

    /// Stops serving; idempotent. Requests parked by `hang` faults are released first.
    public func stop() async {
        let task = runtime.withLock { runtime in
            defer { runtime.serverTask = nil }
            return runtime.serverTask
        }
        hangingRequests.releaseAll()
        task?.cancel()
        await task?.value
    }

    /// Serves until the surrounding task is cancelled (used by `golive sandbox`); calls `onReady(baseURL)`
    /// once bound.
    public func run(onReady: @Sendable (URL) -> Void) async throws {
        let (boundPorts, boundContinuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: Self.makeRouter(state: state, webhooks: webhooks, hangingRequests: hangingRequests),
            configuration: .init(address: .hostname(options.host, port: options.port)),
            onServerRunning: { channel in
                boundContinuation.yield(channel.localAddress?.port ?? 0)
                boundContinuation.finish()
            },
            logger: options.logger
        )
        defer {
            runtime.withLock { $0.baseURL = nil }
            hangingRequests.releaseAll()
        }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    // Ending the stream lets the wait below finish when binding fails.
                    defer { boundContinuation.finish() }
                    try await Self.runGracefully(application, logger: self.options.logger)
                }
                // Notification deliveries (and their retries) live as long as the server.
                group.addTask { await self.webhooks.run() }
                for await port in boundPorts {
                    let url = try Self.url(host: options.host, port: port)
                    runtime.withLock { $0.baseURL = url }
                    onReady(url)
                }
                // Whichever ends first (the server, normally by cancellation) ends the other.
                try await group.next()
                group.cancelAll()
            }
        } catch {
            // Cancellation is how serving ends; it is not a failure.
            guard Task.isCancelled else { throw error }
        }
    }

    /// Runs the server until the surrounding task is cancelled, then shuts it down gracefully (stop accepting,
    /// answer what is in flight, close idle connections) rather than cancelling it: cancelling a Hummingbird server
    /// with open keep-alive connections logs shutdown errors and can trap in NIOAsyncWriter's deinit.
    private static func runGracefully(_ service: some Service, logger: Logger) async throws {
        var configuration = ServiceGroupConfiguration(services: [service], gracefulShutdownSignals: [], logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(5)
        let group = ServiceGroup(configuration: configuration)
        // Unstructured, so the caller's cancellation reaches it only as the graceful shutdown below.
        let running = Task { try await group.run() }
        try await withTaskCancellationHandler {
            try await running.value
        } onCancel: {
            Task { await group.triggerGracefulShutdown() }
        }
    }

    private static func url(host: String, port: Int) throws -> URL {
        // An IPv6 literal needs brackets in a URL.
        let hostPart = host.contains(":") ? "[\(host)]" : host
        guard port > 0, let url = URL(string: "http://\(hostPart):\(port)") else {
            throw SandboxError.invalidAddress("\(host):\(port)")
        }
        return url
    }
}
