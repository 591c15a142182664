import Foundation
import GoLiveConfig
import GoLiveCore
import Testing

/// Real files in a temporary folder: permissions are real mode bits (root can still chmod them).
final class TempFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("golive-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ text: String, mode: Int = 0o600) throws -> String {
        let path = url.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }
}

@Suite("Configuration: environment, *_FILE secrets, YAML config")
struct SettingsResolverTests {
    static let token = "APP_USR-4829301746251938-112609-8f3c2a1b9d7e4f60a5b3c8d2e1f09a7b-240112233"

    func resolver(_ env: [String: String], _ folder: TempFolder) -> SettingsResolver {
        SettingsResolver(
            environment: env.merging(["HOME": folder.url.path]) { a, _ in a }, currentDirectory: folder.url.path)
    }

    @Test("defaults: the public API, a SQLite store under XDG_DATA_HOME, one unconfigured seller")
    func defaults() throws {
        let folder = try TempFolder()
        let settings = try resolver(["XDG_DATA_HOME": "/data"], folder).resolve(CommandLineSettings())
        #expect(settings.apiBase.absoluteString == "https://api.mercadopago.com")
        #expect(settings.store == .sqlite(path: "/data/golive/golive.sqlite"))
        #expect(settings.sellers.map(\.name) == ["default"])
        #expect(settings.seller.accessToken == nil)
        #expect(settings.language == .english)
    }

    @Test("command line beats environment beats config file")
    func precedence() throws {
        let folder = try TempFolder()
        let config = try folder.write(
            "config.yaml", "api_base: http://from-file:1\nstore: sqlite:/file.sqlite\n", mode: 0o644)
        let env = ["GOLIVE_CONFIG": config, "MP_API_BASE": "http://from-env:2"]
        let fromEnv = try resolver(env, folder).resolve(CommandLineSettings())
        #expect(fromEnv.apiBase.absoluteString == "http://from-env:2")
        #expect(fromEnv.store == .sqlite(path: "/file.sqlite"))
        let fromFlag = try resolver(env, folder).resolve(CommandLineSettings(apiBase: "http://from-flag:3"))
        #expect(fromFlag.apiBase.absoluteString == "http://from-flag:3")
    }

    @Test("a secret file readable by group or others is refused, naming the file and the chmod")
    func unsafeSecretFile() throws {
        let folder = try TempFolder()
        let path = try folder.write("token", Self.token + "\n", mode: 0o644)
        do {
            _ = try resolver(["MP_ACCESS_TOKEN_FILE": path], folder).resolve(CommandLineSettings())
            Issue.record("an unsafe secret file was accepted")
        } catch {
            #expect(error.code == .configUnsafePermissions)
            #expect(error.isUsageError)
            #expect(error.description.contains(path))
            #expect(error.description.contains("chmod 600 \(path)"))
            #expect(!error.description.contains("8f3c2a1b"))
        }
    }

    @Test("a private secret file is read and trimmed")
    func safeSecretFile() throws {
        let folder = try TempFolder()
        let path = try folder.write("token", Self.token + "\n", mode: 0o600)
        let settings = try resolver(["MP_ACCESS_TOKEN_FILE": path], folder).resolve(CommandLineSettings())
        #expect(settings.seller.accessToken?.exposedForTransport == Self.token)
        #expect(settings.seller.name == "default")
    }

