public import Foundation
public import GoLiveCore
import Yams

/// Builds ``GoLiveSettings`` from the command line, the environment and the YAML config file
/// (DESIGN.md "Environment, options, sellers").
public struct SettingsResolver: Sendable {
    public var environment: [String: String]
    public var files: any FileAccess
    public var currentDirectory: String

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment, files: any FileAccess = LocalFileAccess(),
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) {
        self.environment = environment
        self.files = files
        self.currentDirectory = currentDirectory
    }

    public func resolve(_ options: CommandLineSettings) throws(GoLiveError) -> GoLiveSettings {
        let (configPath, explicitConfig) = configFilePath(options)
        var file = ConfigFile()
        var loadedConfig: String?
        if let configPath {
            if files.exists(configPath) {
                file = try ConfigFile.load(path: configPath, files: files)
                loadedConfig = configPath
            } else if explicitConfig {
                throw GoLiveError(
                    .configUnreadable, "The config file \(configPath) does not exist.",
                    remedy: "Fix the path given with --config or GOLIVE_CONFIG, or remove it to use the environment.")
            }
        }

        let apiBaseText = options.apiBase ?? env("MP_API_BASE") ?? file.apiBase ?? "https://api.mercadopago.com"
        let apiBase = try Self.httpURL(apiBaseText, setting: "--api-base / MP_API_BASE")
        let storeText = options.store ?? env("GOLIVE_STORE") ?? file.store ?? "sqlite:" + defaultStorePath()
        let store = try StoreLocation.parse(storeText, currentDirectory: currentDirectory)

        let language = try Language.choose(
            option: options.language, environment: environment, configured: file.language)

        let requestedSeller = options.seller ?? env("GOLIVE_SELLER")
        var sellers = file.sellers
        if let fromEnvironment = try environmentSeller(named: requestedSeller ?? "default") {
            if let index = sellers.firstIndex(where: { $0.name == fromEnvironment.name }) {
                sellers[index] = Self.overlay(fromEnvironment, on: sellers[index])
            } else {
                sellers.insert(fromEnvironment, at: 0)
            }
        }
        if sellers.isEmpty {
            sellers = [SellerSettings(name: requestedSeller ?? "default", origin: "nothing configured")]
        }

        var seller: SellerSettings
        if let requestedSeller {
            guard let found = sellers.first(where: { $0.name == requestedSeller }) else {
                throw GoLiveError(
                    .sellerUnknown, "No seller named \"\(requestedSeller)\" is configured.",
                    remedy: "Configured sellers: \(sellers.map(\.name).joined(separator: ", ")).")
            }
            seller = found
        } else {
            seller = sellers[0]
        }
        if let checkout = options.checkoutURL ?? env("GOLIVE_CHECKOUT_URL") {
            seller.checkoutURL = try Self.httpURL(checkout, setting: "--checkout-url / GOLIVE_CHECKOUT_URL")
            if let index = sellers.firstIndex(where: { $0.name == seller.name }) { sellers[index] = seller }
        }
        var settings = GoLiveSettings(
            apiBase: apiBase, store: store, language: language, sellers: sellers, seller: seller,
            configFile: loadedConfig)
        settings.forwarding = try forwarding(options, file: file, configPath: loadedConfig)  // issue 11
        if let backfill = file.backfill { settings.backfill = backfill }
        settings.alerts = file.alerts  // alerts (issue 11)
        settings.retention = file.retention  // data (issue 11)
        if let proxies = file.trustedProxies { settings.trustedProxies = proxies }  // deployment (issue 11)
        return settings
    }

    // MARK: Pieces

    func env(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    func configFilePath(_ options: CommandLineSettings) -> (String?, explicit: Bool) {
        if let path = options.configFile ?? env("GOLIVE_CONFIG") { return (absolute(path), true) }
        let base = env("XDG_CONFIG_HOME") ?? env("HOME").map { $0 + "/.config" }
        return (base.map { $0 + "/golive/config.yaml" }, false)
    }

    func defaultStorePath() -> String {
        let base = env("XDG_DATA_HOME") ?? env("HOME").map { $0 + "/.local/share" } ?? currentDirectory
        return base + "/golive/golive.sqlite"
    }

    func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : currentDirectory + "/" + path
    }

    /// The seller described by `MP_*` variables, or nil when none is set.
    func environmentSeller(named name: String) throws(GoLiveError) -> SellerSettings? {
        let accessToken = try secret("MP_ACCESS_TOKEN")
        let publicKey = try secret("MP_PUBLIC_KEY")
        let webhookSecret = try secret("MP_WEBHOOK_SECRET")
        let previousSecret = try secret("MP_WEBHOOK_SECRET_PREVIOUS")  // issue 11: rotation
        let notificationURL = env("GOLIVE_NOTIFICATION_URL")
        guard
            accessToken != nil || publicKey != nil || webhookSecret != nil || previousSecret != nil
                || notificationURL != nil
        else { return nil }
        var seller = SellerSettings(
            name: name, accessToken: accessToken, publicKey: publicKey, webhookSecret: webhookSecret,
            origin: "environment")
        try RotationSettings.apply(
            to: &seller, previousSecret: previousSecret, until: env("MP_WEBHOOK_SECRET_PREVIOUS_UNTIL"),
            notificationURL: notificationURL, where: "the environment")
        return seller
    }

    /// `NAME` or `NAME_FILE`; both at once is ambiguous and refused.
    func secret(_ name: String) throws(GoLiveError) -> Secret? {
        let direct = env(name)
        let path = env(name + "_FILE")
        switch (direct, path) {
        case (.some, .some):
            throw GoLiveError(
                .usage, "Both \(name) and \(name)_FILE are set.", remedy: "Keep one of them (\(name)_FILE is safer).")
        case (let value?, nil):
            return Secret(value)
        case (nil, let path?):
            return try files.readSecret(at: absolute(path), setting: name + "_FILE")
        case (nil, nil):
            return nil
        }
    }

    static func overlay(_ top: SellerSettings, on base: SellerSettings) -> SellerSettings {
        var merged = base
        merged.accessToken = top.accessToken ?? base.accessToken
        merged.publicKey = top.publicKey ?? base.publicKey
        merged.webhookSecret = top.webhookSecret ?? base.webhookSecret
        merged.checkoutURL = top.checkoutURL ?? base.checkoutURL
        merged.previousWebhookSecret = top.previousWebhookSecret ?? base.previousWebhookSecret
        merged.previousSecretUntil = top.previousSecretUntil ?? base.previousSecretUntil
        merged.notificationURL = top.notificationURL ?? base.notificationURL
        merged.origin = "environment over \(base.origin)"
        return merged
    }

    static func httpURL(_ text: String, setting: String) throws(GoLiveError) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            throw GoLiveError(
                .usage, "\(setting): \"\(text)\" is not an http(s) URL.",
                remedy: "Give a full URL such as https://host/path.")
        }
        return url
    }
}
