import Foundation

/// How much optional data a payment carries: real integrations range from "everything the approval guide
/// asks for" (MERCADOPAGO.md §4) to the bare minimum, and golive's quality checks must see both.
enum Completeness: Sendable {
    case complete, partial, bare
}

struct Product: Sendable {
    let id: String
    let title: String
    let description: String
    let categoryID: String
    let unitPriceCents: Int64
}

struct Buyer: Sendable {
    let firstName: String
    let lastName: String
    let email: String
    let dni: String
    let areaCode: String
    let phone: String
    let street: String
    let streetNumber: String
    let zipCode: String
    let city: String
    let state: String
}

struct LineItem: Sendable {
    let product: Product
    let quantity: Int
    var totalCents: Int64 { product.unitPriceCents * Int64(quantity) }
}

/// Statuses and details of MERCADOPAGO.md §5.7.
enum PaymentStatus {
    /// Statuses in which the money was approved at some point, so `date_approved` and fees exist.
    static let approvedOnce: Set<String> = ["approved", "in_mediation", "refunded", "charged_back"]

    static let all: Set<String> = [
        "pending", "approved", "authorized", "in_process", "in_mediation", "rejected", "cancelled", "refunded",
        "charged_back",
    ]

    static func defaultDetail(for status: String) -> String {
        switch status {
        case "approved": "accredited"
        case "authorized": "pending_capture"
        case "pending": "pending_waiting_payment"
        case "in_process": "pending_contingency"
        // §5.7 lists no detail for in_mediation; the detail from before the dispute stays.
        case "in_mediation": "accredited"
        case "rejected": "cc_rejected_other_reason"
        case "cancelled": "expired"
        case "refunded": "refunded"
        case "charged_back": "settled"
        default: "accredited"
        }
    }
}

/// What the sandbox knows about a payment method id.
struct PaymentMethod: Sendable {
    let id: String

    var typeID: String {
        switch id {
        case "debvisa", "debmaster", "maestro", "debcabal": "debit_card"
        case "account_money": "account_money"
        case "rapipago", "pagofacil": "ticket"
        case "debin_transfer", "cvu": "bank_transfer"
        default: "credit_card"
        }
    }

    var isCard: Bool { typeID == "credit_card" || typeID == "debit_card" }

    /// Fee in basis points: a round, plausible figure per type, not Mercado Pago's price list.
    var feeBasisPoints: Int64 {
        switch typeID {
        case "credit_card": 629
        case "debit_card": 349
        case "account_money": 299
        default: 199
        }
    }

    /// Days until the money is released after approval.
    var releaseDays: Int { typeID == "credit_card" ? 14 : 3 }

    var issuerID: JSON {
        switch id {
        case "visa", "debvisa": "310"
        case "master", "debmaster": "288"
        case "amex": "311"
        default: nil
        }
    }

    var cardPrefix: (firstSix: String, lastFour: String) {
        switch id {
        case "master", "debmaster": ("503175", "0604")
        case "amex": ("371180", "8431")
        case "debvisa": ("400917", "4419")
        default: ("450995", "3704")
        }
    }
}

/// Everything needed to write one payment document the way `GET /v1/payments/{id}` returns it.
struct PaymentDraft: Sendable {
    /// 999 999 999.99: larger amounts are refused, which also keeps fee arithmetic far from overflow.
    static let maximumAmountCents: Int64 = 99_999_999_999
    /// Eleven digits, like Mercado Pago's payment ids; the control API refuses larger ones.
    static let maximumID: Int64 = 99_999_999_999

    var id: Int64
    var sellerID: Int64
    var liveMode: Bool
    var created: Date
    var status: String
    var statusDetail: String
    var methodID: String = "visa"
    var amountCents: Int64
    var installments: Int = 1
    var description: String?
    var buyer: Buyer?
    var payerEmail: String?
    var payerID: Int64 = 0
    var items: [LineItem] = []
    var completeness: Completeness = .bare
    var externalReference: String?
    var notificationURL: String?
    var statementDescriptor: String?
    var orderID: Int64?
    /// Mercado Pago sometimes sends `additional_info.items[].quantity` as a string; clients must cope.
    var quantityAsText = false

