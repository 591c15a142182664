import AsyncHTTPClient
import Foundation
import GoLiveCore
import MercadoPagoSandbox
import NIOHTTP1
import StoreSQLite
import Testing
import WebhookServer

/// Runs the real `golive` binary with `environment` (off the concurrency pool: it waits on its own thread).
func runGoLive(_ arguments: [String], home: URL, environment: [String: String]) async throws -> (
    status: Int32, stdout: String, stderr: String
) {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(
                with: Result {
                    let process = Process()
                    process.executableURL = ServeProcess.binary
                    process.arguments = arguments
                    var env = [
                        "PATH": "/usr/bin:/bin", "HOME": home.path, "LANG": "C.UTF-8",
                        "XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
                        "XDG_DATA_HOME": home.appendingPathComponent("data").path,
                    ]
                    env.merge(environment) { _, new in new }
                    process.environment = env
                    let out = Pipe()
                    let err = Pipe()
                    process.standardOutput = out
                    process.standardError = err
                    process.standardInput = FileHandle.nullDevice
                    try process.run()
                    nonisolated(unsafe) var errData = Data()
                    let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
                    reader.start()
                    let outData = out.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    while !reader.isFinished { usleep(1000) }
                    return (
                        process.terminationStatus, String(decoding: outData, as: UTF8.self),
                        String(decoding: errData, as: UTF8.self)
                    )
                })
        }
    }
}

