import Foundation

extension ReportAmount {
    /// The amount as a JSON string (DESIGN.md: amounts are decimal strings, exact to the cent).
    public var json: JSONValue { .string(description) }
}

extension ReportSummary {
    /// The document of `golive report balance --json` (DESIGN.md "JSON shapes").
    public func json(file: String? = nil) -> JSONValue {
        var document: [String: JSONValue]
        switch totals {
        case .release(let balance): document = balance.jsonMembers
        case .settlement(let summary): document = summary.jsonMembers
        }
        document["separator"] = .string(String(separator))
        document["skipped"] = .number(Decimal(skipped))
        if !problems.isEmpty {
            document["problems"] = .array(
                problems.map { ["line": .number(Decimal($0.line)), "message": .string($0.message)] })
        }
        if let file { document["file"] = .string(file) }
        return .object(document)
    }
}

extension ReleaseBalance {
    var jsonMembers: [String: JSONValue] {
        func tally(_ tally: ReportTally) -> JSONValue {
            ["count": .number(Decimal(tally.count)), "credits": tally.credits.json, "debits": tally.debits.json]
        }
        var crossCheck: [String: JSONValue] = [
            "total_row": self.crossCheck.totalRow?.json ?? .null,
            "matches": self.crossCheck.matches.map(JSONValue.bool) ?? .null,
            "variant": self.crossCheck.variant.map(JSONValue.string) ?? .null,
        ]
        crossCheck["subtotals"] = .array(
            self.crossCheck.subtotals.map {
                [
                    "line": .number(Decimal($0.line)), "section": .string($0.section), "computed": $0.computed.json,
                    "reported": $0.reported.json, "matches": .bool($0.matches),
                ]
            })
        return [
            "kind": "release",
            "rows": .number(Decimal(rows)),
            "initial_available_balance": initialAvailableBalance.json,
            "credits": credits.json,
            "debits": debits.json,
            "final_available_balance": finalAvailableBalance.json,
            "held": held.json,
            "unclassified_rows": .number(Decimal(unclassifiedRows)),
            "by_record_type": .object(byRecordType.mapValues(tally)),
            "by_description": .object(byDescription.mapValues(tally)),
            "by_day": .array(
                byDay.map { ["date": .string($0.date), "credits": $0.credits.json, "debits": $0.debits.json] }),
            "cross_check": .object(crossCheck),
        ]
    }
}

extension SettlementSummary {
    var jsonMembers: [String: JSONValue] {
        func tally(_ tally: SettlementTally) -> JSONValue {
            [
                "count": .number(Decimal(tally.count)), "gross": tally.gross.json, "fees": tally.fees.json,
                "net": tally.net.json,
            ]
        }
        return [
            "kind": "settlement",
            "rows": .number(Decimal(rows)),
            "gross": gross.json,
            "fees": fees.json,
            "net": net.json,
            "by_transaction_type": .object(byTransactionType.mapValues(tally)),
            "by_payment_method": .object(byPaymentMethod.mapValues(tally)),
        ]
    }
}

extension ReportSummary {
    /// A readable account of the totals, for the terminal.
    public func text(file: String) -> String {
        var out = ""
        func line(_ label: String, _ value: String) {
            out += "  " + label.padding(toLength: 28, withPad: " ", startingAt: 0) + value + "\n"
        }
        switch totals {
        case .release(let balance):
            out += "Release report \(file) — \(balance.rows) rows\n"
            line("Initial available balance", balance.initialAvailableBalance.description)
            line("Credits", balance.credits.description)
            line("Debits", balance.debits.description)
            line("Final available balance", balance.finalAvailableBalance.description)
            line("Held (blocked, not unblocked)", balance.held.description)
            out += "\n  By record type\n"
            for (name, tally) in balance.byRecordType.sorted(by: { $0.key < $1.key }) {
                line(
                    "    \(name)", "\(tally.count) rows, credits \(tally.credits), debits \(tally.debits)")
            }
            out += "\n  By description\n"
            for (name, tally) in balance.byDescription.sorted(by: { $0.key < $1.key }) {
                line(
                    "    \(name)", "\(tally.count) rows, credits \(tally.credits), debits \(tally.debits)")
            }
            if !balance.byDay.isEmpty {
                out += "\n  By day\n"
                for day in balance.byDay { line("    \(day.date)", "credits \(day.credits), debits \(day.debits)") }
            }
            out += "\n"
            let check = balance.crossCheck
            switch check.matches {
            case nil:
                out += "  No subtotal or total rows to cross-check against.\n"
            case true?:
                out += "  Cross-check: the report's own subtotal and total rows agree with the sums.\n"
            case false?:
                out += "  CROSS-CHECK FAILED: "
                if let total = check.totalRow, check.variant == nil {
                    out += "the total row says \(total), the rows add up to \(balance.credits - balance.debits). "
                }
                for subtotal in check.subtotals where !subtotal.matches {
                    out +=
                        "The subtotal at line \(subtotal.line) (\(subtotal.section)) says \(subtotal.reported), "
                        + "its rows add up to \(subtotal.computed). "
                }
                out += "\n"
            }
            if balance.unclassifiedRows > 0 {
                out +=
                    "  \(balance.unclassifiedRows) rows have a RECORD_TYPE golive does not know: counted, not summed.\n"
            }
        case .settlement(let summary):
            out += "Settlement report \(file) — \(summary.rows) rows\n"
            line("Gross", summary.gross.description)
            line("Fees", summary.fees.description)
            line("Net", summary.net.description)
            for (title, groups) in [
                ("By transaction type", summary.byTransactionType), ("By payment method", summary.byPaymentMethod),
            ] where !groups.isEmpty {
                out += "\n  \(title)\n"
                for (name, tally) in groups.sorted(by: { $0.key < $1.key }) {
                    line(
                        "    \(name)", "\(tally.count) rows, gross \(tally.gross), fees \(tally.fees), net \(tally.net)"
                    )
                }
            }
        }
        if skipped > 0 {
            out += "\n  Skipped \(skipped) malformed rows (--lenient):\n"
            for problem in problems { out += "    line \(problem.line): \(problem.message)\n" }
        }
        return out
    }
}
