import Foundation
import GoLiveCore
import MercadoPagoSandbox
import StoreSQLite
import Testing

/// `golive quality` on the real binary against the Sandbox, with a real SQLite file.
@Suite("golive quality", .serialized)
struct QualityCommandTests {
    // Seeded production payments (Sandbox+Fixtures.swift).
    let complete = "1321456789"
    let bare = "1321448124"

    @Test("measure, sign off, record, history and check: scores, exit codes and the JSON document")
    func endToEnd() async throws {
        let sandbox = MercadoPagoSandbox()
        let url = try await sandbox.start()
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let storePath = binary.home.appendingPathComponent("store/golive.sqlite").path
        let account = MercadoPagoSandbox.account(named: "production")!
        let environment = [
            "MP_ACCESS_TOKEN": account.accessToken, "MP_API_BASE": url.absoluteString,
            "GOLIVE_STORE": "sqlite:" + storePath,
        ]
        func golive(_ arguments: [String]) async throws -> GoLiveBinary.Run {
            let run = try await binary.run(arguments, environment: environment)
            #expect(!run.all.contains(account.accessToken), "token printed by \(arguments)")
            return run
        }

        let first = try await golive(["quality", complete, "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let json = try JSONValue.parse(Data(first.stdout.utf8))
        #expect(json["score"].int64 == 80)
        #expect(json["threshold"].int64 == 73)
        #expect(json["passed"] == .bool(true))
        #expect(json["estimate"] == .bool(true))
        #expect(json["live_mode"] == .bool(true))
        #expect(json["official_score"] == .null)
        #expect(json["seller_id"].int64 == account.userID)
        #expect(json["payment_id"].string == complete)
        #expect(json["aspects"].array.count == 5)
        #expect(json["actions"][0]["id"].string == "device_id")
        #expect(json["actions"][0]["status"].string == "unknown")
        // Payer e-mails stay out of the output.
        #expect(!first.stdout.contains("@example.com"))

        let bareRun = try await golive(["quality", bare, "--json"])
        #expect(bareRun.status == 1)
        let bareJSON = try JSONValue.parse(Data(bareRun.stdout.utf8))
        #expect(bareJSON["score"].int64 == 10)
        let missingMandatory = bareJSON["actions"].array.filter {
            $0["level"].string == "mandatory" && $0["status"].string == "missing"
        }.compactMap { $0["id"].string }
        #expect(Set(missingMandatory) == ["external_reference", "notification_url"])

        // Human output says it is an estimate and names the missing mandatory fields.
        let human = try await golive(["quality", bare])
        #expect(human.status == 1)
        #expect(human.stdout.contains("estimate"))
        #expect(human.stdout.contains("SCORE 10/100 (minimum 73) — NOT PASSED"))
        #expect(human.stdout.contains("missing mandatory: external_reference, notification_url"))

        // Sign off the device id, record the official score, measure again.
        #expect(
            try await golive(["quality", "signoff", "device_id", "--by", "Ana", "--note", "security.js"]).status == 0)
        #expect(try await golive(["quality", "record", complete, "--score", "85"]).status == 0)
        let again = try JSONValue.parse(Data(try await golive(["quality", complete, "--json"]).stdout.utf8))
        #expect(again["score"].int64 == 90)
        #expect(again["official_score"].int64 == 85)

        // Without an id: the latest approved production payment.
        let latest = try JSONValue.parse(Data(try await golive(["quality", "--json"]).stdout.utf8))
        #expect(latest["payment_id"].string == complete)

        let history = try JSONValue.parse(Data(try await golive(["quality", "history", "--json"]).stdout.utf8))
        #expect(history.array.count == 5)
        #expect(history[0]["payment_id"].string == complete)

        // The readiness check reads the stored measurement and the recent payments.
        let check = try JSONValue.parse(Data(try await golive(["check", "--json"]).stdout.utf8))
        let statuses = Dictionary(
            uniqueKeysWithValues: check["checks"].array.compactMap { c in
                c["id"].string.flatMap { id in c["status"].string.map { (id, $0) } }
            })
        #expect(statuses["quality.score"] == "pass")
        #expect(statuses["approval.data"] == "warn")

        let approval = try await golive(["quality", "approval", "--json", "--last", "31"])
        #expect(approval.status == 0, "\(approval.stderr)")
        let advice = try JSONValue.parse(Data(approval.stdout.utf8))
        #expect(advice["payments"].int64 == 31)
        #expect(advice["rejected"].int64 == 7)
        #expect(advice["status"].string == "warn")
        #expect(try await golive(["quality", "approval"]).stdout.contains("cc_rejected_high_risk"))

        // The store file holds the history and the sign-off.
        let store = try SQLiteStore(path: storePath)
        #expect(try await store.signOffs(seller: "default").map(\.what) == ["device_id"])
        #expect(try await store.qualityMeasurements(seller: "default", limit: 10).count == 5)
        await sandbox.stop()
    }

    @Test("errors: unknown payment, test payment, rejected token, bad input")
    func errors() async throws {
        let sandbox = MercadoPagoSandbox()
        let url = try await sandbox.start()
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        func golive(_ arguments: [String], token: String) async throws -> GoLiveBinary.Run {
            try await binary.run(
                arguments,
                environment: [
                    "MP_ACCESS_TOKEN": token, "MP_API_BASE": url.absoluteString,
                    "GOLIVE_STORE": "sqlite:" + binary.home.appendingPathComponent("golive.sqlite").path,
                ])
        }
        let production = MercadoPagoSandbox.account(named: "production")!.accessToken

        let unknown = try await golive(["quality", "99999999999", "--json"], token: production)
        #expect(unknown.status == 1)
        #expect(try JSONValue.parse(Data(unknown.stdout.utf8))["error"]["code"].string == "quality.payment_not_found")
        #expect(unknown.stderr.contains("99999999999"))

        let test = try await golive(
            ["quality", "1319002417", "--json"],
            token: MercadoPagoSandbox.account(named: "test-credentials")!.accessToken)
        #expect(test.status == 1)
        let testJSON = try JSONValue.parse(Data(test.stdout.utf8))
        #expect(testJSON["live_mode"] == .bool(false))
        #expect(testJSON["warnings"][0].string?.contains("test payment") == true)

        // Without an id, TEST- credentials have no production payment to measure.
        let none = try await golive(
            ["quality", "--json"], token: MercadoPagoSandbox.account(named: "test-credentials")!.accessToken)
        #expect(none.status == 1)
        #expect(
            try JSONValue.parse(Data(none.stdout.utf8))["error"]["code"].string == "quality.no_production_payment")

        let rejected = try await golive(
            ["quality", "1321456789", "--json"], token: MercadoPagoSandbox.invalidAccessToken)
        #expect(rejected.status == 1)
        #expect(try JSONValue.parse(Data(rejected.stdout.utf8))["error"]["code"].string == "quality.api_failed")
        #expect(rejected.stderr.contains("401"))

        #expect(try await golive(["quality", "abc", "--json"], token: production).status == 2)
        #expect(
            try await golive(["quality", "signoff", "external_reference", "--by", "Ana"], token: production).status == 2
        )
        #expect(
            try await golive(["quality", "signoff", "no_such_thing", "--by", "Ana"], token: production).status == 2)
        #expect(try await golive(["quality", "record", "1321456789", "--score", "101"], token: production).status == 2)
        let noToken = try await binary.run(["quality", "1321456789", "--json", "--api-base", url.absoluteString])
        #expect(noToken.status == 1)
        #expect(noToken.stderr.contains("MP_ACCESS_TOKEN"))
        await sandbox.stop()
    }
}

