import Foundation

/// The seeded payments and merchant orders. Everything derives from the seed tables and `now`, with no
/// randomness, so two sandboxes with the same clock serve identical documents.
enum Fixtures {
    struct Seed {
        let hoursAgo: Int
        let status: String
        let detail: String
        var method = "visa"
        var data = Completeness.complete
        /// Payments with the same key belong to one merchant order.
        var order: String? = nil
        var quantityAsText = false
        var installments = 1
    }

    /// The production seller's live payments: every status of MERCADOPAGO.md §5.7 and several §4 rejections,
    /// spread over the last 60 days, newest first.
    static let productionSeeds: [Seed] = [
        Seed(hoursAgo: 20, status: "approved", detail: "accredited", order: "A"),
        Seed(hoursAgo: 30, status: "pending", detail: "pending_waiting_payment", method: "rapipago", order: "F"),
        Seed(hoursAgo: 46, status: "approved", detail: "accredited", method: "master", installments: 3),
        Seed(hoursAgo: 70, status: "approved", detail: "accredited", method: "account_money", data: .partial),
        Seed(hoursAgo: 98, status: "rejected", detail: "cc_rejected_insufficient_amount"),
        Seed(hoursAgo: 121, status: "approved", detail: "accredited", method: "debvisa", data: .bare),
        Seed(hoursAgo: 125, status: "in_process", detail: "pending_contingency", method: "master", data: .partial),
        Seed(hoursAgo: 146, status: "authorized", detail: "pending_capture"),
        Seed(hoursAgo: 193, status: "approved", detail: "partially_refunded", order: "B", installments: 6),
        Seed(hoursAgo: 218, status: "rejected", detail: "cc_rejected_bad_filled_security_code", order: "B"),
        Seed(
            hoursAgo: 242, status: "pending", detail: "pending_waiting_transfer", method: "debin_transfer",
            data: .partial),
        Seed(hoursAgo: 290, status: "approved", detail: "accredited", method: "master", quantityAsText: true),
        Seed(hoursAgo: 314, status: "in_process", detail: "pending_review_manual", method: "amex"),
        Seed(hoursAgo: 362, status: "rejected", detail: "cc_rejected_call_for_authorize", data: .partial),
        Seed(hoursAgo: 410, status: "in_mediation", detail: "accredited"),
        Seed(hoursAgo: 434, status: "approved", detail: "accredited", order: "C"),
        Seed(hoursAgo: 482, status: "cancelled", detail: "expired", method: "pagofacil", data: .partial),
        Seed(hoursAgo: 530, status: "refunded", detail: "refunded", method: "master", order: "D"),
        Seed(hoursAgo: 600, status: "rejected", detail: "cc_rejected_other_reason", data: .bare),
        Seed(hoursAgo: 650, status: "approved", detail: "accredited", data: .partial, quantityAsText: true),
        Seed(hoursAgo: 722, status: "charged_back", detail: "settled"),
        Seed(
            hoursAgo: 795, status: "rejected", detail: "cc_rejected_bad_filled_date", method: "master", data: .partial),
        Seed(hoursAgo: 866, status: "approved", detail: "accredited", method: "account_money", data: .bare),
        Seed(hoursAgo: 960, status: "rejected", detail: "cc_rejected_high_risk"),
        Seed(hoursAgo: 1058, status: "approved", detail: "accredited", method: "amex", installments: 3),
        Seed(hoursAgo: 1130, status: "cancelled", detail: "by_collector", data: .partial),
        Seed(hoursAgo: 1200, status: "rejected", detail: "cc_rejected_card_disabled", method: "debmaster", data: .bare),
        Seed(hoursAgo: 1275, status: "approved", detail: "accredited", data: .partial, order: "E"),
        Seed(hoursAgo: 1346, status: "refunded", detail: "refunded", method: "debvisa", data: .bare),
        Seed(hoursAgo: 1420, status: "approved", detail: "accredited", method: "master", quantityAsText: true),
        Seed(hoursAgo: 1432, status: "approved", detail: "accredited", data: .bare),
    ]

    /// Test payments (live_mode false) made with the production seller's TEST- credentials.
    static let testCredentialSeeds: [Seed] = [
        Seed(hoursAgo: 5, status: "approved", detail: "accredited", order: "T"),
        Seed(hoursAgo: 28, status: "rejected", detail: "cc_rejected_other_reason", method: "master", data: .partial),
        Seed(hoursAgo: 52, status: "pending", detail: "pending_waiting_payment", method: "rapipago", data: .bare),
        Seed(hoursAgo: 100, status: "in_process", detail: "pending_contingency", data: .partial),
        Seed(hoursAgo: 170, status: "approved", detail: "accredited", method: "account_money", data: .bare),
    ]

    /// The test user's own payments.
    static let testUserSeeds: [Seed] = [
        Seed(hoursAgo: 10, status: "approved", detail: "accredited", data: .partial),
        Seed(hoursAgo: 60, status: "approved", detail: "accredited", method: "master", data: .bare),
        Seed(hoursAgo: 130, status: "rejected", detail: "cc_rejected_bad_filled_other", data: .bare),
        Seed(hoursAgo: 200, status: "pending", detail: "pending_waiting_payment", method: "pagofacil", data: .partial),
    ]

