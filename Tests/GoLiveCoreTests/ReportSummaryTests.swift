import Foundation
import GoLiveCore
import Testing

@Suite struct ReportSummaryTests {
    static func release(_ text: String, lenient: Bool = false) throws -> (ReleaseBalance, ReportSummary) {
        let summary = try ReportSummarizer.summarize(bytes: Array(text.utf8), lenient: lenient)
        guard case .release(let balance) = summary.totals else {
            Issue.record("not a release report")
            throw CancellationError()
        }
        return (balance, summary)
    }

    static func money(_ cents: Int) -> ReportAmount { ReportAmount(units: Int64(cents) * 100) }

    @Test func aDocumentedMonthAddsUpToTheCent() throws {
        let fixture = ReleaseReportFixture.month()
        let (balance, _) = try Self.release(fixture.csv())
        #expect(balance.initialAvailableBalance == Self.money(fixture.initialCents))
        #expect(balance.credits == Self.money(fixture.creditCents))
        #expect(balance.debits == Self.money(fixture.debitCents))
        #expect(
            balance.finalAvailableBalance
                == Self.money(fixture.initialCents + fixture.creditCents - fixture.debitCents))
        #expect(balance.held == Self.money(fixture.heldCents))
        #expect(balance.rows == fixture.rows.count)
        #expect(balance.crossCheck.matches == true)
        #expect(balance.crossCheck.variant == "movements")
        #expect(
            balance.crossCheck.subtotals.map(\.section) == ["initial_available_balance", "release", "block", "unblock"])
        #expect(balance.byDay.count == fixture.byDay.count)
        for day in balance.byDay {
            let expected = try #require(fixture.byDay[day.date])
            #expect(day.credits == Self.money(expected.credits) && day.debits == Self.money(expected.debits))
        }
        for (name, expected) in fixture.byDescription {
            let tally = try #require(balance.byDescription[name])
            #expect(
                tally
                    == ReportTally(
                        count: expected.count, credits: Self.money(expected.credits),
                        debits: Self.money(expected.debits)))
        }
        #expect(balance.byRecordType["block"]?.count == 2)
        #expect(balance.byRecordType["subtotal"]?.count == 4)
    }

    @Test func separatorsLineEndingsBOMAndColumnOrderDoNotChangeTheTotals() throws {
        let fixture = ReleaseReportFixture.month()
        let (plain, _) = try Self.release(fixture.csv())
        let reordered = [
            "NET_DEBIT_AMOUNT", "PAYMENT_METHOD", "RECORD_TYPE", "DATE", "DESCRIPTION", "NET_CREDIT_AMOUNT",
        ]
        for text in [
            fixture.csv(separator: ";"), fixture.csv(lineEnding: "\r\n"), fixture.csv(bom: true),
            fixture.csv(separator: ";", lineEnding: "\r\n", bom: true), fixture.csv(columns: reordered),
        ] {
            let (balance, _) = try Self.release(text)
            #expect(balance == plain)
        }
        let (_, summary) = try Self.release(fixture.csv(separator: ";"))
        #expect(summary.separator == ";")
    }

    @Test func withoutSubtotalRowsThereIsNothingToCrossCheck() throws {
        let fixture = ReleaseReportFixture.month(subtotals: false)
        let (balance, _) = try Self.release(fixture.csv())
        #expect(balance.crossCheck.matches == nil)
        #expect(balance.credits == Self.money(fixture.creditCents))
    }

    @Test func aTotalRowThatDisagreesIsReported() throws {
        var fixture = ReleaseReportFixture()
        fixture.initial(100_00)
        fixture.row("release", "payment", credit: 50_00, debit: 0)
        fixture.subtotal(reported: 49_99)
        fixture.total(credit: 60_00, debit: 0)
        let (balance, _) = try Self.release(fixture.csv())
        #expect(balance.crossCheck.matches == false)
        #expect(balance.crossCheck.totalRow == Self.money(60_00))
        #expect(balance.crossCheck.subtotals.last?.matches == false)
    }

    @Test func aTotalRowThatIsTheFinalBalanceIsAccepted() throws {
        var fixture = ReleaseReportFixture()
        fixture.initial(100_00)
        fixture.row("release", "payment", credit: 50_00, debit: 0)
        fixture.total(credit: 150_00, debit: 0)
        let (balance, _) = try Self.release(fixture.csv())
        #expect(balance.crossCheck.matches == true)
        #expect(balance.crossCheck.variant == "final_balance")
    }

    @Test func quotedFieldsWithSeparatorsAndLineBreaksAreData() throws {
        let text = """
            DATE,SOURCE_ID,EXTERNAL_REFERENCE,RECORD_TYPE,DESCRIPTION,NET_CREDIT_AMOUNT,NET_DEBIT_AMOUNT,METADATA
            2026-11-02T10:00:00.000-04:00,1,"ref, with comma",release,payment,"10.50",0.00,"{""a"": ""b,
            c""}"
            2026-11-02T11:00:00.000-04:00,2,x,release,payment,0.25,0.00,
            """
        let (balance, _) = try Self.release(text)
        #expect(balance.rows == 2)
        #expect(balance.credits == ReportAmount("10.75"))
    }

    @Test func semicolonReportsMayUseADecimalComma() throws {
        let text = "RECORD_TYPE;NET_CREDIT_AMOUNT;NET_DEBIT_AMOUNT\nrelease;1234,56;0\nrelease;0;0,06\n"
        let (balance, _) = try Self.release(text)
        #expect(balance.credits == ReportAmount("1234.56"))
        #expect(balance.debits == ReportAmount("0.06"))
    }

    @Test func extraUnknownColumnsAreIgnoredAndMissingOnesNamed() throws {
        let (balance, _) = try Self.release(
            "RECORD_TYPE,FUTURE_COLUMN,NET_CREDIT_AMOUNT,NET_DEBIT_AMOUNT\nrelease,zz,1.00,0\n")
        #expect(balance.credits == ReportAmount("1.00"))
        #expect {
            _ = try ReportSummarizer.summarize(bytes: Array("DATE,RECORD_TYPE,NET_CREDIT_AMOUNT\n".utf8))
        } throws: { error in
            let error = error as? GoLiveError
            return error?.code == .reportMissingColumns && error?.message.contains("NET_DEBIT_AMOUNT") == true
        }
        #expect {
            _ = try ReportSummarizer.summarize(bytes: Array("A,B\n1,2\n".utf8))
        } throws: { ($0 as? GoLiveError)?.code == .reportUnknownKind }
        #expect {
            _ = try ReportSummarizer.summarize(bytes: [])
        } throws: { ($0 as? GoLiveError)?.code == .reportEmpty }
    }

    @Test func badRowsNameTheirLineOrAreSkippedWhenLenient() throws {
        let text = """
            DATE,RECORD_TYPE,NET_CREDIT_AMOUNT,NET_DEBIT_AMOUNT
            2026-11-02T10:00:00.000-04:00,release,10.00,0.00
            2026-11-02T10:00:00.000-04:00,release,ten,0.00
            2026-11-02T10:00:00.000-04:00,release,1.00
            yesterday,release,1.00,0.00
            2026-11-03T10:00:00.000-04:00,release,5.00,0.00
            2026-11-03T10:00:00.000-04:00,release,1.001
            """
        #expect {
            _ = try ReportSummarizer.summarize(bytes: Array(text.utf8))
        } throws: { error in
            let error = error as? GoLiveError
            return error?.code == .reportMalformed && error?.message.contains("line 3") == true
                && error?.message.contains("NET_CREDIT_AMOUNT is \"ten\"") == true
        }
        let (balance, summary) = try Self.release(text, lenient: true)
        #expect(balance.credits == ReportAmount("15.00"))
        #expect(balance.rows == 2)
        #expect(summary.skipped == 4)
        #expect(summary.problems.map(\.line) == [3, 4, 5, 7])
        #expect(summary.problems[1].message.contains("truncated"))
    }

    @Test func badQuotingIsSkippedWhenLenientAndNamedOtherwise() throws {
        let text =
            "RECORD_TYPE,DESCRIPTION,NET_CREDIT_AMOUNT,NET_DEBIT_AMOUNT\nrelease,\"pay\"ment,1.00,0\nrelease,x,2.00,0\n"
        #expect {
            _ = try ReportSummarizer.summarize(bytes: Array(text.utf8))
        } throws: { ($0 as? GoLiveError)?.message.contains("line 2") == true }
        let (balance, summary) = try Self.release(text, lenient: true)
        #expect(balance.credits == ReportAmount("2.00"))
        #expect(summary.skipped == 1 && summary.problems.first?.line == 2)
    }

    @Test func randomDamageIsAnErrorOrASummaryNeverACrash() {
        let good = Array(ReleaseReportFixture.month().csv().utf8)
        var random = SystemRandomNumberGenerator()
        let junk: [UInt8] = [0x22, 0x2C, 0x3B, 0x0A, 0x0D, 0x00, 0xFF, 0x2D, 0x2E, 0x41]
        for round in 0..<200 {
            var bytes = good
            for _ in 0..<(1 + round % 20) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch round % 3 {
                case 0: bytes[index] = junk.randomElement(using: &random)!
                case 1: bytes.remove(at: index)
                default: bytes.insert(junk.randomElement(using: &random)!, at: index)
                }
            }
            if round % 5 == 0 { bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random))) }
            for lenient in [false, true] {
                do {
                    _ = try ReportSummarizer.summarize(bytes: bytes, lenient: lenient)
                } catch {
                    #expect(!error.message.isEmpty)
                }
            }
        }
    }

    @Test func amountsAreExact() {
        #expect(ReportAmount("0.1")! + ReportAmount("0.2")! == ReportAmount("0.3")!)
        #expect(ReportAmount("-43.04")?.description == "-43.04")
        #expect(ReportAmount("7")?.description == "7.00")
        #expect(ReportAmount("0.125")?.description == "0.125")
        #expect(ReportAmount("1.230000")?.description == "1.23")
        #expect(ReportAmount("")?.units == 0)
        for bad in ["1.2.3", "1e5", "--1", "1,5", ".", "-", "12a", "99999999999999999999", "1.00001"] {
            #expect(ReportAmount(bad) == nil, "\(bad)")
        }
    }

    @Test func overflowIsAnErrorNotACrash() {
        let row = "release,900000000000000.00,0\n"
        let text = "RECORD_TYPE,NET_CREDIT_AMOUNT,NET_DEBIT_AMOUNT\n" + String(repeating: row, count: 20)
        #expect {
            _ = try ReportSummarizer.summarize(bytes: Array(text.utf8))
        } throws: { ($0 as? GoLiveError)?.code == .reportOverflow }
    }

    @Test func aSettlementReportIsSummedByTypeAndMethod() throws {
        let fixture = SettlementReportFixture.sample()
        for separator in [",", ";"] {
            let summary = try ReportSummarizer.summarize(bytes: Array(fixture.csv(separator: separator).utf8))
            guard case .settlement(let totals) = summary.totals else {
                Issue.record("not a settlement report")
                return
            }
            #expect(totals.rows == fixture.rows.count)
            #expect(totals.gross == Self.money(fixture.gross))
            #expect(totals.fees == Self.money(fixture.fees))
            #expect(totals.net == Self.money(fixture.net))
            for (type, expected) in fixture.byType {
                #expect(
                    totals.byTransactionType[type]
                        == SettlementTally(
                            count: expected.count, gross: Self.money(expected.gross), fees: Self.money(expected.fees),
                            net: Self.money(expected.net)))
            }
            #expect(totals.byPaymentMethod["pix"]?.count == 10)
        }
    }

    @Test func theJSONDocumentHasDesignsShape() throws {
        let fixture = ReleaseReportFixture.month()
        let summary = try ReportSummarizer.summarize(bytes: Array(fixture.csv().utf8))
        let json = summary.json()
        #expect(json["kind"] == "release")
        for key in [
            "rows", "initial_available_balance", "credits", "debits", "final_available_balance", "held",
            "by_record_type", "by_description", "by_day", "cross_check",
        ] {
            #expect(!json[key].isNull, "\(key)")
        }
        #expect(json["cross_check"]["matches"] == true)
        #expect(json["by_day"][0]["date"] == "2026-11-01")
        #expect(json["credits"] == .string(Self.money(fixture.creditCents).description))
    }
}

