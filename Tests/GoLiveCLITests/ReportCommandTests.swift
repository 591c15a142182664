import Foundation
import GoLiveCore
import MercadoPagoSandbox
import StoreSQLite
import Testing

/// `golive report …` through the real binary, on report files written by the test.
@Suite("golive report")
struct ReportCommandTests {
    static let header =
        "DATE,SOURCE_ID,EXTERNAL_REFERENCE,RECORD_TYPE,DESCRIPTION,NET_CREDIT_AMOUNT,NET_DEBIT_AMOUNT,GROSS_AMOUNT,"
        + "MP_FEE_AMOUNT,FINANCING_FEE_AMOUNT,SHIPPING_FEE_AMOUNT,TAXES_AMOUNT,COUPON_AMOUNT,INSTALLMENTS,PAYMENT_METHOD"

    /// A release report with every section and its subtotal, and the cents computed independently.
    static func releaseReport() -> (csv: String, initial: Int, credits: Int, debits: Int) {
        var lines = [header]
        var credits = 0
        var debits = 0
        func money(_ cents: Int) -> String { "\(cents / 100).\(String(format: "%02d", cents % 100))" }
        lines.append("2026-11-01T00:00:00.000-04:00,,,initial_available_balance,,500.00,0.00,,,,,,,,")
        lines.append(",,,subtotal,,500.00,0.00,,,,,,,,")
        var section = 0
        for index in 1...50 {
            let cents = 10_000 + index * 13
            credits += cents
            section += cents
            lines.append(
                "2026-11-\(String(format: "%02d", index % 28 + 1))T10:00:00.000-04:00,\(1000 + index),order-\(index),"
                    + "release,payment,\(money(cents)),0.00,\(money(cents + 500)),-5.00,0.00,0.00,0.00,0.00,1,visa")
        }
        debits += 30_000
        section -= 30_000
        lines.append("2026-11-20T10:00:00.000-04:00,,,release,withdrawal,0.00,300.00,300.00,0,0,0,0,0,1,")
        lines.append(",,,subtotal,,\(money(section)),0.00,,,,,,,,")
        debits += 1_234
        lines.append("2026-11-21T10:00:00.000-04:00,1007,order-7,block,dispute,0.00,12.34,12.34,0,0,0,0,0,1,visa")
        lines.append(",,,subtotal,,0.00,12.34,,,,,,,,")
        lines.append(",,,total,,\(money(credits)),\(money(debits)),,,,,,,,")
        return (lines.joined(separator: "\r\n") + "\r\n", 500_00, credits, debits)
    }

    static func money(_ cents: Int) -> String { "\(cents / 100).\(String(format: "%02d", cents % 100))" }