    private static let minute: TimeInterval = 60
    private static let day: TimeInterval = 86_400

    func document(now: Date) -> JSONObject {
        let method = PaymentMethod(id: methodID)
        let wasApproved = PaymentStatus.approvedOnce.contains(status)
        // Approval takes a moment, but never lands after "now" (a payment created now is approved now).
        let approved = wasApproved ? min(now, created.addingTimeInterval(45)) : nil
        let expiration = method.typeID == "ticket" ? created.addingTimeInterval(3 * Self.day) : nil
        let release = approved.map { $0.addingTimeInterval(TimeInterval(method.releaseDays) * Self.day) }
        let lastUpdated = min(now, lastUpdate(approved: approved, expiration: expiration))

        let fee = wasApproved ? (amountCents * method.feeBasisPoints + 5_000) / 10_000 : 0
        let refundedCents: Int64 =
            switch (status, statusDetail) {
            case ("refunded", _): amountCents
            case (_, "partially_refunded"): (amountCents * 3 + 5) / 10
            default: 0
            }

        var document: JSONObject = [
            "id": .int(id),
            "date_created": MercadoPagoDate.json(created),
            "date_approved": MercadoPagoDate.json(approved),
            "date_last_updated": MercadoPagoDate.json(lastUpdated),
            "date_of_expiration": MercadoPagoDate.json(expiration),
            "money_release_date": MercadoPagoDate.json(release),
            "money_release_status": release.map { JSON.string($0 <= now ? "released" : "pending") } ?? .null,
            "operation_type": "regular_payment",
            "issuer_id": method.issuerID,
            "payment_method_id": .string(methodID),
            "payment_type_id": .string(method.typeID),
            "status": .string(status),
            "status_detail": .string(statusDetail),
            "currency_id": "ARS",
            "description": .optional(description),
            "live_mode": .bool(liveMode),
            "sponsor_id": nil,
            "authorization_code": method.isCard && wasApproved
                ? .string(String(String(id % 1_000_000 + 1_000_000).dropFirst())) : nil,
            "collector_id": .int(sellerID),
            "payer": payerDocument,
            "metadata": [:],
        ]
        if let additionalInfo { document["additional_info"] = additionalInfo }
        document["order"] = orderID.map { ["id": .int($0), "type": "mercadopago"] } ?? [:]
        document["external_reference"] = .optional(externalReference)
        document["transaction_amount"] = .amount(cents: amountCents)
        document["transaction_amount_refunded"] = .amount(cents: refundedCents)
        document["coupon_amount"] = 0
        document["installments"] = .int(installments)
        document["transaction_details"] = [
            "net_received_amount": .amount(cents: wasApproved ? amountCents - fee : 0),
            "total_paid_amount": .amount(cents: amountCents),
            "overpaid_amount": 0,
            "installment_amount": .amount(cents: (amountCents + Int64(installments) / 2) / Int64(max(1, installments))),
            "external_resource_url": method.typeID == "ticket"
                ? .string("https://www.mercadopago.com.ar/payments/\(id)/ticket?caller_id=\(payerID)") : nil,
            "financial_institution": nil,
            "payment_method_reference_id": method.typeID == "ticket" ? .string(String(id * 7 % 10_000_000_000)) : nil,
        ]
        document["fee_details"] =
            fee > 0 ? [["type": "mercadopago_fee", "amount": .amount(cents: fee), "fee_payer": "collector"]] : []
        if completeness != .bare || statementDescriptor != nil {
            document["statement_descriptor"] = .optional(statementDescriptor)
        }
        document["notification_url"] = .optional(notificationURL)
        document["refunds"] = .array(refundedCents > 0 ? [refundDocument(cents: refundedCents, at: lastUpdated)] : [])
        document["captured"] = .bool(status != "authorized")
        document["binary_mode"] = false
        if method.isCard { document["card"] = cardDocument }
        return document
    }

