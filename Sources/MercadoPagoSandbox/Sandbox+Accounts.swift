import Foundation

/// One set of credentials the sandbox accepts, with the account it belongs to.
public struct SandboxAccount: Sendable, Hashable {
    /// "production", "test-user", "test-credentials" or "not-activated".
    public let name: String
    public let userID: Int64
    public let nickname: String
    public let email: String
    public let accessToken: String
    public let publicKey: String
    /// One line: what this account demonstrates.
    public let summary: String
    /// The application's webhook secret (MERCADOPAGO.md §5.4): the key the Sandbox signs this seller's
    /// webhooks with. Production and TEST- credentials of one application share it.
    public let webhookSecret: String
}

extension MercadoPagoSandbox {
    /// The fixed accounts. Tokens follow MERCADOPAGO.md §1.3:
    /// `APP_USR|TEST-<16 digits>-<6 digits>-<32 hex>-<user id>`; public keys `APP_USR-<uuid>` / `TEST-<uuid>`.
    public static let accounts: [SandboxAccount] = [
        SandboxAccount(
            name: "production",
            userID: SellerID.production,
            nickname: "TIENDAELSOL",
            email: "ventas@tiendaelsol.com.ar",
            accessToken: "APP_USR-4829301746251938-112609-8f3c2a1b9d7e4f60a5b3c8d2e1f09a7b-240112233",
            publicKey: "APP_USR-6f1d2c3b-4a5e-4f60-9b8a-7c6d5e4f3a2b",
            summary: "Activated production credentials of a real seller, with live payments of every status.",
            webhookSecret: "47dec02e7717d48a2f5bed22f7103dba3092206d4334a34884c70d36643befee"
        ),
        SandboxAccount(
            name: "test-user",
            userID: SellerID.testUser,
            nickname: "TESTAB12CD34",
            email: "test_user_1987654321@testuser.com",
            accessToken: "APP_USR-7730129846521734-112609-5d2e8f1a3c4b9e7d6a0f1b2c3d4e5f60-1987654321",
            publicKey: "APP_USR-2b8e4d1c-7f3a-4e9b-8c6d-5a4f3e2d1c0b",
            summary: "APP_USR credentials of a test user (tag test_user): production-shaped, not a real account.",
            webhookSecret: "6596efd7d9814c321e22a2971d1721860e3b81cd277c710b0e7343574d79bac6"
        ),
        SandboxAccount(
            name: "test-credentials",
            userID: SellerID.production,
            nickname: "TIENDAELSOL",
            email: "ventas@tiendaelsol.com.ar",
            accessToken: "TEST-4829301746251938-112609-0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d-240112233",
            publicKey: "TEST-9c8b7a6d-5e4f-4a3b-8c1d-0e9f8a7b6c5d",
            summary: "TEST- credentials of the production seller: only test payments (live_mode false).",
            webhookSecret: "47dec02e7717d48a2f5bed22f7103dba3092206d4334a34884c70d36643befee"
        ),
        SandboxAccount(
            name: "not-activated",
            userID: SellerID.notActivated,
            nickname: "MUEBLESNORTE",
            email: "administracion@mueblesdelnorte.com.ar",
            accessToken: "APP_USR-5190374628105547-031524-e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9-301445566",
            publicKey: "APP_USR-0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a",
            summary: "Production credentials not activated yet: /users/me works, payment calls get 401 (cause code 7).",
            webhookSecret: "aca3324126c3f00f4fd0b28c60d8443dc5dc334227c42a952598f7f1798717ee"
        ),
    ]

    /// The account with this name, if any.
    public static func account(named name: String) -> SandboxAccount? {
        accounts.first { $0.name == name }
    }

    /// The webhook secret the Sandbox signs a seller's notifications with (by Mercado Pago user id).
    public static func webhookSecret(userID: Int64) -> String? {
        accounts.first { $0.userID == userID }?.webhookSecret
    }

    /// Shaped like a real production token, but no account owns it: always 401.
    public static let invalidAccessToken = "APP_USR-1111222233334444-010101-00000000000000000000000000000000-999999999"
}

/// The Mercado Pago user ids of the fixture sellers.
enum SellerID {
    static let production: Int64 = 240_112_233
    static let testUser: Int64 = 1_987_654_321
    static let notActivated: Int64 = 301_445_566
}

