import Foundation
import GoLiveCore
import Testing

/// Payments shaped like Mercado Pago's API reference (`GET /v1/payments/{id}`), from complete to bare.
enum PaymentDocuments {
    /// Every approval field of MERCADOPAGO.md §4, as a flat list of paths: `additional_info.items.X` is a
    /// field of the one item.
    static let fields: [(path: String, value: JSONValue)] = [
        ("external_reference", "ORDER-20480"),
        ("notification_url", "https://shop.example.com/webhooks/mercadopago"),
        ("statement_descriptor", "SHOPEXAMPLE"),
        ("payer.email", "buyer@example.com"),
        ("payer.first_name", "María"),
        ("payer.last_name", "González"),
        ("payer.identification.type", "DNI"),
        ("payer.identification.number", "30111222"),
        ("additional_info.payer.phone.area_code", "11"),
        ("additional_info.payer.phone.number", "5123-4567"),
        ("additional_info.payer.address.zip_code", "C1425BGN"),
        ("additional_info.payer.address.street_name", "Av. Santa Fe"),
        ("additional_info.shipments.receiver_address.zip_code", "C1425BGN"),
        ("additional_info.shipments.receiver_address.street_name", "Av. Santa Fe"),
        ("additional_info.items.id", "MATE-001"),
        ("additional_info.items.title", "Mate de calabaza"),
        ("additional_info.items.description", "Mate artesanal"),
        ("additional_info.items.category_id", "home"),
        ("additional_info.items.quantity", "1"),
        ("additional_info.items.unit_price", 18500),
    ]

    /// A payment with the given subset of ``fields`` (by path) plus what every payment has.
    static func payment(with paths: Set<String>, liveMode: Bool = true) -> Payment {
        var root: [String: JSONValue] = [
            "id": 1_321_456_789, "status": "approved", "status_detail": "accredited", "live_mode": .bool(liveMode),
            "collector_id": 240_112_233, "transaction_amount": 18500, "currency_id": "ARS",
        ]
        var item: [String: JSONValue] = [:]
        for (path, value) in fields where paths.contains(path) {
            if path.hasPrefix("additional_info.items.") {
                item[String(path.dropFirst("additional_info.items.".count))] = value
            } else {
                set(&root, path.split(separator: ".").map(String.init), value)
            }
        }
        if !item.isEmpty { set(&root, ["additional_info", "items"], .array([.object(item)])) }
        return Payment(json: .object(root))!
    }

    static func set(_ object: inout [String: JSONValue], _ path: [String], _ value: JSONValue) {
        guard let key = path.first else { return }
        if path.count == 1 {
            object[key] = value
            return
        }
        var child = object[key]?.object ?? [:]
        set(&child, Array(path.dropFirst()), value)
        object[key] = .object(child)
    }

    static let all = Set(fields.map(\.path))
    static let complete = payment(with: all)
    static let partial = payment(
        with: [
            "external_reference", "payer.email", "payer.first_name", "payer.last_name", "additional_info.items.id",
            "additional_info.items.title", "additional_info.items.quantity", "additional_info.items.unit_price",
        ])
    static let bare = payment(with: ["payer.email"])
}

@Suite("Quality scoring")
struct QualityScorerTests {
    let scorer = QualityScorer()
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func score(_ evidence: QualityEvidence) -> QualityMeasurement {
        scorer.score(evidence, seller: "shop", at: now)
    }

    func status(_ m: QualityMeasurement, _ id: String) -> QualityMeasurement.Status? {
        m.actions.first { $0.id == id }?.status
    }

    @Test("complete, partial and bare payments: expected scores, verdicts and actions")
    func expectedScores() {
        let complete = score(QualityEvidence(payment: PaymentDocuments.complete))
        // Everything a payment can show (80 points); device id, SSL and signed notifications are unknown.
        #expect(complete.score == 80)
        #expect(complete.passed)
        #expect(complete.missingMandatory.isEmpty)
        #expect(complete.actions.prefix(3).map(\.id) == ["device_id", "notifications.signature", "ssl.checkout_page"])
        #expect(complete.actions.prefix(3).allSatisfy { $0.status == .unknown })

        let partial = score(QualityEvidence(payment: PaymentDocuments.partial))
        #expect(partial.score == 42)
        #expect(!partial.passed)
        #expect(partial.missingMandatory.map(\.id) == ["notification_url"])
        // Sorted by what they gain: the 12-point mandatory action leads.
        #expect(partial.actions.first?.id == "notification_url")
        #expect(
            partial.actions.filter { $0.status == .missing }.map(\.id) == [
                "notification_url", "statement_descriptor", "payer.identification", "shipments.receiver_address",
                "items.category_id", "items.description", "payer.address", "payer.phone",
            ])

        let bare = score(QualityEvidence(payment: PaymentDocuments.bare))
        #expect(bare.score == 10)
        #expect(Set(bare.missingMandatory.map(\.id)) == ["external_reference", "notification_url"])
        #expect(status(bare, "items.category_id") == .missing)
        #expect(status(bare, "payer.email") == .met)

