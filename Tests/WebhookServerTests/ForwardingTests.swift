import Foundation
import GoLiveCore
import ShopForwarding
import StoreSQLite
import Testing

private let t0 = Date(timeIntervalSince1970: 1_790_000_000)

/// A processed payment notification's delivery, as the processor builds it.
private func draft(seq: Int64, dataID: String, status: String, seller: String = "shop") -> ForwardDraft {
    let stored = StoredNotification(
        seq: seq, notification: webhook("n\(seq)", dataID: dataID, seller: seller), duplicate: false, processing: .done)
    return ForwardDraft(
        notification: stored,
        resource: ForwardResource(
            type: .payment, id: dataID, status: status, externalReference: "order-\(dataID)",
            amount: Decimal(string: "1250.50"), currency: "ARS", dateLastUpdated: t0),
        source: .notification)
}

@Suite("Forwarding: the outbox (SQLite)")
struct ForwardOutboxStoreTests {
    @Test("enqueued with the processing outcome in one transaction; the body is frozen; reopening keeps it")
    func enqueuedWithProcessing() async throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try store.appliedMigrations().contains("forwarding v1"))
        let stored = try await store.recordNotifications([webhook("a", dataID: "p1"), webhook("b", dataID: "p2")])
        let forward = draft(seq: stored[0].seq, dataID: "p1", status: "approved")
        try await store.recordProcessing(
            [
                ProcessingRecord(seq: stored[0].seq, outcome: .done(resourceStatus: "approved"), forward: forward),
                // A failure never forwards, even when a draft is attached.
                ProcessingRecord(
                    seq: stored[1].seq, outcome: .failed(error: "gone"),
                    forward: draft(seq: stored[1].seq, dataID: "p2", status: "x")),
            ], at: t0)
        let reopened = try SQLiteStore(path: store.path)
        let due = try await reopened.dueForwards(now: t0, limit: 10)
        #expect(due.map(\.deliveryID) == [forward.deliveryID])
        #expect(due.first?.body == forward.body)
        #expect(due.first?.notificationSeq == stored[0].seq)
        let summaries = try await reopened.forwardSummaries(notificationSeqs: stored.map(\.seq))
        #expect(summaries[stored[0].seq]?.state == .pending)
        #expect(summaries[stored[1].seq] == nil)
        // The document: golive's ids, Mercado Pago's, and the fetched resource with an exact amount.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(forward.body.utf8)) as? [String: Any])
        #expect(object["delivery_id"] as? String == forward.deliveryID)
        #expect((object["seq"] as? NSNumber)?.int64Value == stored[0].seq)
        #expect(object["notification_id"] as? String == "n\(stored[0].seq)")
        #expect(object["topic"] as? String == "payment")
        #expect(object["data_id"] as? String == "p1")
        #expect(object["source"] as? String == "notification")
        let resource = try #require(object["resource"] as? [String: Any])
        #expect(resource["status"] as? String == "approved")
        #expect(resource["amount"] as? String == "1250.5")
        #expect(resource["external_reference"] as? String == "order-p1")
        // Enqueueing the same delivery id again is harmless.
        #expect(try await reopened.enqueueForwards([forward], at: t0).isEmpty)
    }

    @Test("one payment's deliveries go in order: a later one waits while an earlier one is open")
    func orderPerPayment() async throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = draft(seq: 1, dataID: "p1", status: "pending")
        let other = draft(seq: 2, dataID: "p2", status: "approved")
        let second = draft(seq: 3, dataID: "p1", status: "approved")
        let stored = try await store.enqueueForwards([first, other, second], at: t0)
        #expect(stored.count == 3)
        #expect(
            try await store.dueForwards(now: t0, limit: 10).map(\.deliveryID) == [first.deliveryID, other.deliveryID])
        // The first is retrying (not due yet): the second of p1 still waits.
        try await store.recordForwardAttempt(
            id: stored[0].id, result: .retry(status: 500, error: "HTTP 500", nextAttemptAt: t0 + 60), at: t0)
        try await store.recordForwardAttempt(id: stored[1].id, result: .delivered(status: 200), at: t0)
        #expect(try await store.dueForwards(now: t0 + 1, limit: 10).isEmpty)
        #expect(try await store.dueForwards(now: t0 + 61, limit: 10).map(\.deliveryID) == [first.deliveryID])
        // Dead: the next one of p1 goes.
        try await store.recordForwardAttempt(
            id: stored[0].id, result: .dead(status: 500, error: "gave up"), at: t0 + 61)
        #expect(try await store.dueForwards(now: t0 + 62, limit: 10).map(\.deliveryID) == [second.deliveryID])
        let counts = try await store.forwardCounts(seller: nil)
        #expect(counts == ForwardCounts(pending: 1, retrying: 0, delivered: 1, dead: 1, oldestUndeliveredAt: t0))
        #expect(try await store.forwardCounts(seller: "nobody") == ForwardCounts())
        // Re-armed: pending again, attempts reset, due now (and before the later one of p1 again).
        let rearmed = try await store.rearmDeadForwards(deliveryID: nil, at: t0 + 100)
        #expect(rearmed.map(\.deliveryID) == [first.deliveryID])
        #expect(rearmed.first?.attempts == 0)
        #expect(try await store.dueForwards(now: t0 + 100, limit: 10).map(\.deliveryID) == [first.deliveryID])
        let listed = try await store.forwardDeliveries(seller: "shop", state: .delivered, limit: 10)
        #expect(listed.map(\.deliveryID) == [other.deliveryID])
        #expect(listed.first?.lastStatus == 200)
    }
}

