public import Foundation
public import GoLiveCore

/// Where the store lives (DESIGN.md: `sqlite:/path/file.sqlite` or `postgres://…`).
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    /// Parsed so the URL can be validated and named; no PostgreSQL adapter ships in this version yet.
    case postgres(url: String)

    public static func parse(_ text: String, currentDirectory: String) throws(GoLiveError) -> StoreLocation {
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }  // sqlite:///abs/path
            guard !path.isEmpty else {
                throw GoLiveError(
                    .usage, "The store URL \(text) names no file.", remedy: "Use sqlite:/path/to/golive.sqlite")
            }
            if !path.hasPrefix("/") { path = currentDirectory + "/" + path }
            return .sqlite(path: path)
        }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            guard let url = URLComponents(string: text), url.host?.isEmpty == false else {
                throw GoLiveError(
                    .usage, "The store URL is not a valid postgres:// URL.",
                    remedy: "Use postgres://user@host:5432/db?sslmode=prefer")
            }
            return .postgres(url: text)
        }
        throw GoLiveError(
            .usage, "Unknown store URL \"\(text)\".",
            remedy: "Use sqlite:/path/to/golive.sqlite (or postgres://user@host:5432/db).")
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let url): Self.redactPassword(url)
        }
    }

    static func redactPassword(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "•••"
        return components.string ?? "postgres://…"
    }
}

/// What a command line says, before the environment and the config file are consulted.
public struct CommandLineSettings: Sendable, Hashable {
    public var apiBase: String?
    public var store: String?
    public var configFile: String?
    public var checkoutURL: String?
    public var seller: String?
    public var language: String?
    /// `golive serve --forward-to URL` (issue 11).
    public var forwardTo: String?

    public init(
        apiBase: String? = nil, store: String? = nil, configFile: String? = nil, checkoutURL: String? = nil,
        seller: String? = nil, language: String? = nil
    ) {
        self.apiBase = apiBase
        self.store = store
        self.configFile = configFile
        self.checkoutURL = checkoutURL
        self.seller = seller
        self.language = language
    }
}

/// The settings in force: command line beats environment beats config file beats defaults.
public struct GoLiveSettings: Sendable {
    public var apiBase: URL
    public var store: StoreLocation
    public var language: Language
    /// Every configured seller; never empty (an unconfigured seller is "default" with no credentials, so
    /// the checks can say what to set).
    public var sellers: [SellerSettings]
    /// The seller commands act on: `--seller`, else the only or first one.
    public var seller: SellerSettings
    /// The config file that was read, if any.
    public var configFile: String?
    /// Forwarding to the shop's backend (issue 11), nil when no URL is configured.
    public var forwarding: ForwardingSettings?
    /// The backfill sweep (issue 11): the config's `backfill:` section, else the defaults.
    public var backfill: BackfillSettings = .default
    /// The config's `alerts:` section (issue 11); nil: no alerting.
    public var alerts: AlertSettings?
    /// The config's `retention:` (issue 11): nil, `serve` does not purge by itself.
    public var retention: RetentionSettings?
    /// The config's `trusted_proxies:` (issue 11); `serve --trusted-proxy` / `GOLIVE_TRUSTED_PROXIES` replace it.
    public var trustedProxies: TrustedProxies = .none

    public init(
        apiBase: URL, store: StoreLocation, language: Language, sellers: [SellerSettings], seller: SellerSettings,
        configFile: String?
    ) {
        self.apiBase = apiBase
        self.store = store
        self.language = language
        self.sellers = sellers
        self.seller = seller
        self.configFile = configFile
    }
}
