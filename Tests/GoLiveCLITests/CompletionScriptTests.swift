import Foundation
import Testing

/// Shell completions come from the argument parser (issue 11, "Deployment"): the real binary generates them and
/// `scripts/completions.sh` writes all three.
@Suite("Shell completions")
struct CompletionScriptTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Runs a program to completion off the concurrency pool; returns its status and output.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) async throws -> (
        Int32, String
    ) {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(
                    with: Result {
                        let process = Process()
                        process.executableURL = URL(fileURLWithPath: executable)
                        process.arguments = arguments
                        process.environment = environment
                        let out = Pipe()
                        process.standardOutput = out
                        process.standardError = out
                        try process.run()
                        let data = out.fileHandleForReading.readDataToEndOfFile()
                        process.waitUntilExit()
                        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
                    })
            }
        }
    }

    @Test("the bash script from the real binary is valid bash and completes walkthrough, store and its subcommands")
    func bash() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let result = try await binary.run(["--generate-completion-script", "bash"])
        #expect(result.status == 0)
        for word in ["walkthrough", "store", "backup", "purge", "--older-than", "serve", "notifications"] {
            #expect(result.stdout.contains(word), "missing \(word)")
        }
        let file = binary.home.appendingPathComponent("golive.bash")
        try Data(result.stdout.utf8).write(to: file)
        let (status, output) = try await Self.run("/bin/bash", ["-n", file.path], environment: [:])
        #expect(status == 0, "bash -n: \(output)")
    }

    @Test("scripts/completions.sh writes bash, zsh and fish completions")
    func script() async throws {
        let binary = try GoLiveBinary()
        defer { binary.cleanUp() }
        let folder = binary.home.appendingPathComponent("completions")
        let (status, output) = try await Self.run(
            "/bin/bash", [Self.repository.appendingPathComponent("scripts/completions.sh").path, folder.path],
            environment: ["PATH": "/usr/bin:/bin", "GOLIVE": GoLiveBinary.url.path])
        #expect(status == 0, "\(output)")
        for name in ["golive.bash", "_golive", "golive.fish"] {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(text.contains("walkthrough") && text.contains("store"), "\(name)")
        }
    }
}
