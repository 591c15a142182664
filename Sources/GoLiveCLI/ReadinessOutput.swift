import Foundation
import GoLiveCore
import TerminalUI

/// Prints readiness reports: one JSON document on stdout with `--json`, a readable report otherwise.
enum ReadinessOutput {
    /// The readable report is in `language` (the JSON document never changes with it).
    static func emit(_ report: ReadinessReport, json: Bool, context: String, language: Language = .english) throws {
        if json {
            let data = try JSONEncoder.goLive().encode(report)
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        } else {
            print(
                render(report, context: context, style: TextStyle.forStandardOutput(), language: language),
                terminator: "")
        }
    }

    static func emit(_ error: GoLiveError, json: Bool) {
        if json {
            let document: JSONValue = [
                "error": [
                    "code": .string(error.code.rawValue), "message": .string(error.message),
                    "remedy": error.remedy.map(JSONValue.string) ?? .null,
                ]
            ]
            FileHandle.standardOutput.write(document.encoded(pretty: true) + Data("\n".utf8))
        }
        FileHandle.standardError.write(Data("golive: \(error)\n".utf8))
    }

    static func render(
        _ report: ReadinessReport, context: String, style: TextStyle, language: Language = .english
    ) -> String {
        let text = UIText(language)
        var out = ""
        out += style.bold(text.readinessTitle(seller: report.seller, userID: report.sellerID)) + "\n"
        out += style.dim(text.checkedAt(timestamp(report.checkedAt), context: context)) + "\n\n"
        let idWidth = report.checks.map(\.id.rawValue.count).max() ?? 0
        let statusWidth = max(7, CheckStatus.allCases.map { text.reportStatus($0).count }.max() ?? 7)
        let indent = 2 + statusWidth + 2 + idWidth + 2
        for check in report.checks {
            let label = style.status(check.status, word: text.reportStatus(check.status), width: statusWidth)
            let id = check.id.rawValue.padding(toLength: idWidth, withPad: " ", startingAt: 0)
            out += "  \(label)  \(id)  " + wrap(text.check(check.summary), indent: indent, width: style.width) + "\n"
            for action in check.actions {
                out +=
                    String(repeating: " ", count: indent) + style.dim("→ ")
                    + wrap(text.check(action), indent: indent + 2, width: style.width) + "\n"
            }
        }
        let counts = Dictionary(grouping: report.checks, by: \.status).mapValues(\.count)
        let tally = text.tally(counts)
        out += "\n"
        if report.ready {
            out += style.bold(text.readyWord) + " — \(tally).\n"
        } else {
            var advice: [String] = []
            if (counts[.fail] ?? 0) > 0 { advice.append(text.fixFailLines) }
            if (counts[.unknown] ?? 0) > 0 { advice.append(text.unknownLinesAdvice) }
            let joined = advice.joined(separator: "; ")
            out +=
                style.bold(text.notReadyWord) + " — \(tally). " + joined.prefix(1).uppercased() + joined.dropFirst()
                + ".\n"
        }
        return out
    }

    /// Word-wraps `text` that starts at column `indent`, continuing lines at the same column.
    /// `width` nil (not a terminal) leaves lines whole, so they stay greppable.
    static func wrap(_ text: String, indent: Int, width: Int?) -> String {
        guard let width, width - indent >= 20 else { return text }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty, line.count + 1 + word.count > width - indent {
                lines.append(line)
                line = String(word)
            } else {
                line += line.isEmpty ? String(word) : " " + word
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n" + String(repeating: " ", count: indent))
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

/// Emphasis for terminals that want it: status words are always spelled out, colour only adds to them.
struct TextStyle {
    var colour: Bool
    /// The terminal's width, or nil when stdout is not a terminal.
    var width: Int? = nil

    static func forStandardOutput(environment: [String: String] = ProcessInfo.processInfo.environment) -> TextStyle {
        let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let dumb = (environment["TERM"] ?? "dumb") == "dumb"
        let terminal = isatty(STDOUT_FILENO) == 1
        var width: Int?
        if terminal {
            var size = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
                width = Int(size.ws_col)
            } else if let columns = environment["COLUMNS"].flatMap(Int.init) {
                width = columns
            }
        }
        return TextStyle(colour: terminal && !noColour && !dumb, width: width)
    }

    func status(_ status: CheckStatus, word: String? = nil, width: Int = 7) -> String {
        let word = (word ?? status.rawValue.uppercased()).padding(toLength: width, withPad: " ", startingAt: 0)
        guard colour else { return word }
        let code =
            switch status {
            case .pass: "32"
            case .warn: "33"
            case .fail: "31;1"
            case .unknown: "36"
            }
        return "\u{1B}[\(code)m\(word)\u{1B}[0m"
    }

    func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    func dim(_ text: String) -> String { colour ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
}
