import Foundation
import GoLiveCore
import MercadoPagoClient
import MercadoPagoSandbox
import StoreSQLite
import Testing

/// The Sandbox on loopback, the real HTTP client and a real SQLite file.
struct QualityHarness {
    let sandbox: MercadoPagoSandbox
    let connection: MercadoPagoConnection
    let folder: URL
    let store: SQLiteStore

    // Seeded production payments (Sandbox+Fixtures.swift: ids step down by 1 733 from the newest).
    static let complete = "1321456789"
    static let partial = "1321451590"
    static let bare = "1321448124"
    /// The newest test payment of the TEST- credentials (live_mode false).
    static let testPayment = "1319002417"

    static func start() async throws -> QualityHarness {
        let sandbox = MercadoPagoSandbox()
        let url = try await sandbox.start()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "golive-quality-\(UUID().uuidString)")
        let store = try SQLiteStore(path: folder.appendingPathComponent("golive.sqlite").path)
        return QualityHarness(
            sandbox: sandbox, connection: MercadoPagoConnection(baseURL: url, requestTimeout: .seconds(10)),
            folder: folder, store: store)
    }

    func gateway(_ account: String) -> MercadoPagoClient {
        let token =
            account == "invalid"
            ? MercadoPagoSandbox.invalidAccessToken : MercadoPagoSandbox.account(named: account)!.accessToken
        return connection.gateway(accessToken: Secret(token))
    }

    func stop() async {
        await connection.shutdown()
        await sandbox.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}

@Suite("Quality against the Sandbox", .serialized)
struct QualityIntegrationTests {
    @Test("seeded payments score by completeness and name every missing mandatory action by field path")
    func scoresOrderPayments() async throws {
        let harness = try await QualityHarness.start()
        defer { Task { await harness.stop() } }
        let measurer = QualityMeasurer(store: harness.store)
        let gateway = harness.gateway("production")

        let complete = try await measurer.measure(paymentID: QualityHarness.complete, seller: "shop", gateway: gateway)
        let partial = try await measurer.measure(paymentID: QualityHarness.partial, seller: "shop", gateway: gateway)
        let bare = try await measurer.measure(paymentID: QualityHarness.bare, seller: "shop", gateway: gateway)

        #expect(complete.score == 80)
        #expect(partial.score == 46)
        #expect(bare.score == 10)
        #expect(complete.passed && !partial.passed && !bare.passed)
        #expect(complete.liveMode && complete.warnings.isEmpty)
        #expect(complete.sellerID == 240_112_233)
        #expect(partial.missingMandatory.map(\.id) == ["notification_url"])
        #expect(Set(bare.missingMandatory.map(\.id)) == ["external_reference", "notification_url"])
        #expect(
            Set(bare.actions.filter { $0.status == .missing }.map(\.id)).isSuperset(of: [
                "items.category_id", "payer.first_name", "statement_descriptor", "shipments.receiver_address",
            ]))
        // Device id is never guessed.
        #expect(complete.actions.first { $0.id == "device_id" }?.status == .unknown)

        // Each measurement is also a quality.score check result, as every check run writes one.
        let checks = try await harness.store.checkHistory(.qualityScore, seller: "shop", limit: 10)
        #expect(checks.map(\.status) == [.fail, .fail, .warn])
        #expect(checks.first?.details["payment_id"] == .string(QualityHarness.bare))

