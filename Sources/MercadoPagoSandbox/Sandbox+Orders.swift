import Foundation

/// An Orders API order (`GET /v1/orders/{id}`). MERCADOPAGO.md gives its shape only through the notification
/// example of §5.3 (id `ORD01…`, `external_reference`, `status`, `status_detail`, `total_paid_amount` as a
/// string, `transactions.payments[]`, `type`); the remaining fields follow that style. Orders exist only when
/// created through `POST /_sandbox/orders`.
struct StoredOrder: Sendable {
    let id: String
    let sellerID: Int64
    let liveMode: Bool
    var document: JSONObject

    /// Statuses of the Orders API (§5.7) and the webhook action each one is notified with (§5.2).
    static let actions: [String: String] = [
        "processed": "order.processed", "canceled": "order.canceled", "refunded": "order.refunded",
        "action_required": "order.action_required", "failed": "order.failed", "expired": "order.expired",
    ]
    static let statuses: Set<String> = Set(actions.keys).union(["created", "processing", "at_terminal"])

    static func defaultDetail(for status: String) -> String {
        switch status {
        case "processed": "accredited"
        case "action_required": "waiting_payment"
        case "failed": "failed"
        case "canceled": "canceled"
        case "refunded": "refunded"
        case "expired": "expired"
        default: status
        }
    }

    /// The notification action for the order's current status (`order.updated` for statuses §5.2 does not
    /// list an action for).
    var action: String {
        Self.actions[document["status"]?.stringValue ?? ""] ?? "order.updated"
    }

    /// `ORD01` followed by 24 upper-case Crockford base-32 characters, like `ORD01JQ4S4KY8HWQ6NA5PXB65B3D3`;
    /// deterministic for a given number.
    static func makeID(number: UInt64) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var generator = SplitMix64(seed: 0x0D0E_0001 &+ number)
        var text = "ORD01"
        var bits = generator.next()
        for index in 0..<24 {
            if index == 12 { bits = generator.next() }
            text.append(alphabet[Int(bits & 31)])
            bits >>= 5
        }
        return text
    }

    /// A processed online order of one card payment, with `fields` deep-merged over it.
    init(id: String, sellerID: Int64, liveMode: Bool, now: Date, amountCents: Int64, fields: JSONObject) {
        self.id = id
        self.sellerID = sellerID
        self.liveMode = liveMode
        let amount = JSON.string(Self.amountText(cents: amountCents))
        let status = fields["status"]?.stringValue ?? "processed"
        let detail = fields["status_detail"]?.stringValue ?? Self.defaultDetail(for: status)
        let paid = status == "processed" || status == "refunded" ? amount : .string("0.00")
        let base: JSONObject = [
            "id": .string(id),
            "type": "online",
            "processing_mode": "automatic",
            "external_reference": .string("ext_ref_\(id.suffix(8).lowercased())"),
            "country_code": "ARG",
            "user_id": .string(String(sellerID)),
            "live_mode": .bool(liveMode),
            "status": .string(status),
            "status_detail": .string(detail),
            "capture_mode": "automatic",
            "currency": "ARS",
            "total_amount": amount,
            "total_paid_amount": paid,
            "created_date": MercadoPagoDate.json(now),
            "last_updated_date": MercadoPagoDate.json(now),
            "transactions": [
                "payments": [
                    [
                        "id": .string("PAY01" + id.dropFirst(5)),
                        "amount": amount,
                        "paid_amount": paid,
                        "status": .string(status),
                        "status_detail": .string(detail),
                        "payment_method": ["id": "visa", "type": "credit_card", "installments": 1],
                    ]
                ]
            ],
        ]
        var overrides = fields
        overrides["id"] = nil
        overrides["user_id"] = nil
        document = base.merging(overrides)
    }

    mutating func set(status: String, detail: String, now: Date) {
        document["status"] = .string(status)
        document["status_detail"] = .string(detail)
        document["last_updated_date"] = MercadoPagoDate.json(now)
        if status == "processed" { document["total_paid_amount"] = document["total_amount"] }
        if case .object(var transactions)? = document["transactions"],
            case .array(let payments)? = transactions["payments"]
        {
            transactions["payments"] = .array(
                payments.map { payment in
                    guard case .object(var object) = payment else { return payment }
                    object["status"] = .string(status)
                    object["status_detail"] = .string(detail)
                    if status == "processed" { object["paid_amount"] = object["amount"] ?? .null }
                    return .object(object)
                })
            document["transactions"] = .object(transactions)
        }
    }

    static func amountText(cents: Int64) -> String {
        let whole = cents / 100
        let fraction = cents % 100
        return "\(whole)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
