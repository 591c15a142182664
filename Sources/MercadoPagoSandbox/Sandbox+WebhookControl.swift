import Foundation
import Hummingbird

/// The control routes of notifications and the Orders API (documented at the top of MercadoPagoSandbox.swift
/// and in docs/SANDBOX-WEBHOOKS.md).
extension ControlRoutes {
    func registerWebhookRoutes(on control: RouterGroup<BasicRequestContext>) {
        control.get("webhooks") { _, _ in Response.json(await webhooks.settings.json) }
        control.post("webhooks") { request, _ in
            let body = try await MercadoPagoRoutes.jsonBody(request)
            let settings = try await webhooks.settings.updated(with: body)
            await webhooks.configure(settings)
            return Response.json(settings.json)
        }
        control.get("withheld") { _, _ in Response.json(.array(await webhooks.withheldChanges().map(\.json))) }
        control.delete("withheld") { _, _ in Response.json(["deleted": .int(await webhooks.clearWithheld())]) }
        control.get("deliveries") { _, _ in Response.json(.array(await webhooks.deliveryLog().map(\.json))) }
        control.delete("deliveries") { _, _ in Response.json(["deleted": .int(await webhooks.clearDeliveries())]) }
        control.post("notifications") { request, _ in try await self.sendNotification(request) }
        control.post("simulate") { request, _ in try await self.simulateNotification(request) }  // issue 11
        control.post("payments/:id/status") { request, context in
            try await self.setPaymentStatus(request, id: context.parameters.get("id"))
        }
        control.post("orders") { request, _ in try await self.createOrder(request) }
        control.post("orders/:id/status") { request, context in
            try await self.setOrderStatus(request, id: context.parameters.get("id"))
        }
    }

    /// A changed payment is notified as `payment.updated` (and its merchant order as updated).
    func notifyUpdated(_ document: JSONObject) async {
        guard let sellerID = document["collector_id"]?.int64Value else { return }
        await webhooks.paymentChanged(
            document, sellerID: sellerID, action: "payment.updated",
            merchantOrderID: await state.merchantOrderID(of: document))
    }

    /// `{"status": "approved", "status_detail": "accredited"?}`: the status changes and `payment.updated` goes out.
    private func setPaymentStatus(_ request: Request, id: String?) async throws -> Response {
        let id = try MercadoPagoRoutes.numericID(id, name: "payment id")
        guard case .object(let body) = try await MercadoPagoRoutes.jsonBody(request),
            let status = body["status"]?.stringValue, PaymentStatus.all.contains(status)
        else {
            throw MercadoPagoError.badRequest(
                "the body must be {\"status\": …} with one of " + PaymentStatus.all.sorted().joined(separator: ", "))
        }
        var fields: JSONObject = [
            "status": .string(status),
            "status_detail": .string(body["status_detail"]?.stringValue ?? PaymentStatus.defaultDetail(for: status)),
        ]
        if status == "approved" { fields["date_approved"] = MercadoPagoDate.json(state.now()) }
        guard let document = await state.patchPayment(id: id, fields: fields) else {
            throw MercadoPagoError.paymentNotFound
        }
        await notifyUpdated(document)
        return .json(.object(document))
    }

    /// `{"seller": …, "order": {…fields…}, "amount": 1500.5?}` → 201 with the order; notified as
    /// `order.<status>`.
    private func createOrder(_ request: Request) async throws -> Response {
        guard case .object(let body) = try await MercadoPagoRoutes.jsonBody(request) else {
            throw MercadoPagoError.badRequest("the body must be a JSON object")
        }
        let seller = try Self.seller(body["seller"])
        let fields: JSONObject
        switch body["order"] {
        case .object(let object)?: fields = object
        case nil, .null?: fields = [:]
        default: throw MercadoPagoError.badRequest("order must be a JSON object")
        }
        if let status = fields["status"], status.stringValue.map(StoredOrder.statuses.contains) != true {
            throw MercadoPagoError.badRequest(
                "status must be one of " + StoredOrder.statuses.sorted().joined(separator: ", "))
        }
        var amountCents: Int64 = 120_000
        if let amount = body["amount"] {
            guard let cents = amount.decimalValue?.cents, cents > 0, cents <= PaymentDraft.maximumAmountCents else {
                throw MercadoPagoError.badRequest("amount must be a positive number up to 999999999.99")
            }
            amountCents = cents
        }
        let order = await state.insertOrder { [amountCents] id, now in
            StoredOrder(
                id: id, sellerID: seller.sellerID, liveMode: seller.liveMode, now: now, amountCents: amountCents,
                fields: fields)
        }
        await webhooks.orderChanged(
            order.document, sellerID: order.sellerID, liveMode: order.liveMode, action: order.action)
        return .json(.object(order.document), status: .created)
    }