        // History: newest first.
        let history = try await harness.store.qualityMeasurements(seller: "shop", limit: 10)
        #expect(history.map(\.paymentID) == [QualityHarness.bare, QualityHarness.partial, QualityHarness.complete])
        #expect(history.last == complete)
    }

    @Test("unknown payment, rejected token, and a test payment")
    func errors() async throws {
        let harness = try await QualityHarness.start()
        defer { Task { await harness.stop() } }
        let measurer = QualityMeasurer(store: harness.store)

        do {
            _ = try await measurer.measure(
                paymentID: "99999999999", seller: "shop", gateway: harness.gateway("production"))
            Issue.record("an unknown payment was measured")
        } catch let error as GoLiveError {
            #expect(error.code == .qualityPaymentNotFound)
            #expect(error.message.contains("99999999999"))
            #expect(error.message.contains("404"))
        }
        do {
            _ = try await measurer.measure(
                paymentID: QualityHarness.complete, seller: "shop", gateway: harness.gateway("invalid"))
            Issue.record("an invalid token was accepted")
        } catch let error as GoLiveError {
            #expect(error.code == .qualityAPIFailed)
            #expect(error.message.contains("401"))
            #expect(error.remedy?.contains("MP_ACCESS_TOKEN") == true)
        }
        // TEST- credentials see only test payments: a production id is not found for them…
        await #expect(throws: GoLiveError.self) {
            try await measurer.measure(
                paymentID: QualityHarness.complete, seller: "shop", gateway: harness.gateway("test-credentials"))
        }
        // …and their own payment is flagged.
        let test = try await measurer.measure(
            paymentID: QualityHarness.testPayment, seller: "shop", gateway: harness.gateway("test-credentials"))
        #expect(!test.liveMode)
        #expect(test.warnings.first?.contains("test payment") == true)
        // Nothing but the test measurement was stored.
        #expect(
            try await harness.store.qualityMeasurements(seller: "shop", limit: 10).map(\.paymentID) == [
                QualityHarness.testPayment
            ])
        let check = QualityCheckSource.result(
            for: test, now: Date(), staleAfter: 40 * 86_400)
        #expect(check.status == .unknown)
    }

    @Test("sign-offs and official scores persist in the SQLite file and count in the next measurement")
    func signOffsPersist() async throws {
        let harness = try await QualityHarness.start()
        defer { Task { await harness.stop() } }
        let at = Date(timeIntervalSince1970: 1_790_000_000)
        try await harness.store.saveSignOff(
            SignOff(seller: "shop", what: "device_id", by: "Ana", at: at, note: "security.js on checkout"))
        try await harness.store.saveSignOff(SignOff(seller: "other", what: "device_id", by: "Bo", at: at))
        try await harness.store.recordOfficialScore(
            OfficialQualityScore(seller: "shop", paymentID: QualityHarness.complete, score: 88, recordedAt: at))

        // A second process opens the same file.
        let reopened = try SQLiteStore(path: harness.store.path)
        #expect(try reopened.appliedMigrations().contains { $0.hasPrefix("quality v1") })
        let signOffs = try await reopened.signOffs(seller: "shop")
        #expect(
            signOffs == [SignOff(seller: "shop", what: "device_id", by: "Ana", at: at, note: "security.js on checkout")]
        )
        // The latest sign-off of a criterion wins.
        try await reopened.saveSignOff(SignOff(seller: "shop", what: "device_id", by: "Caro", at: at + 60))
        #expect(try await harness.store.signOffs(seller: "shop").map(\.by) == ["Caro"])

        let measurer = QualityMeasurer(store: reopened)
        let m = try await measurer.measure(
            paymentID: QualityHarness.complete, seller: "shop", gateway: harness.gateway("production"))
        #expect(m.score == 90)
        #expect(m.officialScore == 88)
        #expect(m.actions.first { $0.id == "device_id" }?.signedOffBy == "Caro")
        let check = QualityCheckSource.result(for: m, now: Date(), staleAfter: 40 * 86_400)
        #expect(check.status == .pass)
        // Another seller's sign-off does not count.
        let other = try await measurer.measure(
            paymentID: QualityHarness.complete, seller: "third", gateway: harness.gateway("production"))
        #expect(other.score == 80)
        #expect(QualityCheckSource.result(for: other, now: Date(), staleAfter: 40 * 86_400).status == .warn)
    }

    @Test("notifications stored by the receiver are evidence: verified and processed ones count, others do not")
    func notificationEvidence() async throws {
        let harness = try await QualityHarness.start()
        defer { Task { await harness.stop() } }
        let measurer = QualityMeasurer(
            store: harness.store, notifications: StoredPaymentNotifications(store: harness.store))
        let gateway = harness.gateway("production")
        let now = Date()
        func incoming(_ id: String, topic: String = "payment", seller: String? = "shop", signature: SignatureStatus)
            -> IncomingNotification
        {
            IncomingNotification(
                kind: .webhook, notificationID: id, topic: topic, action: "payment.updated",
                dataID: QualityHarness.complete, liveMode: true, userID: 240_112_233, seller: seller,
                signature: signature, receivedAt: now)
        }
        // None yet: unknown, not missing.
        var m = try await measurer.measure(paymentID: QualityHarness.complete, seller: "shop", gateway: gateway)
        #expect(m.actions.first { $0.id == "notifications.signature" }?.status == .unknown)

        // An unsigned one for this payment, plus ones that are not evidence for it: another seller's, and a
        // merchant order's with the same id.
        _ = try await harness.store.recordNotifications([
            incoming("n-1", signature: .notConfigured),
            incoming("n-2", seller: "other", signature: .valid),
            incoming("n-3", topic: "merchant_order", signature: .valid),
        ])
        m = try await measurer.measure(paymentID: QualityHarness.complete, seller: "shop", gateway: gateway)
        #expect(m.actions.first { $0.id == "notifications.signature" }?.status == .missing)
        #expect(m.actions.first { $0.id == "notifications.processed" }?.status == .missing)
        #expect(m.score == 80)

        // A verified one, processed.
        let stored = try await harness.store.recordNotifications([incoming("n-4", signature: .valid)])
        try await harness.store.recordProcessing(
            [ProcessingRecord(seq: stored[0].seq, outcome: .done(resourceStatus: "approved"))], at: now)
        m = try await measurer.measure(paymentID: QualityHarness.complete, seller: "shop", gateway: gateway)
        #expect(m.actions.first { $0.id == "notifications.signature" }?.status == .met)
        #expect(m.actions.first { $0.id == "notifications.processed" }?.status == .met)
        #expect(m.score == 85)
    }

    @Test("the monthly job measures once a month, between the 1st and the 7th, with an injected clock")
    func monthlyJob() async throws {
        let harness = try await QualityHarness.start()
        defer { Task { await harness.stop() } }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // The Sandbox dates its payments from the real now; the job's clock starts on the 10th of this month.
        let today = calendar.dateComponents([.year, .month], from: Date())
        let tenth = calendar.date(from: DateComponents(year: today.year, month: today.month, day: 10, hour: 12))!
        let clock = ManualClock(now: tenth)
        let job = MonthlyQualityJob(
            measurer: QualityMeasurer(store: harness.store, clock: clock), clock: clock,
            timeZone: TimeZone(identifier: "UTC")!)
        let gateway = harness.gateway("production")
        let thisMonth = job.month(of: tenth)
        let nextFirst = calendar.date(byAdding: DateComponents(month: 1, day: -9), to: tenth)!
        let nextMonth = job.month(of: nextFirst)

        #expect(try await job.runIfDue(seller: "shop", gateway: gateway) == .notDue(nextWindow: nextMonth))
        #expect(thisMonth != nextMonth)

        clock.advance(by: .seconds(nextFirst.timeIntervalSince(tenth)))
        guard case .measured(let first) = try await job.runIfDue(seller: "shop", gateway: gateway) else {
            Issue.record("the job did not measure on the 1st")
            return
        }
        #expect(first.paymentID == QualityHarness.complete)
        #expect(first.trigger == .monthly)
        #expect(first.month == nextMonth)
        // Later the same day, and on the 7th: already done.
        clock.advance(by: .seconds(3600))
        #expect(try await job.runIfDue(seller: "shop", gateway: gateway) == .alreadyMeasured(month: nextMonth))
        clock.advance(by: .seconds(6 * 86_400))
        #expect(try await job.runIfDue(seller: "shop", gateway: gateway) == .alreadyMeasured(month: nextMonth))
        // The 8th: out of the window.
        clock.advance(by: .seconds(86_400))
        #expect(try await job.runIfDue(seller: "shop", gateway: gateway) != .alreadyMeasured(month: nextMonth))
        #expect(try await harness.store.qualityMeasurements(seller: "shop", limit: 10).count == 1)
        // Two processes racing on one month: the store keeps one.
        var duplicate = first
        duplicate.measuredAt += 10
        #expect(try await harness.store.recordQualityMeasurement(duplicate) == false)
        #expect(try await harness.store.monthlyQualityMeasurement(seller: "shop", month: nextMonth) == first)

        // A seller with only test payments has nothing to measure; it is tried again next time.
        clock.advance(by: .seconds(25 * 86_400))
        let outcome = try await job.runIfDue(seller: "tester", gateway: harness.gateway("test-credentials"))
        #expect(outcome == .noProductionPayment(month: job.month(of: clock.now())))
    }

    @Test("the window follows the job's time zone")
    func timeZone() async throws {
        let harness = try await QualityHarness.start()
        defer { Task { await harness.stop() } }
        // 1 December 02:00 UTC is still 30 November in Buenos Aires (UTC−3).
        let clock = ManualClock(now: try Date("2026-12-01T02:00:00Z", strategy: .iso8601))
        let buenosAires = MonthlyQualityJob(
            measurer: QualityMeasurer(store: harness.store, clock: clock), clock: clock,
            timeZone: TimeZone(identifier: "America/Argentina/Buenos_Aires")!)
        #expect(!buenosAires.isDue(at: clock.now()))
        #expect(buenosAires.month(of: clock.now()) == "2026-11")
        let utc = MonthlyQualityJob(
            measurer: QualityMeasurer(store: harness.store, clock: clock), clock: clock,
            timeZone: TimeZone(identifier: "UTC")!)
        #expect(utc.isDue(at: clock.now()))
        #expect(utc.month(of: clock.now()) == "2026-12")
    }

    @Test("approval advice over the Sandbox's recent payments, and the approval.data check")
    func approval() async throws {
        let harness = try await QualityHarness.start()
        defer { Task { await harness.stop() } }
        let gateway = harness.gateway("production")
        let payments = try await gateway.allPayments(
            PaymentSearchQuery(limit: 50, sort: .dateCreated, criteria: .descending), max: 50)
        let advice = ApprovalAdvice.analyse(payments, seller: "shop", at: Date())
        #expect(advice.payments == 31)
        #expect(advice.livePayments == 31)
        #expect(advice.rejected == 7)
        #expect(advice.rejections.allSatisfy { $0.count == 1 && $0.family != nil })
        #expect(
            advice.rejections.contains { $0.statusDetail == "cc_rejected_high_risk" && $0.family == "fraud_prevention" }
        )
        // 16 complete, 9 partial, 6 bare payments.
        #expect(advice.fields.first { $0.path == "shipments.receiver_address" }?.missing == 15)
        #expect(advice.fields.first { $0.path == "payer.first_name" }?.missing == 6)
        #expect(advice.fields.first { $0.path == "items.category_id" }?.missing == 15)
        #expect(advice.groups.first { $0.id == "shipments" }?.coveragePercent == 52)
        #expect(advice.status == .warn)

        let source = QualityCheckSource(store: harness.store)
        let context = CheckContext(
            seller: SellerSettings(name: "shop"), sellerID: 240_112_233, gateway: gateway, now: Date())
        let results = await source.results(in: context)
        #expect(results.map(\.id) == [.qualityScore, .approvalData])
        #expect(results[0].status == .unknown)
        #expect(results[1].status == .warn)
        #expect(results[1].actions.contains { $0.contains("shipments.receiver_address") })
        let none = await source.results(
            in: CheckContext(seller: SellerSettings(name: "shop"), sellerID: nil, gateway: nil, now: Date()))
        #expect(none[1].status == .fail)
    }
}

