import Foundation
import GoLiveConfig
import GoLiveCore
import Testing

@Suite("Configuration: forwarding to the shop (issue 11)")
struct ForwardingSettingsTests {
    static let secret = "fwd-secret-abcdefghijklmnop-0001"

    func resolver(_ env: [String: String], _ folder: TempFolder) -> SettingsResolver {
        SettingsResolver(
            environment: env.merging(["HOME": folder.url.path]) { a, _ in a }, currentDirectory: folder.url.path)
    }

    @Test("config forward_to + forward_secret_file (relative to the config); env and --forward-to win in that order")
    func precedence() throws {
        let folder = try TempFolder()
        try folder.write("fwd.secret", Self.secret + "\n")
        let config = try folder.write(
            "config.yaml",
            """
            forward_to: https://shop.example/golive
            forward_secret_file: fwd.secret
            """, mode: 0o644)
        let fromFile = try resolver(["GOLIVE_CONFIG": config], folder).resolve(CommandLineSettings())
        let forwarding = try #require(fromFile.forwarding)
        #expect(forwarding.url.absoluteString == "https://shop.example/golive")
        #expect(forwarding.secret?.exposedForTransport == Self.secret)
        #expect(forwarding.policy == .standard)
        #expect(!"\(forwarding.secret!)".contains(Self.secret))

        let fromEnvironment = try resolver(
            [
                "GOLIVE_CONFIG": config, "GOLIVE_FORWARD_TO": "http://127.0.0.1:9000/hook",
                "GOLIVE_FORWARD_TIMEOUT": "2.5", "GOLIVE_FORWARD_RETRY_BASE": "1", "GOLIVE_FORWARD_MAX_ATTEMPTS": "3",
            ], folder
        ).resolve(CommandLineSettings())
        #expect(fromEnvironment.forwarding?.url.absoluteString == "http://127.0.0.1:9000/hook")
        #expect(fromEnvironment.forwarding?.policy.timeout == .milliseconds(2500))
        #expect(fromEnvironment.forwarding?.policy.baseDelay == .seconds(1))
        #expect(fromEnvironment.forwarding?.policy.maxAttempts == 3)

        var commandLine = CommandLineSettings()
        commandLine.forwardTo = "https://backend.example/mp"
        let fromOption = try resolver(["GOLIVE_CONFIG": config, "GOLIVE_FORWARD_TO": "http://x.example/"], folder)
            .resolve(commandLine)
        #expect(fromOption.forwarding?.url.absoluteString == "https://backend.example/mp")
        #expect(fromOption.forwarding?.origin == "--forward-to")
        #expect(try resolver([:], folder).resolve(CommandLineSettings()).forwarding == nil)
    }

    @Test("refused: a secret file others can read, an inline secret in a readable config, a malformed URL")
    func refused() throws {
        let folder = try TempFolder()
        let unsafe = try folder.write("open.secret", Self.secret, mode: 0o644)
        #expect(throws: GoLiveError.self) {
            try resolver(["GOLIVE_FORWARD_TO": "https://a.example/", "GOLIVE_FORWARD_SECRET_FILE": unsafe], folder)
                .resolve(CommandLineSettings())
        }
        let config = try folder.write(
            "config.yaml", "forward_to: https://shop.example/golive\nforward_secret: \(Self.secret)\n", mode: 0o644)
        do {
            _ = try resolver(["GOLIVE_CONFIG": config], folder).resolve(CommandLineSettings())
            Issue.record("an inline forward_secret in a readable config was accepted")
        } catch {
            #expect(error.code == .configUnsafePermissions)
            #expect(!error.description.contains(Self.secret))
        }
        do {
            _ = try resolver(["GOLIVE_FORWARD_TO": "ftp://nope"], folder).resolve(CommandLineSettings())
            Issue.record("a malformed forward URL was accepted")
        } catch {
            #expect(error.isUsageError)
        }
    }
}
