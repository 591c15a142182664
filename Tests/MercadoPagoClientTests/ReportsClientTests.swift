import Foundation
import GoLiveCore
import MercadoPagoClient
import MercadoPagoSandbox
import Testing

/// The reports API client against the Sandbox over loopback (MERCADOPAGO.md §6.1).
@Suite("reports client")
struct ReportsClientTests {
    static let token = SandboxHarness.account("production").accessToken

    @Test("config: missing, created, read back, updated; schedule on and off")
    func config() async throws {
        let harness = try await SandboxHarness.start()
        defer { Task { await harness.stop() } }
        try await harness.withClient(token: Self.token) { client in
            #expect(try await client.reportConfig(.settlement) == nil)
            let created = try await client.saveReportConfig(.settlement, ["separator": ";"], create: true)
            #expect(created["separator"] == ";")
            #expect(created["display_timezone"] == "GMT-04")
            let updated = try await client.saveReportConfig(.settlement, ["report_translation": "es"], create: false)
            #expect(updated["report_translation"] == "es" && updated["separator"] == ";")
            #expect(try await client.reportConfig(.settlement)?["report_translation"] == "es")
            #expect(try await client.reportConfig(.release) == nil)

            let on = try await client.setReportSchedule(.settlement, enabled: true)
            #expect(on["status"] == "pending" && on["report_type"] == "settlement")
            #expect(try await client.reportConfig(.settlement)?["scheduled"] == true)
            let off = try await client.setReportSchedule(.settlement, enabled: false)
            #expect(off["status"] == "deleted")
            #expect(try await client.reportConfig(.settlement)?["scheduled"] == false)
        }
    }

    @Test("create: 203 with suggested dates for a period that ends later than now, 202 otherwise; list; download")
    func createListDownload() async throws {
        let harness = try await SandboxHarness.start()
        defer { Task { await harness.stop() } }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-reports-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await harness.withClient(token: Self.token) { client in
            _ = try await client.saveReportConfig(.release, [:], create: true)
            let now = Date()
            let future = try await client.createReport(
                .release, begin: now.addingTimeInterval(-30 * 86_400), end: now.addingTimeInterval(86_400))
            guard case .retry(let begin?, let end?, _) = future else {
                Issue.record("expected 203 with dates, got \(future)")
                return
            }
            #expect(end <= Date())
            let accepted = try await client.createReport(.release, begin: begin, end: end)
            guard case .accepted(let entry?) = accepted else {
                Issue.record("expected 202, got \(accepted)")
                return
            }
            // Listed from the second listing on: callers must poll.
            #expect(try await client.listReports(.release).isEmpty)
            let listed = try await client.listReports(.release)
            #expect(listed.map(\.fileName) == [entry.fileName])
            let file = folder.appendingPathComponent("r.csv")
            let bytes = try await client.downloadReport(.release, fileName: entry.fileName, to: file)
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(bytes == Int64(text.utf8.count))
            #expect(text.hasPrefix("DATE,SOURCE_ID,EXTERNAL_REFERENCE,RECORD_TYPE,DESCRIPTION,NET_CREDIT_AMOUNT"))
            #expect(!FileManager.default.fileExists(atPath: file.path + ".part"))

            await #expect {
                _ = try await client.downloadReport(
                    .release, fileName: "nope.csv", to: folder.appendingPathComponent("x"))
            } throws: { ($0 as? MercadoPagoError)?.kind == .notFound }
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x").path))
        }
    }

    @Test("the fetcher follows a 203, polls until listed, downloads; the release report agrees with the payments")
    func fetcherAndConsistency() async throws {
        let harness = try await SandboxHarness.start()
        defer { Task { await harness.stop() } }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-reports-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await harness.withClient(token: Self.token) { client in
            let clock = ManualClock(now: Date())
            let now = Date()
            let events = EventLog()
            let result = try await ReportFetcher(gateway: client, clock: clock).fetch(
                .release, begin: now.addingTimeInterval(-400 * 86_400), end: now.addingTimeInterval(3_600),
                into: folder
            ) { events.append($0) }
            let log = events.all
            #expect(log.first == .configCreated(.release))
            #expect(log.contains { if case .retrying = $0 { true } else { false } })
            #expect(log.contains(.waiting(poll: 1)))
            #expect(clock.sleeps == [.seconds(1)])

            let summary = try ReportSummarizer.summarize(path: result.file.path)
            guard case .release(let balance) = summary.totals else {
                Issue.record("not a release report")
                return
            }
            #expect(balance.crossCheck.matches == true)
            // Independently: every approved payment released in the period, from the payments API.
            let payments = try await client.allPayments(
                PaymentSearchQuery(
                    limit: 100, range: .init(field: .moneyReleaseDate, begin: result.begin, end: result.end)))
            let expected = payments.compactMap { payment -> Decimal? in
                guard let release = payment.moneyReleaseDate, release >= result.begin, release < result.end,
                    let net = payment.raw["transaction_details"]["net_received_amount"].decimal, net > 0
                else { return nil }
                return net
            }.reduce(0, +)
            #expect(!payments.isEmpty)
            #expect(balance.credits.description == Liquidity.money(expected))
        }
    }
}

