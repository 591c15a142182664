import Crypto
public import Foundation
public import GoLiveCore

/// golive's signature on a delivery to the shop (docs/FORWARDING.md): `X-GoLive-Signature: t=UNIX,v1=HEX`, HEX =
/// lower-case hex HMAC-SHA256 keyed with the forward secret over the bytes `"<t>.<body>"` — the scheme Stripe
/// uses, so the shop can verify it with any HMAC library.
public struct HMACForwardSigner: ForwardSigner {
    private let secret: Secret

    public init(secret: Secret) {
        self.secret = secret
    }

    public func signatureHeader(timestamp: Int64, body: Data) -> String {
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        let key = SymmetricKey(data: Data(secret.exposedForTransport.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: key)
        return "t=\(timestamp),v1=" + mac.map { String(format: "%02x", $0) }.joined()
    }
}
