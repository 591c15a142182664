import Foundation
import GoLiveCore
import MercadoPagoSandbox
import StoreSQLite
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real binary, against the Sandbox over loopback: classification, exit codes, JSON, and secrets.
@Suite("golive binary", .serialized)
struct CommandLineTests {
    func statuses(_ json: JSONValue) -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: json["checks"].array.compactMap { check in
                check["id"].string.flatMap { id in check["status"].string.map { (id, $0) } }
            })
    }

    func credentials(_ account: String, sandbox: URL, binary: GoLiveBinary) async throws -> (
        GoLiveBinary.Run, JSONValue
    ) {
        let token =
            account == "invalid"
            ? MercadoPagoSandbox.invalidAccessToken : MercadoPagoSandbox.account(named: account)!.accessToken
        let publicKey =
            MercadoPagoSandbox.account(named: account)?.publicKey ?? "APP_USR-6f1d2c3b-4a5e-4f60-9b8a-7c6d5e4f3a2b"
        let run = try await binary.run(
            ["credentials", "--json", "--api-base", sandbox.absoluteString],
            environment: ["MP_ACCESS_TOKEN": token, "MP_PUBLIC_KEY": publicKey, "GOLIVE_LOG_LEVEL": "trace"])
        let json = try JSONValue.parse(Data(run.stdout.utf8))
        // Whatever the verdict, no full credential anywhere: not on stdout, stderr or in the JSON.
        #expect(!run.all.contains(token), "full token printed for \(account)")
        #expect(!run.all.contains(String(token.dropFirst(8).prefix(24))), "token body printed for \(account)")
        #expect(!run.all.contains(publicKey), "full public key printed for \(account)")
        return (run, json)
    }

    @Test("credentials --json classifies production, test-user, TEST-, not-activated and invalid credentials")
    func classification() async throws {
        let sandbox = MercadoPagoSandbox()
        let url = try await sandbox.start()
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }

        let expected: [String: [String: String]] = [
            "production": [
                "credentials.access_token": "pass", "credentials.production": "pass", "credentials.pair": "unknown",
            ],
            "test-user": [
                "credentials.access_token": "pass", "credentials.production": "fail", "credentials.pair": "unknown",
            ],
            "test-credentials": [
                "credentials.access_token": "pass", "credentials.production": "fail", "credentials.pair": "unknown",
            ],
            "not-activated": [
                "credentials.access_token": "pass", "credentials.production": "fail", "credentials.pair": "unknown",
            ],
            "invalid": [
                "credentials.access_token": "fail", "credentials.production": "fail", "credentials.pair": "unknown",
            ],
        ]
        for (account, statuses) in expected {
            let (run, json) = try await credentials(account, sandbox: url, binary: binary)
            #expect(run.status == 1, "\(account): exit \(run.status)\n\(run.stderr)")
            #expect(self.statuses(json) == statuses, "\(account)")
            #expect(json["ready"] == .bool(false))
            if account == "invalid" {
                #expect(json["seller_id"] == .null)
            } else {
                #expect(json["seller_id"].int64 != nil)
            }
        }
        await sandbox.stop()
    }

    @Test("check --json lists every check of DESIGN.md and records them in the store")
    func checkAll() async throws {
        let sandbox = MercadoPagoSandbox()
        let url = try await sandbox.start()
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let storePath = binary.home.appendingPathComponent("store/golive.sqlite").path
        let account = MercadoPagoSandbox.account(named: "production")!
        let run = try await binary.run(
            [
                "check", "--json", "--api-base", url.absoluteString, "--store", "sqlite:" + storePath,
                "--checkout-url", "https://127.0.0.1:1/checkout",
            ],
            environment: ["MP_ACCESS_TOKEN": account.accessToken, "MP_PUBLIC_KEY": account.publicKey])
        #expect(run.status == 1)
        let json = try JSONValue.parse(Data(run.stdout.utf8))
        #expect(json["checks"].array.compactMap { $0["id"].string } == CheckID.all.map(\.rawValue))
        #expect(json["checks"].array.allSatisfy { $0["checked_at"].string != nil && $0["actions"].array.count >= 0 })
        // Nothing listens there: the SSL check ran and says so (net.unreachable), quickly.
        #expect(statuses(json)["ssl.checkout_page"] == "fail")
        let ssl = json["checks"].array.first { $0["id"].string == "ssl.checkout_page" }
        #expect(ssl?["details"]["findings"][0]["id"].string == "net.unreachable")
        #expect(statuses(json)["notifications.signature"] == "fail")  // no webhook secret configured

        let store = try SQLiteStore(path: storePath)
        let stored = try await store.latestCheckResults(seller: "default")
        #expect(stored.count == CheckID.all.count)
        #expect(try await store.sellers().first?.userID == account.userID)
        // The store holds masked credentials only: scan the database and its WAL byte for byte.
        for file in [storePath, storePath + "-wal"] where FileManager.default.fileExists(atPath: file) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(bytes.range(of: Data(account.accessToken.utf8)) == nil, "token stored in \(file)")
        }
        await sandbox.stop()
    }

    @Test("nothing configured: a failed check per missing setting, exit 1, not a usage error")
    func nothingConfigured() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let run = try await binary.run(["check", "--api-base", "http://127.0.0.1:1"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("FAIL"))
        #expect(run.stdout.contains("MP_ACCESS_TOKEN_FILE"))
        #expect(run.stdout.contains("NOT READY"))
    }

    @Test("an unsafe secret file: exit 2, naming the file and the chmod")
    func unsafeSecretFile() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let path = binary.home.appendingPathComponent("token").path
        try Data("APP_USR-4829301746251938-112609-8f3c2a1b9d7e4f60a5b3c8d2e1f09a7b-240112233".utf8)
            .write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        let run = try await binary.run(["credentials", "--json"], environment: ["MP_ACCESS_TOKEN_FILE": path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("chmod 600 \(path)"))
        let json = try JSONValue.parse(Data(run.stdout.utf8))
        #expect(json["error"]["code"].string == "config.unsafe_permissions")
        #expect(!run.all.contains("8f3c2a1b9d7e4f60"))
    }

    @Test("a store that cannot be created: a clear error naming it, exit 1, still one JSON document")
    func storeUnavailable() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let run = try await binary.run(["check", "--json", "--store", "sqlite:/proc/golive-nowhere/golive.sqlite"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("/proc/golive-nowhere"))
        let json = try JSONValue.parse(Data(run.stdout.utf8))
        #expect(json["error"]["code"].string == "store.unavailable")
        #expect(json["error"]["remedy"].string != nil)
    }

    @Test(
        "usage errors exit 2",
        arguments: [
            ["check", "--no-such-flag"], ["check", "--api-base", "not a url"], ["frobnicate"],
            ["check", "--store", "mysql://x"], ["sandbox", "--listen", "nowhere:port"],
        ])
    func usage(arguments: [String]) async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let run = try await binary.run(arguments)
        #expect(run.status == 2, "\(arguments): \(run.status) \(run.stderr)")
        #expect(!run.stderr.isEmpty)
    }

    @Test("--help and --version exit 0")
    func help() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let help = try await binary.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("demo"))
        #expect(try await binary.run(["--version"]).stdout.contains("0.1"))
    }

    @Test("demo check prints a real readiness report from the embedded Sandbox")
    func demo() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let run = try await binary.run(["demo", "check"], environment: ["MP_ACCESS_TOKEN": "ignored-by-demo"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("PASS"))
        #expect(run.stdout.contains("credentials.production"))
        #expect(run.stdout.contains("TIENDAELSOL"))
        #expect(run.stdout.contains("NOT READY"))
        let testUser = try await binary.run(["demo", "check", "--seller", "test-user", "--json"])
        let json = try JSONValue.parse(Data(testUser.stdout.utf8))
        #expect(statuses(json)["credentials.production"] == "fail")
        #expect(try await binary.run(["demo", "check", "--seller", "nobody"]).status == 2)
    }

    @Test("an API that answers 5xx then recovers is retried by the binary too")
    func retriesEndToEnd() async throws {
        let sandbox = MercadoPagoSandbox()
        let url = try await sandbox.start()
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        var request = URLRequest(url: url.appendingPathComponent("_sandbox/faults"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"path":"/users/me","kind":"status","status":503,"retry_after":"0","times":1}"#.utf8)
        _ = try await URLSession.shared.data(for: request)
        let account = MercadoPagoSandbox.account(named: "production")!
        let run = try await binary.run(
            ["credentials", "--json", "--api-base", url.absoluteString],
            environment: ["MP_ACCESS_TOKEN": account.accessToken, "MP_PUBLIC_KEY": account.publicKey])
        let json = try JSONValue.parse(Data(run.stdout.utf8))
        #expect(statuses(json)["credentials.access_token"] == "pass")
        await sandbox.stop()
    }
}

