import Foundation
import GoLiveCore
import StoreSQLite
import TerminalUI

/// `golive walkthrough --export FILE.md|FILE.json` (issue 9): the go-live report to attach to a ticket — every
/// requirement with its latest check results (evidence and times), the sign-offs, the quality score, the
/// walkthrough's dates and golive's version. Read from the store only; never a secret, a payer e-mail or an
/// identification number (every text goes through ``ExportSanitizer``).
struct WalkthroughExport: Sendable, Hashable, Encodable {
    struct Requirement: Sendable, Hashable, Encodable {
        var id: String
        var title: String
        /// `pass|warn|fail|unknown` (the worst of its checks; `unknown` when a check never ran).
        var status: CheckStatus
        var checks: [CheckResult]
        /// The check ids with no stored result yet.
        var notChecked: [String]
        var signOffs: [ExportSignOff]
        /// The title in the report's language (absent in English; `title` stays English).
        var localizedTitle: String?

        enum CodingKeys: String, CodingKey {
            case id, title, status, checks
            case notChecked = "not_checked"
            case signOffs = "sign_offs"
            case localizedTitle = "title_localized"
        }
    }

    struct ExportSignOff: Sendable, Hashable, Encodable {
        var what: String
        var by: String
        var at: Date
        var note: String?
    }

    struct Quality: Sendable, Hashable, Encodable {
        var paymentID: String
        var score: Int
        var threshold: Int
        var passed: Bool
        var estimate: Bool
        var officialScore: Int?
        var measuredAt: Date

        enum CodingKeys: String, CodingKey {
            case score, threshold, passed, estimate
            case paymentID = "payment_id"
            case officialScore = "official_score"
            case measuredAt = "measured_at"
        }
    }

    struct Report: Sendable, Hashable, Encodable {
        var type: String
        var fileName: String
        var fetchedAt: Date
        enum CodingKeys: String, CodingKey {
            case type
            case fileName = "file_name"
            case fetchedAt = "fetched_at"
        }
    }

    var goliveVersion: String
    var generatedAt: Date
    var seller: String
    var sellerID: Int64?
    var ready: Bool
    var walkthrough: WalkthroughProgress?
    var requirements: [Requirement]
    var signOffs: [ExportSignOff]
    var quality: Quality?
    var reports: [Report]
    /// The language the report was asked in (`en`, `es`, `pt-BR`); values and ids stay English in the JSON.
    var language = Language.english.rawValue

    enum CodingKeys: String, CodingKey {
        case seller, ready, walkthrough, requirements, quality, reports, language
        case goliveVersion = "golive_version"
        case generatedAt = "generated_at"
        case sellerID = "seller_id"
        case signOffs = "sign_offs"
    }

    /// Gathers the report for a seller from the store.
    static func gather(store: any GoLiveDatabase, seller: String, now: Date) async throws -> WalkthroughExport {
        let results = Dictionary(
            try await store.latestCheckResults(seller: seller).map { ($0.id, ExportSanitizer.clean($0)) },
            uniquingKeysWith: { first, _ in first })
        let signOffs = try await store.signOffs(seller: seller).sorted { $0.at < $1.at }.map {
            ExportSignOff(
                what: $0.what, by: ExportSanitizer.clean($0.by), at: $0.at, note: $0.note.map(ExportSanitizer.clean))
        }
        var requirements: [Requirement] = []
        for step in WalkthroughStep.all where step.id != "summary" {
            let found = step.checks.compactMap { results[$0] }
            let missing = step.checks.filter { results[$0] == nil }.map(\.rawValue)
            let worst =
                missing.isEmpty
                ? found.map(\.status).max { severity($0) < severity($1) } ?? .unknown : CheckStatus.unknown
            let mine = signOffs.filter { $0.what == step.id || step.checks.map(\.rawValue).contains($0.what) }
            requirements.append(
                Requirement(
                    id: step.id, title: step.title, status: worst, checks: found, notChecked: missing,
                    signOffs: mine))
        }
        let measurement = try await store.qualityMeasurements(seller: seller, limit: 1).first
        let quality = measurement.map {
            Quality(
                paymentID: $0.paymentID, score: $0.score, threshold: $0.threshold, passed: $0.passed,
                estimate: $0.estimate, officialScore: $0.officialScore, measuredAt: $0.measuredAt)
        }
        let reports = try await store.fetchedReports(seller: seller, type: nil, limit: 10).map {
            Report(type: $0.type.rawValue, fileName: $0.fileName, fetchedAt: $0.fetchedAt)
        }
        let sellerID = try await store.sellers().first { $0.name == seller }?.userID
        return WalkthroughExport(
            goliveVersion: GoLiveCommand.version, generatedAt: now, seller: seller, sellerID: sellerID ?? nil,
            // A sign-off vouches for what golive cannot see (unknown), never for a check it saw fail.
            ready: requirements.allSatisfy { requirement in
                requirement.status.isReady
                    || (!requirement.signOffs.isEmpty
                        && requirement.checks.allSatisfy { $0.status.isReady || $0.status == .unknown })
            },
            walkthrough: try await store.walkthroughProgress(
                seller: seller),
            requirements: requirements, signOffs: signOffs, quality: quality, reports: reports)
    }

    /// The same report for `text`'s language: the JSON says which, and carries each requirement's translated
    /// title next to the English one (additive: no English field changes).
    func localized(_ text: UIText) -> WalkthroughExport {
        var copy = self
        copy.language = text.language.rawValue
        copy.requirements = requirements.map { requirement in
            var requirement = requirement
            let title = self.title(requirement, text: text)
            requirement.localizedTitle = text.language == .english || title == requirement.title ? nil : title
            return requirement
        }
        return copy
    }

