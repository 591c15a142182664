/// The Mercado Pago API as golive uses it, for one access token. The seam between the core's checks
/// and the HTTP adapter (`MercadoPagoClient`); tests of checks use a fake, tests of the adapter the Sandbox.
public protocol MercadoPagoGateway: Sendable {
    /// `GET /users/me`: the account that owns the token.
    func currentUser() async throws(MercadoPagoError) -> MercadoPagoUser
    /// `GET /v1/payments/{id}`.
    func payment(id: String) async throws(MercadoPagoError) -> Payment
    /// `GET /v1/payments/search`, one page.
    func searchPayments(_ query: PaymentSearchQuery) async throws(MercadoPagoError) -> PaymentSearchPage
    /// `GET /merchant_orders/{id}`.
    func merchantOrder(id: String) async throws(MercadoPagoError) -> MerchantOrder
    /// `GET /v1/orders/{id}` (Orders API).
    func order(id: String) async throws(MercadoPagoError) -> MercadoPagoOrder
    /// `POST /v1/payments` with `X-Idempotency-Key`.
    func createPayment(_ creation: PaymentCreation) async throws(MercadoPagoError) -> Payment
}

extension MercadoPagoGateway {
    /// Every payment matching `query`, page after page (`offset` advances by the page's size), up to `max`.
    public func allPayments(_ query: PaymentSearchQuery, max: Int = 10_000) async throws(MercadoPagoError)
        -> [Payment]
    {
        var query = query
        var collected: [Payment] = []
        while collected.count < max {
            let page = try await searchPayments(query)
            collected += page.results
            guard page.hasMore else { break }
            query.offset = page.offset + page.results.count
        }
        return Array(collected.prefix(max))
    }
}
