import ArgumentParser
import Foundation
import GoLiveConfig
import GoLiveCore
import StoreSQLite

/// `golive quality`: golive's estimate of Mercado Pago's integration-quality score from a payment, the
/// official score beside it, sign-offs for what golive cannot see, and approval advice (issue 5).
struct QualityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Estimate the integration-quality score (0–100, minimum 73) from a production payment.",
        subcommands: [
            QualityMeasureCommand.self, QualityRecordCommand.self, QualitySignoffCommand.self,
            QualityHistoryCommand.self, QualityApprovalCommand.self,
        ],
        defaultSubcommand: QualityMeasureCommand.self)
}

struct QualityMeasureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure",
        abstract: "Score a payment against Mercado Pago's published quality criteria (`golive quality ID`).",
        discussion: """
            Fetches GET /v1/payments/{id} (and its merchant order), adds golive's own evidence (stored SSL and \
            report checks, notifications, sign-offs) and scores it. Without PAYMENT_ID, the latest approved \
            production payment is used. This is golive's estimate from published criteria; record the official \
            score with `golive quality record`. Exit 0 when it passes on a production payment, 1 otherwise.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The ID of a payment made with production credentials.") var paymentID: String?
    @Flag(help: "Print one JSON document on stdout.") var json = false

    func run() async throws {
        let measurement = try await QualityRun.withSession(global, json: json) { settings, session in
            guard let gateway = session.gateway(for: settings.seller) else {
                throw GoLiveError(
                    .qualityNoAccessToken, "No access token is configured, so no payment can be read.",
                    remedy: "Set MP_ACCESS_TOKEN or MP_ACCESS_TOKEN_FILE to the seller's production access token.")
            }
            let measurer = session.qualityMeasurer()
            var id = paymentID
            if let given = id {
                guard !given.isEmpty, given.allSatisfy(\.isASCII), given.allSatisfy(\.isNumber) else {
                    throw GoLiveError(
                        .usage, "\"\(given)\" is not a payment ID.",
                        remedy: "Payment IDs are numbers, e.g. golive quality 1321456789.")
                }
            } else {
                let latest = try await QualityMeasurer.latestApprovedProductionPayment(
                    gateway: gateway, now: Date())
                guard let latest else {
                    throw GoLiveError(
                        .qualityNoProductionPayment,
                        "No approved production payment was found in the last 12 months.",
                        remedy: "Make a real payment with production credentials, then run golive quality PAYMENT_ID.")
                }
                id = latest.id
            }
            return try await measurer.measure(paymentID: id ?? "", seller: settings.seller.name, gateway: gateway)
        }
        if json {
            FileHandle.standardOutput.write(try JSONEncoder.goLive().encode(measurement) + Data("\n".utf8))
        } else {
            print(QualityOutput.render(measurement, style: TextStyle.forStandardOutput()), terminator: "")
        }
        if !(measurement.passed && measurement.liveMode) { throw CommandFailure.notReady }
    }
}

struct QualityRecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record the official score Mercado Pago's panel gave for a payment, beside golive's estimate.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The payment ID the official measurement used.") var paymentID: String
    @Option(help: "The official score, 0–100.") var score: Int

    func validate() throws {
        guard (0...100).contains(score) else { throw ValidationError("--score must be between 0 and 100.") }
        guard !paymentID.isEmpty, paymentID.allSatisfy(\.isASCII), paymentID.allSatisfy(\.isNumber) else {
            throw ValidationError("\"\(paymentID)\" is not a payment ID (payment IDs are numbers).")
        }
    }

    func run() async throws {
        let estimate = try await QualityRun.withSession(global, json: false) { settings, session in
            let seller = settings.seller.name
            try await session.store.recordOfficialScore(
                OfficialQualityScore(seller: seller, paymentID: paymentID, score: score, recordedAt: Date()))
            return try await session.store.qualityMeasurements(seller: seller, limit: 200)
                .first { $0.paymentID == paymentID }
        }
        var line = "Recorded Mercado Pago's official score \(score) for payment \(paymentID)"
        if let estimate { line += " (golive's estimate: \(estimate.score))" }
        print(line + ".")
    }
}

struct QualitySignoffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signoff",
        abstract: "Sign off a criterion golive cannot see (device_id, frontend_sdk, backend_sdk…).",
        discussion: "Criteria: "
            + QualityRubric.standard.criteria.filter(\.canBeSignedOff).map(\.id).joined(separator: ", ") + ".")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The criterion id.") var criterion: String
    @Option(help: "Who checked it.") var by: String
    @Option(help: "What was checked, how.") var note: String?

    func validate() throws {
        guard let found = QualityRubric.standard.criterion(criterion) else {
            throw ValidationError(
                "No quality criterion is named \"\(criterion)\". Criteria: "
                    + QualityRubric.standard.criteria.map(\.id).joined(separator: ", ") + ".")
        }
        guard found.canBeSignedOff else {
            throw ValidationError(
                "\(criterion) is read from the payment itself; it cannot be signed off. \(found.fix)")
        }
        guard !by.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--by needs a name.") }
    }

    func run() async throws {
        let signOff = try await QualityRun.withSession(global, json: false) { settings, session in
            let signOff = SignOff(
                seller: settings.seller.name, what: criterion, by: by.trimmingCharacters(in: .whitespaces),
                at: Date(), note: note)
            try await session.store.saveSignOff(signOff)
            return signOff
        }
        print(
            "Signed off \(signOff.what) for seller \"\(signOff.seller)\" by \(signOff.by); "
                + "the next measurement counts it as met.")
    }
}

struct QualityHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "The stored quality measurements, newest first.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "How many.") var limit = 20
    @Flag(help: "Print one JSON document on stdout.") var json = false

    func run() async throws {
        let measurements = try await QualityRun.withSession(global, json: json) { settings, session in
            try await session.store.qualityMeasurements(seller: settings.seller.name, limit: max(1, limit))
        }
        if json {
            FileHandle.standardOutput.write(try JSONEncoder.goLive().encode(measurements) + Data("\n".utf8))
            return
        }
        if measurements.isEmpty { print("No quality measurement is stored yet: run golive quality PAYMENT_ID.") }
        for m in measurements {
            let official = m.officialScore.map { " · official \($0)" } ?? ""
            let mode = m.liveMode ? "" : " · TEST PAYMENT"
            print(
                "\(m.measuredAt.formatted(.iso8601))  \(m.trigger.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))"
                    + "  payment \(m.paymentID)  score \(m.score)/100 \(m.passed ? "passed" : "not passed")"
                    + official + mode)
        }
    }
}

struct QualityApprovalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approval",
        abstract: "Approval advice: which approval fields recent payments lack, and why payments were rejected.",
        discussion: """
            Reads the last N payments (GET /v1/payments/search, newest first) and counts, per field of \
            MERCADOPAGO.md §4 (payer, items, shipments), how often it is missing; then the rejections by \
            status_detail with what each means and what to do. Exit 1 when approval.data fails.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "How many recent payments to look at (1–1000).") var last = 50
    @Flag(help: "Print one JSON document on stdout.") var json = false

    func validate() throws {
        guard (1...1000).contains(last) else { throw ValidationError("--last must be between 1 and 1000.") }
    }

    func run() async throws {
        let advice = try await QualityRun.withSession(global, json: json) { settings, session in
            guard let gateway = session.gateway(for: settings.seller) else {
                throw GoLiveError(
                    .qualityNoAccessToken, "No access token is configured, so no payment can be read.",
                    remedy: "Set MP_ACCESS_TOKEN or MP_ACCESS_TOKEN_FILE to the seller's production access token.")
            }
            let payments: [Payment]
            do throws(MercadoPagoError) {
                payments = try await gateway.allPayments(
                    PaymentSearchQuery(limit: min(last, 100), sort: .dateCreated, criteria: .descending), max: last)
            } catch {
                throw GoLiveError(.qualityAPIFailed, error.summary + ".", remedy: error.remedy)
            }
            let advice = ApprovalAdvice.analyse(payments, seller: settings.seller.name, at: Date())
            // Like every check run, the approval.data result goes to the store.
            try await session.store.recordCheckResults(
                [advice.checkResult(at: advice.analysedAt)], seller: settings.seller.name, sellerID: advice.sellerID)
            return advice
        }
        if json {
            FileHandle.standardOutput.write(try JSONEncoder.goLive().encode(advice) + Data("\n".utf8))
        } else {
            print(QualityOutput.render(advice, style: TextStyle.forStandardOutput()), terminator: "")
        }
        if advice.status == CheckStatus.fail { throw CommandFailure.notReady }
    }
}

