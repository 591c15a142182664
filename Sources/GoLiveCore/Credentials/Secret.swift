import Foundation

/// A credential that must never be shown, logged or written out in full.
///
/// Every textual form — `description`, `debugDescription`, string interpolation, `Encodable` — yields the
/// masked form (`APP_USR-…3f9a`). Only ``exposedForTransport`` returns the value, and it exists for the one
/// place that needs it: the `Authorization` header.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, Encodable {
    private let value: String

    public init(_ value: String) {
        self.value = value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public var isEmpty: Bool { value.isEmpty }

    /// The full value, for the HTTP `Authorization` header only.
    public var exposedForTransport: String { value }

    public var masked: String { Masking.maskSecret(value) }

    /// The last four characters, for "ending in 3a2b" (nothing for secrets too short to spare them).
    public var lastFour: String { value.count >= 16 ? String(value.suffix(4)) : "…" }
    public var description: String { masked }
    public var debugDescription: String { "Secret(\(masked))" }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(masked)
    }

    /// The kind of credential, read from its prefix (a hint only: `APP_USR-` is also what test users get).
    public var prefix: CredentialPrefix { CredentialPrefix(of: value) }

    /// The trailing numeric block of an access token, which in practice is the owner's user id.
    /// Undocumented (MERCADOPAGO.md §1.3): used only as supporting evidence, never to decide.
    public var trailingUserID: Int64? {
        guard let last = value.split(separator: "-").last, last.allSatisfy(\.isNumber), last.count >= 4 else {
            return nil
        }
        return Int64(last)
    }

    /// Whether the text looks like an access token as Mercado Pago issues them
    /// (`PREFIX-<digits>-<6 digits>-<32 hex>-<digits>`).
    public var looksLikeAccessToken: Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 5, prefix != .unknown else { return false }
        return parts[1].allSatisfy(\.isNumber) && parts[2].count == 6 && parts[2].allSatisfy(\.isNumber)
            && parts[3].count == 32 && parts[3].allSatisfy(\.isHexDigit) && parts[4].allSatisfy(\.isNumber)
    }

    /// Whether the text looks like a public key (`PREFIX-<uuid>`).
    public var looksLikePublicKey: Bool {
        guard prefix != .unknown, let dash = value.firstIndex(of: "-") else { return false }
        let uuid = value[value.index(after: dash)...]
        let groups = uuid.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
        return groups == [8, 4, 4, 4, 12] && uuid.allSatisfy { $0 == "-" || $0.isHexDigit }
    }
}

/// The documented credential prefixes (MERCADOPAGO.md §1.3).
public enum CredentialPrefix: String, Sendable, Codable {
    /// `TEST-`: test credentials, whatever account they belong to.
    case test = "TEST"
    /// `APP_USR-`: production credentials — of a real account, or of a test user.
    case production = "APP_USR"
    case unknown

    public init(of value: String) {
        if value.hasPrefix("TEST-") {
            self = .test
        } else if value.hasPrefix("APP_USR-") {
            self = .production
        } else {
            self = .unknown
        }
    }
}

/// Masking rules shared by every output: secrets keep their prefix and last four characters; payer
/// e-mails and identification numbers keep just enough to be recognised by their owner.
public enum Masking {
    public static func maskSecret(_ value: String) -> String {
        guard !value.isEmpty else { return "(empty)" }
        let prefix: String
        if value.hasPrefix("APP_USR-") {
            prefix = "APP_USR-"
        } else if value.hasPrefix("TEST-") {
            prefix = "TEST-"
        } else {
            prefix = ""
        }
        // Short secrets reveal nothing: four characters of eight would be half of it.
        guard value.count >= 16 else { return prefix + "…" }
        return prefix + "…" + String(value.suffix(4))
    }

    /// `ventas@tiendaelsol.com.ar` → `v•••s@tiendaelsol.com.ar`.
    public static func maskEmail(_ email: String) -> String {
        guard let at = email.firstIndex(of: "@") else { return maskIdentifier(email) }
        let local = email[..<at]
        let domain = email[at...]
        guard let first = local.first else { return "•••" + domain }
        let last = local.count > 2 ? local.last.map(String.init) ?? "" : ""
        return "\(first)•••\(last)\(domain)"
    }

    /// `20345678901` → `•••••••8901`-style, but never more than the last 3 characters.
    public static func maskIdentifier(_ value: String) -> String {
        guard value.count > 4 else { return String(repeating: "•", count: value.count) }
        return String(repeating: "•", count: value.count - 3) + value.suffix(3)
    }
}
