public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The real `golive` binary built next to the test bundle (the test target must depend on `golive`), run with a
/// private HOME. Waiting always happens on threads of their own, never on the Swift concurrency pool: on a 2-core
/// machine a blocked pool thread starves in-process servers the child talks to.
public struct GoLiveProcesses: Sendable {
    public struct Run: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var all: String { stdout + stderr }
    }

    public static let binary: URL = {
        if let override = ProcessInfo.processInfo.environment["GOLIVE_BINARY"] {
            return URL(fileURLWithPath: override)
        }
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL { candidates.append(executable.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for folder in candidates {
            var current = folder
            for _ in 0..<4 {
                let binary = current.appendingPathComponent("golive")
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: binary.path, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                {
                    return binary
                }
                current = current.deletingLastPathComponent()
            }
        }
        return URL(fileURLWithPath: ".build/debug/golive")
    }()

    /// A private HOME so no developer config or store leaks in; XDG folders inside it.
    public let home: URL

    public init(label: String = "golive") throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    public func cleanUp() { try? FileManager.default.removeItem(at: home) }

    /// The environment a child gets: PATH, the private HOME and XDG folders, C.UTF-8, plus `extra`.
    public func environment(_ extra: [String: String] = [:]) -> [String: String] {
        [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home.path,
            "XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
            "XDG_DATA_HOME": home.appendingPathComponent("data").path, "LANG": "C.UTF-8", "TERM": "dumb",
        ].merging(extra) { _, new in new }
    }

    /// Runs `golive arguments…` to completion (killed after `timeout`).
    public func run(_ arguments: [String], environment extra: [String: String] = [:], timeout: Duration = .seconds(60))
        async throws -> Run
    {
        let environment = environment(extra)
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(
                    with: Result {
                        let process = Process()
                        process.executableURL = Self.binary
                        process.arguments = arguments
                        process.environment = environment
                        let out = Pipe()
                        let err = Pipe()
                        process.standardOutput = out
                        process.standardError = err
                        process.standardInput = FileHandle.nullDevice
                        try process.run()
                        let group = DispatchGroup()
                        nonisolated(unsafe) var stdoutData = Data()
                        nonisolated(unsafe) var stderrData = Data()
                        group.enter()
                        DispatchQueue.global().async {
                            stdoutData = out.fileHandleForReading.readDataToEndOfFile()
                            group.leave()
                        }
                        group.enter()
                        DispatchQueue.global().async {
                            stderrData = err.fileHandleForReading.readDataToEndOfFile()
                            group.leave()
                        }
                        var timedOut = false
                        if group.wait(timeout: .now() + Double(timeout.components.seconds)) == .timedOut {
                            timedOut = true
                            process.terminate()
                        }
                        process.waitUntilExit()
                        if timedOut {
                            throw TestServerError(
                                "golive \(arguments.joined(separator: " ")) did not finish in \(timeout)")
                        }
                        return Run(
                            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                            stderr: String(decoding: stderrData, as: UTF8.self))
                    })
            }
        }
    }
}

/// `golive serve` as a child process on a free loopback port. Its stderr goes to a log file (``log()``) for a
/// failing test's message. ``stop()`` is SIGTERM and a wait; ``kill()`` is SIGKILL (a crashed instance).
public final class ServeProcess: Sendable {
    public let url: String
    public let logFile: URL
    let process: Process

    public var pid: Int32 { process.processIdentifier }

    init(process: Process, url: String, logFile: URL) {
        self.process = process
        self.url = url
        self.logFile = logFile
    }

    /// Starts `golive serve --listen 127.0.0.1:0 arguments…` and returns once it prints where it listens.
    public static func start(
        _ processes: GoLiveProcesses, arguments: [String], environment: [String: String] = [:],
        name: String = "serve"
    ) async throws -> ServeProcess {
        let process = Process()
        process.executableURL = GoLiveProcesses.binary
        process.arguments = ["serve", "--listen", "127.0.0.1:0"] + arguments
        process.environment = processes.environment(environment)
        let logFile = processes.home.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(6)).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? log.close()
        let handle = out.fileHandleForReading
        let url: String? = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var text = ""
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty {
                        continuation.resume(returning: nil)
                        return
                    }
                    text += String(decoding: chunk, as: UTF8.self)
                    if let range = text.range(of: "listening on "),
                        let end = text[range.upperBound...].firstIndex(where: { $0 == " " || $0 == "\n" })
                    {
                        continuation.resume(returning: String(text[range.upperBound..<end]))
                        while !handle.availableData.isEmpty {}  // keep draining stdout
                        return
                    }
                }
            }
        }
        guard let url else {
            process.terminate()
            let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            throw TestServerError("golive serve did not start: \(log.suffix(2000))")
        }
        return ServeProcess(process: process, url: url, logFile: logFile)
    }

    /// What serve wrote on stderr so far.
    public func log() -> String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    public var isRunning: Bool { process.isRunning }

    /// SIGTERM, then waits for the exit; returns the exit status.
    @discardableResult
    public func stop() async -> Int32 {
        Glibc.kill(pid, SIGTERM)
        return await waitForExit()
    }

    /// SIGKILL (a crash: nothing is finished or released), then waits for the exit.
    public func kill() async {
        Glibc.kill(pid, SIGKILL)
        _ = await waitForExit()
    }

    public func waitForExit() async -> Int32 {
        let process = process
        return await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            Thread.detachNewThread {
                process.waitUntilExit()
                continuation.resume(returning: process.terminationStatus)
            }
        }
    }
}
