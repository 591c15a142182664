public import Foundation

/// Works the outbox after the acknowledgement (MERCADOPAGO.md §5.5: never trust the body, re-read the
/// resource): fetches each pending notification's resource through the seller's ``MercadoPagoGateway`` and
/// updates the order it belongs to (by `external_reference`), never letting an older update overwrite a newer
/// one. A failed fetch is retried with exponential backoff until ``maxAttempts``, then `failed`.
public struct NotificationProcessor: Sendable {
    public let store: any NotificationStore
    /// The gateway of a configured seller (by name; nil: the default seller), nil when it has no token.
    public let gateway: @Sendable (String?) -> (any MercadoPagoGateway)?
    public let clock: any GoLiveClock
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// How many notifications one pass takes, and how many fetches run at once.
    public var batchSize: Int
    public var concurrency: Int
    /// Called with each notification's lag (from receipt to the end of its processing), for metrics.
    public var onProcessed: @Sendable (TimeInterval) -> Void
    /// Forwarding (issue 11): when set, each `done` outcome carries a delivery to the shop with this source,
    /// enqueued by the store in the same transaction (nil: forwarding off).
    public var forwardSource: ForwardSource?

    public init(
        store: any NotificationStore, gateway: @escaping @Sendable (String?) -> (any MercadoPagoGateway)?,
        clock: any GoLiveClock = SystemClock(), maxAttempts: Int = 8, baseDelay: Duration = .seconds(5),
        maxDelay: Duration = .seconds(900), batchSize: Int = 256, concurrency: Int = 8,
        onProcessed: @escaping @Sendable (TimeInterval) -> Void = { _ in }
    ) {
        self.store = store
        self.gateway = gateway
        self.clock = clock
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.batchSize = batchSize
        self.concurrency = max(1, concurrency)
        self.onProcessed = onProcessed
    }

    /// Processes until cancelled: a pass every `pollInterval`, back to back while passes come back full. One
    /// loop, so a notification is never taken by two passes at once.
    public func run(pollInterval: Duration = .milliseconds(100)) async {
        while !Task.isCancelled {
            let handled = (try? await processDue()) ?? 0
            if handled < batchSize {
                do { try await clock.sleep(for: pollInterval) } catch { break }
            }
        }
    }

    /// One pass over the due notifications; returns how many were handled.
    @discardableResult
    public func processDue() async throws -> Int {
        let due = try await store.dueNotifications(now: clock.now(), limit: batchSize)
        guard !due.isEmpty else { return 0 }
        let records = await withTaskGroup(of: ProcessingRecord.self) { group in
            var records: [ProcessingRecord] = []
            var iterator = due.makeIterator()
            for _ in 0..<concurrency {
                guard let next = iterator.next() else { break }
                group.addTask { await process(next) }
            }
            for await record in group {
                records.append(record)
                if let next = iterator.next() { group.addTask { await process(next) } }
            }
            return records
        }
        let now = clock.now()
        try await store.recordProcessing(records, at: now)
        for stored in due { onProcessed(now.timeIntervalSince(stored.notification.receivedAt)) }
        return due.count
    }

    /// Fetches one notification's resource and applies it to its order.
    public func process(_ stored: StoredNotification) async -> ProcessingRecord {
        let notification = stored.notification
        guard let resource = notification.resource, let id = notification.dataID else {
            // A topic golive does not follow (claims, subscriptions…): recorded, nothing to fetch.
            return ProcessingRecord(seq: stored.seq, outcome: .done(resourceStatus: nil), forward: forward(stored, nil))
        }
        guard let gateway = gateway(notification.seller) else {
            let seller = notification.seller ?? "the default seller"
            return ProcessingRecord(
                seq: stored.seq,
                outcome: .failed(
                    error: "No access token for \(seller): the \(resource.rawValue) cannot be fetched. Configure "
                        + "it, then `golive notifications replay --failed`."))
        }
        let seller = notification.seller ?? "default"
        do {
            let update: ShopOrder?
            let status: String?
            let fetched: ForwardResource
            switch resource {
            case .payment:
                let payment = try await gateway.payment(id: id)
                fetched = ForwardResource(payment: payment)
                status = payment.status
                update = payment.externalReference.map { reference in
                    ShopOrder(
                        seller: seller, externalReference: reference, sellerID: payment.collectorID ?? stored.sellerID,
                        status: payment.status, statusDetail: payment.statusDetail, amount: payment.transactionAmount,
                        currency: payment.currencyID, paymentIDs: [payment.id], source: .payment, sourceID: payment.id,
                        dateLastUpdated: payment.dateLastUpdated ?? payment.dateCreated,
                        lastNotificationSeq: stored.seq, updatedAt: clock.now())
                }
            case .merchantOrder:
                let order = try await gateway.merchantOrder(id: id)
                fetched = ForwardResource(merchantOrder: order)
                status = order.orderStatus ?? order.status
                update = order.externalReference.map { reference in
                    ShopOrder(
                        seller: seller, externalReference: reference, sellerID: stored.sellerID,
                        status: order.orderStatus ?? order.status, statusDetail: order.status,
                        amount: order.totalAmount, currency: nil, paymentIDs: order.payments.map(\.id),
                        source: .merchantOrder, sourceID: order.id, dateLastUpdated: order.lastUpdated,
                        lastNotificationSeq: stored.seq, updatedAt: clock.now())
                }
            case .order:
                let order = try await gateway.order(id: id)
                fetched = ForwardResource(order: order)
                status = order.status
                update = order.externalReference.map { reference in
                    ShopOrder(
                        seller: seller, externalReference: reference, sellerID: stored.sellerID, status: order.status,
                        statusDetail: order.statusDetail, amount: order.totalAmount, currency: order.currency,
                        paymentIDs: order.paymentIDs, source: .order, sourceID: order.id,
                        dateLastUpdated: order.lastUpdated, lastNotificationSeq: stored.seq, updatedAt: clock.now())
                }
            }
            if let update { try await store.applyOrderUpdate(update) }
            return ProcessingRecord(
                seq: stored.seq, outcome: .done(resourceStatus: status), forward: forward(stored, fetched))
        } catch let error as MercadoPagoError {
            return failure(stored, "\(error.endpoint): \(error.reason)")
        } catch {
            return failure(stored, "updating the order failed: \(error)")
        }
    }

    /// The delivery to enqueue with a `done` outcome, when forwarding is on.
    private func forward(_ stored: StoredNotification, _ resource: ForwardResource?) -> ForwardDraft? {
        forwardSource.map { ForwardDraft(notification: stored, resource: resource, source: $0) }
    }

    private func failure(_ stored: StoredNotification, _ message: String) -> ProcessingRecord {
        let attempt = stored.attempts + 1
        guard attempt < maxAttempts else {
            return ProcessingRecord(
                seq: stored.seq, outcome: .failed(error: "\(message) (gave up after \(attempt) attempts)"))
        }
        return ProcessingRecord(
            seq: stored.seq, outcome: .retry(error: message, nextAttemptAt: clock.now() + delay(afterAttempt: attempt)))
    }

    /// `baseDelay · 2^(attempt−1)`, capped at `maxDelay`.
    public func delay(afterAttempt attempt: Int) -> TimeInterval {
        let factor = pow(2.0, Double(max(0, attempt - 1)))
        return min(baseDelay.timeInterval * factor, maxDelay.timeInterval)
    }
}
