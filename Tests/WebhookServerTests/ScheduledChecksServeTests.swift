import Foundation
import GoLiveCore
import MercadoPagoSandbox
import StoreSQLite
import Testing

/// `golive serve` runs the readiness checks on their schedule and writes them to the store (DESIGN.md "Checks
/// and who runs them"): here, the first pass a few seconds after start, against the Sandbox.
@Suite("golive serve runs the scheduled checks", .serialized)
struct ScheduledChecksServeTests {
    @Test("credentials and the other due checks are stored within seconds of start; SIGTERM still exits in time")
    func firstPassIsStored() async throws {
        let account = try #require(MercadoPagoSandbox.account(named: "production"))
        let sandbox = MercadoPagoSandbox()
        let api = try await sandbox.start()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("golive-sched-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let storePath = home.appendingPathComponent("golive.sqlite").path
        let serve = try await ServeProcess.start(
            home: home, store: "sqlite:\(storePath)",
            environment: [
                "MP_ACCESS_TOKEN": account.accessToken, "MP_PUBLIC_KEY": account.publicKey,
                "MP_API_BASE": api.absoluteString,
            ])
        let store = try SQLiteStore(path: storePath)
        var results: [CheckResult] = []
        let deadline = ContinuousClock.now + .seconds(40)
        while ContinuousClock.now < deadline {
            results = try await store.latestCheckResults(seller: "default")
            if results.contains(where: { $0.id == .credentialsProduction }) { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let elapsed = await serve.stop(signal: SIGTERM)
        await sandbox.stop()

        let statuses = Dictionary(results.map { ($0.id, $0.status) }, uniquingKeysWith: { first, _ in first })
        #expect(statuses[.credentialsAccessToken] == .pass, "\(results.map(\.summary))")
        #expect(statuses[.credentialsProduction] == .pass)
        // Everything else was due too (never run): each requirement's source decided its own checks.
        #expect(statuses[.notificationsReceiving] != nil)
        #expect(statuses[.reportsConfigured] != nil)
        #expect(try await store.sellers().first { $0.name == "default" }?.userID == account.userID)
        #expect(elapsed < 10, "SIGTERM took \(elapsed) s")
    }
}
