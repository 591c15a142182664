public import Foundation

/// A TLS protocol version golive probes (SSLv2/SSLv3 cannot be probed: BoringSSL has no client for them).
public enum TLSProtocolVersion: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case tls10 = "tls1.0"
    case tls11 = "tls1.1"
    case tls12 = "tls1.2"
    case tls13 = "tls1.3"

    public var displayName: String {
        switch self {
        case .tls10: "TLS 1.0"
        case .tls11: "TLS 1.1"
        case .tls12: "TLS 1.2"
        case .tls13: "TLS 1.3"
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The public key of a certificate, read from its SubjectPublicKeyInfo (also when the X.509 library refuses
/// to parse the certificate, as swift-certificates does for RSA keys under 2048 bits).
public struct PublicKeyFacts: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case rsa, ec, ed25519, other
    }

    public var kind: Kind
    /// RSA modulus bits, or the curve size for EC.
    public var bits: Int?
    /// The named curve of an EC key ("P-256").
    public var curve: String?

    public init(kind: Kind, bits: Int?, curve: String? = nil) {
        self.kind = kind
        self.bits = bits
        self.curve = curve
    }

    /// "RSA 2048", "EC P-256", "Ed25519".
    public var description: String {
        switch kind {
        case .rsa: "RSA \(bits.map(String.init) ?? "?")"
        case .ec: "EC \(curve ?? bits.map { "\($0)-bit" } ?? "?")"
        case .ed25519: "Ed25519"
        case .other: "unknown key type"
        }
    }
}

/// One certificate as the server presented it.
public struct PresentedCertificate: Sendable, Hashable {
    public var subject: String
    public var issuer: String
    /// The signature algorithm's name ("sha256WithRSAEncryption", "ecdsa-with-SHA256", "sha1WithRSAEncryption").
    public var signatureAlgorithm: String
    /// Whether the signature uses a broken hash (MD2, MD5, SHA-1).
    public var weakSignature: Bool

    /// The validity window, when the certificate could be parsed.
    public var notBefore: Date?
    public var notAfter: Date?

    public init(
        subject: String, issuer: String, signatureAlgorithm: String, weakSignature: Bool, notBefore: Date? = nil,
        notAfter: Date? = nil
    ) {
        self.subject = subject
        self.issuer = issuer
        self.signatureAlgorithm = signatureAlgorithm
        self.weakSignature = weakSignature
        self.notBefore = notBefore
        self.notAfter = notAfter
    }

    /// A certificate whose issuer is itself (a root, or a self-signed leaf).
    public var isSelfIssued: Bool { subject == issuer }
}

/// The leaf certificate's facts.
public struct CertificateFacts: Sendable, Hashable {
    public var subject: String
    public var issuer: String
    public var sans: [String]
    public var notBefore: Date
    public var notAfter: Date
    public var key: PublicKeyFacts
    public var signatureAlgorithm: String
    /// Why the X.509 library refused the certificate, when it did (the facts then come from the raw DER).
    public var parseError: String?

    public init(
        subject: String, issuer: String, sans: [String], notBefore: Date, notAfter: Date, key: PublicKeyFacts,
        signatureAlgorithm: String, parseError: String? = nil
    ) {
        self.subject = subject
        self.issuer = issuer
        self.sans = sans
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.key = key
        self.signatureAlgorithm = signatureAlgorithm
        self.parseError = parseError
    }
}

/// Whether the chain leads to a trusted root, judged with the validity window set aside (an expired
/// certificate from a trusted chain is expired, not untrusted).
public enum ChainTrust: Sendable, Hashable {
    case trusted
    /// The leaf is its own issuer.
    case selfSigned
    /// The chain ends in a root that is not in the trust store (system roots, plus `--ca-file`).
    case untrustedRoot(root: String)
    /// The leaf's issuer was not sent and is not a trusted root. `caIssuers` is the AIA URL where it lives.
    case incompleteChain(missingIssuer: String, caIssuers: String?)
    /// Could not validate for another reason (the verifier's words).
    case notVerified(reason: String)
}

/// What `http://HOST:PORT/PATH` answered (redirects are not followed).
public enum RedirectOutcome: Sendable, Hashable {
    case toHTTPS(status: Int, location: String)
    case toHTTP(status: Int, location: String)
    /// Answered without redirecting (the page served over plain HTTP, or an error page).
    case noRedirect(status: Int)
    /// Nothing listening, or the probe failed (timeout, reset).
    case unavailable(port: Int, reason: String)
}

/// A subresource of the page referenced over plain `http://`.
public struct MixedContentItem: Sendable, Hashable {
    /// "script", "iframe", "link", "object", "embed", "form", "img", "audio", "video", "source".
    public var element: String
    public var url: String
    /// Blockable (active) content: browsers block it and it can rewrite the page. Upgradeable (passive)
    /// content — images, audio, video — is auto-upgraded or blocked and cannot touch the payment form.
    public var blockable: Bool

    public init(element: String, url: String, blockable: Bool) {
        self.element = element
        self.url = url
        self.blockable = blockable
    }
}

/// The checkout page as fetched over HTTPS.
public struct PageFacts: Sendable, Hashable {
    public var status: Int
    /// The raw Strict-Transport-Security header, if any.
    public var hsts: String?
    public var mixedContent: [MixedContentItem]
    /// Every reference to Mercado Pago's SDK host (`sdk.mercadopago.com`), as written in the page.
    public var sdkReferences: [String]

    /// The page's address after same-scheme redirects (`/checkout` → `/checkout/`), when it moved.
    public var finalURL: String?

    public init(
        status: Int, hsts: String?, mixedContent: [MixedContentItem], sdkReferences: [String], finalURL: String? = nil
    ) {
        self.finalURL = finalURL
        self.status = status
        self.hsts = hsts
        self.mixedContent = mixedContent
        self.sdkReferences = sdkReferences
    }
}

/// Everything golive learnt about a checkout URL's HTTPS, before any judgement (the adapter fills it, the
/// pure ``SSLRules`` turn it into findings).
public struct SSLObservation: Sendable, Hashable {
    public var url: URL
    public var host: String
    public var port: Int
    /// Why the TLS endpoint could not be reached (DNS, refused, timeout, handshake failure); nil when it was.
    public var unreachable: String?
    public var negotiatedProtocol: TLSProtocolVersion?
    public var certificate: CertificateFacts?
    /// The certificates as sent, leaf first.
    public var presentedChain: [PresentedCertificate]
    public var trust: ChainTrust?
    /// Whether a SAN of the leaf matches the URL's host (nil when it could not be judged).
    public var hostnameMatches: Bool?
    /// Which versions the server accepted; a version missing here was not probed.
    public var protocols: [TLSProtocolVersion: Bool]
    public var redirect: RedirectOutcome?
    public var page: PageFacts?
    /// Why the page could not be fetched over HTTPS, when it could not.
    public var pageError: String?
    public var elapsed: Duration

    public init(
        url: URL, host: String, port: Int, unreachable: String? = nil, negotiatedProtocol: TLSProtocolVersion? = nil,
        certificate: CertificateFacts? = nil, presentedChain: [PresentedCertificate] = [], trust: ChainTrust? = nil,
        hostnameMatches: Bool? = nil, protocols: [TLSProtocolVersion: Bool] = [:], redirect: RedirectOutcome? = nil,
        page: PageFacts? = nil, pageError: String? = nil, elapsed: Duration = .zero
    ) {
        self.url = url
        self.host = host
        self.port = port
        self.unreachable = unreachable
        self.negotiatedProtocol = negotiatedProtocol
        self.certificate = certificate
        self.presentedChain = presentedChain
        self.trust = trust
        self.hostnameMatches = hostnameMatches
        self.protocols = protocols
        self.redirect = redirect
        self.page = page
        self.pageError = pageError
        self.elapsed = elapsed
    }
}
