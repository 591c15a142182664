import AsyncHTTPClient
import Foundation
import GoLiveCore
import StoreSQLite
import Testing

/// Runs `golive ARGS` (the real binary) to completion on a thread of its own, never on the concurrency pool.
func runGoLive(_ arguments: [String], home: URL) async throws -> (status: Int32, stdout: String, stderr: String) {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(
                with: Result {
                    let process = Process()
                    process.executableURL = ServeProcess.binary
                    process.arguments = arguments
                    process.environment = [
                        "PATH": "/usr/bin:/bin", "HOME": home.path, "LANG": "C.UTF-8",
                        "XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
                        "XDG_DATA_HOME": home.appendingPathComponent("data").path,
                    ]
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

/// `golive store backup` and `store purge` against a store that a real `golive serve` keeps writing (issue 11).
@Suite("golive store while serve writes (the binary)", .serialized)
struct StoreBinaryTests {
    @Test("backup and purge under load: the backup restores cleanly with every acknowledged notification")
    func backupAndPurgeUnderLoad() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("golive-keep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let storePath = home.appendingPathComponent("golive.sqlite").path
        let backupPath = home.appendingPathComponent("backup.sqlite").path
        let restoredPath = home.appendingPathComponent("restored/golive.sqlite").path

        // Old rows for the purge: 300 processed ones (deleted) and one still pending (kept).
        let old = Date().addingTimeInterval(-100 * 86_400)
        do {
            let seed = try SQLiteStore(path: storePath)
            let batch = (0..<301).map { index in
                IncomingNotification(
                    kind: .webhook, notificationID: "old-\(index)", topic: "payment", action: "payment.updated",
                    dataID: "\(index)", liveMode: true, userID: nil, requestID: nil, seller: nil, signature: .valid,
                    signatureVariant: nil, receivedAt: old,
                    body: #"{"id":"old-\#(index)","payer":{"email":"payer\#(index)@example.com"}}"#)
            }
            let stored = try await seed.recordNotifications(batch)
            try await seed.recordProcessing(
                stored.dropLast().map { ProcessingRecord(seq: $0.seq, outcome: .done(resourceStatus: "approved")) },
                at: old)
        }

        let tests = ServeBinaryTests()
        let environment = ["MP_WEBHOOK_SECRET": tests.secret.exposedForTransport]
        let serve = try await ServeProcess.start(home: home, store: "sqlite:\(storePath)", environment: environment)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let acknowledged = Shared<[String]>([])
        let done = Shared(false)
        let load = Task {
            await tests.load(client: client, url: serve.url, prefix: "live", connections: 8) { _ in
                done.withLock { $0 }
            }
        }
        // The load's own list is returned at the end; watch progress through the store instead.
        func storedCount() async throws -> Int {
            try await SQLiteStore(path: storePath).notificationSummary(seller: nil, since: .distantPast).received
        }
        while try await storedCount() < 500 { try await Task.sleep(for: .milliseconds(20)) }

        // Every notification stored (hence acknowledged) before the backup starts must be in it.
        let beforeBackup = Set(
            try await SQLiteStore(path: storePath).notifications(NotificationQuery(limit: 1_000_000)).map(
                \.notification.notificationID))
        let backup = try await runGoLive(
            ["store", "backup", backupPath, "--json", "--store", "sqlite:\(storePath)"], home: home)
        #expect(backup.status == 0, "\(backup.stderr)")
        let purge = try await runGoLive(
            ["store", "purge", "--older-than", "30", "--json", "--store", "sqlite:\(storePath)"], home: home)
        #expect(purge.status == 0, "\(purge.stderr)")
        let duringPurge = try await storedCount()
        try await Task.sleep(for: .milliseconds(200))
        done.withLock { $0 = true }
        let acked = await load.value
        acknowledged.withLock { $0 = acked }
        #expect(try await storedCount() > duringPurge || acked.count > 500, "serve kept acknowledging")
        #expect(await serve.stop(signal: SIGTERM) < 10)
        try await client.shutdown()

        // The backup's own report.
        let report = try JSONValue.parse(Data(backup.stdout.utf8))
        #expect(report["integrity"].string == "ok")
        #expect(report["schema_version"].string == SQLiteStore.knownMigrations.last)

        // Restore as docs/OPERATIONS.md says: copy it in place, `golive store migrate` (harmless), open.
        try FileManager.default.createDirectory(
            atPath: (restoredPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: backupPath, toPath: restoredPath)
        let migrate = try await runGoLive(["store", "migrate", "--store", "sqlite:\(restoredPath)"], home: home)
        #expect(migrate.status == 0, "\(migrate.stderr)")
        #expect(migrate.stdout.contains("up to date"))
        let restored = try SQLiteStore(path: restoredPath)
        let restoredIDs = Set(
            try await restored.notifications(NotificationQuery(limit: 1_000_000)).map(\.notification.notificationID))
        let missing = beforeBackup.subtracting(restoredIDs)
        #expect(missing.isEmpty, "acknowledged before the backup but not in it: \(missing.prefix(5))")
        #expect(restoredIDs.contains("old-0"), "the backup predates the purge")

        // The purge under load: old processed rows gone, the pending one kept, nothing acknowledged lost.
        let summary = try JSONValue.parse(Data(purge.stdout.utf8))
        let table = summary["tables"].array.first { $0["name"].string == "notification" }
        #expect(table?["deleted"].int64 == 300)
        #expect(table?["kept"].int64 == 1)
        let final = Set(
            try await SQLiteStore(path: storePath).notifications(NotificationQuery(limit: 1_000_000)).map(
                \.notification.notificationID))
        #expect(final.contains("old-300"))
        #expect(!final.contains("old-0"))
        let lost = acked.filter { !final.contains($0) }
        #expect(lost.isEmpty, "acknowledged but not stored: \(lost.prefix(5))")
    }
}
