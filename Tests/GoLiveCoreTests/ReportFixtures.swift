import Foundation

/// Release and settlement reports built with Mercado Pago's documented columns and sections
/// (MERCADOPAGO.md §6.3, §6.4), with the expected totals computed independently, in integer cents, while the
/// rows are made.
struct ReleaseReportFixture {
    static let header = [
        "DATE", "SOURCE_ID", "EXTERNAL_REFERENCE", "RECORD_TYPE", "DESCRIPTION", "NET_CREDIT_AMOUNT",
        "NET_DEBIT_AMOUNT", "GROSS_AMOUNT", "MP_FEE_AMOUNT", "FINANCING_FEE_AMOUNT", "SHIPPING_FEE_AMOUNT",
        "TAXES_AMOUNT", "COUPON_AMOUNT", "INSTALLMENTS", "PAYMENT_METHOD",
    ]

    var rows: [[String]] = []
    var initialCents = 0
    var creditCents = 0
    var debitCents = 0
    var heldCents = 0
    var byDay: [String: (credits: Int, debits: Int)] = [:]
    var byDescription: [String: (count: Int, credits: Int, debits: Int)] = [:]
    private var sectionCredit = 0
    private var sectionDebit = 0

    static func money(_ cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = abs(cents)
        return "\(sign)\(magnitude / 100).\(String(format: "%02d", magnitude % 100))"
    }

    mutating func initial(_ cents: Int, date: String = "2026-11-01T00:00:00.000-04:00") {
        initialCents += cents
        rows.append([date, "", "", "initial_available_balance", "", Self.money(cents), "0.00"] + blanks())
        sectionCredit += cents
    }

    mutating func row(
        _ type: String, _ description: String, credit: Int, debit: Int, day: String = "2026-11-02",
        source: String = "", reference: String = "", method: String = "account_money"
    ) {
        creditCents += credit
        debitCents += debit
        if type != "release" { heldCents += debit - credit }
        sectionCredit += credit
        sectionDebit += debit
        byDay[day, default: (0, 0)].credits += credit
        byDay[day, default: (0, 0)].debits += debit
        byDescription[description, default: (0, 0, 0)].count += 1
        byDescription[description, default: (0, 0, 0)].credits += credit
        byDescription[description, default: (0, 0, 0)].debits += debit
        let gross = credit > 0 ? credit + credit / 10 : debit
        rows.append(
            [
                "\(day)T15:11:12.000-04:00", source, reference, type, description, Self.money(credit),
                Self.money(debit), Self.money(gross), Self.money(-(gross - max(credit, debit))), "0.00", "0.00",
                "0.00", "0.00", "1", method,
            ])
    }

    mutating func subtotal(reported: Int? = nil) {
        let net = sectionCredit - sectionDebit
        let value = reported ?? net
        rows.append(
            ["", "", "", "subtotal", "", Self.money(max(value, 0)), Self.money(max(-value, 0))] + blanks())
        sectionCredit = 0
        sectionDebit = 0
    }

    mutating func total(credit: Int? = nil, debit: Int? = nil) {
        rows.append(
            ["", "", "", "total", "", Self.money(credit ?? creditCents), Self.money(debit ?? debitCents)] + blanks())
    }

    private func blanks() -> [String] { Array(repeating: "", count: Self.header.count - 7) }

    /// A typical month: initial balance, releases (payments, a refund, a chargeback, a withdrawal), blocks
    /// and unblocks, each section with its subtotal, and the total.
    static func month(subtotals: Bool = true) -> ReleaseReportFixture {
        var report = ReleaseReportFixture()
        report.initial(1_000_00)
        if subtotals { report.subtotal() }
        for day in 1...28 {
            let date = "2026-11-\(day < 10 ? "0" : "")\(day)"
            report.row(
                "release", "payment", credit: 225_96 + day, debit: 0, day: date, source: "\(9000 + day)",
                reference: "order-\(day)")
            if day % 7 == 0 {
                report.row(
                    "release", "refund", credit: 0, debit: 50_00, day: date, source: "\(9000 + day)",
                    reference: "order-\(day)")
            }
        }
        report.row("release", "chargeback", credit: 0, debit: 120_00, day: "2026-11-20", source: "9020")
        report.row("release", "withdrawal", credit: 0, debit: 2_000_00, day: "2026-11-25")
        if subtotals { report.subtotal() }
        report.row("block", "dispute", credit: 0, debit: 300_00, day: "2026-11-10", source: "9010")
        report.row("block", "reserve_for_refund", credit: 0, debit: 75_50, day: "2026-11-11")
        if subtotals { report.subtotal() }
        report.row("unblock", "dispute", credit: 300_00, debit: 0, day: "2026-11-18", source: "9010")
        if subtotals {
            report.subtotal()
            report.total()
        }
        return report
    }

