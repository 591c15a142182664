import Foundation
import Hummingbird

/// The `/_sandbox` control API (documented at the top of MercadoPagoSandbox.swift). No auth: it serves
/// fixtures, not secrets, and listens on loopback by default.
struct ControlRoutes: Sendable {
    let state: SandboxState
    let webhooks: WebhookDispatcher

    func register(on control: RouterGroup<BasicRequestContext>) {
        control.get("accounts") { _, _ in Self.accounts() }
        control.post("payments") { request, _ in try await self.createPayment(request) }
        control.patch("payments/:id") { request, context in
            try await self.patchPayment(request, id: context.parameters.get("id"))
        }
        control.get("faults") { _, _ in Response.json(.array(await state.listFaults().map(\.json))) }
        control.post("faults") { request, _ in try await self.addFault(request) }
        control.delete("faults") { _, _ in Response.json(["deleted": .int(await state.clearFaults())]) }
        control.get("requests") { _, _ in Response.json(.array(await state.loggedRequests())) }
        control.delete("requests") { _, _ in Response.json(["deleted": .int(await state.clearRequests())]) }
        registerWebhookRoutes(on: control)
    }

    private static func accounts() -> Response {
        .json(
            .array(
                MercadoPagoSandbox.accounts.map { account in
                    [
                        "name": .string(account.name), "user_id": .int(account.userID),
                        "nickname": .string(account.nickname),
                        "email": .string(account.email), "access_token": .string(account.accessToken),
                        "public_key": .string(account.publicKey), "live_mode": .bool(Caller(account: account).liveMode),
                        "summary": .string(account.summary),
                        "webhook_secret": .string(account.webhookSecret),
                    ]
                }
            )
        )
    }

    /// `{"seller": "production" | user id, "payment": {…}}`: the given fields merged over a plain approved payment.
    private func createPayment(_ request: Request) async throws -> Response {
        guard case .object(let body) = try await MercadoPagoRoutes.jsonBody(request) else {
            throw MercadoPagoError.badRequest("the body must be a JSON object")
        }
        let seller = try Self.seller(body["seller"])
        let fields: JSONObject
        switch body["payment"] {
        case .object(let object)?: fields = object
        case nil, .null?: fields = [:]
        default: throw MercadoPagoError.badRequest("payment must be a JSON object")
        }

        let status = fields["status"]?.stringValue ?? "approved"
        guard PaymentStatus.all.contains(status) else {
            throw MercadoPagoError.badRequest(
                "status must be one of " + PaymentStatus.all.sorted().joined(separator: ", "))
        }
        var amountCents: Int64 = 100_000
        if let amount = fields["transaction_amount"] {
            guard let cents = amount.decimalValue?.cents, cents > 0, cents <= PaymentDraft.maximumAmountCents else {
                throw MercadoPagoError.badRequest("transaction_amount must be a positive number up to 999999999.99")
            }
            amountCents = cents
        }
        var requestedID: Int64?
        if let id = fields["id"] {
            guard let value = id.int64Value, (1...PaymentDraft.maximumID).contains(value) else {
                throw MercadoPagoError.badRequest("id must be a number from 1 to \(PaymentDraft.maximumID)")
            }
            requestedID = value
        }
        var overrides = fields
        overrides["id"] = nil
        overrides["collector_id"] = nil
        let stored = await state.insertPayment(requestedID: requestedID) { [overrides, amountCents] id, now in
            let draft = PaymentDraft(
                id: id, sellerID: seller.sellerID, liveMode: seller.liveMode, created: now, status: status,
                statusDetail: fields["status_detail"]?.stringValue ?? PaymentStatus.defaultDetail(for: status),
                methodID: fields["payment_method_id"]?.stringValue ?? "visa", amountCents: amountCents,
                description: "Pago creado desde el control del sandbox",
                payerEmail: fields["payer"]?["email"]?.stringValue ?? "comprador.sandbox@example.com",
                payerID: 1_100_000_000 + Int64(PaymentRequest.stableHash("\(id)") % 90_000_000)
            )
            return StoredPayment(sellerID: seller.sellerID, document: draft.document(now: now).merging(overrides))
        }
        guard let payment = stored else {
            throw MercadoPagoError.badRequest("a payment with id \(requestedID ?? 0) already exists")
        }
        await webhooks.paymentChanged(
            payment.document, sellerID: payment.sellerID, action: "payment.created",
            merchantOrderID: await state.merchantOrderID(of: payment.document))
        return .json(.object(payment.document), status: .created)
    }

    /// Merges the body into the payment and bumps `date_last_updated`.
    private func patchPayment(_ request: Request, id: String?) async throws -> Response {
        let id = try MercadoPagoRoutes.numericID(id, name: "payment id")
        guard case .object(let fields) = try await MercadoPagoRoutes.jsonBody(request) else {
            throw MercadoPagoError.badRequest("the body must be a JSON object")
        }
        guard let document = await state.patchPayment(id: id, fields: fields) else {
            throw MercadoPagoError.paymentNotFound
        }
        await notifyUpdated(document)
        return .json(.object(document))
    }

    private func addFault(_ request: Request) async throws -> Response {
        let fault = try Fault(request: await MercadoPagoRoutes.jsonBody(request))
        return .json(await state.addFault(fault).json, status: .created)
    }

    /// A seller by account name ("test-credentials" selects the production seller's test mode) or user id.
    static func seller(_ value: JSON?) throws(MercadoPagoError) -> Caller {
        let accounts = MercadoPagoSandbox.accounts
        let account: SandboxAccount?
        switch value {
        case nil, .null?:
            account = MercadoPagoSandbox.account(named: "production")
        case .string(let text)?:
            account =
                MercadoPagoSandbox.account(named: text)
                ?? Int64(text).flatMap { id in accounts.first { $0.userID == id } }
        case .number?:
            account = value?.int64Value.flatMap { id in accounts.first { $0.userID == id } }
        default:
            account = nil
        }
        guard let account else {
            throw .badRequest(
                "seller must be an account name (" + accounts.map(\.name).joined(separator: ", ") + ") or its user id")
        }
        return Caller(account: account)
    }
}
