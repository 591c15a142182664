import ArgumentParser
import Foundation
import GoLiveConfig
import GoLiveCore
import StoreSQLite

/// `golive report …`: release and settlement reports (DESIGN.md "Commands", issue 6).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Sum, fetch and reconcile Mercado Pago's release and settlement reports.",
        // One subcommand a line.
        subcommands: [
            ReportFetchCommand.self,
            ReportBalanceCommand.self,
            ReportLiquidityCommand.self,
            ReportReconcileCommand.self,
        ]
    )
}

/// `golive report balance --file CSV [--json] [--lenient]`.
struct ReportBalanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balance",
        abstract: "Sum a release or settlement report CSV: balance, movements, held money, by type and by day.",
        discussion: """
            The separator (`,` or `;`) and the kind of report are read from the header. Exit 0 when the sums \
            agree with the report's own subtotal and total rows (or it has none), 1 when they do not or the \
            file is malformed (the message names the line).
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The report CSV.") var file: String
    @Flag(help: "Print one JSON document on stdout.") var json = false
    @Flag(help: "Skip malformed rows and count them instead of stopping at the first.") var lenient = false

    func run() async throws {
        let summary: ReportSummary
        do {
            summary = try ReportSummarizer.summarize(path: file, lenient: lenient)
        } catch {
            ReadinessOutput.emit(error, json: json)
            throw CommandFailure(exitCode: 1)
        }
        ReportOutput.emit(json: json, document: summary.json(file: file), text: summary.text(file: file))
        if case .release(let balance) = summary.totals, balance.crossCheck.matches == false {
            throw CommandFailure(exitCode: 1)
        }
    }
}

/// `golive report reconcile --file CSV [--json] [--csv OUT]`.
struct ReportReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Compare a report's rows with the orders golive keeps from notifications.",
        discussion: """
            Rows are matched by SOURCE_ID (the payment) and EXTERNAL_REFERENCE (the order). Lists payments \
            released for unknown orders, amounts that differ, refunds and chargebacks, and orders approved \
            in the report's period that it does not mention. Exit 0 when nothing is listed, 1 otherwise.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The report CSV.") var file: String
    @Flag(help: "Print one JSON document on stdout.") var json = false
    @Option(name: .customLong("csv"), help: "Also write the mismatches to this CSV file.") var csvOut: String?

    func run() async throws {
        let session: Session
        let seller: SellerSettings
        do {
            let settings = try SettingsResolver().resolve(global.commandLine)
            seller = settings.seller
            session = try Session.open(settings)
        } catch let error as GoLiveError {
            ReadinessOutput.emit(error, json: json)
            throw CommandFailure(exitCode: error.isUsageError ? 2 : 1)
        }
        do {
            try await reconcile(session: session, seller: seller)
            await session.close()
        } catch {
            // Always close: the HTTP client must be shut down before it goes away.
            await session.close()
            throw error
        }
    }

    private func reconcile(session: Session, seller: SellerSettings) async throws {
        do {
            guard let ledger = session.orderLedger(for: seller) else {
                throw GoLiveError(
                    .reportOrdersUnavailable,
                    "This build of golive keeps no orders yet to reconcile against (the notifications store is not part of it).",
                    remedy:
                        "Use `golive report balance --file` for the totals; reconcile needs the orders `golive serve` records from notifications."
                )
            }
            let (kind, rows) = try ReportMovement.read(path: file)
            let result = try await Reconciliation.run(kind: kind, rows: rows, ledger: ledger)
            if let csvOut {
                do {
                    try Data(result.csv().utf8).write(to: URL(fileURLWithPath: csvOut), options: .atomic)
                } catch {
                    throw GoLiveError(
                        .usage, "Cannot write the mismatches to \(csvOut): \(error.localizedDescription).",
                        remedy: "Give a --csv path in a folder you can write to.")
                }
            }
            let sellerID = try? await session.store.sellers().first { $0.name == seller.name }?.userID
            ReportOutput.emit(
                json: json, document: result.json(sellerID: sellerID ?? nil, file: file),
                text: ReportOutput.text(result, file: file))
            if !result.mismatches.isEmpty { throw CommandFailure(exitCode: 1) }
        } catch let error as GoLiveError {
            ReadinessOutput.emit(error, json: json)
            throw CommandFailure(exitCode: error.isUsageError ? 2 : 1)
        }
    }
}

