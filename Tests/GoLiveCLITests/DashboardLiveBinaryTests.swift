import Foundation
import GoLiveCore
import StoreSQLite
import Testing

/// The real binary on a terminal follows a store that this test writes as another process would, shows the
/// store going away, and picks it up again when it is recreated — no restart.
@Suite(.enabled(if: Tmux.available, "tmux is not installed"), .serialized)
struct DashboardLiveBinaryTests {
    func notification(_ id: String, dataID: String) -> IncomingNotification {
        IncomingNotification(
            kind: .webhook, notificationID: id, topic: "payment", action: "payment.created", dataID: dataID,
            seller: "default", signature: .valid, receivedAt: Date(), body: "{}")
    }

    @Test func wallFollowsTheStoreThroughRemovalAndRecreation() async throws {
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.kill() }
        let path = tmux.file("golive.sqlite")
        do {
            let writer = try SQLiteStore(path: path)
            _ = try await writer.recordNotifications([notification("first", dataID: "4242001")])
        }
        tmux.start("\(Tmux.binary) wall --store sqlite:\(path); echo $? > \(tmux.file("code"))")
        try await onThread { try tmux.waitFor("Notifications", "4242001") }

        let writer = try SQLiteStore(path: path)
        _ = try await writer.recordNotifications([notification("second", dataID: "4242002")])
        try await onThread { try tmux.waitFor("4242002", seconds: 5) }

        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try await onThread { try tmux.waitFor("no store file", "NO DATA SINCE", seconds: 5) }
        #expect(tmux.capture().contains("4242002"), "the last data stays on screen")

        let recreated = try SQLiteStore(path: path)
        _ = try await recreated.recordNotifications([notification("third", dataID: "4242003")])
        try await onThread { try tmux.waitFor("4242003", seconds: 5) }
        let screen = tmux.capture()
        #expect(!screen.contains("no store file") && !screen.contains("NO DATA SINCE"), "\(screen)")
        #expect(!screen.contains("4242002"), "the new store's data, not the old one's")
        tmux.keys("C-c")
        #expect(try await onThread { try tmux.waitForFile("code") } == "0")
    }
}