    /// When the last change happened, by what the status implies about the payment's history.
    private func lastUpdate(approved: Date?, expiration: Date?) -> Date {
        switch (status, statusDetail) {
        case ("approved", "partially_refunded"): created.addingTimeInterval(Self.day)
        case ("refunded", _): created.addingTimeInterval(2 * Self.day)
        case ("in_mediation", _): created.addingTimeInterval(4 * Self.day)
        case ("charged_back", _): created.addingTimeInterval(9 * Self.day)
        case ("cancelled", "expired"): expiration ?? created.addingTimeInterval(3 * Self.day)
        case ("cancelled", _): created.addingTimeInterval(Self.day)
        case ("in_process", "pending_review_manual"): created.addingTimeInterval(2 * Self.minute)
        default: approved ?? created.addingTimeInterval(30)
        }
    }

    private var payerDocument: JSON {
        let email = JSON.optional(payerEmail ?? buyer?.email)
        guard let buyer, completeness != .bare else {
            return [
                "id": .string(String(payerID)), "email": email, "identification": ["type": nil, "number": nil],
                "type": nil, "first_name": nil, "last_name": nil,
            ]
        }
        var payer: JSONObject = [
            "id": .string(String(payerID)),
            "email": email,
            "identification": ["type": "DNI", "number": .string(buyer.dni)],
            "type": nil,
            "first_name": .string(buyer.firstName),
            "last_name": .string(buyer.lastName),
        ]
        if completeness == .complete {
            payer["phone"] = ["area_code": .string(buyer.areaCode), "number": .string(buyer.phone), "extension": nil]
            payer["entity_type"] = "individual"
        }
        return .object(payer)
    }

    private var additionalInfo: JSON? {
        guard completeness != .bare, !items.isEmpty else { return nil }
        let items: [JSON] = items.map { item in
            let quantity: JSON = quantityAsText ? .string(String(item.quantity)) : .int(item.quantity)
            guard completeness == .complete else {
                return [
                    "id": .string(item.product.id), "title": .string(item.product.title), "quantity": quantity,
                    "unit_price": .amount(cents: item.product.unitPriceCents),
                ]
            }
            return [
                "id": .string(item.product.id), "title": .string(item.product.title),
                "description": .string(item.product.description), "picture_url": nil,
                "category_id": .string(item.product.categoryID), "quantity": quantity,
                "unit_price": .amount(cents: item.product.unitPriceCents),
            ]
        }
        guard completeness == .complete, let buyer else { return ["items": .array(items)] }
        return [
            "items": .array(items),
            "payer": [
                "first_name": .string(buyer.firstName),
                "last_name": .string(buyer.lastName),
                "phone": ["area_code": .string(buyer.areaCode), "number": .string(buyer.phone)],
                "address": [
                    "zip_code": .string(buyer.zipCode), "street_name": .string(buyer.street),
                    "street_number": .string(buyer.streetNumber),
                ],
            ],
            "shipments": [
                "receiver_address": [
                    "zip_code": .string(buyer.zipCode), "state_name": .string(buyer.state),
                    "city_name": .string(buyer.city),
                    "street_name": .string(buyer.street), "street_number": .string(buyer.streetNumber),
                    "floor": "", "apartment": "",
                ]
            ],
            "ip_address": .string("190.210.\(payerID % 200 + 20).\(id % 250 + 2)"),
        ]
    }

    private func refundDocument(cents: Int64, at date: Date) -> JSON {
        [
            "id": .int(id * 10 + 1), "payment_id": .int(id), "amount": .amount(cents: cents),
            "metadata": [:], "source": ["id": .string(String(sellerID)), "name": "collector", "type": "collector"],
            "date_created": MercadoPagoDate.json(date), "unique_sequence_number": nil, "refund_mode": "standard",
            "adjustment_amount": 0, "status": "approved", "reason": nil,
        ]
    }

    private var cardDocument: JSON {
        guard completeness != .bare else { return [:] }
        let digits = PaymentMethod(id: methodID).cardPrefix
        let holder = buyer.map { "\($0.firstName) \($0.lastName)".uppercased() } ?? "APRO"
        return [
            "id": nil, "first_six_digits": .string(digits.firstSix), "last_four_digits": .string(digits.lastFour),
            "expiration_month": 11, "expiration_year": 2030,
            "date_created": MercadoPagoDate.json(created), "date_last_updated": MercadoPagoDate.json(created),
            "cardholder": [
                "name": .string(holder), "identification": ["number": .optional(buyer?.dni), "type": "DNI"],
            ],
        ]
    }
}
