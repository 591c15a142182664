public import Foundation
public import GoLiveCore

/// Forwarding to the shop's backend (issue 11, docs/FORWARDING.md): where, the signing secret, and the retry
/// schedule. From `--forward-to` (serve) / `GOLIVE_FORWARD_TO` / config `forward_to:`, and the secret from
/// `GOLIVE_FORWARD_SECRET` / `GOLIVE_FORWARD_SECRET_FILE` / config `forward_secret:` / `forward_secret_file:`
/// (refused when group or others may read the file, like every secret).
public struct ForwardingSettings: Sendable {
    public var url: URL
    /// nil when none is configured: `serve` refuses to forward unsigned.
    public var secret: Secret?
    public var policy: ForwardPolicy
    /// Where the URL came from (for messages).
    public var origin: String

    public init(url: URL, secret: Secret?, policy: ForwardPolicy = .standard, origin: String) {
        self.url = url
        self.secret = secret
        self.policy = policy
        self.origin = origin
    }

    /// The config file's keys for forwarding (top level).
    static let configKeys: Set<String> = ["forward_to", "forward_secret", "forward_secret_file"]
}

extension SettingsResolver {
    /// The forwarding settings in force, nil when no URL is configured anywhere. Tuning for tests and slow
    /// shops: `GOLIVE_FORWARD_TIMEOUT` (seconds per attempt, default 10), `GOLIVE_FORWARD_RETRY_BASE` (seconds,
    /// default 30, doubled per attempt), `GOLIVE_FORWARD_MAX_ATTEMPTS` (default 8).
    func forwarding(_ options: CommandLineSettings, file: ConfigFile, configPath: String?) throws(GoLiveError)
        -> ForwardingSettings?
    {
        let fromCommandLine = options.forwardTo
        let fromEnvironment = env("GOLIVE_FORWARD_TO")
        let fromFile = file.forwarding["forward_to"]
        guard let text = fromCommandLine ?? fromEnvironment ?? fromFile else { return nil }
        let origin =
            fromCommandLine != nil ? "--forward-to" : fromEnvironment != nil ? "GOLIVE_FORWARD_TO" : "config forward_to"
        let url = try Self.httpURL(text, setting: origin)

        var secret = try self.secret("GOLIVE_FORWARD_SECRET")
        if secret == nil, let configPath {
            switch (file.forwarding["forward_secret"], file.forwarding["forward_secret_file"]) {
            case (.some, .some):
                throw GoLiveError(
                    .configInvalid, "The config file \(configPath) sets both forward_secret and forward_secret_file.",
                    remedy: "Keep one of them (forward_secret_file is safer).")
            case (let inline?, nil):
                try files.refuseUnsafePermissions(configPath, what: "config file holding forward_secret")
                secret = Secret(inline)
            case (nil, let path?):
                let folder = URL(fileURLWithPath: configPath).deletingLastPathComponent().path
                secret = try files.readSecret(
                    at: path.hasPrefix("/") ? path : folder + "/" + path, setting: "forward_secret_file")
            case (nil, nil):
                break
            }
        }

        var policy = ForwardPolicy.standard
        if let timeout = try positive("GOLIVE_FORWARD_TIMEOUT") { policy.timeout = Duration(timeInterval: timeout) }
        if let base = try positive("GOLIVE_FORWARD_RETRY_BASE") {
            policy.baseDelay = Duration(timeInterval: base)
            policy.maxDelay = Duration(timeInterval: max(base, min(base * 32, 1800)))
        }
        if let attempts = try positive("GOLIVE_FORWARD_MAX_ATTEMPTS") { policy.maxAttempts = max(1, Int(attempts)) }
        return ForwardingSettings(url: url, secret: secret, policy: policy, origin: origin)
    }

    private func positive(_ name: String) throws(GoLiveError) -> Double? {
        guard let text = env(name) else { return nil }
        guard let value = Double(text), value > 0, value.isFinite else {
            throw GoLiveError(.usage, "\(name) must be a positive number, not \"\(text)\".", remedy: "Fix or unset it.")
        }
        return value
    }
}
