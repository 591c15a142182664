import Foundation
public import GoLiveCore

/// Runs a program directly (argv, no shell) for each alert: the message JSON on stdin and `GOLIVE_ALERT_*`
/// variables in the environment (INCIDENT, KIND, STATE, EVENT, SELLER, SINCE, TEXT, DELIVERY). Exit status 0
/// acknowledges; another status, a signal or the timeout (SIGTERM, then SIGKILL 2 s later) is a failure.
public struct CommandAlertTarget: AlertTarget {
    public let name = "command"
    let argv: [String]
    let timeout: Duration
    let environment: [String: String]

    public init(argv: [String], timeout: Duration, environment: [String: String]? = nil) {
        self.argv = argv
        self.timeout = timeout
        self.environment = environment ?? ProcessInfo.processInfo.environment
    }

    public var label: String { "command " + (argv.first ?? "?") }

    /// The variables a delivery sets, from its message's `golive` object.
    public static func variables(_ delivery: AlertDelivery) -> [String: String] {
        let document = try? JSONValue.parse(Data(delivery.payload.utf8))
        let golive = document?["golive"]
        var variables = ["GOLIVE_ALERT_DELIVERY": String(delivery.id), "GOLIVE_ALERT_EVENT": delivery.event.rawValue]
        for (key, name) in [
            ("incident", "INCIDENT"), ("kind", "KIND"), ("state", "STATE"), ("seller", "SELLER"), ("since", "SINCE"),
        ] {
            if let value = golive?[key].string { variables["GOLIVE_ALERT_" + name] = value }
        }
        if let text = document?["text"].string { variables["GOLIVE_ALERT_TEXT"] = text }
        return variables
    }

    public func send(_ delivery: AlertDelivery) async -> String? {
        guard let program = argv.first, let executable = Self.resolve(program, path: environment["PATH"]) else {
            return "\(argv.first ?? "the command") was not found (give an absolute path in alerts.command)"
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(argv.dropFirst())
        process.environment = environment.merging(Self.variables(delivery)) { $1 }
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let box = ProcessBox(process)
        errors.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            box.lock.withLock { if box.stderr.count < 4096 { box.stderr.append(chunk) } }
        }
        let status: Int32? = await withCheckedContinuation { continuation in
            process.terminationHandler = { finished in
                continuation.resume(returning: finished.terminationReason == .exit ? finished.terminationStatus : -1)
            }
            do {
                Self.ignoreBrokenPipe()
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(returning: nil)
                return
            }
            try? input.fileHandleForWriting.write(contentsOf: Data(delivery.payload.utf8))
            try? input.fileHandleForWriting.close()
            let timeout = self.timeout
            Task.detached {
                try? await Task.sleep(for: timeout)
                guard box.process.isRunning else { return }
                box.lock.withLock { box.timedOut = true }
                box.process.terminate()
                try? await Task.sleep(for: .seconds(2))
                if box.process.isRunning { kill(box.process.processIdentifier, SIGKILL) }
            }
        }
        errors.fileHandleForReading.readabilityHandler = nil
        guard let status else { return "\(program) could not be started" }
        if box.lock.withLock({ box.timedOut }) {
            return "\(program) did not finish within \(Int(timeout.timeInterval)) s"
        }
        guard status == 0 else {
            let text =
                String(decoding: box.lock.withLock { box.stderr }, as: UTF8.self)
                .split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
            let reason = status == -1 ? "was killed by a signal" : "exited with status \(status)"
            return "\(program) \(reason)" + (text.isEmpty ? "" : ": \(text.prefix(200))")
        }
        return nil
    }

    static func resolve(_ program: String, path: String?) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        for folder in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// A command that exits without reading stdin must not kill golive with SIGPIPE.
    static func ignoreBrokenPipe() { _ = signal(SIGPIPE, SIG_IGN) }
}

/// The process and what its handlers share (guarded by `lock`).
final class ProcessBox: @unchecked Sendable {
    let process: Process
    let lock = NSLock()
    var stderr = Data()
    var timedOut = false
    init(_ process: Process) { self.process = process }
}

/// The targets an ``AlertSettings`` configures, in delivery order.
public enum AlertTargets {
    public static func make(_ settings: AlertSettings) -> [any AlertTarget] {
        var targets: [any AlertTarget] = []
        if let url = settings.webhookURL { targets.append(WebhookAlertTarget(url: url, timeout: settings.timeout)) }
        if let command = settings.command {
            targets.append(CommandAlertTarget(argv: command, timeout: settings.timeout))
        }
        return targets
    }
}
