public import AsyncHTTPClient
public import Foundation
public import GoLiveCore
public import Logging
import NIOCore
import NIOHTTP1

/// The Mercado Pago REST API over AsyncHTTPClient, for one access token.
///
/// - Retries 429, 423 and 5xx up to ``RetryPolicy/maxRetries`` times with exponential backoff, honouring
///   `Retry-After`; a connection lost mid-request is retried the same way. A request that timed out is not
///   retried (a hung API would otherwise hold a check for minutes), nor is a connection that could not be
///   made: the pool already retries connecting until the connect timeout.
/// - A POST is only ever retried with the same `X-Idempotency-Key`, so a retry cannot charge twice.
/// - Redirects are not followed (the bearer token must not travel to another host).
/// - The token appears only in the `Authorization` header: never in logs, errors or URLs.
public struct MercadoPagoClient: MercadoPagoGateway {
    public struct Configuration: Sendable {
        public var baseURL: URL
        public var accessToken: Secret
        public var retryPolicy: RetryPolicy
        /// For one request, from sending to the last byte of the answer.
        public var requestTimeout: Duration
        public var maxResponseBytes: Int

        public init(
            baseURL: URL, accessToken: Secret, retryPolicy: RetryPolicy = RetryPolicy(),
            requestTimeout: Duration = .seconds(60), maxResponseBytes: Int = 16 << 20
        ) {
            self.baseURL = baseURL
            self.accessToken = accessToken
            self.retryPolicy = retryPolicy
            self.requestTimeout = requestTimeout
            self.maxResponseBytes = maxResponseBytes
        }
    }

    public static let defaultBaseURL = URL(string: "https://api.mercadopago.com")!
    public static let userAgent = "golive/0.1 (+https://github.com/golive)"

    public let configuration: Configuration
    let httpClient: HTTPClient
    private let clock: any GoLiveClock
    private let logger: Logger

