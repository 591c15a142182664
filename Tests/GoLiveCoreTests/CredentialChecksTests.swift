import Foundation
import GoLiveCore
import Testing

/// Classification of every account kind, from evidence (the unit seam); the same kinds are exercised
/// end to end against the Sandbox in GoLiveCLITests.
@Suite("Credential classification")
struct CredentialChecksTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let productionToken = Secret("APP_USR-4829301746251938-112609-8f3c2a1b9d7e4f60a5b3c8d2e1f09a7b-240112233")
    static let productionKey = Secret("APP_USR-6f1d2c3b-4a5e-4f60-9b8a-7c6d5e4f3a2b")
    static let testToken = Secret("TEST-4829301746251938-112609-0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d-240112233")
    static let testKey = Secret("TEST-9c8b7a6d-5e4f-4a3b-8c1d-0e9f8a7b6c5d")

    static func user(
        id: Int64 = 240_112_233, nickname: String = "TIENDAELSOL", email: String = "ventas@tienda.com.ar",
        tags: [String] = ["normal"]
    ) -> MercadoPagoUser {
        MercadoPagoUser(json: [
            "id": .number(Decimal(id)), "nickname": .string(nickname), "email": .string(email), "site_id": "MLA",
            "tags": .array(tags.map(JSONValue.string)),
        ])!
    }

    static let okProbe: Result<PaymentSearchPage, MercadoPagoError> = .success(
        PaymentSearchPage(total: 0, limit: 1, offset: 0, results: []))

    func statuses(_ evidence: CredentialsEvidence) -> [CheckID: CheckStatus] {
        Dictionary(uniqueKeysWithValues: CredentialChecks.evaluate(evidence, at: Self.now).map { ($0.id, $0.status) })
    }

    @Test("activated production credentials of a real account")
    func production() {
        let evidence = CredentialsEvidence(
            accessToken: Self.productionToken, publicKey: Self.productionKey, user: .success(Self.user()),
            paymentsProbe: Self.okProbe)
        let results = statuses(evidence)
        #expect(results[.credentialsAccessToken] == .pass)
        #expect(results[.credentialsProduction] == .pass)
        #expect(results[.credentialsPair] == .unknown)  // no API ties a public key to an account
        let pair = CredentialChecks.pair(evidence, at: Self.now)
        #expect(pair.summary.contains("no API"))
        #expect(pair.actions.first?.contains("ending in 3a2b") == true)
    }

    @Test("TEST- credentials are test credentials whatever /users/me says")
    func testCredentials() {
        let evidence = CredentialsEvidence(
            accessToken: Self.testToken, publicKey: Self.testKey, user: .success(Self.user()),
            paymentsProbe: Self.okProbe)
        let results = statuses(evidence)
        #expect(results[.credentialsAccessToken] == .pass)
        #expect(results[.credentialsProduction] == .fail)
        #expect(CredentialChecks.production(evidence, at: Self.now).summary.contains("TEST-"))
    }

    @Test(
        "APP_USR- credentials of a test user fail, whichever sign gives it away",
        arguments: [
            (["test_user"], "REALNAME", "someone@shop.com"),
            (["normal"], "TESTAB12CD34", "someone@shop.com"),
            (["normal"], "REALNAME", "test_user_1987654321@testuser.com"),
        ])
    func testUser(tags: [String], nickname: String, email: String) {
        let evidence = CredentialsEvidence(
            accessToken: Self.productionToken, publicKey: Self.productionKey,
            user: .success(Self.user(id: 1_987_654_321, nickname: nickname, email: email, tags: tags)),
            paymentsProbe: Self.okProbe)
        let result = CredentialChecks.production(evidence, at: Self.now)
        #expect(result.status == .fail)
        #expect(result.summary.contains("TEST account"))
        #expect(result.details["test_account"] == .bool(true))
    }

    @Test("production credentials not activated: /users/me works, payments answer cause 7")
    func notActivated() {
        let causeSeven = MercadoPagoError(
            kind: .unauthorized, endpoint: "GET /v1/payments/search", httpStatus: 401,
            apiMessage: "Unauthorized use of live credentials", causes: [.init(code: "7", description: nil)])
        let evidence = CredentialsEvidence(
            accessToken: Self.productionToken, publicKey: Self.productionKey, user: .success(Self.user()),
            paymentsProbe: .failure(causeSeven))
        let result = CredentialChecks.production(evidence, at: Self.now)
        #expect(result.status == .fail)
        #expect(result.summary.contains("not activated"))
        #expect(result.actions.first?.contains("Activate credentials") == true)
        #expect(statuses(evidence)[.credentialsAccessToken] == .pass)
    }

    @Test("a payments probe refused for its parameters still shows the credentials were accepted")
    func probeRefusedButAuthorized() {
        let notFound = MercadoPagoError(kind: .notFound, endpoint: "GET /v1/payments/search", httpStatus: 404)
        let evidence = CredentialsEvidence(
            accessToken: Self.productionToken, publicKey: Self.productionKey, user: .success(Self.user()),
            paymentsProbe: .failure(notFound))
        #expect(CredentialChecks.production(evidence, at: Self.now).status == .pass)

        let overloaded = MercadoPagoError(
            kind: .serverError, endpoint: "GET /v1/payments/search", httpStatus: 503, attempts: 4)
        let unsure = CredentialsEvidence(
            accessToken: Self.productionToken, publicKey: Self.productionKey, user: .success(Self.user()),
            paymentsProbe: .failure(overloaded))
        let result = CredentialChecks.production(unsure, at: Self.now)
        #expect(result.status == .unknown)
        #expect(result.summary.contains("HTTP 503"))
    }

    @Test("cause 7 is also recognised from the documented message when a server leaves out the cause list")
    func causeSevenByMessage() {
        let error = MercadoPagoError(
            kind: .unauthorized, endpoint: "GET /v1/payments/search", httpStatus: 401,
            apiMessage: "Unauthorized use of live credentials")
        #expect(error.isUnactivatedLiveCredentials)
    }

    @Test("an invalid token fails the token and production checks, and leaves the pair undecided")
    func invalid() {
        let rejected = MercadoPagoError(
            kind: .unauthorized, endpoint: "GET /users/me", httpStatus: 401, apiMessage: "invalid access token")
        let evidence = CredentialsEvidence(
            accessToken: Self.productionToken, publicKey: Self.productionKey, user: .failure(rejected))
        let results = statuses(evidence)
        #expect(results[.credentialsAccessToken] == .fail)
        #expect(results[.credentialsProduction] == .fail)
        #expect(results[.credentialsPair] == .unknown)
    }

    @Test("an unreachable API is unknown, not a verdict")
    func unreachable() {
        let down = MercadoPagoError(kind: .unreachable, endpoint: "GET /users/me", detail: "connection refused")
        let results = statuses(
            CredentialsEvidence(accessToken: Self.productionToken, publicKey: Self.productionKey, user: .failure(down)))
        #expect(results[.credentialsAccessToken] == .unknown)
        #expect(results[.credentialsProduction] == .unknown)
    }

    @Test("nothing configured: each check fails and names the setting")
    func nothing() {
        let results = CredentialChecks.evaluate(CredentialsEvidence(accessToken: nil, publicKey: nil), at: Self.now)
        #expect(results.allSatisfy { $0.status == .fail })
        #expect(results[0].actions.first?.contains("MP_ACCESS_TOKEN_FILE") == true)
        #expect(results[2].actions.first?.contains("MP_PUBLIC_KEY") == true)
    }

    @Test("mixed environments and swapped credentials fail the pair")
    func mismatchedPair() {
        let mixed = CredentialsEvidence(
            accessToken: Self.productionToken, publicKey: Self.testKey, user: .success(Self.user()),
            paymentsProbe: Self.okProbe)
        #expect(CredentialChecks.pair(mixed, at: Self.now).status == .fail)
        #expect(CredentialChecks.production(mixed, at: Self.now).status == .fail)
        let swapped = CredentialsEvidence(
            accessToken: Self.productionToken, publicKey: Self.productionToken, user: .success(Self.user()),
            paymentsProbe: Self.okProbe)
        let pair = CredentialChecks.pair(swapped, at: Self.now)
        #expect(pair.status == .fail)
        #expect(pair.summary.contains("holds an access token"))
    }

    @Test("no result text or detail carries a full credential")
    func noSecretsInResults() throws {
        let evidence = CredentialsEvidence(
            accessToken: Self.productionToken, publicKey: Self.productionKey, user: .success(Self.user()),
            paymentsProbe: Self.okProbe)
        let report = ReadinessReport(
            seller: "s", sellerID: 1, checks: CredentialChecks.evaluate(evidence, at: Self.now), checkedAt: Self.now)
        let json = String(decoding: try JSONEncoder.goLive().encode(report), as: UTF8.self)
        #expect(!json.contains(Self.productionToken.exposedForTransport))
        #expect(!json.contains("8f3c2a1b9d7e4f60"))
        #expect(!json.contains(Self.productionKey.exposedForTransport))
    }
}