enum ReportOutput {
    static func emit(json: Bool, document: JSONValue, text: String) {
        if json {
            FileHandle.standardOutput.write(document.encoded(pretty: true) + Data("\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    static func text(_ result: Reconciliation, file: String) -> String {
        var out = "Reconciliation of \(result.kind.rawValue) report \(file): \(result.rows) rows, "
        out += "\(result.matched) payments match their order, \(result.mismatches.count) to look at.\n"
        for mismatch in result.mismatches {
            let line = mismatch.line.map { "line \($0)" } ?? "no row"
            let reference = mismatch.externalReference.isEmpty ? "-" : mismatch.externalReference
            let source = mismatch.sourceID.isEmpty ? "-" : mismatch.sourceID
            out += "  \(mismatch.kind.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) "
            out += "\(line.padding(toLength: 10, withPad: " ", startingAt: 0)) order \(reference) payment \(source): "
            out += mismatch.detail + "\n"
        }
        return out
    }
}

/// `golive report fetch --type release|settlement [--from DATE --to DATE]`.
struct ReportFetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Ask Mercado Pago for a report, wait until it is ready, and download it into the store's folder.",
        discussion: """
            Creates the report configuration with Mercado Pago's defaults when the seller has none. A 203 answer \
            (the dates are not accepted) is retried once with the dates Mercado Pago suggests. Default period: \
            the last 30 days up to now.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "release or settlement.") var type: String
    @Option(help: "Start of the period: yyyy-MM-dd or ISO-8601 (default: 30 days before --to).") var from: String?
    @Option(help: "End of the period: yyyy-MM-dd or ISO-8601 (default: now).") var to: String?

    func run() async throws {
        let session: Session
        let settings: GoLiveSettings
        let reportType: ReportType
        let begin: Date
        let end: Date
        do {
            guard let parsed = ReportType(option: type) else {
                throw GoLiveError(
                    .usage, "Unknown report type \"\(type)\".", remedy: "Use --type release or --type settlement.")
            }
            reportType = parsed
            end = try to.map { try Self.date($0, option: "--to") } ?? Date()
            begin = try from.map { try Self.date($0, option: "--from") } ?? end.addingTimeInterval(-30 * 86_400)
            guard begin < end else {
                throw GoLiveError(
                    .usage, "--from must be before --to.", remedy: "Give a period that starts before it ends.")
            }
            settings = try SettingsResolver().resolve(global.commandLine)
            session = try Session.open(settings)
        } catch let error as GoLiveError {
            ReadinessOutput.emit(error, json: false)
            throw CommandFailure(exitCode: error.isUsageError ? 2 : 1)
        }
        do {
            try await fetch(reportType, begin: begin, end: end, session: session, seller: settings.seller)
            await session.close()
        } catch {
            await session.close()
            throw error
        }
    }

    private func fetch(_ type: ReportType, begin: Date, end: Date, session: Session, seller: SellerSettings)
        async throws
    {
        do {
            guard let gateway = session.gateway(for: seller) as? any ReportsGateway else {
                throw GoLiveError(
                    .reportFetchFailed, "No access token for seller \"\(seller.name)\": reports cannot be fetched.",
                    remedy: "Set MP_ACCESS_TOKEN (or MP_ACCESS_TOKEN_FILE), or the seller's access_token_file.")
            }
            let folder = session.reportsFolder
            let result = try await ReportFetcher(gateway: gateway).fetch(type, begin: begin, end: end, into: folder) {
                FileHandle.standardError.write(Data((Self.describe($0) + "\n").utf8))
            }
            let sellerID = try? await session.store.sellers().first { $0.name == seller.name }?.userID
            try await session.store.recordFetchedReport(
                FetchedReport(
                    seller: seller.name, sellerID: sellerID ?? nil, type: type, fileName: result.entry.fileName,
                    path: result.file.path, beginDate: result.begin, endDate: result.end, bytes: result.bytes,
                    fetchedAt: Date()))
            print("Fetched \(type.rawValue) \(result.entry.fileName) (\(result.bytes) bytes) → \(result.file.path)")
            print("Sum it: golive report balance --file \(result.file.path)")
        } catch let error as GoLiveError {
            ReadinessOutput.emit(error, json: false)
            throw CommandFailure(exitCode: error.isUsageError ? 2 : 1)
        }
    }

    static func describe(_ progress: ReportFetcher.Progress) -> String {
        switch progress {
        case .configCreated(let type): "Created the \(type.rawValue) configuration (Mercado Pago's defaults)."
        case .requested(let begin, let end):
            "Asked for the report from \(MercadoPagoDate.format(begin)) to \(MercadoPagoDate.format(end))…"
        case .retrying(let begin, let end, _):
            "Mercado Pago suggested other dates (203): asking from \(MercadoPagoDate.format(begin)) to "
                + "\(MercadoPagoDate.format(end))…"
        case .waiting(let poll): "Waiting for Mercado Pago to generate it… (check \(poll))"
        case .downloading(let name): "Downloading \(name)…"
        }
    }

    static func date(_ text: String, option: String) throws(GoLiveError) -> Date {
        if let date = MercadoPagoDate.parse(text) { return date }
        if text.count == 10, let date = MercadoPagoDate.parse(text + "T00:00:00Z") { return date }
        throw GoLiveError(
            .usage, "\(option) \"\(text)\" is not a date.", remedy: "Write yyyy-MM-dd or an ISO-8601 date.")
    }
}

/// `golive report liquidity [--days N] [--json]`.
struct ReportLiquidityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liquidity",
        abstract: "Money still to be released, by date, from the payments' money_release_date.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "How many days ahead to look (default 30).") var days: Int = 30
    @Flag(help: "Print one JSON document on stdout.") var json = false

    func run() async throws {
        let session: Session
        let settings: GoLiveSettings
        do {
            guard (1...365).contains(days) else {
                throw GoLiveError(.usage, "--days must be between 1 and 365.", remedy: "Give --days 30, for example.")
            }
            settings = try SettingsResolver().resolve(global.commandLine)
            session = try Session.open(settings)
        } catch let error as GoLiveError {
            ReadinessOutput.emit(error, json: json)
            throw CommandFailure(exitCode: error.isUsageError ? 2 : 1)
        }
        do {
            try await liquidity(session: session, seller: settings.seller)
            await session.close()
        } catch {
            await session.close()
            throw error
        }
    }

    private func liquidity(session: Session, seller: SellerSettings) async throws {
        do {
            guard let gateway = session.gateway(for: seller) else {
                throw GoLiveError(
                    .reportFetchFailed, "No access token for seller \"\(seller.name)\": payments cannot be searched.",
                    remedy: "Set MP_ACCESS_TOKEN (or MP_ACCESS_TOKEN_FILE).")
            }
            let now = Date()
            let query = PaymentSearchQuery(
                limit: 100, sort: .moneyReleaseDate, criteria: .ascending,
                range: .init(field: .moneyReleaseDate, begin: now, end: now.addingTimeInterval(Double(days) * 86_400)))
            let payments: [Payment]
            do {
                payments = try await gateway.allPayments(query)
            } catch {
                throw GoLiveError(
                    .reportFetchFailed, "Searching payments by money_release_date failed: \(error).",
                    remedy: "Check the access token and the network, then run again.")
            }
            let liquidity = Liquidity.compute(payments: payments, asOf: now)
            let sellerID = try? await session.store.sellers().first { $0.name == seller.name }?.userID
            var text = "Money to be released in the next \(days) days: \(Liquidity.money(liquidity.totalPending))"
            text += (liquidity.currency.map { " \($0)" } ?? "") + "\n"
            for day in liquidity.byDate {
                text +=
                    "  \(day.date)  \(Liquidity.money(day.amount))  (\(day.payments) payment\(day.payments == 1 ? "" : "s"))\n"
            }
            ReportOutput.emit(json: json, document: liquidity.json(sellerID: sellerID ?? nil), text: text)
        } catch let error as GoLiveError {
            ReadinessOutput.emit(error, json: json)
            throw CommandFailure(exitCode: error.isUsageError ? 2 : 1)
        }
    }
}
