public import Foundation

/// The Sandbox's checkout page for `golive demo`: a page with the payment form served over HTTPS on
/// loopback with a certificate from a CA generated at start (trusted through `caFile` only, never installed),
/// HSTS, the Mercado Pago SDK over https, and an `http://` port that redirects to it. So the SSL check has a
/// real, passing result on a fresh machine with no network.
public final class DemoCheckoutPage: Sendable {
    public let url: URL
    /// The generated root, as PEM: the SSL check's `--ca-file`.
    public let caFile: String
    /// Where `http://` answers 301 to the https:// page.
    public let httpPort: Int
    private let https: LoopbackServer
    private let http: LoopbackServer
    private let folder: URL

    private init(url: URL, caFile: String, https: LoopbackServer, http: LoopbackServer, folder: URL) {
        self.url = url
        self.caFile = caFile
        self.https = https
        self.http = http
        self.folder = folder
        httpPort = http.port
    }

    public static let page = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Demo shop — checkout</title>
        <script src="https://sdk.mercadopago.com/js/v2"></script></head>
        <body><h1>Checkout</h1>
        <form id="form-checkout" action="/process_payment" method="post">
        <div id="cardPaymentBrick_container"></div></form></body></html>
        """

    public static func start() async throws -> DemoCheckoutPage {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "golive-demo-page-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let root = try GeneratedCertificate.root(commonName: "golive Sandbox Root CA", key: .p256)
        let intermediate = try root.intermediate(commonName: "golive Sandbox Intermediate CA", key: .p256)
        let leaf = try intermediate.leaf(names: ["localhost", "127.0.0.1"])
        let caFile = folder.appendingPathComponent("sandbox-root.pem").path
        try Data(root.pem.utf8).write(to: URL(fileURLWithPath: caFile))
        let https = try await LoopbackServer.start(
            tls: .init(chainPEM: [leaf.pem, intermediate.pem], keyPEM: leaf.keyPEM)
        ) { _, _ in
            LoopbackServer.Response(
                status: 200, headers: [("Strict-Transport-Security", "max-age=63072000; includeSubDomains")],
                body: page)
        }
        let port = https.port
        let http: LoopbackServer
        do {
            http = try await LoopbackServer.start { _, path in
                LoopbackServer.Response(
                    status: 301, headers: [("Location", "https://localhost:\(port)\(path)")], body: "Moved")
            }
        } catch {
            await https.stop()
            throw error
        }
        return DemoCheckoutPage(
            url: URL(string: "https://localhost:\(port)/checkout")!, caFile: caFile, https: https, http: http,
            folder: folder)
    }

    public func stop() async {
        await https.stop()
        await http.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}