extension QualityRubric.Criterion {
    /// Sign-offs stand in for evidence golive cannot gather; what the payment shows is never signed off.
    var canBeSignedOff: Bool { evidence.kind != .paymentField && evidence.kind != .itemsField }
}

/// Settings, session and error reporting shared by the quality commands.
enum QualityRun {
    static func withSession<T>(
        _ global: GlobalOptions, json: Bool, _ body: (GoLiveSettings, Session) async throws -> T
    ) async throws -> T {
        let session: Session
        let settings: GoLiveSettings
        do {
            settings = try SettingsResolver().resolve(global.commandLine)
            session = try Session.open(settings)
        } catch let error as GoLiveError {
            ReadinessOutput.emit(error, json: json)
            throw CommandFailure(exitCode: error.isUsageError ? 2 : 1)
        }
        do {
            let value = try await body(settings, session)
            await session.close()
            return value
        } catch {
            await session.close()
            let failure =
                error as? GoLiveError
                ?? GoLiveError(.storeUnavailable, "\(error)", remedy: "Check the store (--store) and try again.")
            ReadinessOutput.emit(failure, json: json)
            throw CommandFailure(exitCode: failure.isUsageError ? 2 : 1)
        }
    }
}

/// The human form of a measurement and of approval advice.
enum QualityOutput {
    static func render(_ advice: ApprovalAdvice, style: TextStyle) -> String {
        var out = style.bold("golive approval advice — seller \"\(advice.seller)\"") + "\n"
        out += style.dim(
            "\(advice.payments) recent payments (\(advice.livePayments) production), \(advice.rejected) rejected")
        out += "\n\n  " + style.status(advice.status) + " data present: "
        out += advice.groups.map { "\($0.id) \($0.coveragePercent)%" }.joined(separator: " · ") + "\n\n"
        out += "  missing fields (of \(advice.payments) payments):\n"
        for field in advice.fields where field.missing > 0 {
            out += "    \(String(field.missing).padding(toLength: 4, withPad: " ", startingAt: 0)) \(field.path)\n"
        }
        if !advice.rejections.isEmpty {
            out += "\n  rejections by status_detail:\n"
            for rejection in advice.rejections {
                let head = "    \(rejection.count)× \(rejection.statusDetail) — "
                out +=
                    head
                    + ReadinessOutput.wrap(
                        rejection.meaning + " → " + rejection.action, indent: head.count, width: style.width) + "\n"
            }
        }
        for note in advice.notes { out += "\n" + style.dim(note) }
        return out + "\n"
    }

