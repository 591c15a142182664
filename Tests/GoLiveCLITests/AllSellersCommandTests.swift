import Foundation
import GoLiveCore
import MercadoPagoSandbox
import StoreSQLite
import Testing

/// `golive check --all-sellers` (issue 10): the real binary, the Sandbox over loopback, three sellers in a config
/// file — one with TEST- credentials, one whose token Mercado Pago rejects (401), one production.
@Suite("check --all-sellers")
struct AllSellersCommandTests {
    static let testToken = MercadoPagoSandbox.account(named: "test-credentials")!.accessToken
    static let production = MercadoPagoSandbox.account(named: "production")!
    static let invalidToken = MercadoPagoSandbox.invalidAccessToken

    /// Writes the tokens (owner-only, as golive demands) and a config listing the three sellers.
    static func writeConfig(in home: URL) throws -> URL {
        let folder = home.appendingPathComponent("agency")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (file, token) in [
            ("test.token", testToken), ("revoked.token", invalidToken), ("prod.token", production.accessToken),
        ] {
            let url = folder.appendingPathComponent(file)
            try Data(token.utf8).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        }
        let config = folder.appendingPathComponent("config.yaml")
        try """
        sellers:
          - name: tienda-test
            access_token_file: test.token
          - name: revoked
            access_token_file: revoked.token
          - name: tienda-prod
            access_token_file: prod.token
            public_key: \(production.publicKey)
            checkout_url: https://127.0.0.1:1/checkout
        """.write(to: config, atomically: true, encoding: .utf8)
        return config
    }

