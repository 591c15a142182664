import ArgumentParser
import Foundation
import MercadoPagoSandbox

/// `golive sandbox`: the embedded Mercado Pago simulator on its own.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run the embedded Mercado Pago simulator (seeded accounts and payments, fault injection).",
        discussion: """
            Point golive (or any Mercado Pago client) at it with --api-base / MP_API_BASE. The control API \
            under /_sandbox (documented in the README) creates and changes payments and injects faults.
            """)

    @Option(help: "Address to listen on, HOST:PORT (port 0 picks a free one).")
    var listen: ListenAddress = ListenAddress(host: "127.0.0.1", port: 8089)

    @Option(
        name: .customLong("deliver-to"),
        help:
            "Send signed webhooks here whenever a payment or order changes (e.g. http://127.0.0.1:8080/webhooks/mercadopago)."
    )
    var deliverTo: WebhookURL?

    @Option(
        name: .customLong("time-scale"),
        help: "Simulated seconds per real second for retries (3600: the 15-minute retry comes after 0.25 s).")
    var timeScale: Double = 1

    func validate() throws {
        guard timeScale > 0, timeScale <= WebhookSettings.maximumTimeScale else {
            throw ValidationError(
                "--time-scale must be greater than 0 and at most \(Int(WebhookSettings.maximumTimeScale)).")
        }
    }

    func run() async throws {
        let webhooks = WebhookSettings(url: deliverTo?.url, timeScale: timeScale)
        let sandbox = MercadoPagoSandbox(
            options: SandboxOptions(host: listen.host, port: listen.port, webhooks: webhooks))
        try await SignalScope.runUntilSignal {
            try await sandbox.run { url in
                var text = "Mercado Pago Sandbox listening on \(url.absoluteString)\n"
                text += "Accounts (fixtures of this simulator, not real credentials):\n"
                for account in MercadoPagoSandbox.accounts {
                    text +=
                        "  \(account.name.padding(toLength: 17, withPad: " ", startingAt: 0)) user \(account.userID)  \(account.summary)\n"
                    text += "      MP_ACCESS_TOKEN=\(account.accessToken)\n      MP_PUBLIC_KEY=\(account.publicKey)\n"
                }
                text += "  invalid token: \(MercadoPagoSandbox.invalidAccessToken)\n"
                if let target = webhooks.url {
                    text += "Webhooks to \(target.absoluteString) (time scale \(timeScale)), signed per seller:\n"
                    for account in MercadoPagoSandbox.accounts {
                        text +=
                            "  \(account.name.padding(toLength: 17, withPad: " ", startingAt: 0)) MP_WEBHOOK_SECRET=\(account.webhookSecret)\n"
                    }
                    text += "Deliveries: GET \(url.absoluteString)/_sandbox/deliveries\n"
                }
                text += "Try: MP_ACCESS_TOKEN=… golive check --api-base \(url.absoluteString)\nCtrl-C stops it.\n"
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}

/// An absolute http(s) URL with a host.
struct WebhookURL: ExpressibleByArgument, Sendable {
    let url: URL

    init?(argument: String) {
        guard let url = URL(string: argument), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            return nil
        }
        self.url = url
    }
}

/// `HOST:PORT`, `[v6]:PORT`, `:PORT` or `PORT`.
struct ListenAddress: ExpressibleByArgument, Sendable {
    var host: String
    var port: Int

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    init?(argument: String) {
        var host = "127.0.0.1"
        var portText = argument
        if argument.hasPrefix("["), let close = argument.firstIndex(of: "]") {
            host = String(argument[argument.index(after: argument.startIndex)..<close])
            portText = String(argument[argument.index(after: close)...].dropFirst())
        } else if let colon = argument.lastIndex(of: ":") {
            let candidate = String(argument[..<colon])
            if !candidate.isEmpty { host = candidate }
            portText = String(argument[argument.index(after: colon)...])
        }
        guard let port = Int(portText), (0...65535).contains(port), !host.isEmpty else { return nil }
        self.host = host
        self.port = port
    }

    var defaultValueDescription: String { "\(host):\(port)" }
}

/// Runs work until SIGINT or SIGTERM, then cancels it and returns normally.
enum SignalScope {
    static func runUntilSignal(_ body: @escaping @Sendable () async throws -> Void) async throws {
        let task = Task { try await body() }
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { task.cancel() }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        do {
            try await task.value
        } catch is CancellationError {
            return
        } catch  where task.isCancelled {
            return
        }
    }
}
