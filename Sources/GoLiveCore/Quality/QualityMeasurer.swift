public import Foundation

/// Measures quality from a payment: fetches `GET /v1/payments/{id}` (and its merchant order), gathers golive's
/// own evidence (stored check results, sign-offs, notifications), scores it, and keeps it in the history.
public struct QualityMeasurer: Sendable {
    public let scorer: QualityScorer
    public let store: any QualityStore & GoLiveStore
    /// Nil until the notifications requirement provides a store: notification evidence is then `unknown`.
    public let notifications: (any PaymentNotificationEvidence)?
    public let clock: any GoLiveClock

    public init(
        store: any QualityStore & GoLiveStore, notifications: (any PaymentNotificationEvidence)? = nil,
        clock: any GoLiveClock = SystemClock(), rubric: QualityRubric = .standard
    ) {
        self.scorer = QualityScorer(rubric: rubric)
        self.store = store
        self.notifications = notifications
        self.clock = clock
    }

    /// Measures payment `paymentID` of `seller` and records it. Throws a ``GoLiveError`` that says what to do
    /// when the payment does not exist, the token is rejected, or the store fails.
    public func measure(
        paymentID: String, seller: String, gateway: any MercadoPagoGateway,
        trigger: QualityMeasurement.Trigger = .manual, month: String? = nil
    ) async throws -> QualityMeasurement {
        let measurement = try await evaluate(
            paymentID: paymentID, seller: seller, gateway: gateway, trigger: trigger, month: month)
        try await record(measurement)
        return measurement
    }

    /// Keeps a measurement in the history and, like every check run, its `quality.score` result in the
    /// check results (so the dashboard and the walkthrough read one source). Returns false, storing nothing,
    /// when it is a monthly measurement of a month that already has one.
    @discardableResult
    public func record(_ measurement: QualityMeasurement) async throws -> Bool {
        guard try await store.recordQualityMeasurement(measurement) else { return false }
        let result = QualityCheckSource.result(for: measurement, now: measurement.measuredAt)
        try await store.recordCheckResults([result], seller: measurement.seller, sellerID: measurement.sellerID)
        return true
    }

    /// Fetches and scores payment `paymentID` without recording it.
    public func evaluate(
        paymentID: String, seller: String, gateway: any MercadoPagoGateway,
        trigger: QualityMeasurement.Trigger = .manual, month: String? = nil
    ) async throws -> QualityMeasurement {
        let payment: Payment
        do {
            payment = try await gateway.payment(id: paymentID)
        } catch {
            throw Self.describe(error, paymentID: paymentID)
        }
        return try await score(payment, seller: seller, gateway: gateway, trigger: trigger, month: month)
    }

    /// Scores an already fetched payment without recording it.
    public func score(
        _ payment: Payment, seller: String, gateway: any MercadoPagoGateway,
        trigger: QualityMeasurement.Trigger = .manual, month: String? = nil
    ) async throws -> QualityMeasurement {
        var evidence = QualityEvidence(payment: payment)
        if let orderID = payment.merchantOrderID {
            do {
                evidence.merchantOrder = try await gateway.merchantOrder(id: orderID)
            } catch {
                evidence.notes.append(
                    "Merchant order \(orderID) could not be read (\(error.reason)); scored without it.")
            }
        }
        let results = try await store.latestCheckResults(seller: seller)
        evidence.checkResults = Dictionary(results.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        evidence.signOffs = Dictionary(
            try await store.signOffs(seller: seller).map { ($0.what, $0) }, uniquingKeysWith: { _, last in last })
        if let notifications {
            do {
                evidence.notifications = try await notifications.notifications(forPayment: payment.id, seller: seller)
            } catch {
                evidence.notes.append("Stored notifications could not be read (\(error)); that evidence is unknown.")
            }
        }
        let official = try await store.officialScore(seller: seller, paymentID: payment.id)?.score
        return scorer.score(
            evidence, seller: seller, at: clock.now(), trigger: trigger, month: month, officialScore: official)
    }

    /// The newest approved production payment of the last 12 months (what the monthly measurement uses).
    public static func latestApprovedProductionPayment(gateway: any MercadoPagoGateway, now: Date) async throws
        -> Payment?
    {
        let query = PaymentSearchQuery(
            limit: 50, sort: .dateApproved, criteria: .descending,
            range: .init(field: .dateApproved, begin: now.addingTimeInterval(-365 * 86_400), end: now),
            status: "approved")
        let page: PaymentSearchPage
        do {
            page = try await gateway.searchPayments(query)
        } catch {
            throw describe(error, paymentID: nil)
        }
        return page.results.first { $0.liveMode == true }
    }

    static func describe(_ error: MercadoPagoError, paymentID: String?) -> GoLiveError {
        switch error.kind {
        case .notFound where paymentID != nil:
            return GoLiveError(
                .qualityPaymentNotFound,
                "Payment \(paymentID ?? "") was not found for this seller (\(error.reason)).",
                remedy: "Use the ID of a payment made with this seller's production credentials: Your business > "
                    + "Activity, or golive quality without an ID to use the latest approved one. TEST- credentials "
                    + "see only test payments.")
        default:
            return GoLiveError(.qualityAPIFailed, error.summary + ".", remedy: error.remedy)
        }
    }
}