@Suite("Forwarding: retry policy")
struct ForwardPolicyTests {
    let policy = ForwardPolicy.standard

    @Test("2xx delivered; 410 dead at once; 5xx, 4xx, timeouts and refused connections retried, then dead")
    func judge() {
        #expect(
            policy.judge(.answered(status: 204, retryAfter: nil), attempt: 1, now: t0, random: 0.5)
                == .delivered(status: 204))
        guard
            case .dead(410, _) = policy.judge(.answered(status: 410, retryAfter: nil), attempt: 1, now: t0, random: 0.5)
        else { Issue.record("410 is not dead"); return }
        for response in [
            ForwardResponse.answered(status: 500, retryAfter: nil), .answered(status: 404, retryAfter: nil),
            .answered(status: 429, retryAfter: nil), .timedOut, .failed("could not connect"),
        ] {
            guard case .retry(_, _, let next) = policy.judge(response, attempt: 1, now: t0, random: 0.5) else {
                Issue.record("\(response) not retried")
                continue
            }
            #expect(next == t0 + 30)
            guard case .dead = policy.judge(response, attempt: 8, now: t0, random: 0.5) else {
                Issue.record("\(response) not dead after the last attempt")
                continue
            }
        }
    }

    @Test("waits double from 30 s to 32 min (8 attempts in about an hour), jitter within ±20 %, Retry-After honoured")
    func schedule() {
        let waits = (1...7).map { policy.delay(afterAttempt: $0) }
        #expect(waits == [30, 60, 120, 240, 480, 960, 1800])
        #expect(waits.reduce(0, +) == 3690)
        guard case .retry(_, _, let low) = policy.judge(.timedOut, attempt: 2, now: t0, random: 0),
            case .retry(_, _, let high) = policy.judge(.timedOut, attempt: 2, now: t0, random: 0.999_999)
        else { Issue.record("not retried"); return }
        #expect(abs(low.timeIntervalSince(t0) - 48) < 0.01)
        #expect(high.timeIntervalSince(t0) <= 72 && high.timeIntervalSince(t0) > 71.9)
        guard
            case .retry(429, _, let after) = policy.judge(
                .answered(status: 429, retryAfter: 300), attempt: 1, now: t0, random: 0.5)
        else { Issue.record("429 not retried"); return }
        #expect(after == t0 + 300)
    }
}

