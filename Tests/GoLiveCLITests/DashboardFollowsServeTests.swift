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

/// The real `golive serve` binary writes the store while the dashboard's loader follows it from this process.
@Suite struct DashboardFollowsServeTests {
    @Test func feedFollowsARunningServeAndGoesStaleWhenItStops() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("golive-follow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let path = home.appendingPathComponent("golive.sqlite").path
        let serve = try await ServeChild.start(home: home, store: path)
        var stopped = false
        defer { if !stopped { kill(serve.pid, SIGKILL) } }

        let clock = ManualClock(now: Date())
        let seller = SellerSettings(name: "default")
        let data = DashboardData(
            path: path, store: nil, sellers: [seller], seller: seller, clock: clock, balances: { _ in nil })
        // serve heartbeats at start: the feed is live and empty.
        let live = try await eventually {
            await data.poll(force: true)
        } until: {
            $0.freshness(of: .notifications) != nil
        }
        #expect(live.feed.value?.isEmpty == true)
        #expect(live.freshness(of: .notifications)?.isStale(at: clock.now()) == false)

        for index in 1...3 {
            let status = try await serve.postWebhook(id: "follow-\(index)", dataID: "\(7_000 + index)")
            #expect(status == 200)
        }
        let followed = try await eventually {
            await data.poll()
        } until: {
            ($0.feed.value?.count ?? 0) == 3
        }
        #expect(followed.feed.value?.map(\.id) == ["follow-3", "follow-2", "follow-1"])
        #expect(await data.counters.fullFeedReads == 1, "followed by range reads, not reread")

        await serve.stop()
        stopped = true
        // serve's heartbeats carry its real time, which is ahead of the manual clock by however long serve took to
        // start: catch up to real time first, then pass the 120 s window.
        clock.advance(by: .seconds(max(0, Date().timeIntervalSince(clock.now())) + 121))
        let after = await data.poll(force: true)
        let feedFreshness = try #require((after ?? followed).freshness(of: .notifications))
        #expect(feedFreshness.isStale(at: clock.now()), "no heartbeat for longer than its window")
    }

    /// Polls until `condition` holds (the child writes asynchronously), at most 10 s.
    func eventually(
        _ poll: () async -> DashboardSnapshot?, until condition: (DashboardSnapshot) -> Bool
    ) async throws -> DashboardSnapshot {
        var last: DashboardSnapshot?
        for _ in 0..<200 {
            if let next = await poll() { last = next }
            if let last, condition(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("condition not met in 10 s; last feed: \(String(describing: last?.feed.value?.map(\.id)))")
        throw CancellationError()
    }
}

/// `golive serve` as a child process on a free port; waiting happens on threads of its own.
struct ServeChild: @unchecked Sendable {
    let process: Process
    let url: String
    var pid: Int32 { process.processIdentifier }

    static func start(home: URL, store: String, secret: String? = nil) async throws -> ServeChild {
        let process = Process()
        process.executableURL = GoLiveBinary.url
        process.arguments = ["serve", "--listen", "127.0.0.1:0", "--store", "sqlite:\(store)"]
        process.environment = [
            "PATH": "/usr/bin:/bin", "HOME": home.path, "XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
            "XDG_DATA_HOME": home.appendingPathComponent("data").path, "LANG": "C.UTF-8",
            "MP_API_BASE": "http://127.0.0.1:9",  // nothing there: processing fails fast, never leaves the host
        ].merging(secret.map { ["MP_WEBHOOK_SECRET": $0] } ?? [:]) { _, new in new }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let handle = out.fileHandleForReading
        let url: String? = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var text = ""
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty {
                        continuation.resume(returning: nil)
                        return
                    }
                    text += String(decoding: chunk, as: UTF8.self)
                    if let range = text.range(of: "listening on "),
                        let end = text[range.upperBound...].firstIndex(where: { $0 == " " || $0 == "\n" })
                    {
                        continuation.resume(returning: String(text[range.upperBound..<end]))
                        while !handle.availableData.isEmpty {}
                        return
                    }
                }
            }
        }
        guard let url else {
            process.terminate()
            throw GoLiveError(.usage, "golive serve did not start")
        }
        return ServeChild(process: process, url: url)
    }

    /// Posts a webhook as Mercado Pago does; with `secret`, signed (`x-signature`, MERCADOPAGO.md's manifest).
    func postWebhook(id: String, dataID: String, secret: String? = nil) async throws -> Int {
        var request = URLRequest(url: URL(string: "\(url)/webhooks/mercadopago?data.id=\(dataID)&type=payment")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "content-type")
        let requestID = UUID().uuidString
        request.setValue(requestID, forHTTPHeaderField: "x-request-id")
        if let secret {
            let ts = "\(Int(Date().timeIntervalSince1970 * 1000))"
            request.setValue(
                WebhookSigner.header(dataID: dataID, requestID: requestID, ts: ts, secret: secret),
                forHTTPHeaderField: "x-signature")
        }
        let body =
            #"{"id":"\#(id)","type":"payment","action":"payment.created","live_mode":true,"api_version":"v1","#
            + #""date_created":"2026-11-26T10:04:58.396-04:00","data":{"id":"\#(dataID)"}}"#
        request.httpBody = Data(body.utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    func stop() async {
        kill(pid, SIGTERM)
        let process = self.process
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                process.waitUntilExit()
                continuation.resume()
            }
        }
    }
}
