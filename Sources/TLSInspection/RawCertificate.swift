import GoLiveCore
import SwiftASN1
import X509

/// The facts golive reads straight from a certificate's DER with SwiftASN1, so they are known even when
/// swift-certificates refuses the certificate (it throws for RSA keys under 2048 bits: TLS.md §0.4).
struct RawCertificate {
    var subject: String
    var issuer: String
    var signatureAlgorithm: String
    var weakSignature: Bool
    var key: PublicKeyFacts

    init(der: [UInt8]) throws {
        let root = try DER.parse(der)
        guard case .constructed(let certificateParts) = root.content else {
            throw ASN1Error.invalidASN1Object(reason: "certificate")
        }
        let parts = Array(certificateParts)
        guard parts.count >= 3, case .constructed(let tbsParts) = parts[0].content else {
            throw ASN1Error.invalidASN1Object(reason: "tbsCertificate")
        }
        var tbs = Array(tbsParts)
        if let first = tbs.first, first.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
            tbs.removeFirst()  // the explicit version
        }
        // serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
        guard tbs.count >= 6 else { throw ASN1Error.invalidASN1Object(reason: "tbsCertificate fields") }
        issuer = (try? String(describing: DistinguishedName(derEncoded: tbs[2]))) ?? "?"
        subject = (try? String(describing: DistinguishedName(derEncoded: tbs[4]))) ?? "?"
        key = try Self.publicKey(tbs[5])
        let algorithm = try Self.algorithmOID(parts[1])
        signatureAlgorithm = Self.signatureNames[algorithm.description] ?? algorithm.description
        weakSignature = Self.weakSignatureOIDs.contains(algorithm.description)
    }

    private static func algorithmOID(_ node: ASN1Node) throws -> ASN1ObjectIdentifier {
        guard case .constructed(let parts) = node.content, let first = parts.first(where: { _ in true }) else {
            throw ASN1Error.invalidASN1Object(reason: "AlgorithmIdentifier")
        }
        return try ASN1ObjectIdentifier(derEncoded: first)
    }

    private static func publicKey(_ node: ASN1Node) throws -> PublicKeyFacts {
        guard case .constructed(let spkiParts) = node.content else {
            throw ASN1Error.invalidASN1Object(reason: "SubjectPublicKeyInfo")
        }
        let spki = Array(spkiParts)
        guard spki.count == 2, case .constructed(let algorithmParts) = spki[0].content else {
            throw ASN1Error.invalidASN1Object(reason: "SubjectPublicKeyInfo")
        }
        let algorithm = Array(algorithmParts)
        let oid = try ASN1ObjectIdentifier(derEncoded: algorithm[0]).description
        switch oid {
        case "1.2.840.113549.1.1.1":  // rsaEncryption: the BIT STRING holds SEQUENCE { modulus, exponent }
            let bits = try ASN1BitString(derEncoded: spki[1])
            let rsa = try DER.parse(Array(bits.bytes))
            guard case .constructed(let numbers) = rsa.content, let modulus = numbers.first(where: { _ in true }),
                case .primitive(let bytes) = modulus.content
            else { throw ASN1Error.invalidASN1Object(reason: "RSAPublicKey") }
            let significant = bytes.drop { $0 == 0 }
            let leadingBits = significant.first.map { 8 - $0.leadingZeroBitCount } ?? 0
            return PublicKeyFacts(kind: .rsa, bits: max(0, significant.count - 1) * 8 + leadingBits)
        case "1.2.840.10045.2.1":  // id-ecPublicKey, the named curve as parameter
            let curve = algorithm.count > 1 ? (try? ASN1ObjectIdentifier(derEncoded: algorithm[1]))?.description : nil
            switch curve {
            case "1.2.840.10045.3.1.7": return PublicKeyFacts(kind: .ec, bits: 256, curve: "P-256")
            case "1.3.132.0.34": return PublicKeyFacts(kind: .ec, bits: 384, curve: "P-384")
            case "1.3.132.0.35": return PublicKeyFacts(kind: .ec, bits: 521, curve: "P-521")
            default: return PublicKeyFacts(kind: .ec, bits: nil, curve: curve)
            }
        case "1.3.101.112":
            return PublicKeyFacts(kind: .ed25519, bits: 256)
        default:
            return PublicKeyFacts(kind: .other, bits: nil)
        }
    }

    static let signatureNames: [String: String] = [
        "1.2.840.113549.1.1.2": "md2WithRSAEncryption",
        "1.2.840.113549.1.1.4": "md5WithRSAEncryption",
        "1.2.840.113549.1.1.5": "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.10": "rsassaPss",
        "1.2.840.113549.1.1.11": "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12": "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13": "sha512WithRSAEncryption",
        "1.2.840.10045.4.1": "ecdsa-with-SHA1",
        "1.2.840.10045.4.3.2": "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3": "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4": "ecdsa-with-SHA512",
        "1.3.101.112": "Ed25519",
    ]

    static let weakSignatureOIDs: Set<String> = [
        "1.2.840.113549.1.1.2", "1.2.840.113549.1.1.4", "1.2.840.113549.1.1.5", "1.2.840.10045.4.1",
    ]
}
