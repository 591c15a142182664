import Foundation
import MercadoPagoSandbox
import Testing

/// Backfill (issue 11): the Sandbox's silent non-delivery (MERCADOPAGO.md §8.2 item 6).
@Suite("Withheld notifications")
struct WithholdTests {
    @Test("a listed payment's changes are never delivered (no first attempt, no retry), the others are")
    func listedPayment() async throws {
        try await withWebhooks { sandbox, client, receiver in
            let payments = try await client.allPayments()
            let withheld = try #require(payments.first { $0.string("status") == "pending" }?.int("id"))
            let other = try #require(payments.first { $0.int("id") != withheld }?.int("id"))
            let set = try await client.send(
                .post, "/_sandbox/webhooks", json: #"{"withhold_payments": [\#(withheld)], "time_scale": 1000000}"#)
            #expect(set.status == 200)
            #expect((set.object["withhold_payments"] as? [Int]) == [withheld])

            _ = try await client.send(.post, "/_sandbox/payments/\(withheld)/status", json: #"{"status": "approved"}"#)
            _ = try await client.send(.post, "/_sandbox/payments/\(other)/status", json: #"{"status": "refunded"}"#)
            _ = try await receiver.waitFor(1)
            // Let any (wrong) delivery or retry of the withheld change have its chance: the schedule passes in ~0.1 s.
            try await Task.sleep(for: .milliseconds(400))
            let dataIDs = receiver.requests.compactMap { $0.query["data.id"] }
            #expect(dataIDs.contains(String(other)))
            #expect(!dataIDs.contains(String(withheld)))
            #expect(await sandbox.webhookDeliveries().allSatisfy { $0.dataID != String(withheld) })

            let log = try await client.get("/_sandbox/withheld").array
            #expect(log.count == 1)
            #expect(log.first?.int("payment_id") == withheld)
            #expect(log.first?.string("status") == "approved")
            #expect(log.first?.string("action") == "payment.updated")
            #expect(log.first?.string("reason") == "listed")

            // The API still has the change: that is what a backfill finds.
            let payment = try await client.get("/v1/payments/\(withheld)", token: Token.production)
            #expect(payment.object.string("status") == "approved")

            let cleared = try await client.send(.post, "/_sandbox/webhooks", json: #"{"withhold_payments": null}"#)
            #expect((cleared.object["withhold_payments"] as? [Any])?.isEmpty == true)
            #expect(try await client.send(.delete, "/_sandbox/withheld").object.int("deleted") == 1)
        }
    }

    @Test("the withhold probability is seeded: the same seed withholds the same changes")
    func seededProbability() async throws {
        func run() async throws -> [Int] {
            var ids: [Int] = []
            try await withWebhooks(settings: WebhookSettings(seed: 42)) { _, client, receiver in
                _ = try await client.send(.post, "/_sandbox/webhooks", json: #"{"withhold": 0.5, "seed": 42}"#)
                let payments = try await client.allPayments().prefix(12).compactMap { $0.int("id") }
                for id in payments {
                    _ = try await client.send(
                        .post, "/_sandbox/payments/\(id)/status", json: #"{"status": "cancelled"}"#)
                }
                ids = try await client.get("/_sandbox/withheld").array.compactMap { $0.int("payment_id") }
                #expect(
                    try await client.get("/_sandbox/withheld").array.allSatisfy { $0.string("reason") == "probability" }
                )
                let delivered = Set(try await receiver.waitFor(12 - ids.count).compactMap { $0.query["data.id"] })
                #expect(delivered.isDisjoint(with: ids.map(String.init)))
            }
            return ids
        }
        let first = try await run()
        let second = try await run()
        #expect(!first.isEmpty && first.count < 12)
        #expect(first == second)
    }

    @Test(
        "bad withhold settings get 400",
        arguments: [#"{"withhold": 2}"#, #"{"withhold_payments": "1"}"#, #"{"withhold_payments": [-3]}"#])
    func badSettings(body: String) async throws {
        try await withSandbox { _, client in
            let reply = try await client.send(.post, "/_sandbox/webhooks", json: body)
            #expect(reply.status == 400)
        }
    }
}

/// The search a backfill sweep makes (MERCADOPAGO.md §7): by last update, ascending, in a window, paged.
@Suite("GET /v1/payments/search for a sweep")
struct SweepSearchTests {
    @Test("sort=date_last_updated&criteria=asc&range=date_last_updated finds a just-changed payment, paged")
    func sweepByLastUpdate() async throws {
        let clock = SandboxTestClock(fixedNow)
        let sandbox = MercadoPagoSandbox(options: SandboxOptions(now: { clock.now }))
        let url = try await sandbox.start()
        defer { Task { await sandbox.stop() } }
        let client = SandboxClient(baseURL: url)
        let ids = try await client.allPayments().prefix(3).compactMap { $0.int("id") }
        clock.now = fixedNow.addingTimeInterval(600)
        for id in ids {
            _ = try await client.send(.post, "/_sandbox/payments/\(id)/status", json: #"{"status": "refunded"}"#)
        }
        let query = "sort=date_last_updated&criteria=asc&range=date_last_updated&begin_date=NOW-5MINUTES&end_date=NOW"
        var seen: [Int] = []
        var offset = 0
        while true {
            let page = try await client.get(
                "/v1/payments/search?\(query)&offset=\(offset)&limit=2", token: Token.production)
            #expect(page.status == 200)
            #expect(page.object.object("paging")?.int("total") == 3)
            let results = page.object["results"] as? [[String: Any]] ?? []
            if results.isEmpty { break }
            seen += results.compactMap { $0.int("id") }
            offset += results.count
        }
        #expect(Set(seen) == Set(ids))
        #expect(seen.count == 3)
        let relative = try await client.get(
            "/v1/payments/search?range=date_last_updated&begin_date=NOW-1HOURS&end_date=NOW", token: Token.production)
        #expect(relative.object.object("paging")?.int("total") == 3)
        await sandbox.stop()
    }

    @Test("offset + limit beyond 10000 is refused (cause 1000); a deep page within it is not")
    func pagingWindow() async throws {
        try await withSandbox { _, client in
            let deep = try await client.get("/v1/payments/search?offset=9000&limit=1000", token: Token.production)
            #expect(deep.status == 200)
            #expect((deep.object["results"] as? [Any])?.isEmpty == true)
            let beyond = try await client.get("/v1/payments/search?offset=9001&limit=1000", token: Token.production)
            #expect(beyond.status == 400)
            #expect(beyond.causeCodes == [1000])
        }
    }

    @Test("payments created more than 12 months ago are not searchable, but can still be read")
    func twelveMonths() async throws {
        try await withSandbox { _, client in
            let id = try #require(try await client.allPayments().first?.int("id"))
            let patched = try await client.send(
                .patch, "/_sandbox/payments/\(id)", json: #"{"date_created": "2024-12-01T10:00:00.000-04:00"}"#)
            #expect(patched.status == 200)
            let all = try await client.allPayments().compactMap { $0.int("id") }
            #expect(!all.contains(id))
            #expect(try await client.get("/v1/payments/\(id)", token: Token.production).status == 200)
        }
    }
}

/// A settable clock for the Sandbox.
final class SandboxTestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ now: Date) { current = now }
    var now: Date {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }
}