    /// - Parameter httpClient: make one with ``makeHTTPClient(connectTimeout:)`` and shut it down when done.
    public init(
        configuration: Configuration, httpClient: HTTPClient, clock: any GoLiveClock = SystemClock(),
        logger: Logger = Logger(label: "golive.mercadopago")
    ) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.clock = clock
        self.logger = logger
    }

    /// An HTTP client set up for Mercado Pago: bounded connect time, no redirects.
    public static func makeHTTPClient(connectTimeout: Duration = .seconds(10)) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .init(connectTimeout))
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    // MARK: Endpoints

    public func currentUser() async throws(MercadoPagoError) -> MercadoPagoUser {
        let json = try await send(.GET, path: "/users/me")
        guard let user = MercadoPagoUser(json: json) else {
            throw malformed("GET /users/me", "the account document has no numeric id")
        }
        return user
    }

    public func payment(id: String) async throws(MercadoPagoError) -> Payment {
        let path = "/v1/payments/\(Self.pathComponent(id))"
        let json = try await send(.GET, path: path)
        guard let payment = Payment(json: json) else { throw malformed("GET \(path)", "the payment has no id") }
        return payment
    }

    public func searchPayments(_ query: PaymentSearchQuery) async throws(MercadoPagoError) -> PaymentSearchPage {
        let json = try await send(.GET, path: "/v1/payments/search", query: query.queryItems)
        guard let page = PaymentSearchPage(json: json) else {
            throw malformed("GET /v1/payments/search", "the answer has no results list")
        }
        return page
    }

    public func merchantOrder(id: String) async throws(MercadoPagoError) -> MerchantOrder {
        let path = "/merchant_orders/\(Self.pathComponent(id))"
        let json = try await send(.GET, path: path)
        guard let order = MerchantOrder(json: json) else { throw malformed("GET \(path)", "the order has no id") }
        return order
    }

    public func order(id: String) async throws(MercadoPagoError) -> MercadoPagoOrder {
        let path = "/v1/orders/\(Self.pathComponent(id))"
        let json = try await send(.GET, path: path)
        guard let order = MercadoPagoOrder(json: json) else { throw malformed("GET \(path)", "the order has no id") }
        return order
    }

    public func createPayment(_ creation: PaymentCreation) async throws(MercadoPagoError) -> Payment {
        let json = try await send(
            .POST, path: "/v1/payments", body: creation.body.encoded(), idempotencyKey: creation.idempotencyKey)
        guard let payment = Payment(json: json) else { throw malformed("POST /v1/payments", "the payment has no id") }
        return payment
    }

    // MARK: Transport

    /// Sends one logical request (retries included) and returns the parsed JSON of a 2xx answer.
    func send(
        _ method: HTTPMethod, path: String, query: [(name: String, value: String)] = [], body: Data? = nil,
        idempotencyKey: String? = nil
    ) async throws(MercadoPagoError) -> JSONValue {
        let endpoint = "\(method.rawValue) \(path)"
        let url = Self.url(base: configuration.baseURL, path: path, query: query)
        var attempt = 1
        while true {
            let outcome: RetryPolicy.Outcome
            let failure: MercadoPagoError
            do {
                let answer = try await perform(method, url: url, body: body, idempotencyKey: idempotencyKey)
                if (200..<300).contains(answer.status) {
                    do {
                        return try JSONValue.parse(answer.body)
                    } catch {
                        throw malformed(
                            endpoint, "HTTP \(answer.status) with a body that is not JSON (\(error.byteCount) bytes)",
                            attempts: attempt)
                    }
                }
                outcome = .status(answer.status, retryAfter: answer.retryAfter)
                failure = MercadoPagoError.fromResponse(
                    status: answer.status, body: answer.body, endpoint: endpoint, attempts: attempt)
            } catch let error as MercadoPagoError {
                throw error
            } catch {
                failure = Self.transportError(error, endpoint: endpoint, attempts: attempt)
                // Connecting is already retried inside the HTTP client's pool until the connect timeout, and a
                // timed-out request may still be running: only a connection lost mid-request is worth a retry.
                guard Self.isConnectionLost(error) else { throw failure }
                outcome = .transportFailure
            }
            guard let delay = configuration.retryPolicy.delay(after: outcome, attempt: attempt, now: clock.now())
            else {
                logger.debug("giving up", metadata: ["endpoint": "\(endpoint)", "attempts": "\(attempt)"])
                throw failure
            }
            logger.info(
                "retrying",
                metadata: [
                    "endpoint": "\(endpoint)", "attempt": "\(attempt)", "delay": "\(delay)",
                    "reason": "\(failure.reason)",
                ])
            do {
                try await clock.sleep(for: delay)
            } catch {
                throw failure
            }
            attempt += 1
        }
    }

    struct Answer {
        var status: Int
        var retryAfter: String?
        var body: Data
    }

    func perform(_ method: HTTPMethod, url: String, body: Data?, idempotencyKey: String?) async throws
        -> Answer
    {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(configuration.accessToken.exposedForTransport)")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        if let idempotencyKey { request.headers.add(name: "X-Idempotency-Key", value: idempotencyKey) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await httpClient.execute(request, timeout: .init(configuration.requestTimeout))
        let buffer = try await response.body.collect(upTo: configuration.maxResponseBytes)
        return Answer(
            status: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After"),
            body: Data(buffer.readableBytesView))
    }

    func malformed(_ endpoint: String, _ detail: String, attempts: Int = 1) -> MercadoPagoError {
        MercadoPagoError(kind: .malformedResponse, endpoint: endpoint, attempts: attempts, detail: detail)
    }

    static func transportError(_ error: any Error, endpoint: String, attempts: Int) -> MercadoPagoError {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return MercadoPagoError(
                    kind: .timeout, endpoint: endpoint, attempts: attempts, detail: "no complete answer in time")
            case .connectTimeout:
                return MercadoPagoError(
                    kind: .timeout, endpoint: endpoint, attempts: attempts, detail: "connecting took too long")
            default:
                break
            }
        }
        if error is NIOTooManyBytesError {
            return MercadoPagoError(
                kind: .malformedResponse, endpoint: endpoint, attempts: attempts, detail: "answer too large")
        }
        return MercadoPagoError(
            kind: .unreachable, endpoint: endpoint, attempts: attempts, detail: String(describing: error))
    }

    /// An established connection that broke (closed by the server, reset) rather than one never made.
    package static func isConnectionLost(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError {
            return error == .remoteConnectionClosed || error == .cancelled
        }
        if let error = error as? ChannelError { return error == .ioOnClosedChannel || error == .eof }
        if let error = error as? IOError { return [ECONNRESET, EPIPE].contains(error.errnoCode) }
        return false
    }

    // MARK: URLs

    static func url(base: URL, path: String, query: [(name: String, value: String)]) -> String {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += path
        if !query.isEmpty {
            text += "?" + query.map { "\(escape($0.name))=\(escape($0.value))" }.joined(separator: "&")
        }
        return text
    }

    static func pathComponent(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/")))
            ?? id
    }

    /// Query escaping that also escapes `+` and `:`, so an ISO-8601 offset survives (`-04:00`, `+00:00`).
    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
