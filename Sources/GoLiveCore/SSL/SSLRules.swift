public import Foundation

/// How much a finding matters (TLS.md §2): errors block go-live, warnings don't, info is report only.
public enum SSLSeverity: String, Sendable, Hashable, Codable, Comparable {
    case error, warning, info

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .info: 2
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// The finding ids of `golive ssl --json` (DESIGN.md, a contract).
public struct SSLFindingID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let expired = Self(rawValue: "cert.expired")
    public static let notYetValid = Self(rawValue: "cert.not_yet_valid")
    public static let hostnameMismatch = Self(rawValue: "cert.hostname_mismatch")
    public static let selfSigned = Self(rawValue: "cert.self_signed")
    public static let untrustedRoot = Self(rawValue: "cert.untrusted_root")
    public static let incompleteChain = Self(rawValue: "cert.incomplete_chain")
    public static let weakKey = Self(rawValue: "cert.weak_key")
    public static let weakSignature = Self(rawValue: "cert.weak_signature")
    public static let expiringSoon = Self(rawValue: "cert.expiring_soon")
    public static let legacyProtocol = Self(rawValue: "tls.legacy_protocol")
    public static let noModernProtocol = Self(rawValue: "tls.no_modern_protocol")
    public static let noHTTPSRedirect = Self(rawValue: "http.no_https_redirect")
    public static let noHSTS = Self(rawValue: "http.no_hsts")
    public static let mixedContent = Self(rawValue: "page.mixed_content")
    public static let sdkNotHTTPS = Self(rawValue: "page.sdk_not_https")
    public static let unreachable = Self(rawValue: "net.unreachable")
}

public struct SSLFinding: Sendable, Hashable {
    public var id: SSLFindingID
    public var severity: SSLSeverity
    /// What is wrong and how to fix it.
    public var message: String

    public init(_ id: SSLFindingID, _ severity: SSLSeverity, _ message: String) {
        self.id = id
        self.severity = severity
        self.message = message
    }
}

/// The verdict on a checkout URL: the `golive ssl` document and the `ssl.checkout_page` check.
public struct SSLReport: Sendable, Hashable {
    public var observation: SSLObservation
    public var findings: [SSLFinding]
    public var checkedAt: Date

    /// `fail` with any error finding, `warn` with any warning, else `pass`.
    public var status: CheckStatus {
        if findings.contains(where: { $0.severity == .error }) { return .fail }
        if findings.contains(where: { $0.severity == .warning }) { return .warn }
        return .pass
    }

    public var findingIDs: [SSLFindingID] { findings.map(\.id) }

    public var daysLeft: Int? {
        observation.certificate.map { Int(($0.notAfter.timeIntervalSince(checkedAt) / 86_400).rounded(.down)) }
    }
}

/// Pure rules: facts in, findings out (TLS.md §2 for the severities). Only true findings: each rule looks
/// at one fact, and the adapter isolates the facts (trust is judged with the validity window set aside).
public enum SSLRules {
    /// Fewer days left than this is a warning; fewer than ``renewalBrokenDays`` an error.
    public static let expiringSoonDays = 30
    public static let renewalBrokenDays = 7

    public static func evaluate(_ observation: SSLObservation, at now: Date) -> SSLReport {
        SSLReport(observation: observation, findings: findings(for: observation, at: now), checkedAt: now)
    }

    public static func findings(for observation: SSLObservation, at now: Date) -> [SSLFinding] {
        if let cause = observation.unreachable {
            return [
                SSLFinding(
                    .unreachable, .error,
                    "\(observation.host):\(observation.port) could not be reached over TLS: \(cause). Check the "
                        + "URL, DNS and that the server listens for HTTPS on this port.")
            ]
        }
        var findings: [SSLFinding] = []
        findings += trustFindings(observation)
        if let certificate = observation.certificate {
            findings += validityFindings(certificate, at: now)
            findings += intermediateValidityFindings(observation.presentedChain, at: now)
            findings += cryptoFindings(certificate, chain: observation.presentedChain)
        }
        findings += protocolFindings(observation.protocols)
        findings += redirectFindings(observation)
        findings += pageFindings(observation)
        return findings.enumerated().sorted {
            ($0.element.severity, $0.offset) < ($1.element.severity, $1.offset)
        }.map(\.element)
    }

