import Foundation
import GoLiveTestSupport
import Testing

/// A wall on another machine follows receivers through PostgreSQL (issue 10): the real `golive wall --store
/// postgres://…` in tmux shows a notification a real `golive serve` received, shows the store's state when the
/// database goes down (what it shows is stale), and follows live again when it is back — without a restart.
@Suite(
    "golive wall on PostgreSQL (tmux)",
    .enabled(if: PostgresTestCluster.isAvailable && FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")),
    .serialized)
struct WallOnPostgresTests {
    /// tmux on a socket of this test's own (never the user's server).
    struct Tmux {
        let socket = "golive-pgwall-\(UUID().uuidString.prefix(8))"
        let folder: URL

        func tmux(_ arguments: [String]) async throws {
            try await PostgresTestCluster.run("/usr/bin/tmux", ["-L", socket] + arguments, log: nil)
        }

        func capture() async -> String {
            let file = folder.appendingPathComponent("capture-\(UUID().uuidString.prefix(6)).txt")
            try? await PostgresTestCluster.run(
                "/bin/sh", ["-c", "/usr/bin/tmux -L \(socket) capture-pane -p -t wall > \(file.path)"], log: nil)
            defer { try? FileManager.default.removeItem(at: file) }
            return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        }

        func waitFor(within: Duration = .seconds(20), _ condition: (String) -> Bool) async -> (Bool, String) {
            let deadline = ContinuousClock.now + within
            var screen = ""
            while ContinuousClock.now < deadline {
                screen = await capture()
                if condition(screen) { return (true, screen) }
                try? await Task.sleep(for: .milliseconds(200))
            }
            return (false, screen)
        }

        func kill() async { try? await tmux(["kill-server"]) }
    }

    @Test func aNotificationReceivedByServeAppearsAndADatabaseRestartIsShownThenRecovered() async throws {
        let cluster = try await PostgresTestCluster.make(label: "wall")
        let rig = try await ScaleOutRig()
        let url = try await cluster.createDatabase()
        let migrated = try await rig.golive.run(["store", "migrate", "--store", url])
        #expect(migrated.status == 0, "\(migrated.all)")
        let serve = try await rig.serve(store: url, name: "serve")
        let tmux = Tmux(folder: rig.golive.home)
        do {
            let environment = rig.golive.environment(["TERM": "xterm-256color"])
                .map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
            try await tmux.tmux([
                "new-session", "-d", "-s", "wall", "-x", "120", "-y", "40",
                "env \(environment) \(GoLiveProcesses.binary.path) wall --store '\(url)'; sleep 60",
            ])
            var (ok, screen) = await tmux.waitFor { $0.contains("No notification received yet") }
            #expect(ok, "the wall did not start:\n\(screen)")

            let payments = try await rig.payments(2)
            #expect(await rig.post(to: serve, notificationID: "wall-1", paymentID: payments[0]) == 200)
            // The feed's line (the payment id is cut to the column; processed: fetched from the Sandbox).
            func lines(_ screen: String) -> Int { screen.components(separatedBy: "payment.updated").count - 1 }
            (ok, screen) = await tmux.waitFor(within: .seconds(10)) { lines($0) == 1 && $0.contains("approved") }
            #expect(ok, "the notification did not reach the wall:\n\(screen)")

            try await cluster.stop()
            (ok, screen) = await tmux.waitFor {
                $0.contains("stale since") || $0.contains("reconnecting") || $0.contains("unreadable")
            }
            #expect(ok, "the wall did not show the store's outage:\n\(screen)")
            #expect(lines(screen) == 1, "what it had stays on screen (stale)")

            try await cluster.start()
            (ok, screen) = await tmux.waitFor {
                !$0.contains("stale since") && !$0.contains("reconnecting") && !$0.contains("unreadable")
            }
            #expect(ok, "the wall did not recover:\n\(screen)")
            // The receiver recovered by itself too; a new notification is followed live again.
            var status = 0
            for _ in 0..<50 where status != 200 {
                status = await rig.post(to: serve, notificationID: "wall-2", paymentID: payments[1])
                if status != 200 { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(status == 200)
            (ok, screen) = await tmux.waitFor(within: .seconds(10)) { lines($0) == 2 }
            #expect(ok, "the wall did not follow after the restart:\n\(screen)")
        } catch {
            Issue.record("\(error)\n\(serve.log().suffix(1500))")
        }
        await tmux.kill()
        await serve.stop()
        await rig.shutdown()
        await cluster.destroy()
    }
}
