import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension MercadoPagoSandbox {
    /// Every route: the control API without auth, the Mercado Pago routes behind the traffic middleware.
    static func makeRouter(state: SandboxState, webhooks: WebhookDispatcher, hangingRequests: HangingRequests)
        -> Router<BasicRequestContext>
    {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ErrorDocumentMiddleware())
        ControlRoutes(state: state, webhooks: webhooks).register(on: router.group("_sandbox"))
        let api = router.group().add(middleware: TrafficMiddleware(state: state, hangingRequests: hangingRequests))
        MercadoPagoRoutes(state: state, webhooks: webhooks).register(on: api)
        ReportRoutes(state: state, reports: SandboxReports()).register(on: api)
        return router
    }
}

/// The Mercado Pago API subset golive uses, with the shapes of MERCADOPAGO.md.
struct MercadoPagoRoutes: Sendable {
    let state: SandboxState
    let webhooks: WebhookDispatcher

    /// Request bodies are small JSON documents; anything larger is refused.
    static let maximumBodySize = 1 << 20

    func register(on api: RouterGroup<BasicRequestContext>) {
        api.get("users/me") { request, _ in try self.currentUser(request) }
        api.get("v1/payments/search") { request, _ in try await self.searchPayments(request) }
        api.get("v1/payments/:id") { request, context in
            try await self.payment(request, id: context.parameters.get("id"))
        }
        api.post("v1/payments") { request, _ in try await self.createPayment(request) }
        api.get("merchant_orders/:id") { request, context in
            try await self.merchantOrder(request, id: context.parameters.get("id"))
        }
        api.get("v1/orders/:id") { request, context in
            try await self.order(request, id: context.parameters.get("id"))
        }
    }

    // MARK: Auth

    private func caller(_ request: Request) throws(MercadoPagoError) -> Caller {
        guard let token = AccessToken.from(request) else { throw .missingAccessToken }
        guard let caller = Caller.resolve(token: token) else { throw .invalidAccessToken }
        return caller
    }

    /// Payment calls additionally need activated production credentials (§1.6: code 7 otherwise).
    private func paymentsCaller(_ request: Request) throws(MercadoPagoError) -> Caller {
        let caller = try caller(request)
        guard caller.canUsePayments else { throw .unauthorizedLiveCredentials }
        return caller
    }

    // MARK: Handlers

    private func currentUser(_ request: Request) throws -> Response {
        let caller = try caller(request)
        return .json(caller.account.userDocument(now: state.now()))
    }

    private func payment(_ request: Request, id: String?) async throws -> Response {
        let caller = try paymentsCaller(request)
        let id = try Self.numericID(id, name: "payment id")
        guard let payment = await state.payment(id: id, visibleTo: caller) else {
            throw MercadoPagoError.paymentNotFound
        }
        return .json(.object(payment))
    }

    private func searchPayments(_ request: Request) async throws -> Response {
        let caller = try paymentsCaller(request)
        let search = try PaymentSearch(query: Self.query(request), now: state.now())
        return .json(search.run(over: await state.payments(visibleTo: caller)))
    }

    private func merchantOrder(_ request: Request, id: String?) async throws -> Response {
        let caller = try paymentsCaller(request)
        let id = try Self.numericID(id, name: "merchant order id")
        guard let order = await state.merchantOrder(id: id, visibleTo: caller) else {
            throw MercadoPagoError.merchantOrderNotFound
        }
        return .json(order)
    }

    private func order(_ request: Request, id: String?) async throws -> Response {
        let caller = try paymentsCaller(request)
        guard let id, !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw MercadoPagoError.badRequest("order id must be alphanumeric")
        }
        guard let order = await state.order(id: id, visibleTo: caller) else {
            throw MercadoPagoError.orderNotFound
        }
        return .json(.object(order))
    }

    /// §7: `X-Idempotency-Key` is mandatory; the same key returns the payment it created first.
    private func createPayment(_ request: Request) async throws -> Response {
        let caller = try paymentsCaller(request)
        guard let key = Self.idempotencyKey(request) else {
            throw MercadoPagoError.badRequest("the X-Idempotency-Key header is required")
        }
        let body = try await Self.jsonBody(request)
        let payment = try PaymentRequest(body)
        let (document, created) = await state.createPayment(idempotencyKey: key, caller: caller) { id, now in
            payment.document(id: id, caller: caller, now: now)
        }
        if created {
            await webhooks.paymentChanged(
                document, sellerID: caller.sellerID, action: "payment.created",
                merchantOrderID: await state.merchantOrderID(of: document))
        }
        // A replay answers exactly like the first call did (201 with the payment), as the SDKs expect.
        return .json(.object(document), status: .created)
    }

    // MARK: Request helpers

    static func idempotencyKey(_ request: Request) -> String? {
        guard let name = HTTPField.Name("X-Idempotency-Key"),
            let key = request.headers[name]?.trimmingCharacters(in: .whitespaces), !key.isEmpty
        else { return nil }
        return key
    }

    static func numericID(_ text: String?, name: String) throws(MercadoPagoError) -> Int64 {
        guard let text, text.allSatisfy({ $0.isASCII && $0.isNumber }), let id = Int64(text) else {
            throw .badRequest("\(name) must be a number")
        }
        return id
    }

    /// The query string as a dictionary; the first of repeated parameters wins.
    static func query(_ request: Request) -> [String: String] {
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters where query[String(key)] == nil {
            query[String(key)] = String(value)
        }
        return query
    }

    static func jsonBody(_ request: Request) async throws -> JSON {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBodySize)
        } catch {
            throw MercadoPagoError.badRequest("the request body is larger than \(maximumBodySize) bytes")
        }
        do {
            return try JSON.parse(buffer.readableBytesView)
        } catch {
            throw MercadoPagoError.badRequest("the request body is not valid JSON")
        }
    }
}
