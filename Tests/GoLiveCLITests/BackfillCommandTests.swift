import Foundation
import GoLiveCore
import MercadoPagoSandbox
import StoreSQLite
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `golive notifications backfill` and `--never-notified` on the real binary against the Sandbox (issue 11).
@Suite("golive notifications backfill")
struct BackfillCommandTests {
    @Test("a withheld change: backfill finds it, --never-notified lists it, check warns; a failing API exits 1")
    func endToEnd() async throws {
        let sandbox = MercadoPagoSandbox()
        let url = try await sandbox.start()
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let account = try #require(MercadoPagoSandbox.account(named: "production"))
        let storePath = binary.home.appendingPathComponent("store/golive.sqlite").path
        let environment = [
            "MP_ACCESS_TOKEN": account.accessToken, "MP_API_BASE": url.absoluteString,
            "GOLIVE_STORE": "sqlite:" + storePath,
        ]
        func golive(_ arguments: [String]) async throws -> GoLiveBinary.Run {
            let run = try await binary.run(arguments, environment: environment)
            #expect(!run.all.contains(account.accessToken), "token printed by \(arguments)")
            return run
        }
        func control(_ path: String, _ body: String) async throws -> JSONValue {
            var request = URLRequest(url: url.appendingPathComponent(path))
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.utf8)
            let (data, _) = try await URLSession.shared.data(for: request)
            return try JSONValue.parse(data)
        }
        do {
            let created = try await control(
                "_sandbox/payments",
                #"{"seller":"production","payment":{"status":"pending","external_reference":"cli-backfill-1"}}"#)
            let id = try #require(created["id"].string)
            _ = try await control("_sandbox/webhooks", #"{"withhold_payments":[\#(id)]}"#)
            _ = try await control("_sandbox/payments/\(id)/status", #"{"status":"approved"}"#)

            let sweep = try await golive(["notifications", "backfill", "--since", "10m", "--json"])
            #expect(sweep.status == 0, "\(sweep.stderr)")
            let report = try JSONValue.parse(Data(sweep.stdout.utf8))
            #expect(report["outcome"].string == "complete")
            let found = try #require(report["found"].array.first { $0["payment_id"].string == id })
            #expect(found["status"].string == "approved")
            #expect(found["external_reference"].string == "cli-backfill-1")
            #expect(found["order_updated"] == .bool(true))

            let listed = try await golive(["notifications", "--never-notified", "--json"])
            #expect(listed.status == 0, "\(listed.stderr)")
            #expect(try JSONValue.parse(Data(listed.stdout.utf8)).array.contains { $0["payment_id"].string == id })
            let human = try await golive(["notifications", "--never-notified"])
            #expect(human.stdout.contains("⚠ never notified  \(id)  approved"))
            #expect(human.stdout.contains("backfill default: last sweep ok at"))

            let check = try await golive(["check", "--json"])
            let receiving = try #require(
                try JSONValue.parse(Data(check.stdout.utf8))["checks"].array.first {
                    $0["id"].string == "notifications.receiving"
                })
            #expect((receiving["details"]["never_notified_in_window"].int64 ?? 0) >= 1)
            #expect(receiving["details"]["backfill_state"].string == "ok")

            // The API fails (every retry too): exit 1, the reason, the mark kept and shown as failing.
            _ = try await control(
                "_sandbox/faults",
                #"{"path":"/v1/payments/search","kind":"status","status":503,"retry_after":"0","times":8}"#)
            let failed = try await golive(["notifications", "backfill"])
            #expect(failed.status == 1)
            #expect(failed.stderr.contains("the backfill sweep failed"))
            let failing = try await golive(["notifications", "--never-notified"])
            #expect(failing.stdout.contains("backfill default: failing (1×)"))

            // With forwarding configured, a new finding is queued for the shop (source backfill), once.
            _ = try await sandboxDelete(url, "_sandbox/faults")
            let other = try #require(
                try await control(
                    "_sandbox/payments",
                    #"{"seller":"production","payment":{"status":"pending","external_reference":"cli-backfill-2"}}"#
                )["id"].string)
            _ = try await control("_sandbox/webhooks", #"{"withhold_payments":[\#(other)]}"#)
            _ = try await control("_sandbox/payments/\(other)/status", #"{"status":"cancelled"}"#)
            let forwarding = [
                "GOLIVE_FORWARD_TO": "http://127.0.0.1:9/shop", "GOLIVE_FORWARD_SECRET": "shop-secret-0123456789abcdef",
            ]
            let forwarded = try await binary.run(
                ["notifications", "backfill", "--json"], environment: environment.merging(forwarding) { $1 })
            #expect(forwarded.status == 0, "\(forwarded.stderr)")
            let store = try SQLiteStore(path: storePath)
            let queued = try await store.forwardDeliveries(seller: "default", state: nil, limit: 20)
            #expect(queued.filter { $0.dataID == other && $0.source == .backfill }.count == 1)
            #expect(!queued.contains { $0.dataID == id })  // found before forwarding was on: not sent now

            let bad = try await golive(["notifications", "backfill", "--since", "yesterday-ish"])
            #expect(bad.status == 2)
        } catch {
            Issue.record("\(error)")
        }
        await sandbox.stop()
    }

    @Test("the config's backfill section is read; a bad value is a usage error (exit 2)")
    func configSection() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let config = binary.home.appendingPathComponent("config.yaml")
        try "backfill:\n  every: 1s\n".write(to: config, atomically: true, encoding: .utf8)
        let bad = try await binary.run(["notifications", "--never-notified", "--config", config.path])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("backfill.every must be at least 1m"))
        try "backfill:\n  every: 15m\n  lookback: 3h\n  overlap: 5m\n".write(
            to: config, atomically: true, encoding: .utf8)
        let good = try await binary.run(["notifications", "--never-notified", "--config", config.path])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("No status change found"))
    }
}

/// `DELETE` on the Sandbox's control API.
func sandboxDelete(_ url: URL, _ path: String) async throws -> Data {
    var request = URLRequest(url: url.appendingPathComponent(path))
    request.httpMethod = "DELETE"
    return try await URLSession.shared.data(for: request).0
}
