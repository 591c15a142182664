import Foundation
import GoLiveTestSupport
import Testing

/// Walls on other machines follow receivers through PostgreSQL (issue 10, "two receivers and two dashboards behave
/// as one system"): two real `golive wall --store postgres://…` in tmux (120x40 and 80x24) both show what either of
/// two real `golive serve` received, show the store's state when the database goes down (what they show is stale),
/// and follow live again when it is back — without a restart of anything.
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

        func capture(_ target: String) async -> String {
            let file = folder.appendingPathComponent("capture-\(UUID().uuidString.prefix(6)).txt")
            try? await PostgresTestCluster.run(
                "/bin/sh", ["-c", "/usr/bin/tmux -L \(socket) capture-pane -p -t \(target) > \(file.path)"], log: nil)
            defer { try? FileManager.default.removeItem(at: file) }
            return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        }

        func waitFor(
            _ target: String, within: Duration = .seconds(20), _ condition: (String) -> Bool
        ) async -> (Bool, String) {
            let deadline = ContinuousClock.now + within
            var screen = ""
            while ContinuousClock.now < deadline {
                screen = await capture(target)
                if condition(screen) { return (true, screen) }
                try? await Task.sleep(for: .milliseconds(200))
            }
            return (false, screen)
        }

        /// Quits the walls (`q`), then ends this tmux server.
        func kill() async {
            for target in WallOnPostgresTests.walls { try? await tmux(["send-keys", "-t", target, "q"]) }
            try? await Task.sleep(for: .milliseconds(300))
            try? await tmux(["kill-server"])
        }
    }

    /// The two walls' tmux sessions and their sizes.
    static let walls = ["wall", "wall2"]
    static let sizes = ["wall": ("120", "40"), "wall2": ("80", "24")]

    @Test func notificationsReceivedByEitherServeAppearOnBothWallsAndADatabaseRestartIsShownThenRecovered()
        async throws
    {
        let cluster = try await PostgresTestCluster.make(label: "wall")
        let rig = try await ScaleOutRig()
        let url = try await cluster.createDatabase()
        let migrated = try await rig.golive.run(["store", "migrate", "--store", url])
        #expect(migrated.status == 0, "\(migrated.all)")
        let serve = try await rig.serve(store: url, name: "serve")
        let other = try await rig.serve(store: url, name: "other")
        let tmux = Tmux(folder: rig.golive.home)
        do {
            let environment = rig.golive.environment(["TERM": "xterm-256color"])
                .map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
            for target in Self.walls {
                let (width, height) = Self.sizes[target] ?? ("120", "40")
                try await tmux.tmux([
                    "new-session", "-d", "-s", target, "-x", width, "-y", height,
                    "env \(environment) \(GoLiveProcesses.binary.path) wall --store '\(url)'",
                ])
            }
            var ok = false
            var screen = ""
            for target in Self.walls {
                (ok, screen) = await tmux.waitFor(target) { $0.contains("No notification received yet") }
                #expect(ok, "\(target) did not start:\n\(screen)")
            }

            let payments = try await rig.payments(3)
            #expect(await rig.post(to: serve, notificationID: "wall-1", paymentID: payments[0]) == 200)
            #expect(await rig.post(to: other, notificationID: "wall-2", paymentID: payments[1]) == 200)
            // The feed's lines (the payment id is cut to the column; processed: fetched from the Sandbox), whichever
            // receiver took each one.
            func lines(_ screen: String) -> Int { screen.components(separatedBy: "payment.updated").count - 1 }
            for target in Self.walls {
                (ok, screen) = await tmux.waitFor(target, within: .seconds(15)) {
                    lines($0) == 2 && $0.contains("approved")
                }
                #expect(ok, "the notifications did not both reach \(target):\n\(screen)")
            }

            try await cluster.stop()
            for target in Self.walls {
                (ok, screen) = await tmux.waitFor(target) {
                    $0.contains("stale since") || $0.contains("reconnecting") || $0.contains("unreadable")
                }
                #expect(ok, "\(target) did not show the store's outage:\n\(screen)")
                #expect(lines(screen) == 2, "what \(target) had stays on screen (stale)")
            }

            try await cluster.start()
            for target in Self.walls {
                (ok, screen) = await tmux.waitFor(target) {
                    !$0.contains("stale since") && !$0.contains("reconnecting") && !$0.contains("unreadable")
                }
                #expect(ok, "\(target) did not recover:\n\(screen)")
            }
            // The receivers recovered by themselves too; a new notification is followed live again by both walls.
            var status = 0
            for _ in 0..<75 where status != 200 {
                status = await rig.post(to: other, notificationID: "wall-3", paymentID: payments[2])
                if status != 200 { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(status == 200)
            for target in Self.walls {
                (ok, screen) = await tmux.waitFor(target, within: .seconds(15)) { lines($0) == 3 }
                #expect(ok, "\(target) did not follow after the restart:\n\(screen)")
            }
        } catch {
            Issue.record("\(error)\n\(serve.log().suffix(1500))\n\(other.log().suffix(1500))")
        }
        await tmux.kill()
        await serve.stop()
        await other.stop()
        await rig.shutdown()
        await cluster.destroy()
    }
}