/// Issue 11: deliveries refused for their signature keep their raw request; after the secret is fixed,
/// `golive notifications replay --rejected` (the real binary, on the real SQLite file) re-verifies them: the
/// Sandbox-signed one becomes a processed notification and its order updates; a forged one stays rejected.
@Suite("notifications replay --rejected after a secret fix")
struct ReplayRejectedTests {
    @Test("a wrong secret refuses a Sandbox webhook; replay --rejected with the right one recovers and processes it")
    func recoverAfterFix() async throws {
        let account = try #require(MercadoPagoSandbox.account(named: "production"))
        let sandbox = MercadoPagoSandbox()
        let sandboxURL = try await sandbox.start()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("golive-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let path = home.appendingPathComponent("golive.sqlite").path
        let store = try SQLiteStore(path: path)
        // The receiver was configured with a stale secret: Mercado Pago's deliveries are refused.
        let receiver = try await RunningReceiver.start(
            store: store,
            sellers: [ReceiverSeller(name: "default", userID: nil, secret: Secret("stale-secret-from-before-reset"))])
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let reference = "ORDER-REPLAY-\(UUID().uuidString.prefix(8))"
        do {
            let created = try await http(
                client, .POST, "\(sandboxURL.absoluteString)/_sandbox/payments",
                headers: [("Content-Type", "application/json")],
                body: Data(
                    #"{"seller":"production","payment":{"status":"approved","external_reference":"\#(reference)","transaction_amount":250}}"#
                        .utf8))
            #expect(created.status == 201)
            let paymentID = try #require(try JSONValue.parse(Data(created.body.utf8))["id"].string)
            for (id, secret) in [(7001, nil), (7002, "forged-secret")] as [(Int, String?)] {
                var body: [String: JSONValue] = [
                    "url": .string("\(receiver.url)/webhooks/mercadopago"), "type": "payment",
                    "data_id": .string(paymentID), "seller": "production", "id": .number(Decimal(id)),
                ]
                if let secret { body["secret"] = .string(secret) }
                let sent = try await http(
                    client, .POST, "\(sandboxURL.absoluteString)/_sandbox/notifications",
                    headers: [("Content-Type", "application/json")], body: JSONValue.object(body).encoded())
                #expect(try JSONValue.parse(Data(sent.body.utf8))["status"].int64 == 401)
            }
            try await Task.sleep(for: .milliseconds(300))  // the rejected log is written after the answer
            let refused = try await store.rejectedDeliveries(limit: 10)
            #expect(refused.count == 2)
            #expect(refused.allSatisfy { $0.raw != nil && $0.reason == .signatureMismatch })
            #expect(try await store.notifications(NotificationQuery(limit: 10)).isEmpty)
            // Never shown: the list and its JSON carry no body.
            let listed = String(decoding: try JSONEncoder().encode(refused), as: UTF8.self)
            #expect(!listed.contains(reference) && listed.contains(#""replayable":true"#))

            // The secret is fixed; replay with the real binary.
            let environment = [
                "MP_ACCESS_TOKEN": account.accessToken, "MP_WEBHOOK_SECRET": account.webhookSecret,
            ]
            let run = try await runGoLive(
                [
                    "notifications", "replay", "--rejected", "--json", "--store", "sqlite:\(path)", "--api-base",
                    sandboxURL.absoluteString,
                ], home: home, environment: environment)
            #expect(run.status == 0, "\(run.stderr)")
            let document = try JSONValue.parse(Data(run.stdout.utf8))
            #expect(document["recovered"].int64 == 1)
            #expect(document["still_rejected"].int64 == 1)
            let results = document["results"].array
            let recovered = try #require(results.first { $0["result"].string == "recovered" })
            #expect(recovered["secret"].string == "current")
            #expect(recovered["processing"].string == "done")
            #expect(recovered["resource_status"].string == "approved")
            let still = try #require(results.first { $0["result"].string == "rejected" })
            #expect(still["reason"].string == "signature_mismatch")
            #expect(!run.stdout.contains(account.webhookSecret))

            // Stored as the receiver would have, processed: the order follows the payment.
            let stored = try await store.notifications(NotificationQuery(dataID: paymentID, limit: 10))
            #expect(stored.count == 1)
            #expect(stored.first?.notification.secret == .current)
            #expect(stored.first?.notification.signature == .valid)
            #expect(stored.first?.processing == .done)
            #expect(try await store.order(seller: "default", externalReference: reference)?.status == "approved")
            // The rejected rows say what happened; a second replay has nothing new to recover.
            let after = try await store.rejectedDeliveries(limit: 10)
            #expect(after.filter { $0.replay?.recovered == true }.count == 1)
            #expect(after.first { $0.replay?.recovered == false }?.replay?.reason == .signatureMismatch)
            let again = try await runGoLive(
                ["notifications", "replay", "--rejected", "--json", "--store", "sqlite:\(path)"], home: home,
                environment: environment)
            #expect(try JSONValue.parse(Data(again.stdout.utf8))["recovered"].int64 == 0)
            // A recovered rejection no longer counts against notifications.signature.
            let summary = try await store.notificationSummary(seller: "default", since: Date() - 3600)
            #expect(summary.signatureRejections == 1)
        } catch {
            Issue.record("\(error)")
        }
        try? await client.shutdown()
        await receiver.stop()
        await sandbox.stop()
    }

    @Test("raw requests are bounded: only the newest rows keep them")
    func bounded() async throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let now = Date()
        let batch = (0..<(SQLiteStore.rawRejectedBound + 5)).map { index in
            RejectedDelivery(
                receivedAt: now, reason: .signatureMismatch, dataID: "\(index)",
                raw: .init(query: "data.id=\(index)&type=payment", signature: "ts=1,v1=00", body: Data("{}".utf8)))
        }
        try await store.recordRejected(batch)
        let replayable = try await store.replayableRejected(limit: 10_000)
        #expect(replayable.count == SQLiteStore.rawRejectedBound)
        #expect(replayable.first?.dataID == "5")
        // Older than the age bound: dropped at the next write.
        try await store.recordRejected([
            RejectedDelivery(
                receivedAt: now + SQLiteStore.rawRejectedMaxAge + 60, reason: .missingSignature,
                raw: .init(query: nil, signature: nil, body: Data("{}".utf8)))
        ])
        #expect(try await store.replayableRejected(limit: 10_000).count == 1)
    }
}