    func write(_ text: String, in binary: GoLiveBinary, name: String = "report.csv") throws -> String {
        let url = binary.home.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test("balance --json sums a release report to the cent and cross-checks its total")
    func balance() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let report = Self.releaseReport()
        let path = try write(report.csv, in: binary)
        let run = try await binary.run(["report", "balance", "--file", path, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try JSONValue.parse(Data(run.stdout.utf8))
        #expect(json["kind"] == "release")
        #expect(json["initial_available_balance"] == .string(Self.money(report.initial)))
        #expect(json["credits"] == .string(Self.money(report.credits)))
        #expect(json["debits"] == .string(Self.money(report.debits)))
        #expect(json["final_available_balance"] == .string(Self.money(report.initial + report.credits - report.debits)))
        #expect(json["held"] == "12.34")
        #expect(json["cross_check"]["matches"] == true)
        #expect(json["by_description"]["payment"]["count"] == 50)

        let text = try await binary.run(["report", "balance", "--file", path])
        #expect(text.status == 0)
        #expect(text.stdout.contains("Final available balance"))
    }

    @Test("balance refuses a malformed row naming its line, and --lenient skips and counts it")
    func malformed() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        var lines = Self.releaseReport().csv.components(separatedBy: "\r\n")
        lines[4] = "2026-11-03T10:00:00.000-04:00,1003,order-3,release,payment,1O0.00,0.00,,,,,,,,"
        let path = try write(lines.joined(separator: "\r\n"), in: binary)

        let strict = try await binary.run(["report", "balance", "--file", path, "--json"])
        #expect(strict.status == 1)
        let error = try JSONValue.parse(Data(strict.stdout.utf8))
        #expect(error["error"]["code"] == "report.malformed")
        #expect(strict.stderr.contains("line 5"))
        #expect(strict.stderr.contains("--lenient"))

        let lenient = try await binary.run(["report", "balance", "--file", path, "--json", "--lenient"])
        let json = try JSONValue.parse(Data(lenient.stdout.utf8))
        #expect(json["skipped"] == 1)
        #expect(json["problems"][0]["line"] == 5)
        // The skipped row's money is missing, so the report's own total no longer agrees: exit 1, said so.
        #expect(json["cross_check"]["matches"] == false)
        #expect(lenient.status == 1)
    }

    @Test("balance: a missing file, an unknown header and missing columns are clear errors")
    func badFiles() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let missing = try await binary.run(["report", "balance", "--file", "/nonexistent/report.csv"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("Cannot read the report"))
        let unknown = try await binary.run(["report", "balance", "--file", try write("a,b\n1,2\n", in: binary)])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("RECORD_TYPE"))
        let columns = try await binary.run([
            "report", "balance", "--json", "--file", try write("RECORD_TYPE;NET_CREDIT_AMOUNT\n", in: binary),
        ])
        #expect(try JSONValue.parse(Data(columns.stdout.utf8))["error"]["code"] == "report.missing_columns")
        #expect(columns.stderr.contains("NET_DEBIT_AMOUNT"))
        let usage = try await binary.run(["report", "balance"])
        #expect(usage.status == 2)
    }

    @Test("balance sums a settlement report by transaction type and payment method")
    func settlement() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let csv = """
            \u{FEFF}SOURCE_ID;EXTERNAL_REFERENCE;PAYMENT_METHOD;TRANSACTION_TYPE;TRANSACTION_AMOUNT;FEE_AMOUNT;SETTLEMENT_NET_AMOUNT
            1;a;visa;SETTLEMENT;100.00;-4.99;95.01
            2;"b;c";pix;SETTLEMENT;50.50;-0.50;50.00
            1;a;visa;REFUND;-100.00;4.99;-95.01
            """
        let run = try await binary.run(["report", "balance", "--json", "--file", try write(csv, in: binary)])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try JSONValue.parse(Data(run.stdout.utf8))
        #expect(json["kind"] == "settlement")
        #expect(json["gross"] == "50.50")
        #expect(json["fees"] == "-0.50")
        #expect(json["net"] == "50.00")
        #expect(json["by_transaction_type"]["SETTLEMENT"]["count"] == 2)
        #expect(json["by_payment_method"]["visa"]["net"] == "0.00")
        #expect(json["separator"] == ";")
    }
}

