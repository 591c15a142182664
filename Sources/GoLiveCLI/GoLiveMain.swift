import ArgumentParser
import Foundation
import GoLiveCore
import Logging

/// The entry point: parses, runs, and maps every outcome to DESIGN.md's exit codes
/// (0 ready/pass, 1 not ready/fail, 2 invalid usage). ArgumentParser's own usage code (64) becomes 2.
public enum GoLiveMain {
    public static func run(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Int32 {
        bootstrapLogging()
        do {
            var command = try GoLiveCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch let error as CommandFailure {
            return error.exitCode
        } catch let error as GoLiveError {
            FileHandle.standardError.write(Data("golive: \(error)\n".utf8))
            return error.isUsageError ? 2 : 1
        } catch {
            let code = GoLiveCommand.exitCode(for: error)
            let message = GoLiveCommand.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                return 0
            }
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            return code == .validationFailure ? 2 : code.rawValue
        }
    }

    /// Diagnostics go to stderr; the level from GOLIVE_LOG_LEVEL (default warning). Never a secret: the
    /// client logs endpoints and statuses only.
    static func bootstrapLogging() {
        let level = ProcessInfo.processInfo.environment["GOLIVE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level ?? .warning
            return handler
        }
    }
}

/// A command finished and already said why; only the exit code is left to give.
struct CommandFailure: Error {
    let exitCode: Int32
    static let notReady = CommandFailure(exitCode: 1)
}