@Suite("golive demo quality")
struct DemoQualityTests {
    @Test("demo quality measures the Sandbox's approved payments: complete ones pass, bare ones do not")
    func demo() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let run = try await binary.run(["demo", "quality", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let scores = try JSONValue.parse(Data(run.stdout.utf8)).array.compactMap { $0["score"].int64 }
        #expect(scores.count >= 10)
        #expect(Set(scores).isSuperset(of: [80, 46, 10]))
        let human = try await binary.run(["demo", "quality"])
        #expect(human.stdout.contains("missing mandatory: external_reference, notification_url"))
    }
}

@Suite("golive serve hosts the monthly quality job", .serialized)
struct ServeQualityJobTests {
    /// Starts `golive serve`, waits for it to listen, checks it is still up a moment later, then SIGTERMs it.
    func serveStaysUp(environment: [String: String]) async throws -> Int32 {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let process = Process()
        process.executableURL = GoLiveBinary.url
        process.arguments = [
            "serve", "--listen", "127.0.0.1:0", "--store",
            "sqlite:" + binary.home.appendingPathComponent("golive.sqlite").path,
        ]
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": binary.home.path, "LANG": "C.UTF-8"]
            .merging(environment) { _, new in new }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let handle = out.fileHandleForReading
        let listening: Bool = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var text = ""
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { return continuation.resume(returning: false) }
                    text += String(decoding: chunk, as: UTF8.self)
                    if text.contains("listening on ") {
                        continuation.resume(returning: true)
                        while !handle.availableData.isEmpty {}
                        return
                    }
                }
            }
        }
        #expect(listening)
        try await Task.sleep(for: .milliseconds(1500))
        #expect(process.isRunning, "serve ended by itself")
        process.terminate()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                process.waitUntilExit()
                continuation.resume()
            }
        }
        return process.terminationStatus
    }

    @Test("with no seller to measure, the job waits for shutdown instead of ending serve")
    func noSeller() async throws {
        #expect(try await serveStaysUp(environment: [:]) == 0)
    }

    @Test("with a seller, serve runs and stops on SIGTERM")
    func withSeller() async throws {
        let sandbox = MercadoPagoSandbox()
        let url = try await sandbox.start()
        let status = try await serveStaysUp(environment: [
            "MP_ACCESS_TOKEN": MercadoPagoSandbox.account(named: "production")!.accessToken,
            "MP_API_BASE": url.absoluteString,
        ])
        #expect(status == 0)
        await sandbox.stop()
    }
}
