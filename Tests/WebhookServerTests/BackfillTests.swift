import AsyncHTTPClient
import Foundation
import GoLiveCore
import MercadoPagoClient
import MercadoPagoSandbox
import NIOHTTP1
import StoreSQLite
import Synchronization
import Testing
import WebhookServer

/// Backfill (issue 11) against real parts: the Sandbox withholding notifications, the receiver and the processor
/// on loopback, a SQLite file, the Mercado Pago client.
@Suite("Backfill: catch what Mercado Pago never sent", .serialized)
struct BackfillTests {
    /// Everything a backfill test needs, stopped by `close()`.
    struct World {
        let sandbox: MercadoPagoSandbox
        let sandboxURL: String
        let receiver: RunningReceiver
        let store: SQLiteStore
        let folder: URL
        let connection: MercadoPagoConnection
        let gateway: any MercadoPagoGateway
        let processor: Task<Void, Never>
        let http: HTTPClient

        static func start() async throws -> World {
            let account = try #require(MercadoPagoSandbox.account(named: "production"))
            let sandbox = MercadoPagoSandbox()
            let sandboxURL = try await sandbox.start().absoluteString
            let (store, folder) = try temporaryStore()
            let receiver = try await RunningReceiver.start(
                store: store,
                sellers: [
                    ReceiverSeller(name: "default", userID: account.userID, secret: Secret(account.webhookSecret))
                ])
            let connection = MercadoPagoConnection(
                baseURL: try #require(URL(string: sandboxURL)),
                retryPolicy: RetryPolicy(maxRetries: 3, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20)),
                connectTimeout: .seconds(5), requestTimeout: .seconds(20))
            let gateway = connection.gateway(accessToken: Secret(account.accessToken))
            let processor = NotificationProcessor(store: store, gateway: { _ in gateway }, baseDelay: .milliseconds(50))
            let task = Task { await processor.run(pollInterval: .milliseconds(20)) }
            await sandbox.configureWebhooks(
                WebhookSettings(
                    url: URL(string: "\(receiver.url)/webhooks/mercadopago"), topics: ["payment"], seed: 11,
                    timeScale: 1_000_000))
            return World(
                sandbox: sandbox, sandboxURL: sandboxURL, receiver: receiver, store: store, folder: folder,
                connection: connection, gateway: gateway, processor: task,
                http: HTTPClient(eventLoopGroupProvider: .singleton))
        }

        func close() async {
            processor.cancel()
            await processor.value
            await receiver.stop()
            await sandbox.stop()
            await connection.shutdown()
            try? await http.shutdown()
            try? FileManager.default.removeItem(at: folder)
        }

        func control(_ method: HTTPMethod, _ path: String, _ json: String) async throws -> JSONValue {
            let answer = try await WebhookServerTests.http(
                http, method, sandboxURL + path, headers: [("Content-Type", "application/json")], body: Data(json.utf8))
            #expect((200...202).contains(answer.status), "\(path): \(answer.body)")
            return try JSONValue.parse(Data(answer.body.utf8))
        }

        /// A pending payment with its own external reference; returns its id.
        func createPayment(_ reference: String) async throws -> String {
            let created = try await control(
                .POST, "/_sandbox/payments",
                #"{"seller":"production","payment":{"status":"pending","status_detail":"pending_waiting_payment","external_reference":"\#(reference)","transaction_amount":100}}"#
            )
            return try #require(created["id"].string)
        }

