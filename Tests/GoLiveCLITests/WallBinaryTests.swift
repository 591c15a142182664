import Foundation
import GoLiveCore
import MercadoPagoSandbox
import StoreSQLite
import TerminalUI
import Testing

@testable import GoLiveCLI

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `golive wall` as a wall screen runs it: the real binary in tmux over a real SQLite store that `golive serve`
/// (here: the test) filled.
@Suite(.enabled(if: Tmux.available, "tmux is not installed"), .serialized)
struct WallBinaryTests {
    /// A store with check results and notifications, written and closed as `golive serve` would leave it.
    static func makeStore(at path: String) async throws {
        let store = try SQLiteStore(path: path)
        let now = Date()
        try await store.recordCheckResults(
            [
                CheckResult(
                    id: .credentialsAccessToken, title: "t", status: .pass, summary: "accepted", checkedAt: now),
                CheckResult(
                    id: .sslCheckoutPage, title: "s", status: .fail, summary: "expired certificate", checkedAt: now),
            ], seller: "default", sellerID: nil)
        _ = try await store.recordNotifications([
            DashboardByteBudgetTests.notification(id: "wall-1", dataID: "5550001", at: now)
        ])
    }

    /// The bytes of the database and its WAL (the shared-memory index is not data) and the rows of each table.
    static func fingerprint(_ path: String) throws -> [String: Data] {
        var parts: [String: Data] = [:]
        // An empty WAL is no data (SQLite creates one when a reader opens the file); the index (-shm) is not data.
        for file in [path, path + "-wal"] where FileManager.default.fileExists(atPath: file) {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            if !data.isEmpty { parts[file] = data }
        }
        return parts
    }

    @Test func lockedWallIgnoresQEndsOnSigtermNeverWritesTheStoreAndSurvivesItGoingAway() async throws {
        let tmux = try Tmux(width: 80, height: 24)
        defer { tmux.kill() }
        let folder = tmux.folder.appendingPathComponent("data/golive")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("golive.sqlite").path
        try await Self.makeStore(at: path)
        let before = try Self.fingerprint(path)
        try await onThread {
            tmux.start(
                "stty -g > \(tmux.file("before")); sh -c \"echo \\$\\$ > \(tmux.file("pid")); exec \(Tmux.binary) wall --lock\"; echo $? > \(tmux.file("code")); stty -g > \(tmux.file("after"))"
            )
            try tmux.waitFor("NOT READY", "Checks", "Notifications", "read-only", "locked")
            // q, Ctrl-C (a key in raw mode), Esc and ? do nothing under --lock.
            for key in ["q", "C-c", "Escape", "?", "r", "t"] { tmux.keys(key) }
            Thread.sleep(forTimeInterval: 1.5)
            #expect(!FileManager.default.fileExists(atPath: tmux.file("code")), "still running")
            #expect(tmux.capture().contains("NOT READY"))
            #expect(!tmux.capture().contains("Keys"), "no help overlay")

            // The store goes away: the wall says since when it has no data, and keeps running.
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                try FileManager.default.moveItem(atPath: path + suffix, toPath: path + suffix + ".away")
            }
            try tmux.waitFor("NO DATA SINCE")
            // Something that is not a store in its place (a half-copied restore): still no data, still running.
            try Data("not a database".utf8).write(to: URL(fileURLWithPath: path))
            Thread.sleep(forTimeInterval: 2.5)
            #expect(tmux.capture().contains("NO DATA SINCE"), "\(tmux.capture())")
            try FileManager.default.removeItem(atPath: path)
            // …and comes back: the wall reopens it without a restart.
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix + ".away") {
                try FileManager.default.moveItem(atPath: path + suffix + ".away", toPath: path + suffix)
            }
            let end = Date().addingTimeInterval(15)
            while Date() < end, tmux.capture().contains("NO DATA SINCE") { Thread.sleep(forTimeInterval: 0.2) }
            #expect(!tmux.capture().contains("NO DATA SINCE"), "\(tmux.capture())")
            #expect(tmux.capture().contains("NOT READY"))

