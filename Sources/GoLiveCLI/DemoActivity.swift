import Foundation
import GoLiveCore
import MercadoPagoClient
import MercadoPagoSandbox
import ServiceLifecycle
import StoreSQLite
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// What makes `golive demo` look like a shop at work: the real receiver (`serve`'s composition) on a loopback
/// port, the Sandbox delivering signed webhooks (and unsigned IPNs, and some duplicates) to it, and a stream of
/// payments — approved, rejected, pending then approved — created through the Sandbox's control API.
struct DemoActivity {
    /// The receiver's services, stopped gracefully as `serve` is on SIGTERM: cancelling a Hummingbird server with
    /// open connections logged shutdown errors on every quit and could trap in NIOAsyncWriter.
    let receiver: ServiceGroup
    let tasks: [Task<Void, Never>]

    /// `shop: false` runs only the receiver (the walkthrough's test notification needs it; nothing else moves).
    static func start(sandbox: MercadoPagoSandbox, baseURL: URL, session: Session, shop runsShop: Bool = true)
        async throws -> DemoActivity
    {
        // The receiver picks the seller by the body's user_id: tell the store who the demo sellers are.
        for account in MercadoPagoSandbox.accounts {
            try await session.store.saveSeller(
                SellerRecord(
                    name: account.name, userID: account.userID, nickname: account.nickname, siteID: "MLA",
                    environment: nil, updatedAt: Date()))
        }
        let address = Mutex<String?>(nil)
        let composition = try await ServeComposition.make(
            session: session, listen: ListenAddress(host: "127.0.0.1", port: 0), bodyLimit: 256 * 1024,
            signatureTolerance: nil, onListening: { bound in address.withLock { $0 = bound } })
        let receiver = composition.serviceGroup(handlesSignals: false)
        let serve = Task { _ = try? await receiver.run() }
        let deadline = ContinuousClock.now + .seconds(10)
        while address.withLock({ $0 }) == nil, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        guard let bound = address.withLock({ $0 }), let url = URL(string: "http://\(bound)/webhooks/mercadopago")
        else {
            await receiver.triggerGracefulShutdown()
            serve.cancel()
            throw GoLiveError(.sandboxFailed, "The demo's webhook receiver did not start listening.")
        }
        await sandbox.configureWebhooks(WebhookSettings(url: url, mode: .both, duplicates: 0.1, seed: 7))
        guard runsShop else { return DemoActivity(receiver: receiver, tasks: [serve]) }
        let shop = Task { await Self.shop(controlAPI: baseURL.appendingPathComponent("_sandbox")) }
        return DemoActivity(receiver: receiver, tasks: [serve, shop])
    }

    /// The quality pane's score and history: the few latest approved production payments of the Sandbox's
    /// production seller, measured oldest first (a failure leaves the pane saying what to run).
    static func measureQuality(session: Session) async {
        guard let account = MercadoPagoSandbox.account(named: "production") else { return }
        let gateway = session.connection.gateway(accessToken: Secret(account.accessToken))
        let measurer = QualityMeasurer(
            store: session.store, notifications: StoredPaymentNotifications(store: session.store))
        guard
            let approved = try? await gateway.searchPayments(
                PaymentSearchQuery(limit: 4, sort: .dateCreated, criteria: .descending, status: "approved"))
        else { return }
        for payment in approved.results.reversed() where payment.liveMode == true {
            _ = try? await measurer.measure(paymentID: payment.id, seller: account.name, gateway: gateway)
        }
    }

    /// Stops the shop, and the receiver gracefully (deliveries in flight are answered, not cut).
    func stop() async {
        await receiver.triggerGracefulShutdown()
        for task in tasks.dropFirst() { task.cancel() }
        for task in tasks { await task.value }
    }

    /// A payment every 2 s; a pending one is approved a few seconds later.
    static func shop(controlAPI: URL) async {
        var pending: [String] = []
        var number = 1000
        let outcomes: [(String, String)] = [
            ("approved", "accredited"), ("approved", "accredited"), ("rejected", "cc_rejected_insufficient_amount"),
            ("pending", "pending_contingency"), ("approved", "accredited"),
        ]
        while !Task.isCancelled {
            number += 1
            let (status, detail) = outcomes[number % outcomes.count]
            let amount = Decimal(1_000 + (number * 337) % 9_000) + Decimal(string: "0.5")!
            let body: [String: Any] = [
                "seller": "production",
                "payment": [
                    "status": status, "status_detail": detail, "transaction_amount": NSDecimalNumber(decimal: amount),
                    "external_reference": "order-\(number)", "description": "Demo order \(number)",
                ],
            ]
            if let created = await post(controlAPI.appendingPathComponent("payments"), body),
                let id = created["id"].map({ "\($0)" }), status == "pending"
            {
                pending.append(id)
            }
            if number % 3 == 0, !pending.isEmpty {
                let id = pending.removeFirst()
                _ = await post(
                    controlAPI.appendingPathComponent("payments/\(id)/status"),
                    ["status": "approved", "status_detail": "accredited"])
            }
            try? await Task.sleep(for: .seconds(2))
        }
    }

    static func post(_ url: URL, _ body: [String: Any]) async -> [String: Any]? {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try? JSONSerialization.data(withJSONObject: body)
        guard let (data, _) = try? await URLSession.shared.data(for: request) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}
