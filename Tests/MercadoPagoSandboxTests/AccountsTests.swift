import Foundation
import MercadoPagoSandbox
import Testing

@Suite("Credentials and /users/me")
struct AccountsTests {
    @Test("every seeded account answers /users/me with the user that owns it")
    func usersMeForEachAccount() async throws {
        try await withSandbox { _, client in
            for account in MercadoPagoSandbox.accounts {
                let reply = try await client.get("/users/me", token: account.accessToken)
                #expect(reply.status == 200, "\(account.name): \(reply.text)")
                #expect(reply.object.int("id").map(Int64.init) == account.userID)
                #expect(reply.object.string("nickname") == account.nickname)
                #expect(reply.object.string("site_id") == "MLA")
                #expect(reply.object.object("status")?.string("site_status") == "active")
            }
        }
    }

    @Test("the test user carries the test_user tag; test credentials belong to the production user")
    func testAccountsAreRecognisable() async throws {
        try await withSandbox { _, client in
            let testUser = try await client.get("/users/me", token: Token.testUser).object
            #expect((testUser["tags"] as? [String])?.contains("test_user") == true)
            #expect(testUser.string("email") == "test_user_1987654321@testuser.com")

            let production = try await client.get("/users/me", token: Token.production).object
            let viaTestCredentials = try await client.get("/users/me", token: Token.testCredentials).object
            #expect(production.int("id") == 240_112_233)
            #expect(viaTestCredentials.int("id") == 240_112_233)
            #expect(production["tags"] as? [String] == ["normal", "credits_priority_3"])
        }
    }

    @Test("tokens follow Mercado Pago's formats and end with the user id")
    func tokenFormats() {
        let pattern = #/^(APP_USR|TEST)-\d{16}-\d{6}-[0-9a-f]{32}-(\d+)$/#
        for account in MercadoPagoSandbox.accounts {
            let match = account.accessToken.wholeMatch(of: pattern)
            #expect(match != nil, "\(account.name)")
            #expect(match.map { String($0.2) } == String(account.userID))
            #expect(
                account.publicKey.wholeMatch(
                    of: #/^(APP_USR|TEST)-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/#) != nil
            )
        }
        #expect(MercadoPagoSandbox.invalidAccessToken.wholeMatch(of: pattern) != nil)
        #expect(MercadoPagoSandbox.account(named: "nobody") == nil)
    }

    @Test("an unknown token and a missing token get 401 with Mercado Pago's error document")
    func invalidAndMissingTokens() async throws {
        try await withSandbox { _, client in
            let invalid = try await client.get("/users/me", token: MercadoPagoSandbox.invalidAccessToken)
            #expect(invalid.status == 401)
            #expect(invalid.object.string("message") == "invalid access token")
            #expect(invalid.object.string("error") == "unauthorized")
            #expect(invalid.object.int("status") == 401)
            #expect((invalid.object["cause"] as? [Any])?.isEmpty == true)

            let missing = try await client.get("/users/me")
            #expect(missing.status == 401)
            #expect(missing.object.string("message") == "missing access token")

            let basic = try await client.send(.get, "/users/me", headers: [("Authorization", "Basic dXNlcjpwYXNz")])
            #expect(basic.status == 401)
            #expect(basic.object.string("message") == "invalid access token")
        }
    }

    @Test("the legacy access_token query parameter is accepted")
    func legacyQueryToken() async throws {
        try await withSandbox { _, client in
            let reply = try await client.get("/users/me?access_token=\(Token.testUser)")
            #expect(reply.status == 200)
            #expect(reply.object.int("id") == 1_987_654_321)
        }
    }

    @Test("not-activated credentials read /users/me but get 401 cause 7 on every payment call")
    func notActivatedCredentials() async throws {
        try await withSandbox { _, client in
            let me = try await client.get("/users/me", token: Token.notActivated)
            #expect(me.status == 200)
            #expect(me.object.string("nickname") == "MUEBLESNORTE")

            let calls = [
                try await client.get("/v1/payments/search", token: Token.notActivated),
                try await client.get("/v1/payments/1321456789", token: Token.notActivated),
                try await client.get("/merchant_orders/17284551000", token: Token.notActivated),
                try await client.createPayment(
                    token: Token.notActivated, json: #"{"transaction_amount":10,"payer":{"email":"a@example.com"}}"#),
            ]
            for reply in calls {
                #expect(reply.status == 401)
                #expect(reply.object.string("message") == "Unauthorized use of live credentials")
                #expect(reply.object.string("error") == "unauthorized")
                #expect(reply.causeCodes == [7])
                let cause = (reply.object["cause"] as? [[String: Any]])?.first
                #expect(cause?.string("description") == "Unauthorized use of live credentials")
                #expect(cause?["data"] is NSNull)
            }
        }
    }
}