    /// One seller's view: whose payments, in which mode, and how its references look.
    private struct Ledger {
        let sellerID: Int64
        let liveMode: Bool
        let seeds: [Seed]
        let newestPaymentID: Int64
        let firstOrderID: Int64
        let referencePrefix: String
        let firstReference: Int
        let site: String
    }

    private static let ledgers: [Ledger] = [
        Ledger(
            sellerID: SellerID.production, liveMode: true, seeds: productionSeeds, newestPaymentID: 1_321_456_789,
            firstOrderID: 17_284_551_000, referencePrefix: "PEDIDO-", firstReference: 20_480, site: "tiendaelsol.com.ar"
        ),
        Ledger(
            sellerID: SellerID.production, liveMode: false, seeds: testCredentialSeeds, newestPaymentID: 1_319_002_417,
            firstOrderID: 17_280_004_000, referencePrefix: "PRUEBA-", firstReference: 900, site: "tiendaelsol.com.ar"
        ),
        Ledger(
            sellerID: SellerID.testUser, liveMode: true, seeds: testUserSeeds, newestPaymentID: 1_320_774_051,
            firstOrderID: 17_282_100_000, referencePrefix: "TEST-ORDER-", firstReference: 310,
            site: "testab12cd34.example.com"
        ),
    ]

    /// The first id `POST /v1/payments` hands out: above every seeded id.
    static let firstCreatedPaymentID: Int64 = 1_322_000_001

    static func seed(now: Date) -> (payments: [StoredPayment], orders: [StoredMerchantOrder]) {
        var payments: [StoredPayment] = []
        var orders: [StoredMerchantOrder] = []
        for ledger in ledgers {
            let seeded = seed(ledger, now: now)
            payments += seeded.payments
            orders += seeded.orders
        }
        return (payments, orders)
    }

    private static func seed(_ ledger: Ledger, now: Date) -> (payments: [StoredPayment], orders: [StoredMerchantOrder])
    {
        var drafts: [PaymentDraft] = []
        var orderIDs: [String: Int64] = [:]
        // The payments of one order share its items, so the order's total matches every attempt.
        var orderItems: [String: [LineItem]] = [:]

        for (index, seed) in ledger.seeds.enumerated() {
            let buyerIndex = index % buyers.count
            var items = [LineItem(product: products[index % products.count], quantity: index % 4 == 3 ? 2 : 1)]
            if index % 3 == 0 { items.append(LineItem(product: products[(index + 3) % products.count], quantity: 1)) }
            if let key = seed.order {
                if let shared = orderItems[key] { items = shared } else { orderItems[key] = items }
            }
            let orderID = seed.order.map { key in
                if let id = orderIDs[key] { return id }
                let id = ledger.firstOrderID + Int64(orderIDs.count) * 1_271
                orderIDs[key] = id
                return id
            }
            let reference = ledger.referencePrefix + String(ledger.firstReference - index * 3)
            drafts.append(
                PaymentDraft(
                    id: ledger.newestPaymentID - Int64(index) * 1_733,
                    sellerID: ledger.sellerID,
                    liveMode: ledger.liveMode,
                    created: now.addingTimeInterval(-TimeInterval(seed.hoursAgo) * 3600 - TimeInterval(index * 97)),
                    status: seed.status,
                    statusDetail: seed.detail,
                    methodID: seed.method,
                    amountCents: items.reduce(0) { $0 + $1.totalCents },
                    installments: seed.installments,
                    description: items.count > 1 ? "Pedido \(reference)" : items[0].product.title,
                    buyer: buyers[buyerIndex],
                    payerID: 1_184_000_000 + Int64(buyerIndex) * 104_729,
                    items: items,
                    completeness: seed.data,
                    externalReference: seed.data == .bare ? nil : reference,
                    notificationURL: seed.data == .complete
                        ? "https://\(ledger.site)/webhooks/mercadopago?source_news=webhooks" : nil,
                    statementDescriptor: seed.data == .complete
                        ? String(ledger.site.prefix { $0 != "." }).uppercased() : nil,
                    orderID: orderID,
                    quantityAsText: seed.quantityAsText
                )
            )
        }

        let payments = drafts.map { StoredPayment(sellerID: $0.sellerID, document: $0.document(now: now)) }
        let orders = orderIDs.sorted { $0.value < $1.value }.compactMap { key, id -> StoredMerchantOrder? in
            let members = drafts.filter { $0.orderID == id }
            guard let first = members.min(by: { $0.created < $1.created }) else { return nil }
            return StoredMerchantOrder(
                id: id, sellerID: ledger.sellerID, liveMode: ledger.liveMode,
                preferenceID: "\(ledger.sellerID)-\(deterministicUUID(seed: id))",
                externalReference: first.externalReference, notificationURL: first.notificationURL,
                items: orderItems[key] ?? first.items, payer: (first.payerID, first.buyer?.email),
                created: first.created.addingTimeInterval(-120)
            )
        }
        return (payments, orders)
    }