        func setStatus(_ id: String, _ status: String) async throws {
            _ = try await control(.POST, "/_sandbox/payments/\(id)/status", #"{"status":"\#(status)"}"#)
        }

        func waitForOrder(_ reference: String, status: String) async throws -> ShopOrder? {
            for _ in 0..<300 {
                if let order = try await store.order(seller: "default", externalReference: reference),
                    order.status == status
                {
                    return order
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            return try await store.order(seller: "default", externalReference: reference)
        }

        func job(_ settings: BackfillSettings = BackfillSettings(lookback: .seconds(30), overlap: .seconds(5)))
            -> BackfillJob
        {
            BackfillJob(notifications: store, store: store, settings: settings)
        }
    }

    @Test("a withheld change is never delivered; the sweep finds it, updates the order, flags it never notified")
    func withheldPaymentIsFound() async throws {
        let world = try await World.start()
        do {
            let tag = UUID().uuidString.prefix(6)
            let heard = try await world.createPayment("heard-\(tag)")
            let silent = try await world.createPayment("silent-\(tag)")
            #expect(try await world.waitForOrder("silent-\(tag)", status: "pending")?.status == "pending")
            _ = try await world.control(.POST, "/_sandbox/webhooks", #"{"withhold_payments":[\#(silent)]}"#)
            try await world.setStatus(heard, "approved")
            try await world.setStatus(silent, "approved")
            #expect(try await world.waitForOrder("heard-\(tag)", status: "approved")?.status == "approved")
            try await Task.sleep(for: .milliseconds(200))
            // Mercado Pago never told golive: the order is still pending.
            #expect(
                try await world.store.order(seller: "default", externalReference: "silent-\(tag)")?.status == "pending")
            let withheld = try await world.control(.GET, "/_sandbox/withheld", "{}")
            #expect(withheld.array.first?["payment_id"].int64 == Int64(silent))

            let report = await world.job().sweep(seller: "default", gateway: world.gateway)
            #expect(report.error == nil)
            #expect(report.outcome == "complete")
            let found = try #require(report.found.first { $0.paymentID == silent })
            #expect(found.status == "approved")
            #expect(found.orderUpdated)
            #expect(found.externalReference == "silent-\(tag)")
            #expect(!report.found.contains { $0.paymentID == heard })
            let order = try await world.store.order(seller: "default", externalReference: "silent-\(tag)")
            #expect(order?.status == "approved")
            let listed = try await world.store.neverNotified(seller: "default", limit: 10)
            #expect(listed.contains { $0.paymentID == silent && $0.status == "approved" && $0.notifiedLateAt == nil })
            #expect(try await world.store.backfillStatus(seller: "default")?.state == "ok")

            // Sweeping again finds nothing new: one change is one finding.
            let again = await world.job().sweep(seller: "default", gateway: world.gateway)
            #expect(again.error == nil)
            #expect(!again.found.contains { $0.paymentID == silent })

            // Mercado Pago finally delivers it, hours late: a (late) notification, not a duplicate of the sweep.
            _ = try await world.control(
                .POST, "/_sandbox/notifications",
                #"{"type":"payment","action":"payment.updated","data_id":"\#(silent)","seller":"production"}"#)
            var late: NeverNotifiedFinding?
            for _ in 0..<200 {
                late = try await world.store.neverNotified(seller: "default", limit: 10).first {
                    $0.paymentID == silent
                }
                if late?.notifiedLateAt != nil { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(late?.notifiedLateAt != nil)
            let stored = try await world.store.notifications(NotificationQuery(dataID: silent, limit: 10))
            #expect(stored.first?.duplicate == false)
        } catch {
            Issue.record("\(error)")
        }
        await world.close()
    }

    @Test("settle: a change younger than `settle` is left to the next sweep, which finds it")
    func settleLeavesYoungChanges() async throws {
        let world = try await World.start()
        do {
            let tag = UUID().uuidString.prefix(6)
            let silent = try await world.createPayment("settle-\(tag)")
            #expect(try await world.waitForOrder("settle-\(tag)", status: "pending")?.status == "pending")
            _ = try await world.control(.POST, "/_sandbox/webhooks", #"{"withhold_payments":[\#(silent)]}"#)
            try await world.setStatus(silent, "approved")
            var settings = BackfillSettings(lookback: .seconds(30), overlap: .seconds(5))
            settings.settle = .seconds(20)
            // The sweep ends 20 s ago: the change (a notification could still be on its way) is not judged yet.
            let young = await world.job(settings).sweep(seller: "default", gateway: world.gateway)
            #expect(young.error == nil)
            #expect(young.end < Date().addingTimeInterval(-19))
            #expect(!young.found.contains { $0.paymentID == silent })
            // A later sweep starts before that end (mark − overlap… here: no settle) and finds it.
            let later = await world.job().sweep(seller: "default", gateway: world.gateway)
            #expect(later.found.contains { $0.paymentID == silent && $0.status == "approved" })
        } catch {
            Issue.record("\(error)")
        }
        await world.close()
    }

    @Test("with forwarding on, each never-notified change is enqueued once for the shop (source backfill)")
    func forwardsFindings() async throws {
        let world = try await World.start()
        do {
            let since = Date() - 1
            _ = try await world.control(.POST, "/_sandbox/webhooks", #"{"withhold":1}"#)
            let id = try await world.createPayment("fwd-\(UUID().uuidString.prefix(6))")
            var job = world.job()
            job.forward = world.store
            let first = await job.sweep(seller: "default", gateway: world.gateway, since: since)
            #expect(first.found.contains { $0.paymentID == id })
            let again = await job.sweep(seller: "default", gateway: world.gateway, since: since)
            #expect(again.error == nil)
            let queued = try await world.store.forwardDeliveries(seller: "default", state: nil, limit: 50)
                .filter { $0.dataID == id }
            #expect(queued.count == 1)
            #expect(queued.first?.source == .backfill)
        } catch {
            Issue.record("\(error)")
        }
        await world.close()
    }

    @Test("run(_:) sweeps now and then every `every` on the injected clock, moving the mark each time")
    func periodic() async throws {
        let world = try await World.start()
        do {
            let clock = ManualClock(now: Date())
            let job = BackfillJob(
                notifications: world.store, store: world.store, settings: BackfillSettings(every: .seconds(600)),
                clock: clock)
            let reports = Mutex<[BackfillReport]>([])
            let gateway = world.gateway
            // Its own task: the third report cancels it (the test's own task stays uncancelled for the reads).
            await Task {
                await job.run([BackfillJob.Seller(name: "default", gateway: gateway)]) { report in
                    let count = reports.withLock {
                        $0.append(report)
                        return $0.count
                    }
                    if count == 3 { withUnsafeCurrentTask { $0?.cancel() } }
                }
            }.value
            let done = reports.withLock { $0 }
            #expect(done.count == 3)
            #expect(done.allSatisfy { $0.error == nil })
            #expect(clock.sleeps == [.seconds(600), .seconds(600)])
            #expect(done.map(\.end) == [0, 600, 1200].map { done[0].end + $0 })
            let mark = try #require(try await world.store.backfillStatus(seller: "default")?.mark)
            #expect(abs(mark.timeIntervalSince(done[2].end)) < 0.001)
        } catch {
            Issue.record("\(error)")
        }
        await world.close()
    }

    @Test("paging across several pages finds every withheld change")
    func paging() async throws {
        let world = try await World.start()
        do {
            let since = Date() - 1
            _ = try await world.control(.POST, "/_sandbox/webhooks", #"{"withhold":1}"#)
            let tag = UUID().uuidString.prefix(6)
            var ids: [String] = []
            for index in 0..<7 { ids.append(try await world.createPayment("page-\(tag)-\(index)")) }
            let report = await world.job(BackfillSettings(pageSize: 2)).sweep(
                seller: "default", gateway: world.gateway, since: since)
            #expect(report.error == nil)
            #expect(report.pages >= 4)
            #expect(Set(report.found.map(\.paymentID)).isSuperset(of: ids))
            for index in 0..<7 {
                let order = try await world.store.order(seller: "default", externalReference: "page-\(tag)-\(index)")
                #expect(order?.status == "pending")
            }
        } catch {
            Issue.record("\(error)")
        }
        await world.close()
    }

    @Test(
        "a payment updated during a sweep is not missed: the offset steps back, the next sweep (mark − overlap) has its new status"
    )
    func updatedDuringSweep() async throws {
        let world = try await World.start()
        do {
            _ = try await world.control(.POST, "/_sandbox/webhooks", #"{"withhold":1}"#)
            let tag = UUID().uuidString.prefix(6)
            var ids: [String] = []
            for index in 0..<5 { ids.append(try await world.createPayment("during-\(tag)-\(index)")) }
            try await Task.sleep(for: .milliseconds(5))
            // After the first page, the oldest payment changes: it leaves the sweep's window (now after `end`).
            let oldest = ids[0]
            let changing = ChangingGateway(inner: world.gateway) {
                try? await world.setStatus(oldest, "approved")
            }
            let settings = BackfillSettings(lookback: .seconds(30), overlap: .seconds(5), pageSize: 2)
            let first = await world.job(settings).sweep(seller: "default", gateway: changing)
            #expect(first.error == nil)
            #expect(first.rewinds >= 1)
            #expect(Set(first.found.map(\.paymentID)).isSuperset(of: ids))
            #expect(first.found.filter { ids.contains($0.paymentID) }.allSatisfy { $0.status == "pending" })
            let mark = try #require(first.mark)

            let second = await world.job(settings).sweep(seller: "default", gateway: world.gateway)
            #expect(abs(second.begin.timeIntervalSince(mark - 5)) < 0.001)  // the mark went through a REAL column
            #expect(second.found.contains { $0.paymentID == ids[0] && $0.status == "approved" })
            #expect(
                try await world.store.order(seller: "default", externalReference: "during-\(tag)-0")?.status
                    == "approved")
        } catch {
            Issue.record("\(error)")
        }
        await world.close()
    }

    @Test("a failing API (500, then 429) keeps the mark and says why; the next sweep recovers and catches up")
    func failingAPI() async throws {
        let world = try await World.start()
        do {
            _ = try await world.control(.POST, "/_sandbox/webhooks", #"{"withhold":1}"#)
            let job = world.job()
            let ok = await job.sweep(seller: "default", gateway: world.gateway)
            #expect(ok.error == nil)
            let mark = try #require(try await world.store.backfillStatus(seller: "default")?.mark)

            let tag = UUID().uuidString.prefix(6)
            let missed = try await world.createPayment("outage-\(tag)")
            _ = try await world.control(
                .POST, "/_sandbox/faults", #"{"path":"/v1/payments/search","kind":"status","status":500,"times":4}"#)
            let failed = await job.sweep(seller: "default", gateway: world.gateway)
            #expect(failed.outcome == "failed")
            #expect(failed.error?.contains("500") == true || failed.error?.lowercased().contains("server") == true)
            var status = try #require(try await world.store.backfillStatus(seller: "default"))
            #expect(status.mark == mark)
            #expect(status.state == "failing")
            #expect(status.consecutiveFailures == 1)
            #expect(status.summary.hasPrefix("failing"))

            _ = try await world.control(
                .POST, "/_sandbox/faults",
                #"{"path":"/v1/payments/search","kind":"status","status":429,"retry_after":"0","times":4}"#)
            let limited = await job.sweep(seller: "default", gateway: world.gateway)
            #expect(limited.error != nil)
            status = try #require(try await world.store.backfillStatus(seller: "default"))
            #expect(status.mark == mark)
            #expect(status.consecutiveFailures == 2)

            let recovered = await job.sweep(seller: "default", gateway: world.gateway)
            #expect(recovered.error == nil)
            #expect(recovered.found.contains { $0.paymentID == missed })
            status = try #require(try await world.store.backfillStatus(seller: "default"))
            #expect(status.state == "ok")
            #expect(status.consecutiveFailures == 0)
            #expect((status.mark ?? .distantPast) > mark)
        } catch {
            Issue.record("\(error)")
        }
        await world.close()
    }
}

/// Runs `afterFirstPage` once, after the first search page was answered.
final class ChangingGateway: MercadoPagoGateway, @unchecked Sendable {
    let inner: any MercadoPagoGateway
    let afterFirstPage: @Sendable () async -> Void
    private let lock = NSLock()
    private var pages = 0

    init(inner: any MercadoPagoGateway, afterFirstPage: @escaping @Sendable () async -> Void) {
        self.inner = inner
        self.afterFirstPage = afterFirstPage
    }

    func currentUser() async throws(MercadoPagoError) -> MercadoPagoUser { try await inner.currentUser() }
    func payment(id: String) async throws(MercadoPagoError) -> Payment { try await inner.payment(id: id) }
    func searchPayments(_ query: PaymentSearchQuery) async throws(MercadoPagoError) -> PaymentSearchPage {
        let page = try await inner.searchPayments(query)
        let first = lock.withLock {
            pages += 1
            return pages == 1
        }
        if first { await afterFirstPage() }
        return page
    }
    func merchantOrder(id: String) async throws(MercadoPagoError) -> MerchantOrder {
        try await inner.merchantOrder(id: id)
    }
    func order(id: String) async throws(MercadoPagoError) -> MercadoPagoOrder { try await inner.order(id: id) }
    func createPayment(_ creation: PaymentCreation) async throws(MercadoPagoError) -> Payment {
        try await inner.createPayment(creation)
    }
}