    /// `{"status": "refunded", "status_detail": …?}` → the order; notified as `order.<status>`.
    private func setOrderStatus(_ request: Request, id: String?) async throws -> Response {
        guard case .object(let body) = try await MercadoPagoRoutes.jsonBody(request),
            let status = body["status"]?.stringValue, StoredOrder.statuses.contains(status)
        else {
            throw MercadoPagoError.badRequest(
                "the body must be {\"status\": …} with one of " + StoredOrder.statuses.sorted().joined(separator: ", "))
        }
        let detail = body["status_detail"]?.stringValue ?? StoredOrder.defaultDetail(for: status)
        guard let id, let order = await state.setOrderStatus(id: id, status: status, detail: detail) else {
            throw MercadoPagoError.orderNotFound
        }
        await webhooks.orderChanged(
            order.document, sellerID: order.sellerID, liveMode: order.liveMode, action: order.action)
        return .json(.object(order.document))
    }

    /// Sends one notification built from the body, possibly tampered with. Without `"retry": true` it is
    /// delivered once, now, and the answer is the attempt; with it, it is queued like any change (202).
    private func sendNotification(_ request: Request) async throws -> Response {
        guard case .object(let body) = try await MercadoPagoRoutes.jsonBody(request) else {
            throw MercadoPagoError.badRequest("the body must be a JSON object")
        }
        let spec = try CustomNotification(body)
        let settings = await webhooks.settings
        guard let target = spec.url ?? settings.url else {
            throw MercadoPagoError.badRequest("no url: give one, or configure POST /_sandbox/webhooks first")
        }
        let notification = await webhooks.prepareCustom { id, salt, settings in
            spec.notification(id: id, salt: salt, settings: settings, target: target, now: state.now())
        }
        if spec.retry {
            guard await webhooks.queue(notification) else {
                throw MercadoPagoError.generic(status: .serviceUnavailable)
            }
            return .json(
                ["queued": true, "notification_id": notification.id.map(JSON.int) ?? .null], status: .accepted)
        }
        let delivery = await webhooks.attempt(notification, number: 1, offset: 0, duplicate: false)
        return .json(delivery.json)
    }
}

extension ControlRoutes {
    /// What `POST /_sandbox/simulate` accepts: the panel's form (URL, event type, resource id) plus the seller,
    /// `live_mode` and the deadline.
    static let simulateKeys: Set<String> = [
        "url", "type", "data_id", "seller", "live_mode", "deadline_ms", "action", "id",
    ]

