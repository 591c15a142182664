import Foundation
import GoLiveCore
import Testing

@Suite("Secrets are never shown in full")
struct SecretTests {
    static let token = "APP_USR-4829301746251938-112609-8f3c2a1b9d7e4f60a5b3c8d2e1f09a7b-240112233"

    @Test("every textual form is masked to prefix and last four")
    func masked() throws {
        let secret = Secret(Self.token)
        #expect(secret.masked == "APP_USR-…2233")
        #expect("\(secret)" == "APP_USR-…2233")
        #expect(String(reflecting: secret) == "Secret(APP_USR-…2233)")
        let encoded = String(decoding: try JSONEncoder().encode(["token": secret]), as: UTF8.self)
        #expect(!encoded.contains("8f3c2a1b"))
        #expect(encoded.contains("…2233"))
        #expect(secret.exposedForTransport == Self.token)
    }

    @Test("short secrets reveal nothing")
    func short() {
        #expect(Secret("abc123").masked == "…")
        #expect(Secret("TEST-abc").masked == "TEST-…")
    }

    @Test("prefixes and shapes")
    func shapes() {
        #expect(Secret(Self.token).prefix == .production)
        #expect(Secret(Self.token).looksLikeAccessToken)
        #expect(Secret(Self.token).trailingUserID == 240_112_233)
        #expect(Secret("TEST-9c8b7a6d-5e4f-4a3b-8c1d-0e9f8a7b6c5d").prefix == .test)
        #expect(Secret("TEST-9c8b7a6d-5e4f-4a3b-8c1d-0e9f8a7b6c5d").looksLikePublicKey)
        #expect(!Secret(Self.token).looksLikePublicKey)
        #expect(Secret("sk_live_123").prefix == .unknown)
    }

    @Test("payer data masks")
    func payerData() {
        #expect(Masking.maskEmail("ventas@tiendaelsol.com.ar") == "v•••s@tiendaelsol.com.ar")
        #expect(Masking.maskIdentifier("20345678901") == "••••••••901")
    }
}
