import Crypto
public import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// Certificates generated on the spot (swift-certificates + swift-crypto): a private CA for the Sandbox's
/// checkout page, and the good and bad fixtures of the SSL tests. Nothing here is ever a secret worth keeping.
public struct GeneratedCertificate: Sendable {
    public enum KeyKind: Sendable, Hashable {
        case p256
        /// RSA of this many bits (1024 is allowed here: fixtures need a weak key).
        case rsa(Int)
    }

    public enum Signature: Sendable, Hashable {
        case sha256
        /// SHA-1 (RSA issuers only), for the weak-signature fixture.
        case sha1
    }

    let certificate: Certificate
    let privateKey: Certificate.PrivateKey
    let keyKind: KeyKind

    /// DER bytes of the certificate.
    public let der: [UInt8]
    /// The certificate as PEM.
    public let pem: String
    /// The private key as PEM (PKCS#8 or SEC1).
    public let keyPEM: String
    public var subjectName: String { String(describing: certificate.subject) }

    init(certificate: Certificate, privateKey: Certificate.PrivateKey, keyKind: KeyKind) throws {
        self.certificate = certificate
        self.privateKey = privateKey
        self.keyKind = keyKind
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        der = serializer.serializedBytes
        pem = try certificate.serializeAsPEM().pemString
        keyPEM = try privateKey.serializeAsPEM().pemString
    }

    static func makeKey(_ kind: KeyKind) throws -> Certificate.PrivateKey {
        switch kind {
        case .p256:
            return Certificate.PrivateKey(P256.Signing.PrivateKey())
        case .rsa(let bits):
            return Certificate.PrivateKey(try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: bits)))
        }
    }

    /// A self-signed CA certificate.
    public static func root(
        commonName: String, key: KeyKind = .rsa(2048), notBefore: Date = Date() - 86_400,
        notAfter: Date = Date() + 3650 * 86_400
    ) throws -> GeneratedCertificate {
        let privateKey = try makeKey(key)
        let name = try DistinguishedName { CommonName(commonName) }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: privateKey.publicKey, notValidBefore: notBefore,
            notValidAfter: notAfter, issuer: name, subject: name,
            signatureAlgorithm: algorithm(for: key, .sha256),
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            }, issuerPrivateKey: privateKey)
        return try GeneratedCertificate(certificate: certificate, privateKey: privateKey, keyKind: key)
    }

    /// A CA certificate issued by `self`.
    public func intermediate(
        commonName: String, key: KeyKind = .rsa(2048), notBefore: Date = Date() - 86_400,
        notAfter: Date = Date() + 1825 * 86_400
    ) throws -> GeneratedCertificate {
        let privateKey = try Self.makeKey(key)
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: privateKey.publicKey, notValidBefore: notBefore,
            notValidAfter: notAfter, issuer: self.certificate.subject,
            subject: try DistinguishedName { CommonName(commonName) },
            signatureAlgorithm: Self.algorithm(for: keyKind, .sha256),
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            }, issuerPrivateKey: self.privateKey)
        return try GeneratedCertificate(certificate: certificate, privateKey: privateKey, keyKind: key)
    }

    /// A server certificate issued by `self` for `names` (DNS names or IP literals).
    public func leaf(
        names: [String], key: KeyKind = .p256, notBefore: Date = Date() - 86_400,
        notAfter: Date = Date() + 90 * 86_400, signature: Signature = .sha256
    ) throws -> GeneratedCertificate {
        let privateKey = try Self.makeKey(key)
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: privateKey.publicKey, notValidBefore: notBefore,
            notValidAfter: notAfter, issuer: self.certificate.subject,
            subject: try DistinguishedName { CommonName(names.first ?? "localhost") },
            signatureAlgorithm: Self.algorithm(for: keyKind, signature),
            extensions: try Self.leafExtensions(names), issuerPrivateKey: self.privateKey)
        return try GeneratedCertificate(certificate: certificate, privateKey: privateKey, keyKind: key)
    }

    /// A self-signed server certificate (not a CA).
    public static func selfSignedLeaf(names: [String], key: KeyKind = .p256) throws -> GeneratedCertificate {
        let privateKey = try makeKey(key)
        let name = try DistinguishedName { CommonName(names.first ?? "localhost") }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: privateKey.publicKey, notValidBefore: Date() - 86_400,
            notValidAfter: Date() + 90 * 86_400, issuer: name, subject: name,
            signatureAlgorithm: algorithm(for: key, .sha256), extensions: try leafExtensions(names),
            issuerPrivateKey: privateKey)
        return try GeneratedCertificate(certificate: certificate, privateKey: privateKey, keyKind: key)
    }

    static func leafExtensions(_ names: [String]) throws -> Certificate.Extensions {
        let sans = names.map { name -> GeneralName in
            if let bytes = ipBytes(name) { return .ipAddress(ASN1OctetString(contentBytes: bytes[...])) }
            return .dnsName(name)
        }
        return try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
            try ExtendedKeyUsage([.serverAuth])
            SubjectAlternativeNames(sans)
        }
    }

    static func ipBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    static func algorithm(for issuerKey: KeyKind, _ signature: Signature) -> Certificate.SignatureAlgorithm {
        switch (issuerKey, signature) {
        case (.rsa, .sha256): .sha256WithRSAEncryption
        case (.rsa, .sha1): .sha1WithRSAEncryption
        case (.p256, _): .ecdsaWithSHA256
        }
    }
}
