import Foundation

/// A merchant order's fixed part. Its status, amounts and payment list are derived from the payments that
/// point at it on every read, so changing a payment (control API) moves its order along.
struct StoredMerchantOrder: Sendable {
    let id: Int64
    let sellerID: Int64
    let liveMode: Bool
    let preferenceID: String
    let externalReference: String?
    let notificationURL: String?
    let items: [LineItem]
    let payer: (id: Int64, email: String?)
    let created: Date

    var totalCents: Int64 { items.reduce(0) { $0 + $1.totalCents } }

    /// The `GET /merchant_orders/{id}` document.
    func document(payments: [StoredPayment]) -> JSON {
        let total = Decimal(totalCents) / 100
        var paid = Decimal(0)
        var refunded = Decimal(0)
        var inProcess = false
        var lastUpdated = created
        for payment in payments {
            let document = payment.document
            let status = document["status"]?.stringValue ?? ""
            if PaymentStatus.approvedOnce.contains(status) {
                paid +=
                    document["transaction_details"]?["total_paid_amount"]?.decimalValue
                    ?? document["transaction_amount"]?.decimalValue ?? 0
            }
            refunded += document["transaction_amount_refunded"]?.decimalValue ?? 0
            // A pending payment still waits for the buyer (payment_required); these wait for Mercado Pago.
            if status == "in_process" || status == "authorized" { inProcess = true }
            if let updated = document["date_last_updated"]?.stringValue.flatMap(MercadoPagoDate.parse),
                updated > lastUpdated
            {
                lastUpdated = updated
            }
        }

        // order_status values as Mercado Pago names them for merchant orders.
        let orderStatus: String
        if paid > 0 && paid >= total {
            orderStatus = refunded >= paid ? "reverted" : refunded > 0 ? "partially_reverted" : "paid"
        } else if paid > 0 {
            orderStatus = "partially_paid"
        } else {
            orderStatus = inProcess ? "payment_in_process" : "payment_required"
        }

        return [
            "id": .int(id),
            "status": paid > 0 && paid >= total ? "closed" : "opened",
            "external_reference": .optional(externalReference),
            "preference_id": .string(preferenceID),
            "payments": .array(payments.map(paymentSummary)),
            "shipments": [],
            "payouts": [],
            "collector": ["id": .int(sellerID), "email": nil, "nickname": nil],
            "marketplace": "NONE",
            "notification_url": .optional(notificationURL),
            "date_created": MercadoPagoDate.json(created),
            "last_updated": MercadoPagoDate.json(lastUpdated),
            "sponsor_id": nil,
            "shipping_cost": 0,
            "total_amount": .number(total),
            "site_id": "MLA",
            "paid_amount": .number(paid),
            "refunded_amount": .number(refunded),
            "payer": ["id": .int(payer.id), "email": .optional(payer.email)],
            "items": .array(
                items.map { item in
                    [
                        "id": .string(item.product.id), "category_id": .string(item.product.categoryID),
                        "currency_id": "ARS",
                        "description": .string(item.product.description), "picture_url": nil,
                        "title": .string(item.product.title), "quantity": .int(item.quantity),
                        "unit_price": .amount(cents: item.product.unitPriceCents),
                    ]
                }
            ),
            "cancelled": false,
            "additional_info": "",
            "application_id": nil,
            "is_test": .bool(!liveMode),
            "order_status": .string(orderStatus),
        ]
    }

    private func paymentSummary(_ payment: StoredPayment) -> JSON {
        let document = payment.document
        return [
            "id": .int(payment.id),
            "transaction_amount": document["transaction_amount"] ?? .null,
            "total_paid_amount": document["transaction_details"]?["total_paid_amount"] ?? document["transaction_amount"]
                ?? .null,
            "shipping_cost": 0,
            "currency_id": document["currency_id"] ?? "ARS",
            "status": document["status"] ?? .null,
            "status_detail": document["status_detail"] ?? .null,
            "operation_type": document["operation_type"] ?? "regular_payment",
            "date_approved": document["date_approved"] ?? .null,
            "date_created": document["date_created"] ?? .null,
            "last_modified": document["date_last_updated"] ?? .null,
            "amount_refunded": document["transaction_amount_refunded"] ?? 0,
        ]
    }
}