@Suite("Forwarding: golive's signature")
struct ForwardSignatureTests {
    @Test("X-GoLive-Signature verifies with swift-crypto in the test and with Python's hmac (docs/FORWARDING.md)")
    func independentVerification() async throws {
        let secret = "whsec_test_0123456789abcdef"
        let signer = HMACForwardSigner(secret: Secret(secret))
        let body = Data(#"{"delivery_id":"dlv_1","resource":{"amount":"10.5"}}"#.utf8)
        let header = signer.signatureHeader(timestamp: 1_790_000_000, body: body)
        #expect(header.hasPrefix("t=1790000000,v1="))
        #expect(verifyForwardSignature(header, body: body, secret: secret))
        #expect(!verifyForwardSignature(header, body: body + Data(" ".utf8), secret: secret))
        #expect(!verifyForwardSignature(header, body: body, secret: secret + "x"))
        // The Python snippet of docs/FORWARDING.md, run as written there.
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script = """
            import hmac, hashlib, sys
            secret, header, body = sys.argv[1].encode(), sys.argv[2], sys.argv[3].encode()
            parts = dict(p.split("=", 1) for p in header.split(","))
            expected = hmac.new(secret, parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
            print("ok" if hmac.compare_digest(expected, parts["v1"]) else "bad")
            """
        python.arguments = ["python3", "-c", script, secret, header, String(decoding: body, as: UTF8.self)]
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("golive-py-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        python.standardOutput = try FileHandle(forWritingTo: output)
        // Waited for off the concurrency pool (its termination handler), never with waitUntilExit.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            python.terminationHandler = { _ in done.resume() }
            do { try python.run() } catch { done.resume() }
        }
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")

        // The shell one-liner of docs/FORWARDING.md (openssl), as written there.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-sh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try body.write(to: folder.appendingPathComponent("body.json"))
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.currentDirectoryURL = folder
        shell.environment = ["PATH": "/usr/bin:/bin", "SECRET": secret, "SIG": header]
        shell.arguments = [
            "-c",
            #"t=${SIG#t=}; t=${t%%,*}; v1=${SIG##*v1=}; [ "$(printf '%s.' "$t" | cat - body.json | openssl dgst -sha256 -hmac "$SECRET" -r | cut -d' ' -f1)" = "$v1" ] && echo ok"#,
        ]
        let shellOutput = folder.appendingPathComponent("out")
        _ = FileManager.default.createFile(atPath: shellOutput.path, contents: nil)
        shell.standardOutput = try FileHandle(forWritingTo: shellOutput)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            shell.terminationHandler = { _ in done.resume() }
            do { try shell.run() } catch { done.resume() }
        }
        let shellText = (try? String(contentsOf: shellOutput, encoding: .utf8)) ?? ""
        #expect(shellText.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
    }
}

@Suite("Forwarding: delivering to a real shop server", .serialized)
struct ForwardDeliveryTests {
    let secret = "fwd-secret-for-tests-0001"

    func worker(
        _ store: SQLiteStore, _ shop: TestShop, clock: ManualClock, transport: HTTPForwardTransport,
        maxAttempts: Int = 8, timeout: Duration = .milliseconds(700)
    ) -> ForwardWorker {
        ForwardWorker(
            outbox: store, transport: transport, signer: HMACForwardSigner(secret: Secret(secret)), url: shop.url,
            clock: clock,
            policy: ForwardPolicy(
                maxAttempts: maxAttempts, baseDelay: .seconds(30), maxDelay: .seconds(1800), jitter: 0.2,
                timeout: timeout),
            random: { 0.5 })
    }

    /// Passes until nothing is open, advancing the manual clock to the next due time in between.
    func drain(_ worker: ForwardWorker, _ store: SQLiteStore, _ clock: ManualClock, passes: Int = 40) async throws {
        for _ in 0..<passes {
            if try await worker.deliverDue() > 0 { continue }
            let open = try await store.forwardDeliveries(seller: nil, state: nil, limit: 100)
                .filter { $0.state == .pending || $0.state == .retrying }
            let now = clock.now()
            guard let next = open.compactMap(\.nextAttemptAt).filter({ $0 > now }).min() else { return }
            clock.advance(by: Duration(timeInterval: next.timeIntervalSince(now) + 0.001))
        }
    }