    @Test("both MP_ACCESS_TOKEN and MP_ACCESS_TOKEN_FILE is ambiguous")
    func bothSet() throws {
        let folder = try TempFolder()
        let path = try folder.write("token", Self.token)
        #expect(throws: GoLiveError.self) {
            try resolver(["MP_ACCESS_TOKEN_FILE": path, "MP_ACCESS_TOKEN": Self.token], folder).resolve(
                CommandLineSettings())
        }
    }

    @Test("several sellers in YAML; the environment's seller is added, or overrides the one of its name")
    func sellers() throws {
        let folder = try TempFolder()
        try folder.write("a.token", "APP_USR-1111111111111111-111111-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-1001")
        try folder.write("b.token", "APP_USR-2222222222222222-222222-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-1002")
        let config = try folder.write(
            "config.yaml",
            """
            sellers:
              - name: shop-a
                access_token_file: a.token
                public_key: APP_USR-6f1d2c3b-4a5e-4f60-9b8a-7c6d5e4f3a2b
                checkout_url: https://shop-a.example/checkout
              - name: shop-b
                access_token_file: b.token
            """, mode: 0o644)
        let base = ["GOLIVE_CONFIG": config]
        let fromFile = try resolver(base, folder).resolve(CommandLineSettings())
        #expect(fromFile.sellers.map(\.name) == ["shop-a", "shop-b"])
        #expect(fromFile.seller.name == "shop-a")
        #expect(fromFile.seller.checkoutURL?.host == "shop-a.example")
        #expect(fromFile.seller.accessToken?.trailingUserID == 1001)

        let chosen = try resolver(base, folder).resolve(CommandLineSettings(seller: "shop-b"))
        #expect(chosen.seller.accessToken?.trailingUserID == 1002)

        let added = try resolver(base.merging(["MP_ACCESS_TOKEN": Self.token]) { a, _ in a }, folder)
            .resolve(CommandLineSettings())
        #expect(added.sellers.map(\.name) == ["default", "shop-a", "shop-b"])

        let overridden = try resolver(
            base.merging(["MP_ACCESS_TOKEN": Self.token, "GOLIVE_SELLER": "shop-a"]) { a, _ in a }, folder
        ).resolve(CommandLineSettings())
        #expect(overridden.sellers.map(\.name) == ["shop-a", "shop-b"])
        #expect(overridden.seller.accessToken?.exposedForTransport == Self.token)
        #expect(overridden.seller.checkoutURL?.host == "shop-a.example")  // kept from the file

        #expect(throws: GoLiveError.self) { try resolver(base, folder).resolve(CommandLineSettings(seller: "shop-z")) }
    }

    @Test("an inline token in a world-readable config file is refused; in a private one it is accepted")
    func inlineSecrets() throws {
        let folder = try TempFolder()
        let yaml = "sellers:\n  - name: s\n    access_token: \(Self.token)\n"
        let open = try folder.write("open.yaml", yaml, mode: 0o644)
        do {
            _ = try resolver(["GOLIVE_CONFIG": open], folder).resolve(CommandLineSettings())
            Issue.record("accepted")
        } catch {
            #expect(error.code == .configUnsafePermissions)
            #expect(error.description.contains("chmod 600 \(open)"))
        }
        let closed = try folder.write("closed.yaml", yaml, mode: 0o600)
        let settings = try resolver(["GOLIVE_CONFIG": closed], folder).resolve(CommandLineSettings())
        #expect(settings.seller.accessToken?.exposedForTransport == Self.token)
    }

    @Test(
        "invalid configuration is a clear usage error",
        arguments: [
            ("sellers:\n  - name: s\n    acess_token_file: x\n", "unknown seller setting \"acess_token_file\""),
            ("sellers: [unclosed", "not valid YAML"),
            ("- just\n- a list\n", "top level must be a mapping"),
            ("colour: blue\n", "unknown setting \"colour\""),
            ("sellers:\n  - name: a\n  - name: a\n", "two sellers are named \"a\""),
            ("sellers:\n  - public_key: x\n", "has no name"),
        ])
    func invalidConfig(yaml: String, expected: String) throws {
        let folder = try TempFolder()
        let path = try folder.write("config.yaml", yaml, mode: 0o600)
        do {
            _ = try resolver(["GOLIVE_CONFIG": path], folder).resolve(CommandLineSettings())
            Issue.record("accepted \(yaml)")
        } catch {
            #expect(error.isUsageError)
            #expect(error.message.contains(expected), "\(error.message)")
            #expect(error.message.contains(path))
        }
    }

    @Test("a config file named explicitly must exist; the default one is optional")
    func missingConfig() throws {
        let folder = try TempFolder()
        #expect(throws: GoLiveError.self) {
            try resolver(["GOLIVE_CONFIG": "/nonexistent/config.yaml"], folder).resolve(CommandLineSettings())
        }
        _ = try resolver([:], folder).resolve(CommandLineSettings())
    }

    @Test(
        "malformed URLs are usage errors",
        arguments: [
            CommandLineSettings(apiBase: "not a url"), CommandLineSettings(apiBase: "ftp://x"),
            CommandLineSettings(store: "mysql://x"), CommandLineSettings(checkoutURL: "checkout"),
            CommandLineSettings(language: "fr"),
        ])
    func malformedURLs(options: CommandLineSettings) throws {
        let folder = try TempFolder()
        do {
            _ = try resolver([:], folder).resolve(options)
            Issue.record("accepted")
        } catch {
            #expect(error.isUsageError)
        }
    }

    @Test("store URLs")
    func storeURLs() throws {
        #expect(try StoreLocation.parse("sqlite:/a/b.sqlite", currentDirectory: "/cwd") == .sqlite(path: "/a/b.sqlite"))
        #expect(
            try StoreLocation.parse("sqlite:///a/b.sqlite", currentDirectory: "/cwd") == .sqlite(path: "/a/b.sqlite"))
        #expect(
            try StoreLocation.parse("sqlite:rel.sqlite", currentDirectory: "/cwd") == .sqlite(path: "/cwd/rel.sqlite"))
        let postgres = try StoreLocation.parse(
            "postgres://u:secret@db:5432/golive?sslmode=require", currentDirectory: "/")
        #expect(!postgres.description.contains("secret"))
    }

    @Test("a read failure says which file and what to do")
    func unreadable() throws {
        struct BrokenFiles: FileAccess {
            func exists(_ path: String) -> Bool { true }
            func permissions(of path: String) -> Int? { 0o600 }
            func contents(of path: String) throws -> Data { throw CocoaError(.fileReadNoPermission) }
        }
        let resolver = SettingsResolver(
            environment: ["MP_ACCESS_TOKEN_FILE": "/secrets/token"], files: BrokenFiles(), currentDirectory: "/")
        do {
            _ = try resolver.resolve(CommandLineSettings())
            Issue.record("accepted")
        } catch {
            #expect(error.code == .configUnreadable)
            #expect(error.message.contains("/secrets/token"))
        }
    }
}