@Suite("Monthly quality job, hour by hour", .serialized)
struct MonthlyQualityTickTests {
    @Test("ticking hourly from the 25th to the 13th measures once, in the first hour of the 1st–7th window")
    func hourly() async throws {
        let harness = try await QualityHarness.start()
        defer { Task { await harness.stop() } }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let today = calendar.dateComponents([.year, .month], from: Date())
        // From the 25th of last month, so the Sandbox's payments (dated from the real now) are all in range.
        let start = calendar.date(from: DateComponents(year: today.year, month: today.month! - 1, day: 25))!
        let clock = ManualClock(now: start)
        let job = MonthlyQualityJob(
            measurer: QualityMeasurer(store: harness.store, clock: clock), clock: clock,
            timeZone: TimeZone(identifier: "UTC")!)
        let sellers = [
            MonthlyQualityJob.Seller(name: "shop", gateway: harness.gateway("production")),
            MonthlyQualityJob.Seller(name: "broken", gateway: harness.gateway("invalid")),
        ]
        var measuredDays: [Int] = []
        var failures = 0
        for _ in 0..<(24 * 18) {
            for (seller, outcome) in await job.tick(sellers) {
                switch (seller, outcome) {
                case ("shop", .success(.measured(let m))):
                    measuredDays.append(calendar.component(.day, from: m.measuredAt))
                case ("broken", .failure):
                    failures += 1
                default:
                    break
                }
            }
            clock.advance(by: .seconds(3600))
        }
        // 25th → 13th of this month: one window, measured on its first hour; the rejected token fails
        // every hour of the window (retried, never recorded) and never stops the other seller.
        #expect(measuredDays == [1])
        #expect(failures == 7 * 24)
        #expect(try await harness.store.qualityMeasurements(seller: "shop", limit: 10).count == 1)
        #expect(try await harness.store.qualityMeasurements(seller: "broken", limit: 10).isEmpty)
    }

    @Test("run ticks at once, then sleeps on the clock until cancelled")
    func runUntilCancelled() async throws {
        let harness = try await QualityHarness.start()
        defer { Task { await harness.stop() } }
        let job = MonthlyQualityJob(
            measurer: QualityMeasurer(store: harness.store), clock: SystemClock(),
            timeZone: TimeZone(identifier: "UTC")!)
        let (reports, continuation) = AsyncStream<String>.makeStream()
        let task = Task {
            await job.run([.init(name: "shop", gateway: harness.gateway("production"))], every: .seconds(3600)) {
                seller, _ in continuation.yield(seller)
            }
            continuation.finish()
        }
        var iterator = reports.makeAsyncIterator()
        #expect(await iterator.next() == "shop")
        task.cancel()
        await task.value
        #expect(await iterator.next() == nil)
    }
}
