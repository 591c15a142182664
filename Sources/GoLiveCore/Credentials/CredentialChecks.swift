public import Foundation

/// Judges credentials evidence into the three `credentials.*` checks (DESIGN.md). Pure: no network, no clock.
///
/// The rules, from MERCADOPAGO.md §1:
/// - `TEST-` credentials are test credentials whatever `/users/me` says (they belong to the production user).
/// - `APP_USR-` is also what test users get, so production is decided by asking `/users/me` (tag
///   `test_user`, a `TEST…` nickname, a `test_user_…@testuser.com` e-mail) and by a payments call, where
///   credentials that are not activated answer 401 with cause 7.
/// - Mercado Pago has no API that ties a public key to an account: the pair is `fail` when the two provably
///   differ (environments, shapes) and `unknown`, with the reason, when they may belong together.
public enum CredentialChecks {
    static let panelCredentials = "Your integrations > (your app) > Production credentials"

    public static func evaluate(_ evidence: CredentialsEvidence, at now: Date) -> [CheckResult] {
        [accessToken(evidence, at: now), production(evidence, at: now), pair(evidence, at: now)]
    }

    // MARK: credentials.access_token

    public static func accessToken(_ evidence: CredentialsEvidence, at now: Date) -> CheckResult {
        var result = CheckResult(
            id: .credentialsAccessToken, title: "Access token accepted", status: .unknown, summary: "",
            checkedAt: now)
        guard let token = evidence.accessToken else {
            result.status = .fail
            result.summary = "No access token is configured."
            result.actions = [
                "Put the production Access Token from \(panelCredentials) in a file readable only by you "
                    + "(chmod 600) and set MP_ACCESS_TOKEN_FILE to it, or access_token_file in the config."
            ]
            return result
        }
        result.details = tokenDetails(token)
        switch evidence.user {
        case .none:
            result.summary = "Mercado Pago was not asked about the access token."
            result.actions = ["Run the check again with network access to the API."]
        case .success(let user)?:
            result.status = .pass
            result.summary = "Mercado Pago accepts the access token: account \(describe(user))."
            result.details.merge(userDetails(user)) { _, new in new }
            if let trailing = token.trailingUserID, trailing != user.id {
                result.details["note"] = .string(
                    "the token's last block (\(trailing)) differs from the account id (\(user.id)); "
                        + "that block is not documented, so this is only a hint")
            }
        case .failure(let error)?:
            result.details["error"] = errorDetails(error)
            if error.kind == .unauthorized || error.kind == .forbidden {
                result.status = .fail
                result.summary = "Mercado Pago rejects the access token (\(error.reason))."
                result.actions = [error.remedy]
                if !token.looksLikeAccessToken {
                    result.actions.append(
                        "The configured value does not look like an access token "
                            + "(PREFIX-<digits>-<6 digits>-<32 hex>-<digits>): was another credential pasted?")
                }
            } else {
                result.summary = "Could not ask Mercado Pago about the access token: \(error.reason)."
                result.actions = [error.remedy]
            }
        }
        return result
    }

    // MARK: credentials.production

