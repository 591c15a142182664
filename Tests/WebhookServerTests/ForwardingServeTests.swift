import AsyncHTTPClient
import Foundation
import GoLiveCore
import MercadoPagoSandbox
import NIOHTTP1
import StoreSQLite
import Testing

/// A one-shot `golive` command (the real binary), waited for off the concurrency pool.
func runGolive(_ arguments: [String], home: URL, environment: [String: String]) async throws -> (
    status: Int32, stdout: String, stderr: String
) {
    let process = Process()
    process.executableURL = ServeProcess.binary
    process.arguments = arguments
    var env = [
        "PATH": "/usr/bin:/bin", "HOME": home.path, "XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
        "XDG_DATA_HOME": home.appendingPathComponent("data").path, "LANG": "C.UTF-8",
    ]
    env.merge(environment) { _, new in new }
    process.environment = env
    let out = home.appendingPathComponent("out-\(UUID().uuidString)")
    let err = home.appendingPathComponent("err-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    _ = FileManager.default.createFile(atPath: err.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    process.standardInput = FileHandle.nullDevice
    let status: Int32 = await withCheckedContinuation { continuation in
        process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
        do { try process.run() } catch { continuation.resume(returning: -1) }
    }
    let stdout = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
    let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
    return (status, stdout, stderr)
}

/// The Sandbox delivers to the real `golive serve --forward-to`, which forwards to a real shop server.
@Suite("Forwarding: golive serve → the shop (the binary)", .serialized)
struct ForwardingServeTests {
    let forwardSecret = "shop-forward-secret-0123456789"

    struct World {
        let sandbox: MercadoPagoSandbox
        let sandboxURL: URL
        let shop: TestShop
        let home: URL
        let storePath: String
        let environment: [String: String]
        let client: HTTPClient
        let account: SandboxAccount

        func serve() async throws -> ServeProcess {
            try await ServeProcess.start(
                home: home, store: "sqlite:\(storePath)", environment: environment,
                arguments: ["--api-base", sandboxURL.absoluteString, "--forward-to", shop.url.absoluteString])
        }

        func golive(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
            try await runGolive(
                arguments + ["--store", "sqlite:\(storePath)", "--api-base", sandboxURL.absoluteString], home: home,
                environment: environment)
        }

        func createPayment(reference: String) async throws -> String {
            let created = try await http(
                client, .POST, "\(sandboxURL.absoluteString)/_sandbox/payments",
                headers: [("Content-Type", "application/json")],
                body: Data(
                    #"{"seller":"production","payment":{"status":"pending","status_detail":"pending_waiting_payment","external_reference":"\#(reference)","transaction_amount":1500.5}}"#
                        .utf8))
            #expect(created.status == 201)
            return try #require(try JSONValue.parse(Data(created.body.utf8))["id"].string)
        }

        func setStatus(_ paymentID: String, _ status: String) async throws {
            let changed = try await http(
                client, .POST, "\(sandboxURL.absoluteString)/_sandbox/payments/\(paymentID)/status",
                headers: [("Content-Type", "application/json")], body: Data(#"{"status":"\#(status)"}"#.utf8))
            #expect(changed.status == 200 || changed.status == 201)
        }

        func shutdown() async {
            try? await client.shutdown()
            await shop.stop()
            await sandbox.stop()
            try? FileManager.default.removeItem(at: home)
        }
    }

    func makeWorld(shopScript: [TestShop.Reply], maxAttempts: Int) async throws -> World {
        let account = try #require(MercadoPagoSandbox.account(named: "production"))
        let sandbox = MercadoPagoSandbox()
        let sandboxURL = try await sandbox.start()
        let shop = try await TestShop.start(script: shopScript)
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("golive-fwd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let secretFile = home.appendingPathComponent("forward.secret")
        try Data((forwardSecret + "\n").utf8).write(to: secretFile)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secretFile.path)
        let environment = [
            "MP_ACCESS_TOKEN": account.accessToken, "MP_WEBHOOK_SECRET": account.webhookSecret,
            "GOLIVE_FORWARD_SECRET_FILE": secretFile.path, "GOLIVE_FORWARD_RETRY_BASE": "0.2",
            "GOLIVE_FORWARD_TIMEOUT": "1", "GOLIVE_FORWARD_MAX_ATTEMPTS": "\(maxAttempts)",
        ]
        return World(
            sandbox: sandbox, sandboxURL: sandboxURL, shop: shop, home: home,
            storePath: home.appendingPathComponent("golive.sqlite").path, environment: environment,
            client: HTTPClient(eventLoopGroupProvider: .singleton), account: account)
    }

    /// Polls the store until `done` holds (at most `seconds`).
    func waitFor(_ seconds: Double, _ done: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await done() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await done()
    }

    @Test(
        "every status change reaches the shop once, in order, signed; deliveries pending at a restart are sent by the next serve"
    )
    func forwardsAcrossRestart() async throws {
        // The shop is down (500) until the test repairs it.
        let world = try await makeWorld(shopScript: Array(repeating: .status(500), count: 10_000), maxAttempts: 100)
        do { try await forwardsAcrossRestart(world) } catch { Issue.record("\(error)") }
        await world.shutdown()
    }

    func forwardsAcrossRestart(_ world: World) async throws {
        let store = try SQLiteStore(path: world.storePath)
        let first = try await world.serve()
        await world.sandbox.configureWebhooks(
            WebhookSettings(
                url: URL(string: "\(first.url)/webhooks/mercadopago"), topics: ["payment"], duplicates: 1,
                seed: 11, timeScale: 3600))
        let reference = "ORDER-FWD-\(UUID().uuidString.prefix(8))"
        let paymentID = try await world.createPayment(reference: reference)
        for status in ["pending", "approved", "refunded"] {
            if status != "pending" { try await world.setStatus(paymentID, status) }
            let followed = try await waitFor(15) {
                try await store.order(seller: "default", externalReference: reference)?.status == status
            }
            #expect(followed, "the order did not follow to \(status)")
        }
        // Processed and queued; the shop refused every attempt so far.
        #expect(try await waitFor(5) { try await store.forwardCounts(seller: nil).retrying >= 1 })
        #expect(try await store.forwardCounts(seller: nil).delivered == 0)
        let stopped = await first.stop(signal: SIGTERM)
        #expect(stopped < 10)
        let queued = try await store.forwardDeliveries(seller: nil, state: nil, limit: 100)
        #expect(queued.count >= 3)

        // The shop recovers; a new serve (no new notification) delivers what the first one left.
        world.shop.script([])
        let second = try await world.serve()
        let allDelivered = try await waitFor(15) {
            let counts = try await store.forwardCounts(seller: nil)
            return counts.delivered == queued.count && counts.pending + counts.retrying == 0
        }
        #expect(allDelivered)
        let metrics = try await http(world.client, .GET, "\(second.url)/metrics")
        #expect(metrics.body.contains(#"golive_forward_attempts_total{result="delivered"}"#))
        _ = await second.stop(signal: SIGTERM)

        let accepted = world.shop.accepted
        // At least once (docs/FORWARDING.md): under a full parallel run an attempt can time out after the shop
        // accepted it, and the retry repeats it under the same X-GoLive-Delivery id, which the shop dedupes on.
        #expect(accepted.count >= queued.count, "each delivery at least once")
        #expect(accepted.count <= queued.count + 1, "a repeat is the exception: \(accepted.count) for \(queued.count)")
        #expect(Set(accepted.map(\.deliveryID)) == Set(queued.map(\.deliveryID)))
        for request in world.shop.received {
            #expect(verifyForwardSignature(request.signature, body: request.body, secret: forwardSecret))
        }
        // In order: the statuses the shop saw never go back (a late re-fetch may repeat the newest one).
        let statuses = accepted.map { forwardedFields($0.body).status ?? "?" }
        let rank = ["pending": 0, "approved": 1, "refunded": 2]
        #expect(zip(statuses, statuses.dropFirst()).allSatisfy { (rank[$0] ?? -1) <= (rank[$1] ?? -1) }, "\(statuses)")
        #expect(Set(statuses) == ["pending", "approved", "refunded"])
        #expect(accepted.allSatisfy { forwardedFields($0.body).dataID == paymentID })

        // `golive notifications --json` shows each processed notification delivered.
        let listed = try await world.golive(["notifications", "--json"])
        #expect(listed.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let forwarded = rows.filter { ($0["duplicate"] as? Bool) == false }
        #expect(!forwarded.isEmpty)
        #expect(
            forwarded.allSatisfy { $0["forwarding"] as? String == "delivered" },
            "\(rows.map { $0["forwarding"] ?? "-" })")
        #expect(rows.filter { ($0["duplicate"] as? Bool) == true }.allSatisfy { $0["forwarding"] as? String == "none" })
        let human = try await world.golive(["notifications"])
        #expect(human.stdout.contains("fwd delivered"))
        #expect(!human.stdout.contains(forwardSecret) && !listed.stdout.contains(forwardSecret))
    }

    @Test(
        "a dead letter is delivered after `replay --failed`; `replay --seq` re-fetches from the Sandbox and re-forwards"
    )
    func replay() async throws {
        // Two 500s: with 2 attempts the first delivery is dead.
        let world = try await makeWorld(shopScript: [.status(500), .status(500)], maxAttempts: 2)
        do { try await replay(world) } catch { Issue.record("\(error)") }
        await world.shutdown()
    }

    func replay(_ world: World) async throws {
        let store = try SQLiteStore(path: world.storePath)
        let serve = try await world.serve()
        await world.sandbox.configureWebhooks(
            WebhookSettings(url: URL(string: "\(serve.url)/webhooks/mercadopago"), topics: ["payment"], timeScale: 3600)
        )
        let reference = "ORDER-RPL-\(UUID().uuidString.prefix(8))"
        let paymentID = try await world.createPayment(reference: reference)
        #expect(try await waitFor(15) { try await store.forwardCounts(seller: nil).dead == 1 })
        let listed = try await world.golive(["notifications"])
        #expect(listed.stdout.contains("fwd DEAD (2 attempts: HTTP 500"), "\(listed.stdout)")

        let failed = try await world.golive(["notifications", "replay", "--failed"])
        #expect(failed.status == 0, "\(failed.stderr)")
        #expect(failed.stdout.contains("dead → pending"), "\(failed.stdout)")
        #expect(failed.stdout.contains("re-armed 1 dead delivery"))
        #expect(try await waitFor(10) { try await store.forwardCounts(seller: nil).delivered == 1 })
        #expect(world.shop.accepted.count == 1)

        // Mercado Pago changes the payment but the notification never comes (withheld): replay --seq re-fetches.
        var settings = WebhookSettings(
            url: URL(string: "\(serve.url)/webhooks/mercadopago"), topics: ["payment"], timeScale: 3600)
        settings.withheldPayments = [Int64(paymentID) ?? 0]
        await world.sandbox.configureWebhooks(settings)
        try await world.setStatus(paymentID, "approved")
        let seq = try #require(try await store.notifications(NotificationQuery(dataID: paymentID, limit: 10)).last?.seq)
        let again = try await world.golive(["notifications", "replay", "--seq", "\(seq)"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("#\(seq) payment \(paymentID): re-processed, now approved; forward dlv_"))
        #expect(try await store.order(seller: "default", externalReference: reference)?.status == "approved")
        #expect(try await waitFor(10) { try await store.forwardCounts(seller: nil).delivered == 2 })
        let last = try #require(world.shop.accepted.last)
        #expect(forwardedFields(last.body).status == "approved")
        #expect(String(decoding: last.body, as: UTF8.self).contains(#""source":"replay""#))
        #expect(verifyForwardSignature(last.signature, body: last.body, secret: forwardSecret))

        // Nothing replayable: exit 1 with a reason.
        let missing = try await world.golive(["notifications", "replay", "--seq", "99999"])
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("No notification #99999"))
        let usage = try await world.golive(["notifications", "replay"])
        #expect(usage.status == 2)
        _ = await serve.stop(signal: SIGTERM)
    }

    @Test("--forward-to without a signing secret, or with a secret file others can read, is refused (exit 2)")
    func refusedSettings() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("golive-fwd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let store = "sqlite:\(home.appendingPathComponent("golive.sqlite").path)"
        let unsigned = try await runGolive(
            ["serve", "--listen", "127.0.0.1:0", "--store", store, "--forward-to", "http://127.0.0.1:9/shop"],
            home: home, environment: [:])
        #expect(unsigned.status == 2)
        #expect(unsigned.stderr.contains("GOLIVE_FORWARD_SECRET_FILE"))
        let file = home.appendingPathComponent("open.secret")
        try Data("a-secret-others-can-read-123".utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        let unsafe = try await runGolive(
            ["serve", "--listen", "127.0.0.1:0", "--store", store, "--forward-to", "http://127.0.0.1:9/shop"],
            home: home, environment: ["GOLIVE_FORWARD_SECRET_FILE": file.path])
        #expect(unsafe.status == 2)
        #expect(unsafe.stderr.contains("chmod 600"))
        #expect(!unsafe.stderr.contains("a-secret-others-can-read-123"))
        let malformed = try await runGolive(
            ["serve", "--listen", "127.0.0.1:0", "--store", store, "--forward-to", "not a url"], home: home,
            environment: [:])
        #expect(malformed.status == 2)
    }
}