    func statuses(_ seller: JSONValue) -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: seller["checks"].array.compactMap { check in
                check["id"].string.flatMap { id in check["status"].string.map { (id, $0) } }
            })
    }

    func expectNoSecrets(_ run: GoLiveBinary.Run) {
        for token in [Self.testToken, Self.invalidToken, Self.production.accessToken] {
            #expect(!run.all.contains(token))
            #expect(!run.all.contains(String(token.dropFirst(8).prefix(24))), "token body printed")
        }
    }

    @Test("--json: every seller's checks, a per-seller error for the 401 one, a summary, exit 1; results stored")
    func json() async throws {
        let sandbox = MercadoPagoSandbox()
        let url = try await sandbox.start()
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let config = try Self.writeConfig(in: binary.home)
        let storePath = binary.home.appendingPathComponent("store/golive.sqlite").path
        let run = try await binary.run([
            "check", "--all-sellers", "--json", "--config", config.path, "--api-base", url.absoluteString,
            "--store", "sqlite:" + storePath,
        ])
        await sandbox.stop()
        #expect(run.status == 1, "\(run.stderr)")
        expectNoSecrets(run)
        let json = try JSONValue.parse(Data(run.stdout.utf8))
        #expect(json["ready"] == false)
        #expect(json["checked_at"].string != nil)
        #expect(json["summary"] == ["sellers": 3, "ready": 0, "not_ready": 3, "errors": 1])
        let sellers = json["sellers"].array
        #expect(sellers.map { $0["seller"].string ?? "" } == ["tienda-test", "revoked", "tienda-prod"])
        for seller in sellers {
            // The single-seller `check --json` document, every check of DESIGN.md, plus the roll-up.
            #expect(seller["checks"].array.compactMap { $0["id"].string } == CheckID.all.map(\.rawValue))
            #expect(seller["requirements"].object?.count == Requirement.all.count)
            #expect(seller["ready"] == false)
        }
        let test = sellers[0]
        #expect(test["error"] == .null)
        #expect(test["seller_id"].int64 == 240_112_233)
        #expect(statuses(test)["credentials.access_token"] == "pass")
        #expect(statuses(test)["credentials.production"] == "fail")  // TEST- credentials
        let revoked = sellers[1]
        #expect(revoked["error"]["code"] == "seller.token_rejected")
        #expect(revoked["error"]["message"].string?.contains("HTTP 401") == true)
        #expect(revoked["error"]["remedy"].string?.isEmpty == false)
        #expect(revoked["seller_id"] == .null)
        #expect(statuses(revoked)["credentials.access_token"] == "fail")
        let prod = sellers[2]
        #expect(prod["error"] == .null)
        #expect(prod["seller_id"].int64 == Self.production.userID)
        #expect(statuses(prod)["credentials.access_token"] == "pass")
        #expect(statuses(prod)["credentials.production"] == "pass")
        #expect(prod["requirements"]["ssl"] == "fail")  // nothing listens on the checkout URL
        #expect(run.stderr.contains("revoked"))

        // Each seller's results were recorded under its name: the dashboard's overview reads them from there.
        let store = try SQLiteStore(path: storePath)
        for name in ["tienda-test", "revoked", "tienda-prod"] {
            #expect(try await store.latestCheckResults(seller: name).count == CheckID.all.count, "\(name)")
        }
        #expect(Set(try await store.sellers().map(\.name)) == ["tienda-test", "tienda-prod"])
    }

    @Test("text: a row a seller, a column a requirement, the error and the fixes below; in Spanish too")
    func text() async throws {
        let sandbox = MercadoPagoSandbox()
        let url = try await sandbox.start()
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let config = try Self.writeConfig(in: binary.home)
        let arguments = ["check", "--all-sellers", "--config", config.path, "--api-base", url.absoluteString]
        let english = try await binary.run(arguments)
        let spanish = try await binary.run(arguments + ["--lang", "es"])
        await sandbox.stop()
        #expect(english.status == 1)
        expectNoSecrets(english)
        let lines = english.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "golive readiness — 3 sellers")
        let header = try #require(lines.first { $0.hasPrefix("  Seller") })
        for column in ["Verdict", "Creds", "SSL", "Notif", "Approv", "Qual", "Report"] {
            #expect(header.contains(column))
        }
        #expect(lines.contains { $0.hasPrefix("  revoked ") && $0.contains("ERROR") })
        #expect(lines.contains { $0.hasPrefix("  tienda-test ") && $0.contains("NOT READY") })
        #expect(english.stdout.contains("seller.token_rejected"))
        #expect(lines.last?.hasPrefix("NOT READY — 0 of 3 sellers ready, 1 with errors.") == true)
        #expect(spanish.status == 1)
        #expect(spanish.stdout.contains("golive: preparación de 3 vendedores"))
        #expect(spanish.stdout.contains("NO LISTO — 0 de 3 vendedores listos, 1 con errores."))
    }

    @Test("demo check --all-sellers: every Sandbox account and a rejected token, with no credentials and no network")
    func demo() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let run = try await binary.run(["demo", "check", "--all-sellers", "--json"])
        #expect(run.status == 1, "\(run.stderr)")
        let json = try JSONValue.parse(Data(run.stdout.utf8))
        let names = json["sellers"].array.compactMap { $0["seller"].string }
        #expect(names == MercadoPagoSandbox.accounts.map(\.name) + ["invalid"])
        #expect(json["summary"]["errors"] == 1)
        let production = json["sellers"][0]
        #expect(production["error"] == .null)
        #expect(production["requirements"]["credentials"] != "fail")
        #expect(production["requirements"]["ssl"] == "pass")  // the demo's own HTTPS checkout page
        #expect(json["sellers"].array.last?["error"]["code"] == "seller.token_rejected")
        for account in MercadoPagoSandbox.accounts { #expect(!run.all.contains(account.accessToken)) }
    }

    @Test("usage errors exit 2 with a JSON error document; an unsafe token file too")
    func usage() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        #expect(try await binary.run(["check", "--all-sellers", "--no-such-flag"]).status == 2)
        // One seller or all of them, not both: --seller is refused, not silently ignored.
        let both = try await binary.run(["check", "--all-sellers", "--seller", "prod"])
        #expect(both.status == 2)
        #expect(both.stderr.contains("--seller") && both.stderr.contains("--all-sellers"), "\(both.stderr)")
        let config = try Self.writeConfig(in: binary.home)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o644],
            ofItemAtPath: config.deletingLastPathComponent().appendingPathComponent("prod.token").path)
        let unsafe = try await binary.run(["check", "--all-sellers", "--json", "--config", config.path])
        #expect(unsafe.status == 2)
        #expect(try JSONValue.parse(Data(unsafe.stdout.utf8))["error"]["code"] == "config.unsafe_permissions")
    }
}