            // Only a signal ends it, restoring the terminal.
            let pid = try tmux.waitForFile("pid")
            #expect(kill(pid_t(pid) ?? 0, SIGTERM) == 0)
            #expect(try tmux.waitForFile("code") == "0")
            #expect(try tmux.waitForFile("after") == tmux.waitForFile("before"), "stty settings restored")
            #expect(!tmux.capture().contains("NOT READY"), "the alternate screen was left")
        }
        let after = try Self.fingerprint(path)
        #expect(
            after == before,
            "the wall wrote nothing to the store: \(before.mapValues(\.count)) → \(after.mapValues(\.count))")
        let store = try SQLiteStore(readingOnly: path)
        #expect(try await store.latestCheckResults(seller: "default").count == 2)
    }

    /// Started before the store exists, the wall waits for it on screen (where, why, what to do) and picks it up
    /// when it appears, without a restart: first the empty store another golive command creates, then the
    /// results written into it.
    @Test func aWallStartedBeforeItsStoreWaitsForItAndQQuitsAnUnlockedWall() async throws {
        let tmux = try Tmux(width: 80, height: 24)
        defer { tmux.kill() }
        let folder = tmux.folder.appendingPathComponent("data/golive")
        let path = folder.appendingPathComponent("golive.sqlite").path
        try await onThread {
            tmux.start("\(Tmux.binary) wall 2> \(tmux.file("err")); echo $? > \(tmux.file("code"))")
            try tmux.waitFor("NO DATA (waiting for the store)", "Waiting for the store at", "golive serve")
            // The folder does not even exist: the wall created nothing.
            #expect(!FileManager.default.fileExists(atPath: folder.path))
            Thread.sleep(forTimeInterval: 1.5)
            #expect(!FileManager.default.fileExists(atPath: tmux.file("code")), "still running")
        }
        // Another golive command creates the store (the real binary, as `golive serve` would at start).
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let created = try await binary.run(["notifications", "--json", "--store", "sqlite:" + path])
        #expect(created.status == 0, "\(created.stderr)")
        try await onThread {
            try tmux.waitFor("No check result yet", "No notification received yet")
            #expect(!tmux.capture().contains("waiting for the store"), "\(tmux.capture())")
        }
        // …and what `golive serve` records appears as it is written.
        try await Self.makeStore(at: path)
        try await onThread {
            try tmux.waitFor("NOT READY", "payment.created")
            tmux.keys("q")
            #expect(try tmux.waitForFile("code") == "0")
        }
        let second = try Tmux(width: 120, height: 40)
        defer { second.kill() }
        let secondFolder = second.folder.appendingPathComponent("data/golive")
        try FileManager.default.createDirectory(at: secondFolder, withIntermediateDirectories: true)
        try await Self.makeStore(at: secondFolder.appendingPathComponent("golive.sqlite").path)
        try await onThread {
            second.start("\(Tmux.binary) wall --rotate 2; echo $? > \(second.file("code"))")
            try second.waitFor("NOT READY", "/3")
            let first = second.capture()
            let end = Date().addingTimeInterval(8)
            while Date() < end, second.capture().contains("1/3") == first.contains("1/3") {
                Thread.sleep(forTimeInterval: 0.2)
            }
            #expect(second.capture().contains("1/3") != first.contains("1/3"), "the pane rotated")
            second.keys("q")
            #expect(try second.waitForFile("code") == "0")
        }
    }

    /// The API going away and coming back. The wall runs no check, so it calls Mercado Pago for one thing only:
    /// the balances pane's pending releases (a payments search), and only when the seller has an access token and
    /// a release report was fetched into the store — without either, the wall makes no API call at all. Here the
    /// Sandbox on loopback answers the search with 500 (a fault switched on through its control route) and then
    /// normally again: the wall keeps running, marks the pane NO DATA SINCE hh:mm with the reason, and recovers
    /// without a restart. (`--balances-every 2`, hidden, replaces the 10-minute search interval.)
    @Test func theWallSurvivesTheAPIGoingAwayAndComingBack() async throws {
        let sandbox = MercadoPagoSandbox()
        let url = try await sandbox.start()
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let path = binary.home.appendingPathComponent("store/golive.sqlite").path
        let token = MercadoPagoSandbox.account(named: "production")!.accessToken
        let environment = [
            "MP_ACCESS_TOKEN": token, "MP_API_BASE": url.absoluteString, "GOLIVE_STORE": "sqlite:\(path)",
        ]
        let tomorrow = ISO8601DateFormatter().string(from: Date().addingTimeInterval(86_400))
        let fetched = try await binary.run(
            ["report", "fetch", "--type", "release", "--from", "2025-01-01", "--to", tomorrow], environment: environment
        )
        #expect(fetched.status == 0, "\(fetched.stderr)")
        let tmux = try Tmux(width: 120, height: 40)
        defer { tmux.kill() }
        func fault(_ method: String, _ body: String?) async throws {
            var request = URLRequest(url: url.appendingPathComponent("_sandbox/faults"))
            request.httpMethod = method
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = body.map { Data($0.utf8) }
            let (data, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            #expect((200..<300).contains(status), "\(String(decoding: data, as: UTF8.self))")
        }
        try await onThread {
            tmux.start(
                "MP_ACCESS_TOKEN=\(token) MP_API_BASE=\(url.absoluteString) \(Tmux.binary) wall --store sqlite:\(path) "
                    + "--balances-every 2; echo $? > \(tmux.file("code"))")
            try tmux.waitFor("To release", "Available", seconds: 30)
            #expect(!tmux.capture().contains("Not updated"), "\(tmux.capture())")
        }
        try await fault("POST", #"{"path":"/v1/payments/search","kind":"status","status":500,"times":10000}"#)
        try await onThread {
            // The client retries a 500 three times (≈ 7 s), then the pane says why and since when.
            try tmux.waitFor("Not updated: API HTTP 500", "NO DATA SINCE", seconds: 40)
            #expect(!FileManager.default.fileExists(atPath: tmux.file("code")), "still running")
            #expect(tmux.capture().contains("To release"), "the last releases known stay shown")
        }
        try await fault("DELETE", nil)
        try await onThread {
            let end = Date().addingTimeInterval(40)
            while Date() < end, tmux.capture().contains("Not updated") { Thread.sleep(forTimeInterval: 0.2) }
            let screen = tmux.capture()
            #expect(!screen.contains("Not updated") && !screen.contains("NO DATA SINCE"), "\(screen)")
            #expect(screen.contains("To release"))
            tmux.keys("q")
            let code = try tmux.waitForFile("code")
            #expect(code == "0")
        }
        await sandbox.stop()
    }

    @Test func theWallIsHighContrastUnlessAThemeOrNoColorSaysOtherwise() {
        #expect(DashboardRunner.requestedTheme(nil, mode: .wall, environment: [:]) == "high-contrast")
        #expect(DashboardRunner.requestedTheme("light", mode: .wall, environment: [:]) == "light")
        #expect(DashboardRunner.requestedTheme(nil, mode: .wall, environment: ["NO_COLOR": "1"]) == nil)
        #expect(DashboardRunner.requestedTheme(nil, mode: .interactive, environment: [:]) == nil)
    }

    /// Without a terminal the wall prints plain lines, scrubbed like its screen.
    @Test func thePlainWallPrintsNoEmailOrIdentificationNumber() async throws {
        let tmux = try Tmux(width: 80, height: 24)
        defer { tmux.kill() }
        let folder = tmux.folder.appendingPathComponent("data/golive")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: folder.appendingPathComponent("golive.sqlite").path)
        try await store.recordCheckResults(
            [
                CheckResult(
                    id: .approvalData, title: "a", status: .warn,
                    summary: "Payer maria.gonzalez@example.com (DNI 30123456) sent no phone.", checkedAt: Date())
            ], seller: "default", sellerID: nil)
        try await onThread {
            // stdout a file: plain lines; the wall runs until a signal.
            tmux.start(
                "sh -c \"echo \\$\\$ > \(tmux.file("pid")); exec \(Tmux.binary) wall > \(tmux.file("out"))\"; echo $? > \(tmux.file("code"))"
            )
            let end = Date().addingTimeInterval(15)
            var out = ""
            while Date() < end, !out.contains("approval.data") {
                Thread.sleep(forTimeInterval: 0.2)
                out = (try? String(contentsOfFile: tmux.file("out"), encoding: .utf8)) ?? ""
            }
            #expect(out.contains("m•••z@example.com"), "\(out)")
            #expect(!out.contains("maria.gonzalez"))
            #expect(!out.contains("30123456"))
            let pid = try tmux.waitForFile("pid")
            #expect(kill(pid_t(pid) ?? 0, SIGTERM) == 0)
            #expect(try tmux.waitForFile("code") == "0")
        }
    }

    /// `golive demo wall`: the demo's world plays `golive serve` (shop payments arrive as webhooks, checks are
    /// recorded) while the wall shows them as they happen, changing nothing itself.
    @Test func demoWallShowsTheShopAsItHappens() async throws {
        try await onThread {
            let tmux = try Tmux(width: 120, height: 40)
            defer { tmux.kill() }
            tmux.start(
                "sh -c \"echo \\$\\$ > \(tmux.file("pid")); exec \(Tmux.binary) demo wall --lock\"; echo $? > \(tmux.file("code"))"
            )
            try tmux.waitFor("Checks", "Notifications", "locked", seconds: 30)
            try tmux.waitFor("payment.created", "✓ PASS", seconds: 30)
            #expect(!tmux.capture().contains("@"), "no e-mail on the wall")
            let pid = try tmux.waitForFile("pid")
            #expect(kill(pid_t(pid) ?? 0, SIGTERM) == 0)
            #expect(try tmux.waitForFile("code", seconds: 20) == "0")
        }
    }

    /// The wall's idle output with its seconds clock, on a real pseudo-terminal: within the dashboard's budget
    /// of 50 B/s at 80x24 (the real figure is in the README).
    @Test func anIdleWallStaysWithinTheByteBudget() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let folder = binary.home.appendingPathComponent("data/golive")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try await Self.makeStore(at: folder.appendingPathComponent("golive.sqlite").path)
        let terminal = try PseudoTerminal(width: 80, height: 24)
        defer { terminal.kill() }
        try terminal.start(binary, ["wall"])
        _ = try await onThread { try terminal.read(until: "payment.created", seconds: 20) }
        _ = try await onThread { try terminal.read(seconds: 1.5) }
        let idle = try await onThread { try terminal.read(seconds: 5) }
        #expect(idle < 250, "\(idle) B written in 5 s by an idle wall")
        let status = try await onThread { try terminal.quit() }
        #expect(status == 0)
    }
}
