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

    func run() async throws {
        let sandbox = MercadoPagoSandbox(options: SandboxOptions(host: listen.host, port: listen.port))
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
                text += "Try: MP_ACCESS_TOKEN=… golive check --api-base \(url.absoluteString)\nCtrl-C stops it.\n"
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
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
