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
            ReportBalanceCommand.self,
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
