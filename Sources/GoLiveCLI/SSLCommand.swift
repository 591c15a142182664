import ArgumentParser
import Foundation
import GoLiveCore
import TLSInspection

/// `golive ssl URL`: is the payment page served correctly over HTTPS? (issue 4, DESIGN.md "JSON shapes").
struct SSLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ssl",
        abstract: "Check that a page (the one with the payment form) is served correctly over HTTPS.",
        discussion: """
            Certificate (validity, chain and trust, host name, key, signature), the TLS versions accepted, the \
            http:// → https:// redirect, HSTS, mixed content and the Mercado Pago SDK. Exit 0 for pass and \
            warn, 1 for fail, 2 for invalid usage (a malformed URL, an unreadable --ca-file).
            """)

    @Argument(help: "The https:// URL of the page with the payment form.") var url: String
    @Option(name: .customLong("ca-file"), help: "PEM certificates to trust besides the system roots.")
    var caFile: String?
    @Option(name: .customLong("http-port"), help: "Port for the http:// redirect probe.") var httpPort = 80
    @Option(help: "Seconds allowed for each connection.") var timeout: Double = 10
    @Flag(help: "Print one JSON document on stdout.") var json = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let inspector: TLSInspector
        let target: URL
        do {
            guard let parsed = URL(string: url), TLSInspector.endpoint(of: parsed) != nil else {
                throw GoLiveError(
                    .usage, "\"\(url)\" is not an https:// URL with a host.",
                    remedy: "Pass the page's full address, e.g. https://shop.example.com/checkout.")
            }
            guard (1...65535).contains(httpPort) else {
                throw GoLiveError(.usage, "--http-port \(httpPort) is not a port.", remedy: "Use 1–65535.")
            }
            guard timeout > 0, timeout <= 600 else {
                throw GoLiveError(.usage, "--timeout \(timeout) is out of range.", remedy: "Use 0.1–600 seconds.")
            }
            target = parsed
            inspector = try TLSInspector(
                options: .init(caFile: caFile, httpPort: httpPort, timeout: Duration(timeInterval: timeout)))
        } catch let error as GoLiveError {
            ReadinessOutput.emit(error, json: json)
            throw CommandFailure(exitCode: 2)
        }
        let observation = await inspector.inspect(target)
        let report = SSLRules.evaluate(observation, at: Date())
        if json {
            FileHandle.standardOutput.write(report.json.encoded(pretty: true) + Data("\n".utf8))
        } else {
            print(Self.render(report, style: TextStyle.forStandardOutput()), terminator: "")
        }
        if report.status == .fail { throw CommandFailure.notReady }
    }

    static func render(_ report: SSLReport, style: TextStyle) -> String {
        let observation = report.observation
        let elapsed = Int((observation.elapsed.timeInterval * 1000).rounded())
        var out = style.bold("golive ssl — \(observation.url.absoluteString)") + "\n"
        out += "  \(style.status(report.status))  checked in \(elapsed) ms\n"
        if observation.certificate != nil || !observation.protocols.isEmpty { out += "\n" }
        if let certificate = observation.certificate {
            let formatter = ISO8601DateFormatter()
            out += "  certificate  \(certificate.subject) · issued by \(certificate.issuer)\n"
            out += "               \(certificate.key.description) · \(certificate.signatureAlgorithm)"
            out += " · valid until \(formatter.string(from: certificate.notAfter))"
            if let days = report.daysLeft { out += " (\(days) days left)" }
            out += "\n"
            if !certificate.sans.isEmpty {
                out += "               names: \(certificate.sans.joined(separator: ", "))\n"
            }
        }
        if !observation.protocols.isEmpty {
            let list = TLSProtocolVersion.allCases.map {
                "\($0.displayName) \(observation.protocols[$0] == true ? "yes" : "no")"
            }
            out += "  protocols    \(list.joined(separator: " · "))\n"
        }
        if let page = observation.page {
            if page.status != 200 { out += "  page         answered HTTP \(page.status)\n" }
            out += "  HSTS         \(page.hsts ?? "absent")\n"
            if let final = page.finalURL { out += "  page         moved to \(final)\n" }
            out +=
                page.sdkReferences.isEmpty
                ? "  MP SDK       not referenced in the static HTML (fine if the npm loader injects it)\n"
                : "  MP SDK       \(page.sdkReferences.joined(separator: ", "))\n"
        } else if let error = observation.pageError {
            out += "  page         \(error)\n"
        }
        out += "\n"
        if report.findings.isEmpty {
            out += "  No findings.\n"
        }
        for finding in report.findings {
            let label =
                switch finding.severity {
                case .error: style.status(.fail)
                case .warning: style.status(.warn)
                case .info: style.dim("INFO   ")
                }
            out += "  \(label)  \(finding.id.rawValue)\n           \(finding.message)\n"
        }
        return out
    }
}
