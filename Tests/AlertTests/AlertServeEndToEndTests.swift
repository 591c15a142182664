import AsyncHTTPClient
import Foundation
import GoLiveCore
import MercadoPagoSandbox
import NIOCore
import NIOHTTP1
import StoreSQLite
import Testing

/// The real `golive serve` binary as a child process; waiting happens on threads of its own.
final class ServeChild: Sendable {
    let url: String
    private let process: Process

    private init(_ process: Process, url: String) {
        self.process = process
        self.url = url
    }

    static func start(binary: URL, home: URL, arguments: [String], environment: [String: String]) async throws
        -> ServeChild
    {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--listen", "127.0.0.1:0"] + arguments
        var env = [
            "PATH": "/usr/bin:/bin", "HOME": home.path, "XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
            "XDG_DATA_HOME": home.appendingPathComponent("data").path, "LANG": "C.UTF-8",
        ]
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let handle = out.fileHandleForReading
        let url: String? = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var text = ""
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty {
                        continuation.resume(returning: nil)
                        return
                    }
                    text += String(decoding: chunk, as: UTF8.self)
                    if let range = text.range(of: "listening on "),
                        let end = text[range.upperBound...].firstIndex(of: " ")
                    {
                        continuation.resume(returning: String(text[range.upperBound..<end]))
                        while !handle.availableData.isEmpty {}
                        return
                    }
                }
            }
        }
        guard let url else {
            process.terminate()
            throw GoLiveError(.usage, "golive serve did not start")
        }
        return ServeChild(process, url: url)
    }

    func stop() async {
        kill(process.processIdentifier, SIGTERM)
        let process = process
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                process.waitUntilExit()
                continuation.resume()
            }
        }
    }
}

@Suite("alerts: golive serve + Sandbox, end to end", .serialized)
struct AlertServeEndToEndTests {
    @Test("a stop_delivery_op_wh from the Sandbox reaches the local hook once, also across a restart of serve")
    func fraudAlertEndToEnd() async throws {
        let account = try #require(MercadoPagoSandbox.account(named: "production"))
        let sandbox = MercadoPagoSandbox()
        let sandboxURL = try await sandbox.start()
        let hook = HookServer()
        let hookURL = try await hook.start()
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let config = binary.home.appendingPathComponent("config.yaml")
        _ = FileManager.default.createFile(
            atPath: config.path,
            contents: Data("alerts:\n  webhook_url: \(hookURL.absoluteString)\n  timeout_seconds: 5\n".utf8),
            attributes: [.posixPermissions: 0o600])
        let store = "sqlite:" + binary.home.appendingPathComponent("golive.sqlite").path
        let arguments = ["--store", store, "--config", config.path, "--api-base", sandboxURL.absoluteString]
        let environment = [
            "MP_ACCESS_TOKEN": account.accessToken, "MP_WEBHOOK_SECRET": account.webhookSecret,
            "GOLIVE_ALERT_INTERVAL_MS": "200",
        ]
        var serve = try await ServeChild.start(
            binary: GoLiveBinary.url, home: binary.home, arguments: arguments, environment: environment)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        func sendFraud() async throws -> Int {
            var request = HTTPClientRequest(url: "\(sandboxURL.absoluteString)/_sandbox/notifications")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(
                ByteBuffer(
                    string: #"""
                        {"type": "stop_delivery_op_wh", "data_id": "4000123", "id": 990001,
                         "url": "\#(serve.url)/webhooks/mercadopago"}
                        """#))
            let response = try await client.execute(request, timeout: .seconds(20))
            let body = try await response.body.collect(upTo: 1 << 16)
            return Int((try? JSONValue.parse(Data(String(buffer: body).utf8)))?["status"].int64 ?? -1)
        }
        do {
            #expect(try await sendFraud() == 200, "serve acknowledged the fraud alert")
            try await hook.wait { $0.count(kind: "fraud") >= 1 }
            #expect(hook.count(kind: "fraud") == 1)
            let fraud = try #require(hook.acknowledged.first { $0["kind"].string == "fraud" })
            #expect(fraud["details"]["data_id"].string == "4000123")
            // Mercado Pago could deliver it twice (same id): still one alert.
            #expect(try await sendFraud() == 200)
            try await Task.sleep(for: .seconds(1))
            #expect(hook.count(kind: "fraud") == 1)

            // A restart of serve on the same store: nothing is sent again.
            await serve.stop()
            serve = try await ServeChild.start(
                binary: GoLiveBinary.url, home: binary.home, arguments: arguments, environment: environment)
            try await Task.sleep(for: .seconds(2))
            #expect(hook.count(kind: "fraud") == 1)

            // `golive alerts --json` lists it among the recent incidents, delivered.
            let listed = try await binary.run(["alerts", "--json", "--store", store, "--config", config.path])
            #expect(listed.status == 0, "\(listed.stderr)")
            let document = try JSONValue.parse(Data(listed.stdout.utf8))
            let recent = document["recent"].array.filter { $0["kind"].string == "fraud" }
            #expect(recent.count == 1)
            #expect(recent.first?["deliveries"][0]["state"].string == "delivered")
            #expect(!listed.stdout.contains("secrettokenABCD"), "the hook's token is never printed")
        } catch {
            Issue.record(error)
        }
        await serve.stop()
        try? await client.shutdown()
        await sandbox.stop()
        await hook.stop()
    }

    @Test("golive alerts test says what happened for each target; exit 1 when one fails")
    func alertsTestCommand() async throws {
        let hook = HookServer()
        let hookURL = try await hook.start()
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let config = binary.home.appendingPathComponent("config.yaml")
        _ = FileManager.default.createFile(
            atPath: config.path,
            contents: Data(
                "alerts:\n  webhook_url: \(hookURL.absoluteString)\n  command: [/bin/false]\n  timeout_seconds: 5\n"
                    .utf8),
            attributes: [.posixPermissions: 0o600])
        let run = try await binary.run(["alerts", "test", "--json", "--config", config.path])
        #expect(run.status == 1, "/bin/false fails")
        let results = try JSONValue.parse(Data(run.stdout.utf8)).array
        #expect(results.map { $0["delivered"].bool } == [true, false])
        #expect(results[1]["error"].string?.contains("exited with status 1") == true)
        #expect(!run.all.contains("secrettokenABCD"))
        #expect(hook.count(kind: "test", event: "test") == 1)
        await hook.stop()

        let bad = try await binary.run(["alerts", "--config", "/nonexistent/config.yaml"])
        #expect(bad.status == 2)
    }
}

@Suite struct AlertsUsageTests {
    @Test("a bad alerts section stops golive serve with exit 2 and a clear message, the hook never shown")
    func badSectionIsUsage() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let config = binary.home.appendingPathComponent("config.yaml")
        _ = FileManager.default.createFile(
            atPath: config.path,
            contents: Data(
                """
                alerts:
                  webhook_url: https://hooks.slack.com/services/T1/B1/topsecrettoken42XYZ
                  business_hours: "weekdays nine to five"
                """.utf8),
            attributes: [.posixPermissions: 0o600])
        for arguments in [["serve", "--listen", "127.0.0.1:0"], ["alerts"], ["alerts", "test"]] {
            let run = try await binary.run(arguments + ["--config", config.path], timeout: .seconds(30))
            #expect(run.status == 2, "\(arguments): \(run.all)")
            #expect(run.stderr.contains("alerts.business_hours"), "\(run.stderr)")
            #expect(!run.all.contains("topsecrettoken"))
        }
    }
}
