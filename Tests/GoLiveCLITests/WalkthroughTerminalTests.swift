import Foundation
import Testing

/// The walkthrough through the real binary in tmux at 80x24: n/→ all the way to the summary, p back, q, and a
/// second run over the same store file resumes on the step it was left on; `demo walkthrough` sends a test
/// notification through the Sandbox from the notifications step.
@Suite(.enabled(if: Tmux.available, "tmux is not installed"), .serialized)
struct WalkthroughTerminalTests {
    @Test func keysToTheSummaryThenQuitAndResume() async throws {
        try await onThread {
            let tmux = try Tmux(width: 80, height: 24)
            defer { tmux.kill() }
            let store = "sqlite:" + tmux.file("store.sqlite")
            tmux.start(
                "\(Tmux.binary) walkthrough --store \(store); echo $? > \(tmux.file("code")); "
                    + "\(Tmux.binary) walkthrough --store \(store); echo $? > \(tmux.file("code2"))")
            try tmux.waitFor("Step 1 of 7", "Production credentials", "o sign off this step")
            for number in 2...4 {
                tmux.keys("n")
                try tmux.waitFor("Step \(number) of 7")
            }
            for number in 5...7 {
                tmux.keys("Right")
                try tmux.waitFor("Step \(number) of 7")
            }
            try tmux.waitFor("Summary", "requirements still open")
            tmux.keys("p")
            try tmux.waitFor("Step 6 of 7", "Reports")
            tmux.keys("q")
            #expect(try tmux.waitForFile("code") == "0")
            // The second run over the same store resumes where the first was left.
            try tmux.waitFor("Step 6 of 7", "Reports", "Resumed where you left off: step 6")
            tmux.keys("q")
            #expect(try tmux.waitForFile("code2") == "0")
        }
    }

    @Test func demoWalkthroughSendsATestNotification() async throws {
        try await onThread {
            let tmux = try Tmux(width: 80, height: 24)
            defer { tmux.kill() }
            let report = tmux.file("go-live.md")
            tmux.start("\(Tmux.binary) demo walkthrough --export \(report); echo $? > \(tmux.file("code"))")
            try tmux.waitFor("Step 1 of 7", "Production credentials")
            tmux.keys("n")
            tmux.keys("n")
            try tmux.waitFor("Step 3 of 7", "w test notification")
            tmux.keys("w")
            try tmux.waitFor("Sandbox sent a signed notification", seconds: 30)
            // Sign the credentials step off (golive cannot prove the pair belongs together).
            tmux.keys("p", "p", "o")
            try tmux.waitFor("Signed off by (your name)")
            tmux.keys("-l", "Ana")
            tmux.keys("Enter")
            try tmux.waitFor("Signed off by Ana")
            tmux.keys("q")
            #expect(try tmux.waitForFile("code") == "0")
            let markdown = try String(contentsOfFile: report, encoding: .utf8)
            #expect(markdown.hasPrefix("# Go-live report: production"))
            #expect(markdown.contains("Signed off `credentials` by Ana"))
            #expect(markdown.contains("## 3. Notifications"))
        }
    }

    /// Outside the demo, `w` waits for a real notification: a real signed webhook posted to a real `golive serve`
    /// on loopback (same store, same secret) while the walkthrough runs shows up on the step, verified.
    @Test func wWaitsForARealSignedNotificationAndShowsItVerified() async throws {
        let tmux = try Tmux(width: 100, height: 40)
        defer { tmux.kill() }
        let path = tmux.folder.appendingPathComponent("data/golive/golive.sqlite").path
        let secret = "walkthrough-test-secret-0123456789"
        let serve = try await ServeChild.start(home: tmux.folder, store: path, secret: secret)
        defer { kill(serve.pid, SIGKILL) }
        try await onThread {
            tmux.start(
                "MP_WEBHOOK_SECRET=\(secret) \(Tmux.binary) walkthrough --store sqlite:\(path); "
                    + "echo $? > \(tmux.file("code"))")
            try tmux.waitFor("Step", seconds: 20)
            tmux.keys("n")
            tmux.keys("n")
            try tmux.waitFor("Step 3 of 7")
            tmux.keys("w")
            try tmux.waitFor("Waiting for a notification", "Webhooks → Simulate")
        }
        let status = try await serve.postWebhook(
            id: "simulated-\(UUID().uuidString.prefix(6))", dataID: "424242", secret: secret)
        #expect(status == 200)
        try await onThread {
            try tmux.waitFor("payment.created 424242", "Signature valid", seconds: 20)
            tmux.keys("q")
            #expect(try tmux.waitForFile("code") == "0")
        }
        await serve.stop()
    }
}
