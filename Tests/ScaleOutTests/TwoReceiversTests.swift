import Foundation
import GoLiveTestSupport
import Synchronization
import Testing

/// Issue 10's "tests that must exist", with the real binary: two `golive serve` processes on one PostgreSQL behave
/// as one receiver — every acknowledged notification stored once and processed once — also when one is killed
/// with SIGKILL mid-stream and when the database restarts under load.
@Suite("Two golive serve on one PostgreSQL", .enabled(if: PostgresTestServer.isAvailable), .serialized)
struct TwoReceiversTests {
    @Test func theSameAndDifferentNotificationsSentToBothAtOnceAreStoredOnceAndProcessedOnce() async throws {
        let rig = try await ScaleOutRig()
        let url = try await PostgresTestServer.freshDatabase("tworeceivers")
        let a = try await rig.serve(store: url, name: "a")
        let b = try await rig.serve(store: url, name: "b")
        do {
            let payments = try await rig.payments(60)
            let log = LoadLog()
            // Every third notification goes to both receivers at once (Mercado Pago retrying through a load
            // balancer), the others to one of them; 60 notifications, all in flight together in 6 lanes.
            await withTaskGroup(of: Void.self) { group in
                for lane in 0..<6 {
                    group.addTask {
                        for index in stride(from: lane, to: payments.count, by: 6) {
                            let id = "two-\(index)"
                            if index % 3 == 0 {
                                async let first = rig.post(to: a, notificationID: id, paymentID: payments[index])
                                async let second = rig.post(to: b, notificationID: id, paymentID: payments[index])
                                let (x, y) = await (first, second)
                                log.record(id, status: x)
                                log.record(id, status: y)
                            } else {
                                let serve = index % 2 == 0 ? a : b
                                let status = await rig.post(to: serve, notificationID: id, paymentID: payments[index])
                                log.record(id, status: status)
                            }
                        }
                    }
                }
            }
            #expect(log.statuses == [200: 80], "answers: \(log.statuses)")
            let acked = Set(log.acked)
            #expect(acked.count == 60)

            var facts = StoredFacts()
            let processed = try await rig.eventually(within: .seconds(30)) {
                facts = try await StoredFacts.read(url: url)
                return facts.allDone(acked)
            }
            #expect(processed, "not processed: \(acked.filter { facts.processing[$0]?.state != "done" }.sorted())")
            // Stored once: one first delivery per id; the ones sent to both have one duplicate row besides.
            #expect(acked.allSatisfy { facts.firsts[$0] == 1 })
            #expect(facts.rows.values.reduce(0, +) == 80)
            // Processed once: one attempt each, and Mercado Pago saw each payment fetched exactly once.
            #expect(acked.allSatisfy { facts.processing[$0]?.attempts == 1 })
            let fetches = try await rig.paymentFetches()
            #expect(payments.allSatisfy { fetches[$0] == 1 }, "fetches: \(fetches.filter { $0.value != 1 })")
        } catch {
            Issue.record("\(error)\nA: \(a.log().suffix(1500))\nB: \(b.log().suffix(1500))")
        }
        await a.stop()
        await b.stop()
        await rig.shutdown()
        await PostgresTestServer.dropDatabase(url: url)
    }

