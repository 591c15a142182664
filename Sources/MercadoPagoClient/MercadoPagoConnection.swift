import AsyncHTTPClient
public import Foundation
public import GoLiveCore
public import Logging

/// One HTTP connection pool to a Mercado Pago API base, handing out a ``MercadoPagoClient`` per access
/// token (one per seller). Call ``shutdown()`` when done.
public final class MercadoPagoConnection: Sendable {
    public let baseURL: URL
    public let retryPolicy: RetryPolicy
    public let requestTimeout: Duration
    private let httpClient: HTTPClient
    private let clock: any GoLiveClock
    private let logger: Logger

    public init(
        baseURL: URL, retryPolicy: RetryPolicy = RetryPolicy(), connectTimeout: Duration = .seconds(10),
        requestTimeout: Duration = .seconds(60), clock: any GoLiveClock = SystemClock(),
        logger: Logger = Logger(label: "golive.mercadopago")
    ) {
        self.baseURL = baseURL
        self.retryPolicy = retryPolicy
        self.requestTimeout = requestTimeout
        self.clock = clock
        self.logger = logger
        httpClient = MercadoPagoClient.makeHTTPClient(connectTimeout: connectTimeout)
    }

    public func gateway(accessToken: Secret) -> MercadoPagoClient {
        MercadoPagoClient(
            configuration: .init(
                baseURL: baseURL, accessToken: accessToken, retryPolicy: retryPolicy, requestTimeout: requestTimeout),
            httpClient: httpClient, clock: clock, logger: logger)
    }

    public func shutdown() async {
        try? await httpClient.shutdown()
    }
}
