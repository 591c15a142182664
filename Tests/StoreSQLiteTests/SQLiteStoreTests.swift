import Foundation
import GoLiveCore
import StoreSQLite
import Testing

@Suite("SQLite store")
struct SQLiteStoreTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-store-\(UUID().uuidString)")
    var path: String { folder.appendingPathComponent("nested/golive.sqlite").path }
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func result(_ id: CheckID, _ status: CheckStatus, at date: Date) -> CheckResult {
        CheckResult(
            id: id, title: "t", status: status, summary: "\(status) at \(date.timeIntervalSince1970)",
            details: ["n": 1], actions: ["do"], checkedAt: date)
    }

    @Test("created and migrated on open, in WAL mode, with synchronous=FULL on the writer")
    func durability() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try store.appliedMigrations() == SQLiteStore.knownMigrations)
        #expect(try store.journalMode() == "wal")
        #expect(try store.writerSynchronousMode() == 2)
    }

    @Test(
        "a new store file and its WAL are owner-only (0600) under a permissive umask; an existing file keeps its mode")
    func privateFiles() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        func mode(_ path: String) throws -> Int {
            try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        }
        let previous = umask(0o022)
        defer { umask(previous) }
        let store = try SQLiteStore(path: path)
        try await store.recordCheckResults([result(.credentialsPair, .pass, at: now)], seller: "s", sellerID: 7)
        #expect(try mode(path) == 0o600)
        #expect(try mode(path + "-wal") == 0o600)

        // The owner opened it to the group (a wall display of another user): golive leaves that alone.
        let shared = folder.appendingPathComponent("shared.sqlite").path
        _ = try SQLiteStore(path: shared)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: shared)
        _ = try SQLiteStore(path: shared)
        #expect(try mode(shared) == 0o640)
    }

    @Test("reopening migrates nothing twice and keeps the data")
    func reopen() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let store = try SQLiteStore(path: path)
            try await store.recordCheckResults([result(.credentialsPair, .pass, at: now)], seller: "s", sellerID: 7)
        }
        let again = try SQLiteStore(path: path)
        #expect(try again.appliedMigrations() == SQLiteStore.knownMigrations)
        #expect(try await again.latestCheckResults(seller: "s").count == 1)
    }

    @Test("latest results per check, and history newest first")
    func history() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: path)
        try await store.recordCheckResults(
            [result(.credentialsPair, .fail, at: now), result(.credentialsProduction, .fail, at: now)], seller: "s",
            sellerID: 7)
        try await store.recordCheckResults(
            [result(.credentialsPair, .pass, at: now + 60)], seller: "s", sellerID: 7)
        try await store.recordCheckResults(
            [result(.credentialsPair, .warn, at: now + 120)], seller: "other", sellerID: 8)

        let latest = try await store.latestCheckResults(seller: "s")
        #expect(latest.map(\.id) == [.credentialsPair, .credentialsProduction])
        #expect(latest.first?.status == .pass)
        #expect(latest.first?.checkedAt == now + 60)
        #expect(latest.first?.details["n"] == 1)

        let history = try await store.checkHistory(.credentialsPair, seller: "s", limit: 10)
        #expect(history.map(\.status) == [.pass, .fail])
    }

    @Test("sellers are upserted by name")
    func sellers() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: path)
        try await store.saveSeller(
            SellerRecord(name: "s", userID: 1, nickname: "A", siteID: "MLA", environment: "test", updatedAt: now))
        try await store.saveSeller(
            SellerRecord(
                name: "s", userID: 1, nickname: "A", siteID: "MLA", environment: "production", updatedAt: now + 5))
        let sellers = try await store.sellers()
        #expect(sellers.count == 1)
        #expect(sellers.first?.environment == "production")
        #expect(sellers.first?.updatedAt == now + 5)
    }

    @Test("two stores on one file (as two processes would) both write, thanks to the busy timeout")
    func sharedFile() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try SQLiteStore(path: path)
        let second = try SQLiteStore(path: path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                let store = index.isMultiple(of: 2) ? first : second
                let record = result(.credentialsPair, .pass, at: now + Double(index))
                group.addTask { try await store.recordCheckResults([record], seller: "s", sellerID: 1) }
            }
            try await group.waitForAll()
        }
        #expect(try await first.checkHistory(.credentialsPair, seller: "s", limit: 100).count == 40)
    }

    @Test("a file that is not a database is a clear store error")
    func corrupt() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let bad = folder.appendingPathComponent("bad.sqlite").path
        try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: bad))
        do {
            _ = try SQLiteStore(path: bad)
            Issue.record("opened garbage")
        } catch let error as GoLiveError {
            #expect(error.code == .storeCorrupt || error.code == .storeUnavailable)
            #expect(error.message.contains(bad))
            #expect(error.remedy != nil)
        }
    }
}
