import Foundation
import GoLiveCore
import TerminalUI

/// `golive check --all-sellers`: one JSON document with `--json`; otherwise a table (a row a seller, a column a
/// requirement) and, below it, what is wrong with each seller that is not ready.
extension ReadinessOutput {
    static func emit(_ report: AllSellersReport, json: Bool, context: String, language: Language = .english) throws {
        if json {
            let data = try JSONEncoder.goLive().encode(report)
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        } else {
            print(
                render(report, context: context, style: TextStyle.forStandardOutput(), language: language),
                terminator: "")
        }
        for seller in report.sellers {
            if let error = seller.error {
                FileHandle.standardError.write(Data("golive: \(seller.report.seller): \(error.message)\n".utf8))
            }
        }
    }

    static func render(
        _ report: AllSellersReport, context: String, style: TextStyle, language: Language = .english
    ) -> String {
        let text = UIText(language)
        var out = style.bold(text.allSellersTitle(report.sellers.count)) + "\n"
        out += style.dim(text.checkedAt(timestamp(report.checkedAt), context: context)) + "\n\n"

        // The table: a verdict and one status word per requirement, columns as wide as their widest word.
        let statusWords = CheckStatus.allCases.map { text.reportStatus($0) } + ["-"]
        let nameWidth = max(
            DisplayWidth.of(text.sellerColumn), report.sellers.map { DisplayWidth.of($0.report.seller) }.max() ?? 0)
        let verdictWidth =
            [text.verdictColumn, text.readyWord, text.notReadyWord, text.errorWord].map(DisplayWidth.of)
            .max() ?? 9
        let columns = Requirement.all.map { requirement in
            (requirement, max(DisplayWidth.of(text.requirementShort(requirement)), statusWords.map(\.count).max() ?? 7))
        }
        func pad(_ value: String, _ width: Int) -> String {
            value + String(repeating: " ", count: max(0, width - DisplayWidth.of(value)))
        }
        var header = "  " + pad(text.sellerColumn, nameWidth) + "  " + pad(text.verdictColumn, verdictWidth)
        for (requirement, width) in columns { header += "  " + pad(text.requirementShort(requirement), width) }
        out += style.dim(header.trimmingTrailingSpaces()) + "\n"
        for seller in report.sellers {
            var line = "  " + pad(seller.report.seller, nameWidth) + "  "
            if seller.error != nil {
                line += style.status(.fail, word: text.errorWord, width: verdictWidth)
            } else if seller.report.ready {
                line += style.status(.pass, word: text.readyWord, width: verdictWidth)
            } else {
                line += style.status(.fail, word: text.notReadyWord, width: verdictWidth)
            }
            let statuses = seller.requirements
            for (requirement, width) in columns {
                line += "  "
                if let status = statuses[requirement.id] {
                    line += style.status(status, word: text.reportStatus(status), width: width)
                } else {
                    line += pad("-", width)
                }
            }
            out += line.trimmingTrailingSpaces() + "\n"
        }

        // What is wrong, seller by seller: the error (alone: the rest follows from it), else each failing or unknown
        // check and its next step.
        for seller in report.sellers where !seller.report.ready {
            out += "\n" + style.bold(text.sellerHeading(seller.report.seller, userID: seller.report.sellerID)) + "\n"
            if let error = seller.error {
                out +=
                    "  " + style.status(.fail, word: text.errorWord, width: 7) + "  \(error.code): "
                    + wrap(text.check(error.message), indent: 4, width: style.width) + "\n"
                if let remedy = error.remedy {
                    out += "    " + style.dim("→ ") + wrap(text.check(remedy), indent: 6, width: style.width) + "\n"
                }
                // The other results follow from the error: counted, not listed (the JSON has them all).
                let counts = Dictionary(grouping: seller.report.checks, by: \.status).mapValues(\.count)
                if !seller.report.checks.isEmpty { out += "    " + style.dim(text.tally(counts)) + "\n" }
                continue
            }
            let idWidth = seller.report.checks.map(\.id.rawValue.count).max() ?? 0
            let statusWidth = max(7, CheckStatus.allCases.map { text.reportStatus($0).count }.max() ?? 7)
            for check in seller.report.checks where !check.status.isReady {
                let label = style.status(check.status, word: text.reportStatus(check.status), width: statusWidth)
                let id = check.id.rawValue.padding(toLength: idWidth, withPad: " ", startingAt: 0)
                let indent = 2 + statusWidth + 2 + idWidth + 2
                out +=
                    "  \(label)  \(id)  " + wrap(text.check(check.summary), indent: indent, width: style.width) + "\n"
                if let action = check.actions.first {
                    out +=
                        String(repeating: " ", count: indent) + style.dim("→ ")
                        + wrap(text.check(action), indent: indent + 2, width: style.width) + "\n"
                }
            }
        }
        let summary = report.summary
        let tally = text.sellersSummary(ready: summary.ready, of: summary.sellers, errors: summary.errors)
        out += "\n"
        if report.ready {
            out += style.bold(text.readyWord) + " — \(tally).\n"
        } else {
            out += style.bold(text.notReadyWord) + " — \(tally). \(text.fixTheSellersAbove).\n"
        }
        return out
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