final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [ReportFetcher.Progress] = []
    func append(_ event: ReportFetcher.Progress) { lock.withLock { events.append(event) } }
    var all: [ReportFetcher.Progress] { lock.withLock { events } }
}

extension ReportsClientTests {
    @Test("the settlement report agrees with the payments approved in its period")
    func settlementConsistency() async throws {
        let harness = try await SandboxHarness.start()
        defer { Task { await harness.stop() } }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-reports-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await harness.withClient(token: Self.token) { client in
            let end = Date().addingTimeInterval(-60)
            let begin = end.addingTimeInterval(-400 * 86_400)
            let result = try await ReportFetcher(gateway: client, clock: ManualClock()).fetch(
                .settlement, begin: begin, end: end, into: folder)
            let summary = try ReportSummarizer.summarize(path: result.file.path)
            guard case .settlement(let totals) = summary.totals else {
                Issue.record("not a settlement report")
                return
            }
            let payments = try await client.allPayments(PaymentSearchQuery(limit: 100))
            var approvedGross: Decimal = 0
            var approvedCount = 0
            for payment in payments {
                guard let approved = payment.dateApproved, approved >= begin, approved < end,
                    (payment.raw["transaction_details"]["net_received_amount"].decimal ?? 0) > 0
                else { continue }
                approvedGross += payment.transactionAmount ?? 0
                approvedCount += 1
            }
            #expect(approvedCount > 0)
            #expect(totals.byTransactionType["SETTLEMENT"]?.count == approvedCount)
            #expect(totals.byTransactionType["SETTLEMENT"]?.gross.description == Liquidity.money(approvedGross))
            let settled = try #require(totals.byTransactionType["SETTLEMENT"])
            #expect(settled.gross + settled.fees == settled.net)
        }
    }
}

/// Fetched reports in memory: the unit seam for the daily job (SQLite has its own tests).
final class MemoryReportStore: ReportStore, @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [FetchedReport] = []
    func recordFetchedReport(_ report: FetchedReport) async throws {
        lock.withLock {
            reports.removeAll { $0.seller == report.seller && $0.type == report.type && $0.fileName == report.fileName }
            reports.append(report)
        }
    }
    func fetchedReports(seller: String, type: ReportType?, limit: Int) async throws -> [FetchedReport] {
        lock.withLock {
            Array(
                reports.filter { $0.seller == seller && (type == nil || $0.type == type) }
                    .sorted { $0.fetchedAt > $1.fetchedAt }.prefix(limit))
        }
    }
}

extension ReportsClientTests {
    @Test("the daily job fetches both reports once a day per seller, from where the last one ended")
    func dailyJob() async throws {
        let harness = try await SandboxHarness.start()
        defer { Task { await harness.stop() } }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-daily-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await harness.withClient(token: Self.token) { client in
            let store = MemoryReportStore()
            let clock = ManualClock(now: Date().addingTimeInterval(-2 * 86_400))
            let job = DailyReportJob(store: store, clock: clock, folder: folder)
            let seller = DailyReportJob.Seller(name: "shop", sellerID: 240_112_233, gateway: client)
            let first = await job.tick([seller])
            let fetched = try first[0].outcome.get()
            #expect(fetched.map(\.type) == [.release, .settlement])
            #expect(fetched.allSatisfy { FileManager.default.fileExists(atPath: $0.path) })
            #expect(try await job.tick([seller])[0].outcome.get().isEmpty)
            clock.advance(by: .seconds(86_400 + 60))
            let next = try await job.tick([seller])[0].outcome.get()
            #expect(next.count == 2)
            #expect(next[0].beginDate == fetched[1].endDate)
        }
    }
}