    @Test(
        "a shop that fails (500), recovers and hangs past the timeout gets each delivery exactly once, in order, signed"
    )
    func failsRecoversTimesOut() async throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        // p1: pending → approved (two deliveries that must arrive in that order); p2 approved.
        let drafts = [
            draft(seq: 1, dataID: "p1", status: "pending"), draft(seq: 2, dataID: "p2", status: "approved"),
            draft(seq: 3, dataID: "p1", status: "approved"),
        ]
        try await store.enqueueForwards(drafts, at: t0)
        // First pass (p1 and p2 at once): one 500, one hang. Then 500 again, then the shop recovers.
        // A 3 s per-attempt timeout against a 6 s hang: with 700 ms, a loaded 2-core machine once timed out an
        // attempt the shop had already answered 200, and the shop saw that delivery twice (at least once is the
        // contract, the shop dedupes on X-GoLive-Delivery; this test is about the retry path, not that race).
        let shop = try await TestShop.start(script: [.status(500), .hang(.seconds(6)), .status(503)])
        let transport = HTTPForwardTransport()
        let clock = ManualClock(now: t0)
        let started = ContinuousClock.now
        try await drain(
            worker(store, shop, clock: clock, transport: transport, timeout: .seconds(3)), store, clock)
        let elapsed = ContinuousClock.now - started
        await transport.shutdown()
        await shop.stop()

        let accepted = shop.accepted
        #expect(accepted.count == 3)
        #expect(Set(accepted.map(\.deliveryID)).count == 3)
        #expect(Set(accepted.map(\.deliveryID)) == Set(drafts.map(\.deliveryID)))
        // Every request (failed ones too) carries a signature this test verifies with its own HMAC, over the
        // stored body; the body is the same on every attempt.
        for request in shop.received {
            #expect(verifyForwardSignature(request.signature, body: request.body, secret: secret))
            let original = try #require(drafts.first { $0.deliveryID == request.deliveryID })
            #expect(request.body == Data(original.body.utf8))
        }
        // p1's pending arrived before its approved.
        let p1 = accepted.filter { forwardedFields($0.body).dataID == "p1" }.map { forwardedFields($0.body).status }
        #expect(p1 == ["pending", "approved"])
        // Attempts are counted and shown to the shop.
        #expect(shop.received.contains { $0.attempt == 2 })
        #expect(shop.received.filter { $0.answered == 504 }.count == 1)
        let delivered = try await store.forwardDeliveries(seller: nil, state: .delivered, limit: 10)
        #expect(delivered.count == 3)
        // Bounds a runaway drain, not the timeout (the 6 s hang is cut at 3 s): a full run on 2 loaded cores took 31 s.
        #expect(elapsed < .seconds(90))
    }

    @Test("after the last retry a delivery is dead; re-armed, it is delivered")
    func deadLetterThenRearm() async throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let one = draft(seq: 1, dataID: "p9", status: "approved")
        try await store.enqueueForwards([one], at: t0)
        let shop = try await TestShop.start(script: Array(repeating: .status(500), count: 3))
        let transport = HTTPForwardTransport()
        let clock = ManualClock(now: t0)
        let worker = worker(store, shop, clock: clock, transport: transport, maxAttempts: 3)
        try await drain(worker, store, clock)
        let dead = try await store.forwardDeliveries(seller: nil, state: .dead, limit: 10)
        #expect(dead.map(\.deliveryID) == [one.deliveryID])
        #expect(dead.first?.attempts == 3)
        #expect(dead.first?.lastError?.contains("gave up after 3 attempts") == true)
        #expect(try await store.forwardCounts(seller: nil).dead == 1)
        // The shop is fixed; the operator replays the dead letters.
        #expect(try await store.rearmDeadForwards(deliveryID: nil, at: clock.now()).count == 1)
        try await drain(worker, store, clock)
        await transport.shutdown()
        await shop.stop()
        #expect(shop.accepted.map(\.deliveryID) == [one.deliveryID])
        #expect(try await store.forwardCounts(seller: nil).delivered == 1)
    }

    @Test("410 Gone is dead at once, without retries")
    func gone() async throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await store.enqueueForwards([draft(seq: 1, dataID: "p1", status: "approved")], at: t0)
        let shop = try await TestShop.start(script: [.status(410)])
        let transport = HTTPForwardTransport()
        let clock = ManualClock(now: t0)
        try await drain(worker(store, shop, clock: clock, transport: transport), store, clock)
        await transport.shutdown()
        await shop.stop()
        #expect(shop.received.count == 1)
        let dead = try await store.forwardDeliveries(seller: nil, state: .dead, limit: 10)
        #expect(dead.first?.lastStatus == 410)
    }
}
