import Foundation
import GoLiveCore
import MercadoPagoSandbox
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("golive sandbox --deliver-to")
struct SandboxWebhookCommandTests {
    /// Starts `golive sandbox` and returns its URL, read from the first line it prints. The blocking reads
    /// happen on a thread of their own, never on the concurrency pool.
    private func startSandbox(_ process: Process, output: Pipe) async throws -> URL {
        try process.run()
        let firstLine: String = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var printed = ""
                while !printed.contains("\n") {
                    let chunk = output.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    printed += String(decoding: chunk, as: UTF8.self)
                }
                continuation.resume(returning: String(printed.split(separator: "\n").first ?? ""))
            }
        }
        return try #require(firstLine.split(separator: " ").last.flatMap { URL(string: String($0)) })
    }

    @Test("--deliver-to and --time-scale reach the delivery engine: a change is attempted on the scaled schedule")
    func deliversToTheGivenURL() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let process = Process()
        process.executableURL = GoLiveBinary.url
        // Nothing listens on port 1: every attempt fails (each within the 1 s floor of the scaled deadline, as
        // the HTTP client keeps trying to connect), and retries follow at once on the scaled schedule.
        process.arguments = [
            "sandbox", "--listen", "127.0.0.1:0", "--deliver-to", "http://127.0.0.1:1/webhooks/mercadopago",
            "--time-scale", "1000000",
        ]
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": binary.home.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        defer { if process.isRunning { process.terminate() } }
        let url = try await startSandbox(process, output: output)

        var create = URLRequest(url: url.appendingPathComponent("_sandbox/payments"))
        create.httpMethod = "POST"
        create.httpBody = Data("{}".utf8)
        let (_, created) = try await URLSession.shared.data(for: create)
        #expect((created as? HTTPURLResponse)?.statusCode == 201)

        var deliveries: [JSONValue] = []
        let deadline = ContinuousClock.now + .seconds(20)
        while deliveries.count < 3, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            let (data, _) = try await URLSession.shared.data(from: url.appendingPathComponent("_sandbox/deliveries"))
            deliveries = try JSONValue.parse(data).array
        }
        #expect(deliveries.count >= 3)
        #expect(deliveries.first?["url"].string?.hasPrefix("http://127.0.0.1:1/webhooks/mercadopago?data.id=") == true)
        #expect(deliveries.allSatisfy { $0["error"].string?.hasPrefix("connection_failed") == true })
        #expect(deliveries.prefix(3).map { $0["scheduled_offset_s"].int64 } == [0, 900, 1_800])

        let (data, _) = try await URLSession.shared.data(from: url.appendingPathComponent("_sandbox/webhooks"))
        let settings = try JSONValue.parse(data)
        #expect(settings["url"].string == "http://127.0.0.1:1/webhooks/mercadopago")
        #expect(settings["time_scale"].int64 == 1_000_000)
    }

    @Test(
        "bad --deliver-to or --time-scale values are usage errors",
        arguments: [
            ["sandbox", "--deliver-to", "not a url"], ["sandbox", "--deliver-to", "ftp://host/x"],
            ["sandbox", "--time-scale", "0"], ["sandbox", "--time-scale", "-3"],
        ])
    func usageErrors(_ arguments: [String]) async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let run = try await binary.run(arguments)
        #expect(run.status == 2, "\(arguments): \(run.all)")
    }
}
