import ArgumentParser
import Foundation
import GoLiveCore
import MercadoPagoClient
import MercadoPagoSandbox
import StoreSQLite

/// `golive demo quality`: the quality measurement of every approved production payment of the Sandbox's
/// seller, from complete to bare, in a temporary store — real differences, no credentials, no network.
struct DemoQualityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Measure the embedded Sandbox's approved payments (complete to bare) with golive quality.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print one JSON document (an array of measurements) on stdout.") var json = false

    func run() async throws {
        let sandbox = MercadoPagoSandbox()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let baseURL: URL
        do {
            baseURL = try await sandbox.start()
        } catch {
            let failure = GoLiveError(
                .sandboxFailed, "The embedded Sandbox could not start: \(error).",
                remedy: "Check that a loopback port can be opened on this machine.")
            ReadinessOutput.emit(failure, json: json)
            throw CommandFailure(exitCode: 1)
        }
        let connection = MercadoPagoConnection(baseURL: baseURL, requestTimeout: .seconds(10))
        let measurements: [QualityMeasurement]
        do {
            let store = try SQLiteStore(path: folder.appendingPathComponent("golive.sqlite").path)
            let account = MercadoPagoSandbox.account(named: "production")!
            let gateway = connection.gateway(accessToken: Secret(account.accessToken))
            let approved = try await gateway.searchPayments(
                PaymentSearchQuery(limit: 50, sort: .dateCreated, criteria: .descending, status: "approved"))
            let measurer = QualityMeasurer(store: store, notifications: StoredPaymentNotifications(store: store))
            var all: [QualityMeasurement] = []
            for payment in approved.results where payment.liveMode == true {
                all.append(try await measurer.measure(paymentID: payment.id, seller: account.name, gateway: gateway))
            }
            measurements = all
        } catch {
            await connection.shutdown()
            await sandbox.stop()
            let failure =
                error as? GoLiveError
                ?? GoLiveError(.sandboxFailed, "The demo measurement failed: \(error).", remedy: "Run it again.")
            ReadinessOutput.emit(failure, json: json)
            throw CommandFailure(exitCode: 1)
        }
        await connection.shutdown()
        await sandbox.stop()
        if json {
            FileHandle.standardOutput.write(try JSONEncoder.goLive().encode(measurements) + Data("\n".utf8))
            return
        }
        let style = TextStyle.forStandardOutput()
        var out = style.bold("golive demo quality — the Sandbox seller's approved production payments") + "\n"
        out += "golive's estimate from Mercado Pago's published criteria (minimum 73); best first.\n\n"
        for m in measurements.sorted(by: { ($0.score, $1.paymentID) > ($1.score, $0.paymentID) }) {
            let score = String(m.score)
            var line = "  payment \(m.paymentID)  " + String(repeating: " ", count: max(0, 3 - score.count)) + score
            line += "/100  " + (m.passed ? "passed" : "not passed")
            let missing = m.missingMandatory.map(\.id)
            if !missing.isEmpty { line += "  missing mandatory: " + missing.joined(separator: ", ") }
            out += line + "\n"
        }
        out += "\n" + style.dim("Details of one: golive quality PAYMENT_ID against `golive sandbox`.") + "\n"
        print(out, terminator: "")
    }
}