        // Per-aspect scores.
        let approval = partial.aspects.first { $0.id == "approval" }
        #expect(approval?.maxPoints == 60)
        #expect(approval?.points == 30)
        #expect(approval?.score == 50)
        #expect(partial.aspects.first { $0.id == "reconciliation" }?.score == 100)
        #expect(bare.aspects.first { $0.id == "reconciliation" }?.score == 0)
    }

    @Test("adding a field never lowers the score, removing one never raises it")
    func monotone() {
        let fields = PaymentDocuments.fields.map(\.path)
        // Deterministic shuffles: the property holds in any order of adding fields.
        var generator = SplitMix(seed: 42)
        for _ in 0..<40 {
            var present: Set<String> = []
            var previous = score(QualityEvidence(payment: PaymentDocuments.payment(with: present))).score
            for field in fields.shuffled(using: &generator) {
                present.insert(field)
                let next = score(QualityEvidence(payment: PaymentDocuments.payment(with: present))).score
                #expect(next >= previous, "adding \(field) to \(present.sorted()) lowered \(previous) → \(next)")
                previous = next
            }
            #expect(previous == 80)
        }
    }

    @Test("what golive cannot see stays unknown until signed off, and adds nothing meanwhile")
    func unknownStaysUnknown() {
        let plain = score(QualityEvidence(payment: PaymentDocuments.complete))
        for id in [
            "device_id", "frontend_sdk", "backend_sdk", "status_messages", "ssl.checkout_page",
            "notifications.signature", "notifications.processed", "reports.configured",
        ] {
            #expect(status(plain, id) == .unknown, "\(id)")
        }

        // An empty notification list is still no evidence: unknown, not missing.
        var evidence = QualityEvidence(payment: PaymentDocuments.complete, notifications: [])
        #expect(status(score(evidence), "notifications.signature") == .unknown)

        evidence.notifications = [
            PaymentNotificationFact(signature: "unsigned", processing: "pending", receivedAt: now)
        ]
        #expect(status(score(evidence), "notifications.signature") == .missing)
        #expect(status(score(evidence), "notifications.processed") == .missing)

        evidence.notifications?.append(PaymentNotificationFact(signature: "valid", processing: "done", receivedAt: now))
        evidence.signOffs["device_id"] = SignOff(
            seller: "shop", what: "device_id", by: "Ana", at: now, note: "security.js")
        evidence.checkResults[.sslCheckoutPage] = CheckResult(
            id: .sslCheckoutPage, title: "ssl", status: .pass, summary: "valid", checkedAt: now)
        let full = score(evidence)
        #expect(full.score == 100)
        let device = full.actions.first { $0.id == "device_id" }
        #expect(device?.status == .met)
        #expect(device?.signedOffBy == "Ana")
        #expect(device?.message.contains("Signed off by Ana") == true)

        // A sign-off never overrides what the payment shows.
        var bare = QualityEvidence(payment: PaymentDocuments.bare)
        bare.signOffs["external_reference"] = SignOff(seller: "shop", what: "external_reference", by: "Ana", at: now)
        #expect(status(score(bare), "external_reference") == .missing)

        // A failing SSL check is missing, not unknown.
        evidence.checkResults[.sslCheckoutPage]?.status = .fail
        #expect(status(score(evidence), "ssl.checkout_page") == .missing)
    }

    @Test("a test payment is flagged")
    func testPaymentFlagged() {
        let m = score(QualityEvidence(payment: PaymentDocuments.payment(with: PaymentDocuments.all, liveMode: false)))
        #expect(!m.liveMode)
        #expect(m.warnings.contains { $0.contains("test payment") && $0.contains("production credentials") })
        #expect(m.estimate)
    }

    @Test("items come from the merchant order when the payment has none; quantities as text count")
    func merchantOrderItems() {
        let payment = PaymentDocuments.payment(with: ["payer.email", "external_reference"])
        let order = MerchantOrder(json: [
            "id": 17_284_551_000, "notification_url": "https://shop.example.com/hook",
            "items": [
                [
                    "id": "A", "title": "T", "description": "D", "category_id": "home", "quantity": "2",
                    "unit_price": 10,
                ]
            ],
        ])
        let m = score(QualityEvidence(payment: payment, merchantOrder: order))
        #expect(status(m, "items.category_id") == .met)
        #expect(status(m, "notification_url") == .met)
        #expect(m.actions.first { $0.id == "items.id" }?.message.contains("merchant order") == true)
    }

    @Test("the JSON document has DESIGN.md's keys")
    func jsonShape() throws {
        let m = score(QualityEvidence(payment: PaymentDocuments.bare))
        let json = try JSONValue.parse(try JSONEncoder.goLive().encode(m))
        for key in [
            "seller_id", "payment_id", "live_mode", "score", "threshold", "passed", "estimate",
            "official_score", "aspects", "actions",
        ] {
            #expect(json.object?[key] != nil, "\(key)")
        }
        #expect(json["official_score"] == .null)
        #expect(json["threshold"].int64 == 73)
        #expect(json["estimate"] == .bool(true))
        let action = json["actions"][0]
        for key in ["id", "level", "status", "aspect", "points", "message"] {
            #expect(action.object?[key] != nil, "\(key)")
        }
        // The payer's e-mail never appears in the document.
        #expect(!String(decoding: try JSONEncoder.goLive().encode(m), as: UTF8.self).contains("buyer@example.com"))
        // And it reads back.
        #expect(try JSONDecoder.goLive().decode(QualityMeasurement.self, from: try JSONEncoder.goLive().encode(m)) == m)
    }
}

/// A seeded generator so shuffles are reproducible.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