extension ReportCommandTests {
    @Test("reconcile compares the report with the orders in the store and exports the mismatches")
    func reconcile() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let storePath = binary.home.appendingPathComponent("golive.sqlite").path
        let store = try SQLiteStore(path: storePath)
        let approvedAt = MercadoPagoDate.parse("2026-11-10T12:00:00.000-04:00")!
        // The report (releaseReport) has payments 1001…1050 for order-1…order-50, amounts 100.13 + 0.13 × (i − 1)
        // net of a 5.00 fee: GROSS_AMOUNT = net + 5.00.
        for index in 1...50 where index != 9 {
            let gross = 10_000 + index * 13 + 500
            let amount = Decimal(string: Self.money(index == 3 ? gross + 1 : gross))!
            try await store.applyOrderUpdate(
                ShopOrder(
                    seller: "default", externalReference: "order-\(index)", status: "approved", amount: amount,
                    paymentIDs: ["\(1000 + index)"], source: .payment, sourceID: "\(1000 + index)",
                    dateLastUpdated: approvedAt, updatedAt: approvedAt))
        }
        try await store.applyOrderUpdate(
            ShopOrder(
                seller: "default", externalReference: "order-77", status: "approved", amount: 10,
                paymentIDs: ["1077"], source: .payment, sourceID: "1077", dateLastUpdated: approvedAt,
                updatedAt: approvedAt))
        let path = try write(Self.releaseReport().csv, in: binary)
        let out = binary.home.appendingPathComponent("mismatches.csv").path
        let run = try await binary.run([
            "report", "reconcile", "--file", path, "--json", "--csv", out, "--store", "sqlite:\(storePath)",
        ])
        #expect(run.status == 1, "\(run.stderr)")
        let json = try JSONValue.parse(Data(run.stdout.utf8))
        #expect(json["matched"] == 48)
        #expect(json["counts"]["amount_differs"] == 1)
        #expect(json["counts"]["released_unknown_order"] == 1)
        #expect(json["counts"]["approved_not_released"] == 1)
        let kinds = json["mismatches"].array.compactMap { $0["external_reference"].string }
        #expect(Set(kinds) == ["order-3", "order-9", "order-77"])
        let csv = try String(contentsOfFile: out, encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 4)
        #expect(csv.contains("amount_differs,6,2026-11-04T14:00:00.000+00:00,1003,order-3,105.39,105.4,"))
    }
}

extension ReportCommandTests {
    @Test(
        "fetch against the Sandbox: config created, 203 followed, polled, downloaded, remembered; then the check passes"
    )
    func fetchFromSandbox() async throws {
        let sandbox = MercadoPagoSandbox()
        let url = try await sandbox.start()
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let storePath = binary.home.appendingPathComponent("store/golive.sqlite").path
        let environment = [
            "MP_ACCESS_TOKEN": MercadoPagoSandbox.account(named: "production")!.accessToken,
            "MP_API_BASE": url.absoluteString, "GOLIVE_STORE": "sqlite:\(storePath)",
        ]
        let before = try await binary.run(["check", "--json"], environment: environment)
        let beforeJSON = try JSONValue.parse(Data(before.stdout.utf8))
        let status = beforeJSON["checks"].array.first { $0["id"] == "reports.configured" }?["status"]
        #expect(status == "fail")

        let tomorrow = ISO8601DateFormatter().string(from: Date().addingTimeInterval(86_400))
        for type in ["release", "settlement"] {
            let run = try await binary.run(
                ["report", "fetch", "--type", type, "--from", "2025-01-01", "--to", tomorrow], environment: environment)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("suggested other dates (203)"))
            #expect(run.stderr.contains("Waiting for Mercado Pago"))
            #expect(run.stdout.contains("Fetched \(type)_report"))
        }
        let folder = binary.home.appendingPathComponent("store/reports")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files.count == 2)
        let store = try SQLiteStore(path: storePath)
        #expect(try await store.fetchedReports(seller: "default", type: nil, limit: 10).count == 2)

        for file in files {
            let balance = try await binary.run([
                "report", "balance", "--json", "--file", folder.appendingPathComponent(file).path,
            ])
            #expect(balance.status == 0, "\(balance.stderr)")
        }
        let after = try await binary.run(["check", "--json"], environment: environment)
        let afterJSON = try JSONValue.parse(Data(after.stdout.utf8))
        #expect(afterJSON["checks"].array.first { $0["id"] == "reports.configured" }?["status"] == "pass")

        let liquidity = try await binary.run(
            ["report", "liquidity", "--json", "--days", "60"], environment: environment)
        #expect(liquidity.status == 0, "\(liquidity.stderr)")
        let json = try JSONValue.parse(Data(liquidity.stdout.utf8))
        #expect(json["total_pending"].string != nil)
        let sum = json["by_date"].array.compactMap { $0["amount"].string.flatMap { Decimal(string: $0) } }.reduce(0, +)
        #expect(Decimal(string: json["total_pending"].string ?? "") == sum)

        let bad = try await binary.run(["report", "fetch", "--type", "monthly"], environment: environment)
        #expect(bad.status == 2)
        await sandbox.stop()
    }
}
