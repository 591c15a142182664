import Foundation

/// The account that owns an access token, from `GET /users/me` (MERCADOPAGO.md §1.4).
public struct MercadoPagoUser: Sendable, Hashable {
    public let id: Int64
    public let nickname: String?
    public let email: String?
    public let firstName: String?
    public let lastName: String?
    public let siteID: String?
    public let countryID: String?
    public let tags: [String]
    public let userType: String?
    public let siteStatus: String?
    public let raw: JSONValue

    public init?(json: JSONValue) {
        guard let id = json["id"].int64 else { return nil }
        self.id = id
        nickname = json["nickname"].string
        email = json["email"].string
        firstName = json["first_name"].string
        lastName = json["last_name"].string
        siteID = json["site_id"].string
        countryID = json["country_id"].string
        tags = json["tags"].strings
        userType = json["user_type"].string
        siteStatus = json["status"]["site_status"].string ?? json["status"].string
        raw = json
    }

    /// The signs that this is a test account (MERCADOPAGO.md §1.2, §1.4), each named so a result can say
    /// which one decided. Empty for a real account.
    public var testAccountSigns: [String] {
        var signs: [String] = []
        if tags.contains(where: { $0.lowercased() == "test_user" }) { signs.append("tag test_user") }
        if let nickname, nickname.uppercased().hasPrefix("TEST") { signs.append("nickname \(nickname)") }
        if let email, Self.isTestUserEmail(email) { signs.append("e-mail @testuser.com") }
        return signs
    }

    public var isTestAccount: Bool { !testAccountSigns.isEmpty }

    static func isTestUserEmail(_ email: String) -> Bool {
        let lower = email.lowercased()
        return lower.hasPrefix("test_user_") && lower.hasSuffix("@testuser.com")
    }
}
