import AlertTargets
import ArgumentParser
import Foundation
import GoLiveConfig
import GoLiveCore
import StoreSQLite

/// `golive alerts`: open and recent incidents (read from the store); `golive alerts test`: one test alert to
/// each configured target, saying what happened (docs/ALERTS.md).
struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "List open and recent alert incidents (golive serve raises them; see docs/ALERTS.md).",
        subcommands: [AlertsListCommand.self, AlertsTestCommand.self], defaultSubcommand: AlertsListCommand.self)
}

/// `golive alerts [list] [--json]`: the default subcommand, so `--json` belongs to it and `alerts test --json`
/// to the test (a parent's flag would shadow the child's of the same name).
struct AlertsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List open and recent alert incidents (golive serve raises them; see docs/ALERTS.md).",
        discussion: """
            Reads the store only. An incident is open → notified → (recovered → closed); fraud alerts, chargebacks \
            and claims are one incident each and close once delivered. --json prints {"targets", "open", \
            "recent"}, each incident with its deliveries. `golive alerts test` sends a test alert to each target.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON on stdout.") var json = false
    @Option(help: "How many recent incidents to list.") var limit: Int = 20

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be a positive number.") }
    }

    func run() async throws {
        let settings = try SettingsResolver().resolve(global.commandLine)
        let store = try Session.openStore(settings.store)
        let targets = settings.alerts.map(AlertTargets.make)?.map(\.label) ?? []
        let active = try await store.incidents(limit: 1000, activeOnly: true)
        let recent = try await store.incidents(limit: limit, activeOnly: false).filter { $0.state == .closed }
        var open: [IncidentReport] = []
        for incident in active.reversed() {
            open.append(
                IncidentReport(incident: incident, deliveries: try await store.alertDeliveries(incident: incident.id)))
        }
        var closed: [IncidentReport] = []
        for incident in recent {
            closed.append(
                IncidentReport(incident: incident, deliveries: try await store.alertDeliveries(incident: incident.id)))
        }
        if json {
            let document = AlertsDocument(
                configured: settings.alerts != nil, targets: targets, open: open, recent: closed)
            print(String(decoding: try JSONEncoder.goLive().encode(document), as: UTF8.self))
            return
        }
        if settings.alerts == nil {
            print("Alerts are not configured: add an alerts: section to the config (docs/ALERTS.md).")
        } else {
            print("Alert targets: " + targets.joined(separator: ", "))
        }
        print(open.isEmpty ? "No open incidents." : "Open incidents:")
        for report in open { print(Self.lines(report)) }
        if !closed.isEmpty {
            print("Recent incidents:")
            for report in closed { print(Self.lines(report)) }
        }
    }

    static func lines(_ report: IncidentReport) -> String {
        let incident = report.incident
        let since = AlertMessage.iso(incident.openedAt)
        var text =
            "  #\(incident.id) \(incident.state.rawValue) \(incident.kind.rawValue) \(incident.seller) since \(since): \(incident.summary)"
        for delivery in report.deliveries {
            let error = delivery.lastError.map { " (\($0))" } ?? ""
            text +=
                "\n      \(delivery.event.rawValue) → \(delivery.target): \(delivery.state.rawValue), \(delivery.attempts) attempt\(delivery.attempts == 1 ? "" : "s")\(error)"
        }
        return text
    }
}

struct IncidentReport: Encodable {
    let incident: Incident
    let deliveries: [AlertDelivery]

    func encode(to encoder: any Encoder) throws {
        try incident.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(deliveries, forKey: .deliveries)
    }

    enum Key: String, CodingKey { case deliveries }
}

struct AlertsDocument: Encodable {
    let configured: Bool
    let targets: [String]
    let open: [IncidentReport]
    let recent: [IncidentReport]
}

/// `golive alerts test`: sends a test alert to each configured target now (not through the store) and says
/// what happened; exit 1 when a target did not acknowledge, or none is configured.
struct AlertsTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Send a test alert to each configured target and say what happened.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON on stdout.") var json = false

    func run() async throws {
        let settings = try SettingsResolver().resolve(global.commandLine)
        guard let alerts = settings.alerts else {
            FileHandle.standardError.write(
                Data("golive: alerts are not configured: add an alerts: section to the config (docs/ALERTS.md).\n".utf8)
            )
            throw CommandFailure.notReady
        }
        let now = Date()
        let host = ProcessInfo.processInfo.hostName
        let payload = AlertMessage.alert(
            incidentID: 0, seller: settings.seller.name, kind: .test,
            summary: "test alert from `golive alerts test` on \(host); if you read this, alerts reach you",
            details: [:], openedAt: now)
        var results: [TestResult] = []
        for target in AlertTargets.make(alerts) {
            let delivery = AlertDelivery(
                id: 0, incidentID: 0, target: target.name, event: .test, state: .pending, attempts: 0,
                nextAttemptAt: now, lastError: nil, createdAt: now, deliveredAt: nil, payload: payload)
            let started = Date()
            let error = await target.send(delivery)
            results.append(
                TestResult(
                    target: target.label, delivered: error == nil, error: error,
                    elapsedMS: Int(Date().timeIntervalSince(started) * 1000)))
        }
        if json {
            print(String(decoding: try JSONEncoder.goLive().encode(results), as: UTF8.self))
        } else {
            for result in results {
                print(
                    result.delivered
                        ? "✓ \(result.target): acknowledged in \(result.elapsedMS) ms"
                        : "✗ \(result.target): \(result.error ?? "failed")")
            }
        }
        if results.contains(where: { !$0.delivered }) { throw CommandFailure.notReady }
    }

    struct TestResult: Encodable {
        let target: String
        let delivered: Bool
        let error: String?
        let elapsedMS: Int

        enum CodingKeys: String, CodingKey {
            case target, delivered, error
            case elapsedMS = "elapsed_ms"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(target, forKey: .target)
            try container.encode(delivered, forKey: .delivered)
            try container.encode(error, forKey: .error)
            try container.encode(elapsedMS, forKey: .elapsedMS)
        }
    }
}