    static func severity(_ status: CheckStatus) -> Int {
        switch status {
        case .pass: 0
        case .warn: 1
        case .unknown: 2
        case .fail: 3
        }
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// The report in Markdown, in `text`'s language: headings, labels, check titles, summaries and remedies
    /// translated (``UIText``, ``CheckText``); ids, check ids, file names and times as stored.
    func markdown(text: UIText = UIText(.english)) -> String {
        func time(_ date: Date) -> String { ReadinessOutput.timestamp(date) }
        func status(_ status: CheckStatus) -> String { text.plainStatus(status).uppercased() }
        func local(_ english: String) -> String { CheckText.localize(english, to: text.language) }
        var out = "# \(text.exportTitle(seller))\n\n"
        out += "| | |\n| --- | --- |\n"
        out += "| \(text.exportSeller) | \(cell(seller))\(sellerID.map { " (\(text.exportUser($0)))" } ?? "") |\n"
        out += "| \(text.exportReady) | **\(ready ? text.exportYes : text.exportNo)** |\n"
        out += "| \(text.exportGenerated) | \(time(generatedAt)) |\n"
        if let walkthrough {
            out += "| \(text.exportStarted) | \(time(walkthrough.startedAt)) |\n"
            out += "| \(text.exportLastUsed) | \(time(walkthrough.updatedAt)) |\n"
        }
        if let quality {
            let line = text.exportQuality(
                score: quality.score, threshold: quality.threshold, passed: quality.passed,
                estimate: quality.estimate, official: quality.officialScore, payment: cell(quality.paymentID),
                at: time(quality.measuredAt))
            out += "| \(text.exportQualityScore) | \(line) |\n"
        }
        out += "| golive | \(goliveVersion) |\n\n"
        out += "## \(text.exportRequirements)\n\n| # | \(text.exportRequirement) | \(text.exportStatus) |\n"
        out += "| --- | --- | --- |\n"
        for (index, requirement) in requirements.enumerated() {
            out += "| \(index + 1) | \(title(requirement, text: text)) | \(status(requirement.status)) |\n"
        }
        for (index, requirement) in requirements.enumerated() {
            out += "\n## \(index + 1). \(title(requirement, text: text)): \(status(requirement.status))\n\n"
            for check in requirement.checks {
                out += "- **\(status(check.status))** `\(check.id.rawValue)` \(cell(text.checkTitle(check))) — "
                out += "\(cell(local(check.summary))) (\(text.exportChecked(time(check.checkedAt))))\n"
                for (key, value) in check.details.sorted(by: { $0.key < $1.key }) {
                    out += "  - \(key): \(cell(Self.text(value)))\n"
                }
                if check.status != .pass {
                    for action in check.actions { out += "  - \(text.exportToDo): \(cell(local(action)))\n" }
                }
            }
            for id in requirement.notChecked {
                out += "- **\(text.exportNotChecked)** `\(id)`: \(text.exportNoResult)\n"
            }
            for signOff in requirement.signOffs {
                out += "- " + text.exportSignedOff("`\(signOff.what)`", by: cell(signOff.by), at: time(signOff.at))
                out += signOff.note.map { ": \(cell($0))" } ?? ""
                out += "\n"
            }
        }
        out += "\n## \(text.exportSignOffs)\n\n"
        if signOffs.isEmpty {
            out += "\(text.exportNone)\n"
        } else {
            out += "| \(text.exportWhat) | \(text.exportBy) | \(text.exportWhen) | \(text.exportNote) |\n"
            out += "| --- | --- | --- | --- |\n"
            for signOff in signOffs {
                out += "| \(cell(signOff.what)) | \(cell(signOff.by)) | \(time(signOff.at)) | "
                out += "\(cell(signOff.note ?? "")) |\n"
            }
        }
        if !reports.isEmpty {
            out += "\n## \(text.exportReports)\n\n"
            for report in reports {
                out += "- \(report.type): \(cell(report.fileName)), \(time(report.fetchedAt))\n"
            }
        }
        return out
    }

    /// A requirement's title in the report's language (the step's title; stored ids stay English).
    private func title(_ requirement: Requirement, text: UIText) -> String {
        WalkthroughStep.all.first { $0.id == requirement.id }.map { text.stepTitle($0) } ?? requirement.title
    }

    /// One table cell / list item: no line breaks or pipes that would break the Markdown.
    private func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "|", with: "\\|")
    }

    static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .array(let items): items.map(text).joined(separator: ", ")
        case .object(let members):
            members.sorted { $0.key < $1.key }.map { "\($0.key)=\(text($0.value))" }.joined(separator: ", ")
        default: value.string ?? ""
        }
    }
}

/// What keeps the report fit to attach anywhere: e-mails and identification numbers masked, anything that
/// looks like a credential cut to its masked form, wherever it appears.
enum ExportSanitizer {
    static func clean(_ result: CheckResult) -> CheckResult {
        var copy = result
        copy.title = clean(result.title)
        copy.summary = clean(result.summary)
        copy.actions = result.actions.map { clean($0) }
        copy.details = result.details.reduce(into: [:]) { $0[$1.key] = clean($1.value, key: $1.key) }
        return copy
    }

    /// Payer fields by key (identification, phone, addresses, names, e-mails) — `PayerData`'s rules, shared
    /// with the wall, the listings and `store purge`.
    static func clean(_ value: JSONValue, key: String) -> JSONValue { PayerData.mask(value, key: key) }

    /// Masks every e-mail address and credential-looking token in a text.
    static func clean(_ text: String) -> String { PayerData.maskText(text) }
}