    /// The panel's "Simulate notification" (MERCADOPAGO.md §5.6, issue 11's notification URL check): one signed
    /// webhook to `url` now, with Mercado Pago's own deadline (22 s, not divided by the time scale; `deadline_ms`
    /// changes it), never retried; the answer says what the URL answered and how long it took, from the request to
    /// the end of the answer (connection and TLS included), as Mercado Pago's deadline counts.
    fileprivate func simulateNotification(_ request: Request) async throws -> Response {
        guard case .object(var body) = try await MercadoPagoRoutes.jsonBody(request) else {
            throw MercadoPagoError.badRequest("the body must be a JSON object")
        }
        if let unknown = body.keys.sorted().first(where: { !Self.simulateKeys.contains($0) }) {
            throw MercadoPagoError.badRequest(
                "unknown field \(unknown) (known: \(Self.simulateKeys.sorted().joined(separator: ", ")))")
        }
        guard body["url"]?.stringValue != nil else {
            throw MercadoPagoError.badRequest("url is required: the notification URL to send the test to")
        }
        var deadline: Int64 = 22_000
        if let given = body["deadline_ms"] {
            guard let value = given.int64Value, (1...120_000).contains(value) else {
                throw MercadoPagoError.badRequest("deadline_ms must be a whole number from 1 to 120000")
            }
            deadline = value
        }
        body["deadline_ms"] = nil
        if body["live_mode"] == nil { body["live_mode"] = .bool(false) }  // a simulation, not a real event
        if body["data_id"] == nil { body["data_id"] = .string("123456") }
        let spec = try CustomNotification(body)
        guard let target = spec.url else { throw MercadoPagoError.badRequest("url is required") }
        var settings = await webhooks.settings
        settings.deadline = .milliseconds(deadline)
        let simulated = settings
        let notification = await webhooks.prepareCustom { id, salt, _ in
            spec.notification(id: id, salt: salt, settings: simulated, target: target, now: state.now())
        }
        let delivery = await webhooks.attempt(notification, number: 1, offset: 0, duplicate: false)
        guard case .object(var answer) = delivery.json else { return .json(delivery.json) }
        answer["timed_out"] = .bool(delivery.error == "timeout")
        answer["deadline_ms"] = .int(deadline)
        answer["live_mode"] = .bool(spec.liveMode)
        answer["next_retry_s"] = nil
        return .json(.object(answer))
    }
}

/// The body of `POST /_sandbox/notifications`.
struct CustomNotification: Sendable {
    let url: URL?
    let kind: OutgoingNotification.Kind
    let topic: String
    let action: String?
    let dataID: String
    let seller: Caller
    let liveMode: Bool
    let notificationID: Int64?
    let body: JSON?
    let secret: String?
    let unsigned: Bool
    let tamper: OutgoingNotification.Tamper?
    let requestID: String??
    let signature: String?
    let timestampUnit: WebhookSettings.TimestampUnit?
    let retry: Bool

