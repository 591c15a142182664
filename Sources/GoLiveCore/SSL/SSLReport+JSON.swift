import Foundation

extension SSLReport {
    /// The `golive ssl --json` document (DESIGN.md "JSON shapes").
    public var json: JSONValue {
        let formatter = ISO8601DateFormatter()
        let observation = observation
        var document: [String: JSONValue] = [
            "url": .string(observation.url.absoluteString),
            "status": .string(status.rawValue),
            "checked_at": .string(formatter.string(from: checkedAt)),
            "elapsed_ms": .number(Decimal(Int((observation.elapsed.timeInterval * 1000).rounded()))),
            "findings": .array(
                findings.map {
                    .object([
                        "id": .string($0.id.rawValue), "severity": .string($0.severity.rawValue),
                        "message": .string($0.message),
                    ])
                }),
        ]
        if let certificate = observation.certificate {
            var cert: [String: JSONValue] = [
                "subject": .string(certificate.subject), "issuer": .string(certificate.issuer),
                "sans": .array(certificate.sans.map(JSONValue.string)),
                "not_before": .string(formatter.string(from: certificate.notBefore)),
                "not_after": .string(formatter.string(from: certificate.notAfter)),
                "days_left": daysLeft.map { .number(Decimal($0)) } ?? .null,
                "key": .string(certificate.key.description),
                "signature_algorithm": .string(certificate.signatureAlgorithm),
                "chain": .array(
                    observation.presentedChain.map {
                        .object(["subject": .string($0.subject), "issuer": .string($0.issuer)])
                    }),
            ]
            if let parseError = certificate.parseError { cert["parse_error"] = .string(parseError) }
            document["certificate"] = .object(cert)
        } else {
            document["certificate"] = .null
        }
        document["protocols"] = .object(
            Dictionary(
                uniqueKeysWithValues: TLSProtocolVersion.allCases.map {
                    ($0.rawValue, observation.protocols[$0].map(JSONValue.bool) ?? .null)
                }))
        document["negotiated_protocol"] = observation.negotiatedProtocol.map { .string($0.rawValue) } ?? .null
        if let page = observation.page {
            if let header = page.hsts {
                let policy = HSTSPolicy(header: header)
                document["hsts"] = .object([
                    "present": .bool(true), "header": .string(header),
                    "max_age": policy.maxAge.map { .number(Decimal($0)) } ?? .null,
                    "include_subdomains": .bool(policy.includeSubDomains), "preload": .bool(policy.preload),
                ])
            } else {
                document["hsts"] = .object(["present": .bool(false)])
            }
            document["page"] = .object([
                "status": .number(Decimal(page.status)), "final_url": page.finalURL.map(JSONValue.string) ?? .null,
                "mixed_content": .array(
                    page.mixedContent.map {
                        .object([
                            "element": .string($0.element), "url": .string($0.url), "blockable": .bool($0.blockable),
                        ])
                    }),
                "sdk_references": .array(page.sdkReferences.map(JSONValue.string)),
            ])
        } else {
            document["hsts"] = .null
            document["page"] =
                observation.pageError.map { .object(["error": .string($0)]) } ?? .null
        }
        document["redirect"] =
            switch observation.redirect {
            case .toHTTPS(let status, let location)?:
                .object(["status": .number(Decimal(status)), "location": .string(location), "https": .bool(true)])
            case .toHTTP(let status, let location)?:
                .object(["status": .number(Decimal(status)), "location": .string(location), "https": .bool(false)])
            case .noRedirect(let status)?:
                .object(["status": .number(Decimal(status)), "https": .bool(false)])
            case .unavailable(let port, let reason)?:
                .object(["port": .number(Decimal(port)), "error": .string(reason)])
            case nil:
                .null
            }
        return .object(document)
    }

    /// The `ssl.checkout_page` check: `fail` on any error finding, `warn` on warnings, else `pass`.
    public var checkResult: CheckResult {
        let host = observation.host
        let errors = findings.filter { $0.severity == .error }
        let warnings = findings.filter { $0.severity == .warning }
        let summary: String
        switch status {
        case .fail:
            summary =
                "\(errors.count) problem\(errors.count == 1 ? "" : "s") on \(host) block go-live: "
                + errors.map(\.id.rawValue).joined(separator: ", ") + "."
        case .warn:
            summary =
                "\(host) is served over valid HTTPS, with \(warnings.count) warning\(warnings.count == 1 ? "" : "s"): "
                + warnings.map(\.id.rawValue).joined(separator: ", ") + "."
        default:
            summary = "\(host) is served over valid HTTPS."
        }
        return CheckResult(
            id: .sslCheckoutPage, title: "Checkout page served over valid HTTPS", status: status, summary: summary,
            details: json.object ?? [:], actions: (errors + warnings).map(\.message), checkedAt: checkedAt)
    }
}
