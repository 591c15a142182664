import Foundation
import GoLiveCore
import Yams

/// The YAML config file:
///
/// ```yaml
/// api_base: https://api.mercadopago.com     # optional
/// store: sqlite:/var/lib/golive/golive.sqlite
/// lang: es
/// sellers:
///   - name: tienda
///     access_token_file: /etc/golive/tienda.token   # chmod 600; relative paths are from this file's folder
///     public_key: APP_USR-6f1d2c3b-…
///     webhook_secret_file: /etc/golive/tienda.webhook
///     checkout_url: https://tienda.example/checkout
/// retention: {older_than_days: 90}            # optional: serve purges daily (DataKeepConfig.swift)
/// trusted_proxies: [127.0.0.1]                 # optional: whose X-Forwarded-For serve believes
/// backfill:                                   # optional (BackfillConfig.swift)
///   every: 10m
///   lookback: 2h
/// ```
/// Inline `access_token`/`webhook_secret` are accepted only when this file itself is not accessible to group
/// or others. Unknown keys are errors, so a typo cannot silently drop a credential.
struct ConfigFile {
    var apiBase: String?
    var store: String?
    var language: String?
    var sellers: [SellerSettings] = []
    /// Forwarding (issue 11): `forward_to`, `forward_secret`, `forward_secret_file` as written (ForwardingSettings).
    var forwarding: [String: String] = [:]
    /// `backfill:` (issue 11; BackfillConfig.swift).
    var backfill: BackfillSettings?
    var alerts: AlertSettings?  // alerts (issue 11): AlertsConfig.swift
    var retention: RetentionSettings?  // data (issue 11): DataKeepConfig.swift
    var trustedProxies: TrustedProxies?  // deployment (issue 11): DataKeepConfig.swift

    static let topLevelKeys: Set<String> = ["api_base", "store", "lang", "sellers", "backfill"]
    static let sellerKeys: Set<String> = [
        "name", "access_token", "access_token_file", "public_key", "public_key_file", "webhook_secret",
        "webhook_secret_file", "checkout_url",
        // issue 11: secret rotation and the notification URL
        "previous_webhook_secret", "previous_webhook_secret_file", "previous_secret_until", "notification_url",
    ]

    static func load(path: String, files: any FileAccess) throws(GoLiveError) -> ConfigFile {
        let text: String
        do {
            text = String(decoding: try files.contents(of: path), as: UTF8.self)
        } catch {
            throw GoLiveError(
                .configUnreadable, "Cannot read the config file \(path): \(error.localizedDescription).",
                remedy: "Check the file's permissions, or point --config / GOLIVE_CONFIG elsewhere.")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw invalid(
                path, "it is not valid YAML (\(String(describing: error).split(separator: "\n").first ?? ""))")
        }
        guard let node else { return ConfigFile() }
        guard let root = node.mapping else { throw invalid(path, "the top level must be a mapping of settings") }

        var config = ConfigFile()
        for (keyNode, value) in root {
            let key = keyNode.string ?? ""
            if key == "retention" {  // data (issue 11)
                config.retention = try RetentionConfig.parse(value, path: path)
                continue
            }
            if key == "trusted_proxies" {  // deployment (issue 11)
                config.trustedProxies = try TrustedProxiesConfig.parse(value, path: path)
                continue
            }
            if key == "alerts" {  // alerts (issue 11)
                config.alerts = try AlertsConfig.parse(value, path: path, files: files)
                continue
            }
            guard topLevelKeys.contains(key) || ForwardingSettings.configKeys.contains(key) else {
                throw invalid(
                    path,
                    "unknown setting \"\(key)\" (known: "
                        + "\(topLevelKeys.union(ForwardingSettings.configKeys).sorted().joined(separator: ", ")))")
            }
            switch key {
            case "api_base": config.apiBase = try scalar(value, key, path)
            case _ where ForwardingSettings.configKeys.contains(key):  // issue 11
                config.forwarding[key] = try scalar(value, key, path)
            case "store": config.store = try scalar(value, key, path)
            case "lang": config.language = try scalar(value, key, path)
            case "backfill": config.backfill = try BackfillConfig.parse(value, path: path)
            case "sellers":
                guard let list = value.sequence else { throw invalid(path, "sellers must be a list of mappings") }
                for (index, entry) in list.enumerated() {
                    config.sellers.append(try seller(entry, index: index, path: path, files: files))
                }
            default: break
            }
        }
        let names = config.sellers.map(\.name)
        if let duplicate = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw invalid(path, "two sellers are named \"\(duplicate)\"")
        }
        return config
    }

    static func seller(_ node: Node, index: Int, path: String, files: any FileAccess) throws(GoLiveError)
        -> SellerSettings
    {
        guard let mapping = node.mapping else { throw invalid(path, "sellers[\(index)] must be a mapping") }
        var values: [String: String] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard sellerKeys.contains(key) else {
                throw invalid(
                    path,
                    "unknown seller setting \"\(key)\" in sellers[\(index)] (known: \(sellerKeys.sorted().joined(separator: ", ")))"
                )
            }
            values[key] = try scalar(value, "sellers[\(index)].\(key)", path)
        }
        guard let name = values["name"], !name.isEmpty else { throw invalid(path, "sellers[\(index)] has no name") }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path

        func credential(_ key: String) throws(GoLiveError) -> Secret? {
            switch (values[key], values[key + "_file"]) {
            case (.some, .some):
                throw invalid(path, "seller \(name) sets both \(key) and \(key)_file; keep one")
            case (let inline?, nil):
                if key != "public_key" { try files.refuseUnsafePermissions(path, what: "config file holding \(key)") }
                return Secret(inline)
            case (nil, let file?):
                let resolved = file.hasPrefix("/") ? file : folder + "/" + file
                return try files.readSecret(at: resolved, setting: "seller \(name) \(key)_file")
            case (nil, nil):
                return nil
            }
        }

        var checkoutURL: URL?
        if let text = values["checkout_url"] {
            checkoutURL = try SettingsResolver.httpURL(text, setting: "seller \(name) checkout_url in \(path)")
        }
        var settings = SellerSettings(
            name: name, accessToken: try credential("access_token"), publicKey: try credential("public_key"),
            webhookSecret: try credential("webhook_secret"), checkoutURL: checkoutURL, origin: "config \(path)")
        try RotationSettings.apply(
            to: &settings, previousSecret: try credential("previous_webhook_secret"),
            until: values["previous_secret_until"], notificationURL: values["notification_url"],
            where: "seller \(name) in \(path)")
        return settings
    }

    static func scalar(_ node: Node, _ key: String, _ path: String) throws(GoLiveError) -> String {
        guard let text = node.scalar?.string else { throw invalid(path, "\(key) must be a single value") }
        return text
    }

    static func invalid(_ path: String, _ reason: String) -> GoLiveError {
        GoLiveError(
            .configInvalid, "The config file \(path) is invalid: \(reason).", remedy: "Fix the file and run again.")
    }
}