@Suite("Readiness report")
struct ReadinessReportTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func check(_ status: CheckStatus) -> CheckResult {
        CheckResult(id: .credentialsPair, title: "t", status: status, summary: "s", checkedAt: now)
    }

    @Test("ready only when every check passes or warns")
    func readiness() {
        #expect(
            ReadinessReport(seller: "s", sellerID: nil, checks: [check(.pass), check(.warn)], checkedAt: now).ready)
        #expect(
            !ReadinessReport(seller: "s", sellerID: nil, checks: [check(.pass), check(.unknown)], checkedAt: now).ready)
        #expect(!ReadinessReport(seller: "s", sellerID: nil, checks: [check(.fail)], checkedAt: now).ready)
        #expect(!ReadinessReport(seller: "s", sellerID: nil, checks: [], checkedAt: now).ready)
    }

    @Test("the JSON document has DESIGN.md's keys")
    func shape() throws {
        let report = ReadinessReport(seller: "s", sellerID: nil, checks: [check(.pass)], checkedAt: now)
        let json = try JSONValue.parse(try JSONEncoder.goLive().encode(report))
        #expect(json["ready"] == .bool(true))
        #expect(json.object?.keys.contains("seller_id") == true)
        #expect(json["seller_id"] == .null)
        #expect(json["checked_at"].string == "2026-09-21T14:13:20Z")
        let first = json["checks"][0]
        #expect(
            Set(first.object?.keys.map { $0 } ?? []) == [
                "id", "title", "status", "summary", "details", "actions", "checked_at",
            ])
    }

    @Test("language from the locale variables' text")
    func language() {
        #expect(Language.fromLocaleEnvironment(["LANG": "es_AR.UTF-8"]) == .spanish)
        #expect(Language.fromLocaleEnvironment(["LC_ALL": "pt_BR.UTF-8", "LANG": "es_AR.UTF-8"]) == .portuguese)
        #expect(Language.fromLocaleEnvironment(["LANG": "C.UTF-8"]) == .english)
        #expect(Language.fromLocaleEnvironment([:]) == .english)
        #expect(Language(option: "pt-BR") == .portuguese)
        #expect(Language(option: "fr") == nil)
    }
}
