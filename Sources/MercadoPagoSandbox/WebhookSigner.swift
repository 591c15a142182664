import Crypto
import Foundation

/// Mercado Pago's webhook signature as MERCADOPAGO.md §5.4 documents it: the manifest
/// `id:[data.id_url];request-id:[x-request-id_header];ts:[ts_header];` with every absent pair dropped,
/// HMAC-SHA256 keyed with the application's secret, lower-case hex, sent as `x-signature: ts=…,v1=…`.
///
/// The Sandbox only signs; verifying is the receiver's job (and is tested against the Python vectors in
/// Tests/Fixtures/signature-vectors.json).
public enum WebhookSigner {
    /// The signed text; `nil` parts are left out entirely.
    public static func manifest(dataID: String?, requestID: String?, ts: String?) -> String {
        var text = ""
        if let dataID { text += "id:\(dataID);" }
        if let requestID { text += "request-id:\(requestID);" }
        if let ts { text += "ts:\(ts);" }
        return text
    }

    /// HMAC-SHA256 of `manifest` keyed with `secret`, as lower-case hex.
    public static func hmacHex(manifest: String, secret: String) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data(manifest.utf8), using: key)
        return mac.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The `x-signature` header value: `ts=<ts>,v1=<hex>`.
    public static func header(dataID: String?, requestID: String?, ts: String, secret: String) -> String {
        let v1 = hmacHex(manifest: manifest(dataID: dataID, requestID: requestID, ts: ts), secret: secret)
        return "ts=\(ts),v1=\(v1)"
    }
}