/// Who is calling: resolved from the access token.
struct Caller: Sendable {
    let account: SandboxAccount
    var sellerID: Int64 { account.userID }
    /// `TEST-` credentials see and create test payments only (MERCADOPAGO.md §1.3: `TEST-` ⇒ test credentials).
    var liveMode: Bool { !account.accessToken.hasPrefix("TEST-") }
    /// Activated credentials may use the payments API; the others get code 7 (§1.6).
    var canUsePayments: Bool { account.name != "not-activated" }

    static func resolve(token: String) -> Caller? {
        MercadoPagoSandbox.accounts.first { $0.accessToken == token }.map(Caller.init)
    }
}

// MARK: - /users/me documents

extension SandboxAccount {
    /// The `/users/me` document of the user that owns these credentials (test credentials belong to the
    /// production user, §1.2). Field set after sdk-nodejs `clients/user/get/types.ts` (§1.4).
    func userDocument(now: Date) -> JSON {
        switch userID {
        case SellerID.production:
            return UserProfile(
                id: userID, nickname: nickname, email: email, firstName: "Lucía", lastName: "Fernández",
                registrationDate: "2016-03-14T11:22:08.000-04:00", tags: ["normal", "credits_priority_3"],
                identification: ("CUIT", "30712345678"), phone: ("11", "4555-0192"),
                address: ("Av. Corrientes 1234", "Buenos Aires", "AR-C", "C1043AAZ"),
                company: ("Tienda El Sol", "Tienda El Sol S.R.L."),
                permalink: "http://perfil.mercadolibre.com.ar/TIENDAELSOL"
            ).document
        case SellerID.testUser:
            // Test users are recent and carry the `test_user` tag (§1.4).
            return UserProfile(
                id: userID, nickname: nickname, email: email, firstName: "Test", lastName: "Test",
                registrationDate: MercadoPagoDate.format(now.addingTimeInterval(-20 * 86_400)),
                tags: ["test_user", "normal"], identification: ("DNI", "11111111"), phone: ("01", "1111-1111"),
                address: ("Test Address 123", "Test City", "AR-B", "1111"), company: nil,
                permalink: "http://perfil.mercadolibre.com.ar/TESTAB12CD34"
            ).document
        default:
            return UserProfile(
                id: userID, nickname: nickname, email: email, firstName: "Rodrigo", lastName: "Sosa",
                registrationDate: "2023-08-02T16:40:51.000-04:00", tags: ["normal"],
                identification: ("CUIT", "20284567893"), phone: ("381", "422-7781"),
                address: ("San Martín 455", "San Miguel de Tucumán", "AR-T", "T4000"),
                company: ("Muebles del Norte", "Sosa Rodrigo"),
                permalink: "http://perfil.mercadolibre.com.ar/MUEBLESNORTE"
            ).document
        }
    }
}

private struct UserProfile {
    let id: Int64
    let nickname: String
    let email: String
    let firstName: String
    let lastName: String
    let registrationDate: String
    let tags: [String]
    let identification: (type: String, number: String)
    let phone: (areaCode: String, number: String)
    let address: (street: String, city: String, state: String, zipCode: String)
    let company: (brand: String, corporateName: String)?
    let permalink: String

    var document: JSON {
        [
            "id": .int(id),
            "nickname": .string(nickname),
            "registration_date": .string(registrationDate),
            "first_name": .string(firstName),
            "last_name": .string(lastName),
            "gender": "",
            "country_id": "AR",
            "email": .string(email),
            "identification": ["number": .string(identification.number), "type": .string(identification.type)],
            "address": [
                "address": .string(address.street), "city": .string(address.city),
                "state": .string(address.state), "zip_code": .string(address.zipCode),
            ],
            "phone": [
                "area_code": .string(phone.areaCode), "extension": "", "number": .string(phone.number),
                "verified": false,
            ],
            "alternative_phone": ["area_code": "", "extension": "", "number": ""],
            "user_type": "normal",
            "tags": .array(tags.map(JSON.string)),
            "logo": nil,
            "points": 100,
            "site_id": "MLA",
            "permalink": .string(permalink),
            "seller_experience": "ADVANCED",
            "status": [
                "site_status": "active",
                "confirmed_email": true,
                "user_type": "eventual",
                "mercadopago_tc_accepted": true,
                "mercadopago_account_type": "personal",
                "immediate_payment": false,
            ],
            "company": company.map { company -> JSON in
                [
                    "brand_name": .string(company.brand), "city_tax_id": "",
                    "corporate_name": .string(company.corporateName),
                    "identification": .string(identification.number), "state_tax_id": "", "cust_type_id": "CO",
                    "soft_descriptor": .string(nickname),
                ]
            } ?? .null,
            "credit": ["consumed": 0, "credit_level_id": "MP"],
        ]
    }
}