    public static func production(_ evidence: CredentialsEvidence, at now: Date) -> CheckResult {
        var result = CheckResult(
            id: .credentialsProduction, title: "Production credentials of a real account", status: .unknown,
            summary: "", checkedAt: now)
        guard let token = evidence.accessToken else {
            result.status = .fail
            result.summary = "No access token is configured, so there are no production credentials in use."
            result.actions = ["Configure the production Access Token from \(panelCredentials) (MP_ACCESS_TOKEN_FILE)."]
            return result
        }
        result.details = tokenDetails(token)
        if let publicKey = evidence.publicKey { result.details["public_key"] = .string(publicKey.masked) }

        if token.prefix == .test {
            result.status = .fail
            result.summary = "The access token is a TEST- credential: test credentials cannot take real payments."
            result.actions = [
                "Replace it with the production Access Token (APP_USR-…) from \(panelCredentials); "
                    + "activate production credentials there first if they are not."
            ]
            if evidence.publicKey?.prefix == .test {
                result.actions.append("Replace the TEST- public key with the production one from the same place.")
            }
            if case .success(let user)? = evidence.user { result.details.merge(userDetails(user)) { _, new in new } }
            return result
        }
        if evidence.publicKey?.prefix == .test {
            result.status = .fail
            result.summary = "The public key is a TEST- credential while the access token is not."
            result.actions = ["Replace the public key with the production one (APP_USR-…) from \(panelCredentials)."]
            return result
        }

        let user: MercadoPagoUser
        switch evidence.user {
        case .none:
            result.summary = "Mercado Pago was not asked, so golive cannot tell test from production."
            result.actions = ["Run the check again with network access to the API."]
            return result
        case .failure(let error)?:
            result.details["error"] = errorDetails(error)
            if error.kind == .unauthorized || error.kind == .forbidden {
                result.status = .fail
                result.summary = "Mercado Pago rejects the access token, so no production credentials are in use."
            } else {
                result.summary = "Could not ask Mercado Pago which account the token belongs to: \(error.reason)."
            }
            result.actions = [error.remedy]
            return result
        case .success(let found)?:
            user = found
        }
        result.details.merge(userDetails(user)) { _, new in new }

        let signs = user.testAccountSigns
        if !signs.isEmpty {
            result.status = .fail
            result.summary =
                "These are the production credentials of a TEST account (\(signs.joined(separator: ", ")))."
            result.actions = [
                "Use the credentials of the real seller account: log in to Mercado Pago with the real account "
                    + "(not a test user), open \(panelCredentials) and copy its Access Token and Public Key."
            ]
            return result
        }

        switch evidence.paymentsProbe {
        case .none:
            result.status = .unknown
            result.summary = "Account \(describe(user)) is real, but activation could not be confirmed."
            result.actions = ["Run the check again with network access to the API."]
        case .failure(let error)? where error.isUnactivatedLiveCredentials:
            result.status = .fail
            result.summary =
                "Production credentials of \(describe(user)) are not activated (payments answer 401, cause 7)."
            result.actions = [error.remedy]
            result.details["payments_probe"] = errorDetails(error)
        case .failure(let error)? where error.kind == .unauthorized || error.kind == .forbidden:
            result.status = .fail
            result.summary =
                "Account \(describe(user)) is real, but Mercado Pago refuses its payments calls "
                + "(\(error.reason))."
            result.actions = [error.remedy]
            result.details["payments_probe"] = errorDetails(error)
        case .failure(let error)? where !error.showsCredentialsAccepted:
            result.status = .unknown
            result.summary =
                "Account \(describe(user)) is real; activation could not be confirmed: \(error.reason)."
            result.actions = [error.remedy]
            result.details["payments_probe"] = errorDetails(error)
        case .failure(let error)?:
            // Authorization comes before anything else: a 400 or 404 from the payments API means it accepted
            // the credentials and refused only the request (a server may not support the probe's parameters).
            result.details["payments_probe"] = errorDetails(error)
            fallthrough
        case .success?:
            if token.prefix == .production {
                result.status = .pass
                result.summary = "Production credentials of the real account \(describe(user)), activated."
            } else {
                result.status = .warn
                result.summary =
                    "Account \(describe(user)) is real and activated, but the token has no APP_USR- "
                    + "prefix, which Mercado Pago's production tokens carry."
                result.actions = ["Check that the configured token is the Access Token from \(panelCredentials)."]
            }
            if result.details["payments_probe"] == nil { result.details["payments_probe"] = "ok" }
        }
        return result
    }

    // MARK: credentials.pair

