public import Foundation

/// The SSL check's fixtures (issue 4, TLS.md §4): a root, an intermediate, and TLS servers on loopback that
/// each differ from the valid one in one thing. Certificates are generated at start, so "valid" and
/// "expires in 10 days" are relative to now. Used by the tests and the benchmark; stop it when done.
public final class SSLFixtureSet: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case valid, expiring, expired, notYetValid, wrongHost, selfSigned, untrustedRoot, incompleteChain
        case rsa1024, sha1, tls10, tls13Only
        /// Two problems at once (expired and for another host): both must be reported.
        case expiredWrongHost
        /// A valid leaf under an intermediate that has expired.
        case expiredIntermediate
        /// Valid certificate; the page differs.
        case noHSTS, shortHSTS, mixedContent
        /// Valid; `/checkout` answers 301 to `/checkout/`, which serves the page.
        case movedPage
    }

    /// The host name in every fixture URL (the valid leaf names localhost and 127.0.0.1).
    public static let host = "localhost"
    public static let path = "/checkout"

    public static let goodPage = """
        <!doctype html><html><head><title>Checkout</title>
        <link rel="stylesheet" href="https://cdn.example.com/shop.css">
        <script src="https://sdk.mercadopago.com/js/v2"></script></head>
        <body><form action="/pay" method="post"><div id="cardPaymentBrick_container"></div></form>
        <a href="http://example.com/terms">Terms</a><img src="https://cdn.example.com/logo.png"></body></html>
        """

    public static let mixedPage = """
        <!doctype html><html><head><title>Checkout</title>
        <link rel="stylesheet" href="http://cdn.example.com/shop.css">
        <script src="http://sdk.mercadopago.com/js/v2"></script></head>
        <body><form action="http://shop.example.com/pay" method="post"></form>
        <iframe src="http://ads.example.com/frame"></iframe><img src="http://cdn.example.com/logo.png"></body></html>
        """

    public static let goodHSTS = "max-age=63072000; includeSubDomains"

    /// The PEM file of the test root: pass it as `--ca-file`.
    public let caFile: String
    public let root: GeneratedCertificate
    /// Answers 301 to the https:// URL: use as `--http-port` when the redirect is not what is tested.
    public let redirectPort: Int
    /// Serves the page over plain HTTP with 200 (no redirect).
    public let plainPort: Int
    private let folder: URL
    private let servers: [Kind: LoopbackServer]
    private let httpServers: [LoopbackServer]

    private init(
        caFile: String, root: GeneratedCertificate, folder: URL, servers: [Kind: LoopbackServer],
        httpServers: [LoopbackServer], redirectPort: Int, plainPort: Int
    ) {
        self.caFile = caFile
        self.root = root
        self.folder = folder
        self.servers = servers
        self.httpServers = httpServers
        self.redirectPort = redirectPort
        self.plainPort = plainPort
    }

    public func url(_ kind: Kind) -> URL {
        URL(string: "https://\(Self.host):\(servers[kind]!.port)\(Self.path)")!
    }

    public func port(_ kind: Kind) -> Int { servers[kind]!.port }

    public static func start(_ kinds: [Kind] = Kind.allCases) async throws -> SSLFixtureSet {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golive-ssl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let now = Date()
        let day: TimeInterval = 86_400
        let names = [host, "127.0.0.1"]
        let root = try GeneratedCertificate.root(commonName: "golive Test Root CA")
        let intermediate = try root.intermediate(commonName: "golive Test Intermediate CA")
        let caFile = folder.appendingPathComponent("root.pem").path
        try Data(root.pem.utf8).write(to: URL(fileURLWithPath: caFile))

        func served(_ leaf: GeneratedCertificate, chain: [GeneratedCertificate]? = nil) -> LoopbackServer.TLS {
            LoopbackServer.TLS(chainPEM: (chain ?? [leaf, intermediate]).map(\.pem), keyPEM: leaf.keyPEM)
        }
        var servers: [Kind: LoopbackServer] = [:]
        var started: [LoopbackServer] = []
        do {
            for kind in kinds {
                var tls: LoopbackServer.TLS
                var page = goodPage
                var hsts: String? = goodHSTS
                switch kind {
                case .valid, .noHSTS, .shortHSTS, .mixedContent, .movedPage:
                    tls = served(try intermediate.leaf(names: names))
                    if kind == .noHSTS { hsts = nil }
                    if kind == .shortHSTS { hsts = "max-age=300" }
                    if kind == .mixedContent { page = mixedPage }
                case .expiring:
                    tls = served(
                        try intermediate.leaf(names: names, notBefore: now - 80 * day, notAfter: now + 10 * day))
                case .expired:
                    tls = served(
                        try intermediate.leaf(names: names, notBefore: now - 100 * day, notAfter: now - 10 * day))
                case .notYetValid:
                    tls = served(
                        try intermediate.leaf(names: names, notBefore: now + 10 * day, notAfter: now + 100 * day))
                case .wrongHost:
                    tls = served(try intermediate.leaf(names: ["wrong.host.example"]))
                case .expiredIntermediate:
                    let old = try root.intermediate(
                        commonName: "golive Expired Intermediate CA", key: .p256, notBefore: now - 400 * day,
                        notAfter: now - 10 * day)
                    let leaf = try old.leaf(names: names, notBefore: now - 100 * day)
                    tls = served(leaf, chain: [leaf, old])
                case .expiredWrongHost:
                    tls = served(
                        try intermediate.leaf(
                            names: ["wrong.host.example"], notBefore: now - 100 * day, notAfter: now - 10 * day))
                case .selfSigned:
                    let leaf = try GeneratedCertificate.selfSignedLeaf(names: names)
                    tls = served(leaf, chain: [leaf])
                case .untrustedRoot:
                    let otherRoot = try GeneratedCertificate.root(commonName: "Untrusted Root CA", key: .p256)
                    let leaf = try otherRoot.leaf(names: names)
                    tls = served(leaf, chain: [leaf, otherRoot])
                case .incompleteChain:
                    let leaf = try intermediate.leaf(names: names)
                    tls = served(leaf, chain: [leaf])
                case .rsa1024:
                    tls = served(try intermediate.leaf(names: names, key: .rsa(1024)))
                case .sha1:
                    tls = served(try intermediate.leaf(names: names, signature: .sha1))
                case .tls10:
                    tls = served(try intermediate.leaf(names: names))
                    tls.minimumVersion = .tls10
                case .tls13Only:
                    tls = served(try intermediate.leaf(names: names))
                    tls.minimumVersion = .tls13
                }
                let body = page
                let header = hsts
                let moves = kind == .movedPage
                let server = try await LoopbackServer.start(tls: tls) { _, requested in
                    if moves && requested == path {
                        return LoopbackServer.Response(status: 301, headers: [("Location", path + "/")], body: "Moved")
                    }
                    return LoopbackServer.Response(
                        status: 200, headers: header.map { [("Strict-Transport-Security", $0)] } ?? [], body: body)
                }
                servers[kind] = server
                started.append(server)
            }
            let redirect = try await LoopbackServer.start { _, path in
                LoopbackServer.Response(
                    status: 301, headers: [("Location", "https://\(host)\(path)")], body: "Moved")
            }
            started.append(redirect)
            let plain = try await LoopbackServer.start { _, _ in LoopbackServer.Response(status: 200, body: goodPage) }
            started.append(plain)
            return SSLFixtureSet(
                caFile: caFile, root: root, folder: folder, servers: servers, httpServers: [redirect, plain],
                redirectPort: redirect.port, plainPort: plain.port)
        } catch {
            for server in started { await server.stop() }
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    public func stop() async {
        for server in servers.values { await server.stop() }
        for server in httpServers { await server.stop() }
        try? FileManager.default.removeItem(at: folder)
    }
}
