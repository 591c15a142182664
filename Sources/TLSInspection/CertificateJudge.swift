import Foundation
import GoLiveCore
import SwiftASN1
@_spi(DisableValidityCheck) import X509

/// Trust and name, each in a Verifier of its own (TLS.md §3.5): swift-certificates gives no reason for a
/// self-signed leaf, an unknown root or a missing intermediate, so golive classifies those itself.
enum CertificateJudge {
    /// Path building against `roots` with the validity window set aside, so an expired certificate from a
    /// trusted chain is reported as expired only.
    /// nil when the system trust roots could not be loaded (one unparsable certificate in the system bundle
    /// makes swift-certificates drop them all): that is golive's problem, not the site's, and the caller
    /// falls back to BoringSSL's own verification.
    static func trust(leaf: Certificate, presented: [Certificate], roots: CertificateStore) async -> ChainTrust? {
        var verifier = Verifier(rootCertificates: roots) { RFC5280Policy.withValidityCheckDisabled() }
        let intermediates = CertificateStore(presented.dropFirst())
        let rootsFailed = RootsLoadingFlag()
        let result = await verifier.validate(leaf: leaf, intermediates: intermediates) { diagnostic in
            // The diagnostic's case is internal; its text is the public part.
            if "\(diagnostic)".hasPrefix("Loading system trust roots has failed") { rootsFailed.set() }
        }
        if rootsFailed.value { return nil }
        switch result {
        case .validCertificate:
            return .trusted
        case .couldNotValidate(let failures):
            if !failures.isEmpty {
                // A policy rejected a chain that reached a root (say, an intermediate that is not a CA).
                let reasons = failures.map { "\($0.policyFailureReason)" }
                return .notVerified(reason: Array(Set(reasons)).sorted().joined(separator: "; "))
            }
            if leaf.subject == leaf.issuer { return .selfSigned }
            let others = Array(presented.dropFirst())
            guard others.contains(where: { $0.subject == leaf.issuer }) else {
                return .incompleteChain(missingIssuer: String(describing: leaf.issuer), caIssuers: caIssuers(of: leaf))
            }
            // The issuer was sent: follow the chain as sent to where it ends, which golive does not trust.
            var last = leaf
            for _ in 0..<others.count {
                guard let next = others.first(where: { $0.subject == last.issuer && $0 != last }) else { break }
                last = next
            }
            return .untrustedRoot(root: String(describing: last.subject == last.issuer ? last.subject : last.issuer))
        }
    }

    /// The leaf alone, as its own root (no chain building), checked by `ServerIdentityPolicy` (RFC 6125).
    static func nameMatches(leaf: Certificate, host: String) async -> Bool {
        let isIP = host.contains(":") || host.split(separator: ".").allSatisfy { UInt8($0) != nil }
        let policy = ServerIdentityPolicy(serverHostname: isIP ? nil : host, serverIP: isIP ? host : nil)
        let critical = leaf.extensions.filter(\.critical).map(\.oid)
        var verifier = Verifier(rootCertificates: CertificateStore([leaf])) {
            IdentityOnly(inner: policy, verifyingCriticalExtensions: critical)
        }
        if case .validCertificate = await verifier.validate(leaf: leaf, intermediates: CertificateStore()) {
            return true
        }
        return false
    }

    static func caIssuers(of certificate: Certificate) -> String? {
        guard let access = try? certificate.extensions.authorityInformationAccess else { return nil }
        for description in access where description.method == .issuingCA {
            if case .uniformResourceIdentifier(let uri) = description.location { return uri }
        }
        return nil
    }
}

/// Set from the Verifier's diagnostic callback.
final class RootsLoadingFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var failed = false
    func set() { lock.withLock { failed = true } }
    var value: Bool { lock.withLock { failed } }
}

/// Delegates to ServerIdentityPolicy and declares the leaf's critical extensions handled, so the Verifier
/// judges the name only (without the declaration it rejects any leaf with critical basicConstraints).
struct IdentityOnly: VerifierPolicy {
    var inner: ServerIdentityPolicy
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier]

    mutating func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) async -> PolicyEvaluationResult {
        inner.chainMeetsPolicyRequirements(chain: chain)
    }
}