    static func trustFindings(_ observation: SSLObservation) -> [SSLFinding] {
        var findings: [SSLFinding] = []
        if observation.hostnameMatches == false {
            let sans = observation.certificate?.sans ?? []
            findings.append(
                SSLFinding(
                    .hostnameMismatch, .error,
                    "The certificate is not valid for \(observation.host) (it names "
                        + "\(sans.isEmpty ? "no subject alternative names" : sans.joined(separator: ", "))). Issue "
                        + "a certificate whose subjectAltName includes \(observation.host)."))
        }
        switch observation.trust {
        case .trusted?, nil:
            break
        case .selfSigned?:
            findings.append(
                SSLFinding(
                    .selfSigned, .error,
                    "The certificate is self-signed: browsers and Mercado Pago's SDK will not trust it. Use a "
                        + "certificate from a public CA (e.g. Let's Encrypt)."))
        case .untrustedRoot(let root)?:
            findings.append(
                SSLFinding(
                    .untrustedRoot, .error,
                    "The chain ends in \"\(root)\", which is not a trusted root. Use a certificate from a "
                        + "public CA (or pass --ca-file with your private root for internal tests)."))
        case .incompleteChain(let missing, let caIssuers)?:
            findings.append(
                SSLFinding(
                    .incompleteChain, .error,
                    "The server does not send the intermediate certificate \"\(missing)\"; many clients cannot "
                        + "build the chain. Configure the full chain (leaf + intermediates) on the server"
                        + (caIssuers.map { " — the intermediate is at \($0)" } ?? "") + "."))
        case .notVerified(let reason)?:
            findings.append(
                SSLFinding(
                    .untrustedRoot, .error,
                    "The certificate chain could not be verified against the trusted roots: \(reason). Serve a "
                        + "complete chain from a public CA."))
        }
        return findings
    }

    static func validityFindings(_ certificate: CertificateFacts, at now: Date) -> [SSLFinding] {
        let formatter = ISO8601DateFormatter()
        if now < certificate.notBefore {
            return [
                SSLFinding(
                    .notYetValid, .error,
                    "The certificate is not valid before \(formatter.string(from: certificate.notBefore)). Check "
                        + "the server's clock and the certificate you deployed.")
            ]
        }
        if now > certificate.notAfter {
            let days = Int(now.timeIntervalSince(certificate.notAfter) / 86_400)
            return [
                SSLFinding(
                    .expired, .error,
                    "The certificate expired on \(formatter.string(from: certificate.notAfter)) (\(days) days ago). "
                        + "Renew it and deploy the new one.")
            ]
        }
        let daysLeft = Int((certificate.notAfter.timeIntervalSince(now) / 86_400).rounded(.down))
        if daysLeft < expiringSoonDays {
            let severity: SSLSeverity = daysLeft < renewalBrokenDays ? .error : .warning
            return [
                SSLFinding(
                    .expiringSoon, severity,
                    "The certificate expires in \(daysLeft) days (\(formatter.string(from: certificate.notAfter))). "
                        + "Renew it now and check that automatic renewal works.")
            ]
        }
        return []
    }

    /// Intermediates sent by the server that are outside their validity window (trust is judged with the
    /// window set aside, so this is where an expired intermediate shows).
    static func intermediateValidityFindings(_ chain: [PresentedCertificate], at now: Date) -> [SSLFinding] {
        let formatter = ISO8601DateFormatter()
        var findings: [SSLFinding] = []
        for certificate in chain.dropFirst() where !certificate.isSelfIssued {
            if let notAfter = certificate.notAfter, now > notAfter {
                findings.append(
                    SSLFinding(
                        .expired, .error,
                        "The intermediate certificate \"\(certificate.subject)\" sent by the server expired on "
                            + "\(formatter.string(from: notAfter)). Install your CA's current intermediate."))
            } else if let notBefore = certificate.notBefore, now < notBefore {
                findings.append(
                    SSLFinding(
                        .notYetValid, .error,
                        "The intermediate certificate \"\(certificate.subject)\" is not valid before "
                            + "\(formatter.string(from: notBefore)). Install your CA's current intermediate."))
            }
        }
        return findings
    }

    static func cryptoFindings(_ certificate: CertificateFacts, chain: [PresentedCertificate]) -> [SSLFinding] {
        var findings: [SSLFinding] = []
        let key = certificate.key
        let weakKey =
            switch key.kind {
            case .rsa: (key.bits ?? 0) < 2048
            case .ec: (key.bits ?? 256) < 256
            case .ed25519, .other: false
            }
        if weakKey {
            findings.append(
                SSLFinding(
                    .weakKey, .error,
                    "The certificate's key is \(key.description), too weak. Reissue it with RSA 2048+ or EC P-256."))
        }
        let weak = chain.filter { $0.weakSignature && !$0.isSelfIssued }
        if !weak.isEmpty {
            let list = weak.map { "\"\($0.subject)\" (\($0.signatureAlgorithm))" }.joined(separator: ", ")
            findings.append(
                SSLFinding(
                    .weakSignature, .error,
                    "Signed with a broken hash: \(list). Reissue the certificate signed with SHA-256 or better."))
        }
        return findings
    }