    func csv(separator: String = ",", lineEnding: String = "\n", bom: Bool = false, columns: [String]? = nil) -> String
    {
        let order = (columns ?? Self.header).map { Self.header.firstIndex(of: $0)! }
        var lines = [order.map { Self.header[$0] }.joined(separator: separator)]
        for row in rows {
            lines.append(order.map { quoteIfNeeded(row[$0], separator: separator) }.joined(separator: separator))
        }
        return (bom ? "\u{FEFF}" : "") + lines.joined(separator: lineEnding) + lineEnding
    }

    private func quoteIfNeeded(_ field: String, separator: String) -> String {
        guard field.contains(separator) || field.contains("\"") || field.contains("\n") else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

struct SettlementReportFixture {
    static let header = [
        "EXTERNAL_REFERENCE", "SOURCE_ID", "USER_ID", "PAYMENT_METHOD", "PAYMENT_METHOD_TYPE", "SITE",
        "TRANSACTION_TYPE", "TRANSACTION_AMOUNT", "TRANSACTION_CURRENCY", "TRANSACTION_DATE", "FEE_AMOUNT",
        "SETTLEMENT_NET_AMOUNT", "SETTLEMENT_CURRENCY", "SETTLEMENT_DATE", "REAL_AMOUNT", "COUPON_AMOUNT",
        "METADATA", "INSTALLMENTS",
    ]
    var rows: [[String]] = []
    var gross = 0
    var fees = 0
    var net = 0
    var byType: [String: (count: Int, gross: Int, fees: Int, net: Int)] = [:]
    var byMethod: [String: (count: Int, gross: Int, fees: Int, net: Int)] = [:]

    mutating func row(_ type: String, method: String, gross: Int, fee: Int, reference: String, source: String) {
        let net = gross + fee
        self.gross += gross
        fees += fee
        self.net += net
        byType[type, default: (0, 0, 0, 0)].count += 1
        byType[type, default: (0, 0, 0, 0)].gross += gross
        byType[type, default: (0, 0, 0, 0)].fees += fee
        byType[type, default: (0, 0, 0, 0)].net += net
        byMethod[method, default: (0, 0, 0, 0)].count += 1
        byMethod[method, default: (0, 0, 0, 0)].gross += gross
        byMethod[method, default: (0, 0, 0, 0)].fees += fee
        byMethod[method, default: (0, 0, 0, 0)].net += net
        let money = ReleaseReportFixture.money
        rows.append(
            [
                reference, source, "123456", method, method == "account_money" ? "account_money" : "credit_card",
                "MLA", type, money(gross), "ARS", "2026-11-03T10:00:00.000-04:00", money(fee), money(net), "ARS",
                "2026-11-03T10:00:00.000-04:00", money(net), "0.00", "{\"note\": \"a, b\"}", "1",
            ])
    }

    static func sample() -> SettlementReportFixture {
        var report = SettlementReportFixture()
        for index in 1...40 {
            let method = ["visa", "master", "account_money", "pix"][index % 4]
            report.row(
                "SETTLEMENT", method: method, gross: 1_000_00 + index * 37, fee: -(49_90 + index),
                reference: "order-\(index)",
                source: "\(7000 + index)")
        }
        report.row("REFUND", method: "visa", gross: -500_00, fee: 24_95, reference: "order-4", source: "7004")
        report.row("CHARGEBACK", method: "master", gross: -1_000_37, fee: 0, reference: "order-1", source: "7001")
        report.row("WITHDRAWAL", method: "account_money", gross: -3_000_00, fee: -5_00, reference: "", source: "")
        return report
    }

    func csv(separator: String = ",") -> String {
        var lines = [Self.header.joined(separator: separator)]
        for row in rows {
            lines.append(
                row.map { field in
                    field.contains(separator) || field.contains("\"")
                        ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
                }.joined(separator: separator))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