    /// A UUID-shaped string derived from `seed` with SplitMix64, for ids that must look random yet never change.
    static func deterministicUUID(seed: Int64) -> String {
        var state = UInt64(bitPattern: seed)
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let hex = (String(next(), radix: 16) + String(next(), radix: 16)).filter(\.isHexDigit)
        let digits = Array(hex.padding(toLength: 32, withPad: "0", startingAt: 0))
        func part(_ range: Range<Int>) -> String { String(digits[range]) }
        return part(0..<8) + "-" + part(8..<12) + "-4" + part(13..<16) + "-a" + part(17..<20) + "-" + part(20..<32)
    }

    // MARK: - Catalogue

    static let products: [Product] = [
        Product(
            id: "MATE-001", title: "Mate de calabaza con virola de alpaca", description: "Mate artesanal curado a mano",
            categoryID: "home", unitPriceCents: 1_850_000
        ),
        Product(
            id: "TERMO-750", title: "Termo de acero inoxidable 750 ml",
            description: "Pico cebador, conserva el agua 24 h",
            categoryID: "home", unitPriceCents: 4_599_000
        ),
        Product(
            id: "BOMB-012", title: "Bombilla de alpaca pico de loro", description: "Bombilla con filtro desmontable",
            categoryID: "home", unitPriceCents: 799_050
        ),
        Product(
            id: "YERBA-1KG", title: "Yerba mate orgánica 1 kg", description: "Yerba con palo, estacionamiento natural",
            categoryID: "others", unitPriceCents: 689_000
        ),
        Product(
            id: "MANTA-220", title: "Manta tejida a mano 220x150", description: "Lana de oveja tejida en telar",
            categoryID: "home", unitPriceCents: 5_249_900
        ),
        Product(
            id: "TAZAS-03", title: "Set de 3 tazas de cerámica", description: "Cerámica esmaltada apta lavavajillas",
            categoryID: "home", unitPriceCents: 1_575_000
        ),
        Product(
            id: "LAMP-055", title: "Lámpara de mesa de algarrobo",
            description: "Madera de algarrobo y pantalla de lino",
            categoryID: "home", unitPriceCents: 3_890_000
        ),
    ]

    // Fictional buyers; e-mails use the reserved example.com domain.
    static let buyers: [Buyer] = [
        Buyer(
            firstName: "María", lastName: "González", email: "maria.gonzalez@example.com", dni: "30111222",
            areaCode: "11",
            phone: "5123-4567", street: "Av. Santa Fe", streetNumber: "3450", zipCode: "C1425BGN", city: "Buenos Aires",
            state: "Ciudad Autónoma de Buenos Aires"
        ),
        Buyer(
            firstName: "Juan Pablo", lastName: "Rodríguez", email: "jp.rodriguez@example.com", dni: "28444555",
            areaCode: "351", phone: "466-1020", street: "Bv. San Juan", streetNumber: "812", zipCode: "X5000ATQ",
            city: "Córdoba", state: "Córdoba"
        ),
        Buyer(
            firstName: "Carla", lastName: "Benítez", email: "carla.benitez@example.com", dni: "35666777",
            areaCode: "341",
            phone: "425-3311", street: "Pellegrini", streetNumber: "1540", zipCode: "S2000BUO", city: "Rosario",
            state: "Santa Fe"
        ),
        Buyer(
            firstName: "Martín", lastName: "López", email: "martin.lopez@example.com", dni: "32999000",
            areaCode: "261", phone: "423-8800", street: "Av. San Martín", streetNumber: "1120", zipCode: "M5500AAT",
            city: "Mendoza",
            state: "Mendoza"
        ),
        Buyer(
            firstName: "Sofía", lastName: "Pereyra", email: "sofia.pereyra@example.com", dni: "40123456",
            areaCode: "221",
            phone: "482-1144", street: "Calle 7", streetNumber: "1045", zipCode: "B1900TFQ", city: "La Plata",
            state: "Buenos Aires"
        ),
        Buyer(
            firstName: "Diego", lastName: "Acosta", email: "diego.acosta@example.com", dni: "26777888", areaCode: "381",
            phone: "430-5566", street: "24 de Septiembre", streetNumber: "670", zipCode: "T4000AAN",
            city: "San Miguel de Tucumán", state: "Tucumán"
        ),
        Buyer(
            firstName: "Valentina", lastName: "Romero", email: "valentina.romero@example.com", dni: "38222333",
            areaCode: "299", phone: "447-9090", street: "Av. Argentina", streetNumber: "255", zipCode: "Q8300AAC",
            city: "Neuquén", state: "Neuquén"
        ),
        Buyer(
            firstName: "Federico", lastName: "Suárez", email: "federico.suarez@example.com", dni: "31555666",
            areaCode: "223", phone: "491-7272", street: "Güemes", streetNumber: "2890", zipCode: "B7600DPV",
            city: "Mar del Plata", state: "Buenos Aires"
        ),
    ]
}