    static func protocolFindings(_ protocols: [TLSProtocolVersion: Bool]) -> [SSLFinding] {
        guard !protocols.isEmpty else { return [] }
        var findings: [SSLFinding] = []
        let legacy = [TLSProtocolVersion.tls10, .tls11].filter { protocols[$0] == true }
        if !legacy.isEmpty {
            findings.append(
                SSLFinding(
                    .legacyProtocol, .error,
                    "The server accepts \(legacy.map(\.displayName).joined(separator: " and ")), deprecated since "
                        + "2020 and not allowed for card data. Disable them; keep TLS 1.2 and 1.3."))
        }
        if protocols[.tls12] != true && protocols[.tls13] != true {
            findings.append(
                SSLFinding(
                    .noModernProtocol, .error,
                    "The server accepts neither TLS 1.2 nor TLS 1.3. Enable both."))
        } else if protocols[.tls13] == false {
            findings.append(
                SSLFinding(
                    .noModernProtocol, .warning,
                    "The server does not offer TLS 1.3. Enable it next to TLS 1.2."))
        }
        return findings
    }

    static func redirectFindings(_ observation: SSLObservation) -> [SSLFinding] {
        guard let redirect = observation.redirect else { return [] }
        switch redirect {
        case .toHTTPS:
            return []
        case .toHTTP(let status, let location):
            return [
                SSLFinding(
                    .noHTTPSRedirect, .error,
                    "http://\(observation.host) redirects (\(status)) to \(location), which is not https://. Make "
                        + "http:// answer 301 to the https:// URL.")
            ]
        case .noRedirect(let status):
            return [
                SSLFinding(
                    .noHTTPSRedirect, .error,
                    "http://\(observation.host) answers \(status) without redirecting to https://. Make it answer "
                        + "301 with Location: https://…")
            ]
        case .unavailable(let port, let reason):
            return [
                SSLFinding(
                    .noHTTPSRedirect, .info,
                    "Nothing answered plain HTTP on port \(port) (\(reason)), so the http→https redirect was not "
                        + "checked. If the site listens on http://, make it redirect to https://.")
            ]
        }
    }

    static func pageFindings(_ observation: SSLObservation) -> [SSLFinding] {
        guard let page = observation.page else { return [] }
        var findings: [SSLFinding] = []
        if let header = page.hsts {
            let policy = HSTSPolicy(header: header)
            if let maxAge = policy.maxAge {
                if maxAge < HSTSPolicy.recommendedMaxAge {
                    findings.append(
                        SSLFinding(
                            .noHSTS, .warning,
                            "Strict-Transport-Security max-age is \(maxAge) s, shorter than one year. Send "
                                + "\"Strict-Transport-Security: max-age=31536000; includeSubDomains\"."))
                }
            } else {
                findings.append(
                    SSLFinding(
                        .noHSTS, .warning,
                        "The Strict-Transport-Security header \"\(header)\" has no valid max-age. Send "
                            + "\"Strict-Transport-Security: max-age=31536000; includeSubDomains\"."))
            }
        } else {
            findings.append(
                SSLFinding(
                    .noHSTS, .warning,
                    "The page sends no Strict-Transport-Security header. Send "
                        + "\"Strict-Transport-Security: max-age=31536000; includeSubDomains\"."))
        }
        let blockable = page.mixedContent.filter(\.blockable)
        if !blockable.isEmpty {
            findings.append(
                SSLFinding(
                    .mixedContent, .error,
                    "The page loads active content over http://: "
                        + blockable.map { "<\($0.element)> \($0.url)" }.joined(separator: ", ")
                        + ". Browsers block it; load it over https://."))
        }
        let passive = page.mixedContent.filter { !$0.blockable }
        if !passive.isEmpty {
            findings.append(
                SSLFinding(
                    .mixedContent, .warning,
                    "The page loads media over http://: "
                        + passive.map { "<\($0.element)> \($0.url)" }.joined(separator: ", ")
                        + ". Load it over https://."))
        }
        let insecureSDK = page.sdkReferences.filter { $0.lowercased().hasPrefix("http://") }
        if !insecureSDK.isEmpty {
            findings.append(
                SSLFinding(
                    .sdkNotHTTPS, .error,
                    "Mercado Pago's SDK is loaded over http:// (\(insecureSDK.joined(separator: ", "))). Use "
                        + "<script src=\"https://sdk.mercadopago.com/js/v2\">."))
        }
        return findings
    }
}