@Suite("golive sandbox, the process")
struct SandboxProcessTests {
    @Test("serves the Mercado Pago API on the port it prints, and exits 0 on SIGTERM")
    func serveAndStop() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let process = Process()
        process.executableURL = GoLiveBinary.url
        process.arguments = ["sandbox", "--listen", "127.0.0.1:0"]
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": binary.home.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.interrupt() } }

        // The first line names the URL: "Mercado Pago Sandbox listening on http://127.0.0.1:PORT".
        // Blocking reads and waits happen on a thread of their own (`onThread`), never on the concurrency pool.
        let printed = try await onThread {
            var printed = ""
            while !printed.contains("\n") {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                printed += String(decoding: chunk, as: UTF8.self)
            }
            return printed
        }
        let firstLine = try #require(printed.split(separator: "\n").first)
        let url = try #require(firstLine.split(separator: " ").last.flatMap { URL(string: String($0)) })
        #expect(url.port != 0)

        let account = try #require(MercadoPagoSandbox.account(named: "production"))
        var request = URLRequest(url: url.appendingPathComponent("users/me"))
        request.setValue("Bearer \(account.accessToken)", forHTTPHeaderField: "Authorization")
        let (data, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(try JSONValue.parse(data)["id"].int64 == account.userID)

        process.terminate()  // SIGTERM
        let stopped = ContinuousClock.now
        try await onThread { process.waitUntilExit() }
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(ContinuousClock.now - stopped < .seconds(10))
    }
}