    public static func pair(_ evidence: CredentialsEvidence, at now: Date) -> CheckResult {
        var result = CheckResult(
            id: .credentialsPair, title: "Public key and access token belong together", status: .unknown,
            summary: "", checkedAt: now)
        guard let publicKey = evidence.publicKey else {
            result.status = .fail
            result.summary = "No public key is configured."
            result.actions = [
                "Set MP_PUBLIC_KEY (or public_key in the config) to the Public Key shown beside the Access Token "
                    + "in \(panelCredentials)."
            ]
            return result
        }
        result.details["public_key"] = .string(publicKey.masked)
        guard let token = evidence.accessToken else {
            result.summary = "No access token is configured to pair the public key with."
            result.actions = ["Configure the Access Token (MP_ACCESS_TOKEN_FILE)."]
            return result
        }
        result.details["access_token"] = .string(token.masked)

        if publicKey.looksLikeAccessToken {
            result.status = .fail
            result.summary = "The public key setting holds an access token."
            result.actions = [
                "Put the Public Key (APP_USR-<uuid>) in MP_PUBLIC_KEY, and keep the Access Token secret: "
                    + "if it was exposed in front-end code, renew it in \(panelCredentials)."
            ]
            return result
        }
        if !publicKey.looksLikePublicKey {
            result.status = .fail
            result.summary = "The public key does not have the shape of a Mercado Pago public key (PREFIX-<uuid>)."
            result.actions = ["Copy the Public Key again from \(panelCredentials)."]
            return result
        }
        if publicKey.prefix != token.prefix {
            result.status = .fail
            result.summary =
                "The public key is \(publicKey.prefix.label) but the access token is "
                + "\(token.prefix.label): they come from different credential pairs."
            result.actions = ["Use the Public Key and Access Token shown together in \(panelCredentials)."]
            return result
        }
        if case .failure(let error)? = evidence.user, error.kind == .unauthorized {
            result.summary = "The access token is rejected, so the pair cannot be judged."
            result.actions = [error.remedy]
            return result
        }
        result.status = .unknown
        result.summary =
            "Both are \(token.prefix.label) credentials, but Mercado Pago has no API that ties a public "
            + "key to its account, so golive cannot prove they belong together."
        result.actions = [
            "Open \(panelCredentials) and confirm that the Public Key ending in \(publicKey.lastFour) sits beside "
                + "the Access Token ending in \(token.lastFour); a payment made through your checkout also proves it."
        ]
        return result
    }

    // MARK: Helpers

    static func describe(_ user: MercadoPagoUser) -> String {
        var text = user.nickname ?? "id \(user.id)"
        var extras: [String] = []
        if user.nickname != nil { extras.append("id \(user.id)") }
        if let site = user.siteID { extras.append(site) }
        if !extras.isEmpty { text += " (\(extras.joined(separator: ", ")))" }
        return text
    }

    static func tokenDetails(_ token: Secret) -> [String: JSONValue] {
        ["access_token": .string(token.masked), "prefix": .string(token.prefix.label)]
    }

    static func userDetails(_ user: MercadoPagoUser) -> [String: JSONValue] {
        var details: [String: JSONValue] = ["user_id": .number(Decimal(user.id))]
        if let nickname = user.nickname { details["nickname"] = .string(nickname) }
        if let site = user.siteID { details["site_id"] = .string(site) }
        if let email = user.email { details["email"] = .string(Masking.maskEmail(email)) }
        details["tags"] = .array(user.tags.map(JSONValue.string))
        details["test_account"] = .bool(user.isTestAccount)
        return details
    }

    static func errorDetails(_ error: MercadoPagoError) -> JSONValue {
        var details: [String: JSONValue] = ["kind": .string(error.kind.rawValue), "endpoint": .string(error.endpoint)]
        if let status = error.httpStatus { details["http_status"] = .number(Decimal(status)) }
        if let message = error.apiMessage { details["message"] = .string(message) }
        if !error.causes.isEmpty { details["causes"] = .array(error.causes.map { .string($0.code) }) }
        details["attempts"] = .number(Decimal(error.attempts))
        return .object(details)
    }
}

extension CredentialPrefix {
    var label: String {
        switch self {
        case .test: "TEST-"
        case .production: "APP_USR-"
        case .unknown: "unprefixed"
        }
    }
}

extension MercadoPagoError {
    /// An answer that could only come after the credentials were accepted (the request itself was refused).
    var showsCredentialsAccepted: Bool {
        kind == .badRequest || kind == .notFound || kind == .conflict
    }
}