    init(_ fields: JSONObject) throws(MercadoPagoError) {
        if let text = fields["url"]?.stringValue {
            guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw .badRequest("url must be an http:// or https:// URL")
            }
            self.url = url
        } else {
            url = nil
        }
        guard let kind = OutgoingNotification.Kind(rawValue: fields["kind"]?.stringValue ?? "webhook") else {
            throw .badRequest("kind must be webhook or ipn")
        }
        self.kind = kind
        topic = fields["type"]?.stringValue ?? fields["topic"]?.stringValue ?? "payment"
        action = fields["action"]?.stringValue ?? (kind == .webhook ? Self.defaultAction(topic: topic) : nil)
        if let id = fields["data_id"]?.stringValue {
            dataID = id
        } else if let id = fields["data_id"]?.int64Value {
            dataID = String(id)
        } else {
            throw .badRequest("data_id is required (the payment, merchant order or order id)")
        }
        seller = try ControlRoutes.seller(fields["seller"])
        liveMode = fields["live_mode"]?.boolValue ?? seller.liveMode
        if let given = fields["id"], !given.isNull {
            guard let id = given.int64Value else { throw .badRequest("id must be a whole number") }
            notificationID = id
        } else {
            notificationID = nil
        }
        switch fields["body"] {
        case nil, .null?: body = nil
        case .object?: body = fields["body"]
        default: throw .badRequest("body must be a JSON object")
        }
        secret = fields["secret"]?.stringValue
        unsigned = fields["sign"]?.boolValue == false
        if let name = fields["tamper"]?.stringValue {
            guard let tamper = OutgoingNotification.Tamper(rawValue: name) else {
                throw .badRequest(
                    "tamper must be one of "
                        + OutgoingNotification.Tamper.allCases.map(\.rawValue).joined(separator: ", "))
            }
            self.tamper = tamper
        } else {
            tamper = nil
        }
        switch fields["x_request_id"] {
        case nil: requestID = nil
        case .null?: requestID = .some(nil)
        case .string(let text)?: requestID = .some(text)
        default: throw .badRequest("x_request_id must be a string, or null to leave the header out")
        }
        signature = fields["x_signature"]?.stringValue
        if let unit = fields["ts_unit"]?.stringValue {
            guard let parsed = WebhookSettings.TimestampUnit(rawValue: unit) else {
                throw .badRequest("ts_unit must be seconds or milliseconds")
            }
            timestampUnit = parsed
        } else {
            timestampUnit = nil
        }
        retry = fields["retry"]?.boolValue ?? false
    }

    func notification(id: Int64, salt: UInt64, settings: WebhookSettings, target: URL, now: Date)
        -> OutgoingNotification
    {
        var settings = settings
        if let timestampUnit { settings.timestampUnit = timestampUnit }
        let notificationID = kind == .webhook ? (self.notificationID ?? id) : nil
        var generated: JSON =
            kind == .webhook
            ? [
                "id": .int(notificationID ?? id), "live_mode": .bool(liveMode), "type": .string(topic),
                "date_created": MercadoPagoDate.json(now), "user_id": .int(seller.sellerID), "api_version": "v1",
                "action": .optional(action), "data": ["id": .string(dataID)],
            ] : ["resource": .string(dataID), "topic": .string(topic)]
        if kind == .webhook { generated = Self.documentedShape(generated, topic: topic, seller: seller) }  // alerts
        var notification = OutgoingNotification(
            id: notificationID, kind: kind, topic: topic, action: kind == .webhook ? action : nil, dataID: dataID,
            body: (body ?? generated).serialized,
            secret: kind == .webhook && !unsigned ? (secret ?? seller.account.webhookSecret) : nil,
            target: target, retries: retry && !Self.neverRetried.contains(topic), custom: true, salt: salt,
            firstDelay: 0, duplicateDelay: nil,
            settings: settings, queuedAt: .now)
        notification.tamper = tamper
        notification.requestIDOverride = requestID
        notification.signatureOverride = signature
        return notification
    }
}

// The additional topics of MERCADOPAGO.md §5.2/§5.3 (issue 11, alerts): fraud alerts, chargebacks, claims, card
// updater. The Sandbox shapes them as the docs describe, not as golive's client reads them.
extension CustomNotification {
    /// `stop_delivery_op_wh` is not retried by Mercado Pago (§5.5): lost unless answered 200/201.
    static let neverRetried: Set<String> = ["stop_delivery_op_wh"]

    /// The action a generated body carries: `<topic>.updated` for the payment-like topics, `card.updated` for
    /// the Card Updater (§5.2); none where the docs name none (fraud alerts, chargebacks, claims).
    static func defaultAction(topic: String) -> String? {
        switch topic {
        case "stop_delivery_op_wh", "topic_chargebacks_wh", "topic_claims_integration_wh": nil
        case "topic_card_id_wh": "card.updated"
        default: "\(topic).updated"
        }
    }

    /// Claims carry body `type` = `claim`, the Card Updater `automatic-payments` (the query keeps the topic);
    /// fraud alerts and the Card Updater add `application_id` and `version` (§5.3).
    static func documentedShape(_ body: JSON, topic: String, seller: Caller) -> JSON {
        guard case .object(var fields) = body else { return body }
        switch topic {
        case "topic_claims_integration_wh": fields["type"] = "claim"
        case "topic_card_id_wh": fields["type"] = "automatic-payments"
        default: break
        }
        if topic == "stop_delivery_op_wh" || topic == "topic_card_id_wh" {
            // The application id is the token's second field (APP_USR-<application id>-…, §1.3).
            let parts = seller.account.accessToken.split(separator: "-")
            if parts.count > 1, let application = Int64(parts[1]) { fields["application_id"] = .int(application) }
            fields["version"] = .int(1)
        }
        return .object(fields)
    }
}
