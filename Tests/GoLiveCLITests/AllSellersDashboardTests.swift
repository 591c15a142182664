import Foundation
import GoLiveCore
import MercadoPagoSandbox
import StoreSQLite
import TerminalUI
import Testing

@testable import GoLiveCLI

/// The dashboard's all-sellers overview (issue 10) reads every configured seller's latest results from the
/// store — what `golive serve`, `golive check --all-sellers` or another dashboard recorded — and follows it.
@Suite struct AllSellersDashboardDataTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-all-\(UUID().uuidString)")
    var path: String { folder.appendingPathComponent("golive.sqlite").path }
    let clock = ManualClock(now: Date(timeIntervalSince1970: 1_795_737_600))
    let sellers = ["north", "south", "east"].map { SellerSettings(name: $0) }

    /// Every check at `status`, except that the access token is accepted (else the seller's row is an error).
    func results(_ status: CheckStatus) -> [CheckResult] {
        CheckID.all.map {
            CheckResult(
                id: $0, title: $0.rawValue, status: $0 == .credentialsAccessToken ? .pass : status, summary: "s",
                checkedAt: clock.now())
        }
    }

    @Test func everyConfiguredSellerFromTheStoreFollowedAsOthersWrite() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let writer = try SQLiteStore(path: path)  // another process, as `golive serve` would be
        try await writer.recordCheckResults(results(.pass), seller: "south", sellerID: 2)
        try await writer.saveSeller(
            SellerRecord(
                name: "south", userID: 2, nickname: nil, siteID: "MLA", environment: "production",
                updatedAt: clock.now()))
        let data = DashboardData(
            path: path, store: try SQLiteStore(path: path), sellers: sellers, seller: sellers[0], clock: clock,
            balances: { _ in nil })
        let first = try #require(await data.poll(force: true))
        #expect(first.overview.map(\.name) == ["north", "south", "east"])
        #expect(first.overview.map(\.verdict) == [.noData, .ready, .noData])
        #expect(first.overview[1].environment == "production")

        // A result for "east" (not the seller on screen) moves the overview without a restart.
        clock.advance(by: .seconds(60))
        try await writer.recordCheckResults(results(.fail), seller: "east", sellerID: 3)
        let next = try #require(await data.poll())
        #expect(next.overview[2].verdict == .notReady)
        #expect(next.overview[2].lastChecked == clock.now())
        // Nothing moved: nothing reread.
        let reads = await data.counters.checkReads
        _ = await data.poll()
        #expect(await data.counters.checkReads == reads)
        // Switching seller keeps the overview on screen (it is every seller's).
        let switched = await data.switchSeller(sellers[2])
        #expect(switched.overview.count == 3)
        #expect(switched.checks.isEmpty)
    }
}

/// The real binary in tmux against the Sandbox: three sellers in a config, `check --all-sellers` fills the
/// store, the dashboard's `a` shows them worst first, Enter switches to one, the screen adapts to resizes.
@Suite(.enabled(if: Tmux.available, "tmux is not installed"), .serialized)
struct AllSellersTerminalTests {
    @Test func overviewInTheRealDashboard() async throws {
        let sandbox = MercadoPagoSandbox()
        let url = try await sandbox.start()
        do {
            try await Self.scenario(url)
        } catch {
            Issue.record(error)
        }
        await sandbox.stop()
    }

    static func scenario(_ url: URL) async throws {
        try await onThread {
            let tmux = try Tmux(width: 120, height: 40)
            defer { tmux.kill() }
            let config = try AllSellersCommandTests.writeConfig(in: tmux.folder)
            let options =
                "--config \(config.path) --api-base \(url.absoluteString) --store sqlite:\(tmux.file("s.sqlite"))"
            tmux.start(
                "\(Tmux.binary) check --all-sellers \(options) > \(tmux.file("check")) 2>&1; "
                    + "\(Tmux.binary) dashboard \(options) 2> \(tmux.file("err")); echo $? > \(tmux.file("code")); "
                    + "\(Tmux.binary) wall \(options) 2> \(tmux.file("wallerr")); echo $? > \(tmux.file("wallcode"))")
            try tmux.waitFor("tienda-test", "Credentials", "Notifications")
            tmux.keys("a")
            try tmux.waitFor("All sellers", "0/3 READY", "revoked", "tienda-prod", "ERROR", "Worst finding")
            let screen = tmux.capture().split(separator: "\n").map(String.init)
            // Rows of the overview's box (the header line names the current seller too).
            let order = ["revoked", "tienda-test", "tienda-prod"].map { name in
                screen.firstIndex { $0.hasPrefix("│") && $0.contains(" \(name) ") } ?? -1
            }
            #expect(
                order.allSatisfy { $0 > 0 } && order == order.sorted(),
                "worst first:\n\(screen.joined(separator: "\n"))")
            #expect(screen.contains { $0.contains("Mercado Pago rejects") })
            #expect(!screen.joined().contains(AllSellersCommandTests.production.accessToken))
            // The current seller (the first configured) is highlighted; Down, Enter: the dashboard shows the next.
            tmux.keys("Down")
            tmux.keys("Enter")
            try tmux.waitFor("golive tienda-prod", "PRODUCTION", "Credentials")
            tmux.keys("a")
            try tmux.waitFor("All sellers", "▶ tienda-prod")
            tmux.resize(width: 60, height: 20)
            try tmux.waitFor("Cr SS No Ap Qu Re")
            tmux.resize(width: 30, height: 10)
            try tmux.waitFor("too small")
            tmux.resize(width: 80, height: 24)
            try tmux.waitFor("Creds", "Approv", "revoked")
            tmux.keys("Escape")
            try tmux.waitFor("Credentials", "Notifications")
            tmux.keys("q")
            #expect(try tmux.waitForFile("code") == "0")
            // The wall reads the same rows from the store (read-only: nothing to choose).
            try tmux.waitFor("Checks", "Report balances", "tienda-test")
            tmux.keys("a")
            try tmux.waitFor("All sellers", "revoked", "tienda-test", "tienda-prod", "Esc back")
            tmux.keys("Escape")
            try tmux.waitFor("Checks", "Report balances")
            tmux.keys("q")
            #expect(try tmux.waitForFile("wallcode") == "0")
        }
    }
}
