import Foundation

/// A validated `POST /v1/payments` body.
struct PaymentRequest: Sendable {
    let body: JSONObject
    let amountCents: Int64
    let payerEmail: String
    let methodID: String
    let installments: Int

    /// Checks what Mercado Pago refuses outright; every problem found is listed in `cause`.
    init(_ json: JSON) throws(MercadoPagoError) {
        guard case .object(let body) = json else { throw .badRequest("the request body must be a JSON object") }
        var causes: [MercadoPagoError.Cause] = []

        // Codes 4037, 4050 and 4033 come from Mercado Pago's payments API reference, not MERCADOPAGO.md.
        var amountCents: Int64 = 0
        if let amount = body["transaction_amount"]?.decimalValue, amount > 0, let cents = amount.cents,
            Decimal(cents) / 100 == amount, cents <= PaymentDraft.maximumAmountCents
        {
            amountCents = cents
        } else {
            causes.append(.init(code: 4037, description: "Invalid transaction_amount"))
        }

        let email = body["payer"]?["email"]?.stringValue?.trimmingCharacters(in: .whitespaces) ?? ""
        if email.isEmpty || !email.contains("@") {
            causes.append(.init(code: 4050, description: "payer.email must be a valid email"))
        }

        var installments = 1
        if let given = body["installments"], !given.isNull {
            if let value = given.int64Value, (1...72).contains(value) {
                installments = Int(value)
            } else {
                causes.append(.init(code: 4033, description: "Invalid installments"))
            }
        }

        guard causes.isEmpty else {
            throw .badRequest(causes.count == 1 ? causes[0].description : "Invalid parameters", cause: causes)
        }
        self.body = body
        self.amountCents = amountCents
        self.payerEmail = email
        self.methodID = body["payment_method_id"]?.stringValue ?? "visa"
        self.installments = installments
    }

    /// The outcome Mercado Pago's test cards give for the cardholder name (here `payer.first_name`).
    var outcome: (status: String, detail: String) {
        switch body["payer"]?["first_name"]?.stringValue?.uppercased() {
        case "APRO": return ("approved", "accredited")
        // MERCADOPAGO.md §5.7 files pending_contingency under in_process, so CONT answers that.
        case "CONT": return ("in_process", "pending_contingency")
        case "OTHE": return ("rejected", "cc_rejected_other_reason")
        case "CALL": return ("rejected", "cc_rejected_call_for_authorize")
        case "FUND": return ("rejected", "cc_rejected_insufficient_amount")
        case "SECU": return ("rejected", "cc_rejected_bad_filled_security_code")
        case "EXPI": return ("rejected", "cc_rejected_bad_filled_date")
        case "FORM": return ("rejected", "cc_rejected_bad_filled_other")
        default:
            // Cash and transfers wait for the buyer; anything else is approved like APRO.
            switch PaymentMethod(id: methodID).typeID {
            case "ticket": return ("pending", "pending_waiting_payment")
            case "bank_transfer": return ("pending", "pending_waiting_transfer")
            default: return ("approved", "accredited")
            }
        }
    }

    /// The payment document: computed fields from the outcome, echoed fields from the request.
    func document(id: Int64, caller: Caller, now: Date) -> JSONObject {
        let outcome = outcome
        let draft = PaymentDraft(
            id: id,
            sellerID: caller.sellerID,
            liveMode: caller.liveMode,
            created: now,
            status: outcome.status,
            statusDetail: outcome.detail,
            methodID: methodID,
            amountCents: amountCents,
            installments: installments,
            description: body["description"]?.stringValue,
            payerEmail: payerEmail,
            payerID: 1_100_000_000 + Int64(Self.stableHash(payerEmail) % 90_000_000),
            externalReference: body["external_reference"]?.stringValue,
            notificationURL: body["notification_url"]?.stringValue,
            statementDescriptor: body["statement_descriptor"]?.stringValue
        )
        var document = draft.document(now: now)
        // Echo what the integration sent, as Mercado Pago does; quality checks read these back.
        if case .object(let payer)? = body["payer"], case .object(let stored)? = document["payer"] {
            var payer = payer
            payer["id"] = nil
            document["payer"] = .object(stored.merging(payer))
        }
        for key in ["additional_info", "metadata"] {
            if case .object(let value)? = body[key] { document[key] = .object(value) }
        }
        return document
    }

    /// FNV-1a: a payer id that is the same for the same e-mail on every run.
    static func stableHash(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
