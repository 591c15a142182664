import Foundation

/// A payment as stored: the document Mercado Pago would return, plus the seller who owns it.
struct StoredPayment: Sendable {
    let id: Int64
    let sellerID: Int64
    var document: JSONObject

    init(sellerID: Int64, document: JSONObject) {
        self.id = document["id"]?.int64Value ?? 0
        self.sellerID = sellerID
        self.document = document
    }

    var liveMode: Bool { document["live_mode"]?.boolValue ?? true }

    /// Each credential sees its own seller's payments of its own mode; anything else is "not found".
    func isVisible(to caller: Caller) -> Bool {
        sellerID == caller.sellerID && liveMode == caller.liveMode
    }
}

/// Everything the sandbox remembers. One actor, so idempotent creation and fault counting are atomic.
actor SandboxState {
    private let clock: @Sendable () -> Date
    private var payments: [Int64: StoredPayment] = [:]
    private var merchantOrders: [Int64: StoredMerchantOrder] = [:]
    private var idempotentPayments: [IdempotencyScope: Int64] = [:]
    private var nextPaymentID = Fixtures.firstCreatedPaymentID
    private var faults: [Fault] = []
    private var nextFaultID = 1
    private var requestLog: [JSON] = []
    private var orders: [String: StoredOrder] = [:]
    private var nextOrderNumber: UInt64 = 1

    /// Keeps a long `golive sandbox` session from growing without bound; tests need far fewer.
    private static let requestLogLimit = 5_000

    private struct IdempotencyScope: Hashable {
        let sellerID: Int64
        let liveMode: Bool
        let key: String
    }

    init(clock: @escaping @Sendable () -> Date) {
        self.clock = clock
        let seeded = Fixtures.seed(now: clock())
        for payment in seeded.payments { payments[payment.id] = payment }
        for order in seeded.orders { merchantOrders[order.id] = order }
    }

    nonisolated func now() -> Date { clock() }

    // MARK: Payments

    func payment(id: Int64, visibleTo caller: Caller) -> JSONObject? {
        payments[id].flatMap { $0.isVisible(to: caller) ? $0.document : nil }
    }

    func payments(visibleTo caller: Caller) -> [StoredPayment] {
        payments.values.filter { $0.isVisible(to: caller) }
    }

    /// Creates a payment once per idempotency key: a repeated key returns the payment it created first
    /// (`created` false).
    func createPayment(
        idempotencyKey: String, caller: Caller, make: @Sendable (_ id: Int64, _ now: Date) -> JSONObject
    ) -> (document: JSONObject, created: Bool) {
        let scope = IdempotencyScope(sellerID: caller.sellerID, liveMode: caller.liveMode, key: idempotencyKey)
        if let existingID = idempotentPayments[scope], let existing = payments[existingID] {
            return (existing.document, false)
        }
        let id = takePaymentID()
        let payment = StoredPayment(sellerID: caller.sellerID, document: make(id, clock()))
        payments[id] = payment
        idempotentPayments[scope] = id
        return (payment.document, true)
    }

    /// Stores a payment made by `make` under `requestedID`, or a fresh id; nil when the requested id is taken.
    func insertPayment(
        requestedID: Int64?, make: @Sendable (_ id: Int64, _ now: Date) -> StoredPayment
    ) -> StoredPayment? {
        let id: Int64
        if let requestedID {
            guard payments[requestedID] == nil else { return nil }
            id = requestedID
        } else {
            id = takePaymentID()
        }
        let payment = make(id, clock())
        payments[id] = payment
        return payment
    }

    /// Deep-merges `fields` into the payment and bumps `date_last_updated`; `id` and `collector_id` never change.
    func patchPayment(id: Int64, fields: JSONObject) -> JSONObject? {
        guard var payment = payments[id] else { return nil }
        var fields = fields
        fields["id"] = nil
        fields["collector_id"] = nil
        payment.document = payment.document.merging(fields)
        payment.document["date_last_updated"] = MercadoPagoDate.json(clock())
        payments[id] = payment
        return payment.document
    }

    private func takePaymentID() -> Int64 {
        while payments[nextPaymentID] != nil { nextPaymentID += 1 }
        defer { nextPaymentID += 1 }
        return nextPaymentID
    }

    // MARK: Merchant orders

    /// The merchant order a payment belongs to, when the sandbox has it.
    func merchantOrderID(of payment: JSONObject) -> Int64? {
        guard let id = payment["order"]?["id"]?.int64Value, merchantOrders[id] != nil else { return nil }
        return id
    }

    func merchantOrder(id: Int64, visibleTo caller: Caller) -> JSON? {
        guard let order = merchantOrders[id], order.sellerID == caller.sellerID, order.liveMode == caller.liveMode
        else {
            return nil
        }
        let members = payments.values.filter {
            $0.sellerID == order.sellerID && $0.document["order"]?["id"]?.int64Value == id
        }
        return order.document(payments: members.sorted { $0.id < $1.id })
    }

    // MARK: Orders (Orders API)

    func order(id: String, visibleTo caller: Caller) -> JSONObject? {
        guard let order = orders[id], order.sellerID == caller.sellerID, order.liveMode == caller.liveMode else {
            return nil
        }
        return order.document
    }

    /// Stores an order made by `make` under a fresh `ORD01…` id.
    func insertOrder(make: @Sendable (_ id: String, _ now: Date) -> StoredOrder) -> StoredOrder {
        var id: String
        repeat {
            id = StoredOrder.makeID(number: nextOrderNumber)
            nextOrderNumber += 1
        } while orders[id] != nil
        let order = make(id, clock())
        orders[id] = order
        return order
    }

    /// Sets the order's status (and its payments'), bumping `last_updated_date`.
    func setOrderStatus(id: String, status: String, detail: String) -> StoredOrder? {
        guard var order = orders[id] else { return nil }
        order.set(status: status, detail: detail, now: clock())
        orders[id] = order
        return order
    }

    // MARK: Faults

    /// Queues the fault under a fresh id.
    func addFault(_ fault: Fault) -> Fault {
        var fault = fault
        fault.id = nextFaultID
        nextFaultID += 1
        faults.append(fault)
        return fault
    }

    func listFaults() -> [Fault] { faults }

    func clearFaults() -> Int {
        defer { faults.removeAll() }
        return faults.count
    }

    /// The first queued fault matching this request, counted as used; it disappears when used up.
    func takeFault(method: String, path: String) -> Fault? {
        guard let index = faults.firstIndex(where: { $0.matches(method: method, path: path) }) else { return nil }
        let fault = faults[index]
        faults[index].remaining -= 1
        if faults[index].remaining <= 0 { faults.remove(at: index) }
        return fault
    }

    // MARK: Request log

    func record(_ entry: JSON) {
        requestLog.append(entry)
        if requestLog.count > Self.requestLogLimit { requestLog.removeFirst(requestLog.count - Self.requestLogLimit) }
    }

    func loggedRequests() -> [JSON] { requestLog }

    func clearRequests() -> Int {
        defer { requestLog.removeAll() }
        return requestLog.count
    }
}
