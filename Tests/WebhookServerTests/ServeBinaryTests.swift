import AsyncHTTPClient
import Foundation
import GoLiveCore
import NIOHTTP1
import StoreSQLite
import Synchronization
import Testing
import WebhookSignature

/// The real `golive serve` binary as a child process. Waiting happens on threads of its own, never on the
/// Swift concurrency pool (on 2 cores a blocked pool thread starves the load generator).
final class ServeProcess: Sendable {
    static let binary: URL = {
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

    let url: String

    private init(_ process: Process, url: String) {
        self.url = url
        self.processBox = process
    }

    private let processBox: Process
    var pid: Int32 { processBox.processIdentifier }

    /// Starts `golive serve` on a free port; returns once it says where it listens.
    static func start(home: URL, store: String, environment: [String: String], arguments: [String] = []) async throws
        -> ServeProcess
    {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--listen", "127.0.0.1:0", "--store", store] + arguments
        var env = [
            "PATH": "/usr/bin:/bin", "HOME": home.path, "XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
            "XDG_DATA_HOME": home.appendingPathComponent("data").path, "LANG": "C.UTF-8",
        ]
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
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
                        let end = text[range.upperBound...].firstIndex(of: " ")
                    {
                        continuation.resume(returning: String(text[range.upperBound..<end]))
                        // Keep draining so the child never blocks on a full pipe.
                        while !handle.availableData.isEmpty {}
                        return
                    }
                }
            }
        }
        guard let url else {
            process.terminate()
            throw GoLiveError(.usage, "golive serve did not start", remedy: nil)
        }
        return ServeProcess(process, url: url)
    }

    /// Sends a signal and waits (off the pool) for the exit; returns the seconds it took.
    func stop(signal number: Int32) async -> Double {
        let started = Date()
        kill(pid, number)
        let process = processBox
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                process.waitUntilExit()
                continuation.resume()
            }
        }
        return Date().timeIntervalSince(started)
    }
}

@Suite("golive serve (the binary)", .serialized)
struct ServeBinaryTests {
    let secret = Secret("binary-test-secret-0123456789abcdef")

    /// Sends unique signed notifications from `connections` concurrent loops until `stop` says so; returns the
    /// ids that got 200.
    func load(
        client: HTTPClient, url: String, prefix: String, connections: Int, stop: @escaping @Sendable (Int) -> Bool
    ) async -> [String] {
        let acked = Shared<[String]>([])
        await withTaskGroup(of: Void.self) { group in
            for connection in 0..<connections {
                group.addTask {
                    var index = 0
                    while !stop(acked.withLock { $0.count }) {
                        let id = "\(prefix)-\(connection)-\(index)"
                        index += 1
                        let delivery = signedDelivery(
                            base: url, notificationID: id, dataID: "\(900_000 + index)", secret: secret)
                        guard
                            let answer = try? await http(
                                client, .POST, delivery.url, headers: delivery.headers, body: delivery.body)
                        else { return }  // the server is gone
                        if answer.status == 200 { acked.withLock { $0.append(id) } }
                    }
                }
            }
        }
        return acked.withLock { $0 }
    }

    @Test("SIGKILL mid-stream loses no acknowledged notification; restart continues; SIGTERM exits in time")
    func killAndRestart() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("golive-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let storePath = home.appendingPathComponent("golive.sqlite").path
        let environment = ["MP_WEBHOOK_SECRET": secret.exposedForTransport]
        let client = HTTPClient(eventLoopGroupProvider: .singleton)

        let first = try await ServeProcess.start(home: home, store: "sqlite:\(storePath)", environment: environment)
        let killed = Shared(false)
        let acknowledgedSoFar = Shared(0)
        // Kill once 300 notifications were acknowledged, while 32 connections keep sending.
        let killer = Task {
            while acknowledgedSoFar.withLock({ $0 }) < 300 { try await Task.sleep(for: .milliseconds(5)) }
            _ = await first.stop(signal: SIGKILL)
            killed.withLock { $0 = true }
        }
        let acked = await load(client: client, url: first.url, prefix: "run1", connections: 32) { count in
            acknowledgedSoFar.withLock { $0 = count }
            return killed.withLock { $0 } || count > 20_000
        }
        try await killer.value
        #expect(acked.count >= 300)

        let second = try await ServeProcess.start(home: home, store: "sqlite:\(storePath)", environment: environment)
        let more = await load(client: client, url: second.url, prefix: "run2", connections: 8) { $0 >= 50 }
        #expect(more.count >= 50)
        let seconds = await second.stop(signal: SIGTERM)
        #expect(seconds < 10, "SIGTERM took \(seconds) s")
        try await client.shutdown()

        let store = try SQLiteStore(path: storePath)
        let stored = Set(
            try await store.notifications(NotificationQuery(limit: 1_000_000)).map(\.notification.notificationID))
        let lost = (acked + more).filter { !stored.contains($0) }
        #expect(lost.isEmpty, "acknowledged but not stored: \(lost.prefix(10))")
    }
}

/// A value shared between tasks.
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    func withLock<T>(_ body: (inout Value) -> T) -> T { value.withLock { body(&$0) } }
}