/// Fetched reports in memory, for the latest-balance cache.
final class FetchedReportsInMemory: ReportStore, @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [FetchedReport] = []
    func recordFetchedReport(_ report: FetchedReport) async throws { lock.withLock { reports.append(report) } }
    func fetchedReports(seller: String, type: ReportType?, limit: Int) async throws -> [FetchedReport] {
        lock.withLock {
            Array(
                reports.filter { $0.seller == seller && (type == nil || $0.type == type) }
                    .sorted { $0.fetchedAt > $1.fetchedAt }.prefix(limit))
        }
    }
}

@Suite struct LatestReportBalanceTests {
    @Test func theNewestReleaseReportIsSummedOncePerFetch() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-latest-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fixture = ReleaseReportFixture.month()
        let file = folder.appendingPathComponent("r.csv")
        try Data(fixture.csv().utf8).write(to: file)
        let store = FetchedReportsInMemory()
        let latest = LatestReportBalance(store: store)
        #expect(try await latest.snapshot(seller: "shop") == nil)
        let fetched = FetchedReport(
            seller: "shop", sellerID: 1, type: .release, fileName: "r.csv", path: file.path, beginDate: nil,
            endDate: nil, bytes: 1, fetchedAt: Date())
        try await store.recordFetchedReport(fetched)
        let first = try #require(try await latest.snapshot(seller: "shop"))
        #expect(
            first.balance.finalAvailableBalance
                == ReportSummaryTests.money(fixture.initialCents + fixture.creditCents - fixture.debitCents))
        // Cached: the file is not read again while no newer report is fetched.
        try FileManager.default.removeItem(at: file)
        #expect(try await latest.snapshot(seller: "shop") == first)
    }
}