    @Test func oneReceiverKilledMidStreamLeavesNothingStuckTheOtherProcessesEverythingAfterTheLease() async throws {
        let rig = try await ScaleOutRig()
        let url = try await PostgresTestServer.freshDatabase("sigkill")
        let a = try await rig.serve(store: url, name: "a", environment: ["GOLIVE_PROCESSING_LEASE_MS": "5000"])
        let b = try await rig.serve(store: url, name: "b", environment: ["GOLIVE_PROCESSING_LEASE_MS": "5000"])
        do {
            let payments = try await rig.payments(120)
            // Every fetch answers after 0.3 s, so the receiver killed has claimed notifications and fetches in
            // flight when it dies (each pass claims every due row; 8 fetches at a time). The lease (5 s) stays
            // longer than a whole pass of the survivor (≤ 120 rows / 8 × 0.3 s), which never re-claims its own.
            try await rig.fault(
                #"{"path":"/v1/payments/","method":"GET","kind":"latency","latency_ms":300,"times":1000}"#)
            let log = LoadLog()
            let killed = Shared(false)
            await withTaskGroup(of: Void.self) { group in
                for lane in 0..<4 {
                    group.addTask {
                        for index in stride(from: lane, to: payments.count, by: 4) {
                            let id = "kill-\(index)"
                            // A load balancer: A or B by turns; a failed connection (A killed) goes to B.
                            var status = await rig.post(
                                to: index % 2 == 0 && !killed.withLock({ $0 }) ? a : b, notificationID: id,
                                paymentID: payments[index])
                            if status == 0 {
                                status = await rig.post(to: b, notificationID: id, paymentID: payments[index])
                            }
                            log.record(id, status: status)
                        }
                    }
                }
                group.addTask {
                    // Mid-stream: 30 acknowledged and at least 10 fetches made (both receivers are processing).
                    while true {
                        let fetched = (try? await rig.paymentFetches().values.reduce(0, +)) ?? 0
                        if log.acked.count >= 30 && fetched >= 10 { break }
                        try? await Task.sleep(for: .milliseconds(50))
                    }
                    killed.withLock { $0 = true }
                    await a.kill()
                }
            }
            #expect(!a.isRunning)
            #expect(log.statuses == [200: 120], "answers: \(log.statuses)")
            let acked = Set(log.acked)
            var facts = StoredFacts()
            // The lease is 5 s here (GOLIVE_PROCESSING_LEASE_MS); what A had claimed is B's after it.
            let processed = try await rig.eventually(within: .seconds(40)) {
                facts = try await StoredFacts.read(url: url)
                return facts.allDone(acked)
            }
            let stuck = acked.filter { facts.processing[$0]?.state != "done" }.sorted()
            #expect(processed, "stuck: \(stuck.map { "\($0) \(String(describing: facts.processing[$0]))" })")
            #expect(acked.allSatisfy { facts.firsts[$0] == 1 })
            // Processed once: each payment applied by one receiver; a fetch A made and never recorded is made
            // again by B (at most A's claims in flight), never more.
            let fetches = try await rig.paymentFetches()
            #expect(payments.allSatisfy { (1...2).contains(fetches[$0] ?? 0) })
            let twice = fetches.values.filter { $0 == 2 }.count
            // Only what A was fetching when it died (at most its 8 concurrent fetches) was fetched again.
            #expect(twice <= 8, "fetched twice: \(twice)")
            print("sigkill: \(acked.count) acknowledged, \(twice) fetched by A and again by B after the lease")
            #expect(await rig.health(b).status == 200)
        } catch {
            Issue.record("\(error)\nA: \(a.log().suffix(1500))\nB: \(b.log().suffix(1500))")
        }
        if a.isRunning { await a.kill() }
        await b.stop()
        await rig.shutdown()
        await PostgresTestServer.dropDatabase(url: url)
    }

    @Test func theDatabaseRestartedUnderLoadLosesNoAcknowledgedNotificationAndTheReceiversRecoverByThemselves()
        async throws
    {
        let cluster = try await PostgresTestCluster.make(label: "restart")
        let rig = try await ScaleOutRig()
        let url = try await cluster.createDatabase()
        let a = try await rig.serve(store: url, name: "a")
        let b = try await rig.serve(store: url, name: "b")
        do {
            let payments = try await rig.payments(200)
            let log = LoadLog()
            let phase = Shared("before")  // before → down → after
            let healthWhileDown = Shared<[Int]>([])
            await withTaskGroup(of: Void.self) { group in
                for lane in 0..<4 {
                    group.addTask {
                        for index in stride(from: lane, to: payments.count, by: 4) {
                            let id = "restart-\(index)"
                            // Mercado Pago retries a 503 later: here, until it is acknowledged.
                            var status = 0
                            repeat {
                                status = await rig.post(
                                    to: index % 2 == 0 ? a : b, notificationID: id, paymentID: payments[index])
                                log.record(id, status: status)
                                if status != 200 { try? await Task.sleep(for: .milliseconds(300)) }
                            } while status != 200
                        }
                    }
                }
                group.addTask {
                    while log.acked.count < 40 { try? await Task.sleep(for: .milliseconds(20)) }
                    do {
                        try await cluster.stop()
                        phase.withLock { $0 = "down" }
                        // Down for a while: deliveries get 503, and /healthz says the store is unavailable.
                        for _ in 0..<40 where log.count(503) < 4 { try? await Task.sleep(for: .milliseconds(250)) }
                        let health = [await rig.health(a).status, await rig.health(b).status]
                        healthWhileDown.withLock { $0 = health }
                        try await cluster.start()
                        phase.withLock { $0 = "after" }
                    } catch {
                        Issue.record("restarting the cluster: \(error)")
                    }
                }
            }
            #expect(phase.withLock { $0 } == "after")
            #expect(log.count(503) >= 4, "answers: \(log.statuses)")
            #expect(healthWhileDown.withLock { $0 } == [503, 503])
            #expect(Set(log.acked).count == payments.count)
            // Both receivers are healthy again without a restart.
            let healthy = try await rig.eventually(within: .seconds(15)) {
                let first = await rig.health(a).status
                let second = await rig.health(b).status
                return first == 200 && second == 200
            }
            #expect(healthy)
            let acked = Set(log.acked)
            var facts = StoredFacts()
            let processed = try await rig.eventually(within: .seconds(40)) {
                facts = try await StoredFacts.read(url: url)
                return facts.allDone(acked)
            }
            #expect(processed, "not processed: \(acked.filter { facts.processing[$0]?.state != "done" }.count)")
            // Every acknowledged notification is there, once (a commit whose answer was lost in the restart
            // comes back as a flagged duplicate when retried).
            #expect(acked.allSatisfy { facts.firsts[$0] == 1 })
        } catch {
            Issue.record(
                "\(error)\nA: \(a.log().suffix(1500))\nB: \(b.log().suffix(1500))\n\(cluster.serverLog().suffix(1500))")
        }
        await a.stop()
        await b.stop()
        await rig.shutdown()
        await cluster.destroy()
    }
}