    static func render(_ m: QualityMeasurement, style: TextStyle) -> String {
        var out = ""
        let account = m.sellerID.map { " · Mercado Pago user \($0)" } ?? ""
        out += style.bold("golive quality — payment \(m.paymentID) · seller \"\(m.seller)\"\(account)") + "\n"
        out += style.dim("measured \(m.measuredAt.formatted(.iso8601)) · rubric \(m.rubricVersion)") + "\n"
        out += "This is golive's estimate from Mercado Pago's published criteria, not the official score.\n"
        if let official = m.officialScore {
            out += "Official score recorded for this payment: \(official).\n"
        } else {
            out += style.dim("Record the official score with: golive quality record \(m.paymentID) --score N") + "\n"
        }
        for warning in m.warnings { out += style.bold("WARNING") + "  " + warning + "\n" }
        out += "\n"
        let verdict = m.passed ? "PASSED" : "NOT PASSED"
        out += style.bold("  SCORE \(m.score)/100 (minimum \(m.threshold)) — \(verdict)") + "\n"
        let missing = m.missingMandatory.map(\.id)
        if !missing.isEmpty { out += "  missing mandatory: \(missing.joined(separator: ", "))\n" }
        out +=
            "  aspects: "
            + m.aspects.map { "\($0.id) \($0.score)" }.joined(separator: " · ") + "\n\n"
        out += "  actions, by what they gain:\n"
        let idWidth = m.actions.map(\.id.count).max() ?? 0
        for action in m.actions {
            let status = action.status.rawValue.uppercased().padding(toLength: 7, withPad: " ", startingAt: 0)
            let level = action.level.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
            let points = String("+\(action.points)").padding(toLength: 4, withPad: " ", startingAt: 0)
            let id = action.id.padding(toLength: idWidth, withPad: " ", startingAt: 0)
            let line = "  \(status)  \(level) \(points) \(id)  "
            let message = action.status == .met ? style.dim(action.message) : action.message
            out += line + ReadinessOutput.wrap(message, indent: line.count, width: style.width) + "\n"
        }
        return out
    }
}
