import Foundation

/// Payer personal data — e-mails, identification numbers, names, phones, addresses — and how golive keeps it out
/// of its outputs and its store (issue 11, "Data"). One place for the rules that the walkthrough export, the wall,
/// the notification listings and `store purge` apply.
public enum PayerData {
    /// Objects whose every value is personal data wherever they appear (`payer.identification`, `payer.phone`,
    /// `payer.address`, `shipments.receiver_address`, `additional_info.payer.*`…).
    static let personalObjects: Set<String> = [
        "identification", "phone", "phones", "address", "receiver_address", "billing_address", "shipping_address",
    ]

    /// Keys whose (string) value is personal data wherever they appear.
    static let personalKeys: Set<String> = [
        "email", "first_name", "last_name", "full_name", "cardholder", "doc_number", "identification_number",
        "phone_number", "street_name", "street_number", "zip_code", "apartment", "floor", "ip_address",
    ]

    // MARK: Free text

    /// Masks e-mail addresses and credential-looking tokens in a text (also quoted or in parentheses); every other
    /// word is kept (payment and
    /// order ids stay readable, so a masked text is still useful for support and reconciliation).
    public static func maskText(_ text: String) -> String {
        mapWords(text) { word in
            if isEmail(word) { return Masking.maskEmail(word) }
            if word.hasPrefix("APP_USR-") || word.hasPrefix("TEST-") {
                return word.contains("…") ? word : Masking.maskSecret(word)
            }
            return word
        }
    }

    /// Stricter than ``maskText(_:)``, for displays shown to a room (the wall) and for free texts golive did not
    /// write (processing errors, refusal details — an API error may quote a payer): also masks identification
    /// numbers (7 or more digits, with or without `.`/`-`/`/` separators) and long letter-and-digit tokens;
    /// ISO dates and money amounts stay as they are.
    public static func scrubText(_ text: String) -> String {
        guard text.contains(where: { $0 == "@" || $0.isNumber || $0 == "-" }) else { return text }
        return mapWords(text, scrubWord)
    }

    static func scrubWord(_ word: String) -> String {
        if isEmail(word) { return Masking.maskEmail(word) }
        if word.hasPrefix("APP_USR-") || word.hasPrefix("TEST-") {
            return word.contains("…") ? word : Masking.maskSecret(word)
        }
        // Dates (2026-11-27, release-2026-11-25.csv, 27/11/2026) are not identification numbers.
        let withoutDates = word.replacingOccurrences(
            of: #"\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4}"#, with: "", options: .regularExpression)
        guard withoutDates.filter(\.isNumber).count >= 7 else { return word }
        // Money: digits grouped by separators with a two-digit decimal part (1.234.567,89 or 1,234,567.89).
        if word.range(of: #"^[A-Z$]*\d{1,3}([.,]\d{3})*[.,]\d{2}$"#, options: .regularExpression) != nil {
            return word
        }
        // A long token of letters and digits (an access token without a known prefix) or an ID number.
        if word.count >= 20, word.contains(where: \.isLetter) { return Masking.maskSecret(word) }
        return maskDigits(word)
    }

    /// Keeps the last three digits (and the separators' places); every other digit becomes `•`.
    public static func maskDigits(_ word: String) -> String {
        var remaining = word.filter(\.isNumber).count
        return String(
            word.map { character -> Character in
                guard character.isNumber else { return character }
                remaining -= 1
                return remaining < 3 ? character : "•"
            })
    }

    /// `ana` → `a••`, `García` → `G•••••`: enough for the payer to recognise, not to identify.
    public static func maskName(_ name: String) -> String {
        guard let first = name.first else { return name }
        return String(first) + String(repeating: "•", count: max(2, name.count - 1))
    }

    static func isEmail(_ word: String) -> Bool {
        guard let at = word.firstIndex(of: "@"), at != word.startIndex, !word.contains(where: \.isWhitespace) else {
            return false
        }
        return word[word.index(after: at)...].contains(".")
    }

    /// Splits on whitespace and punctuation that cannot be part of an e-mail or id, maps each word.
    static func mapWords(_ text: String, _ transform: (String) -> String) -> String {
        var out = ""
        var word = ""
        for character in text {
            if character.isWhitespace || "()[]{}<>;\"'".contains(character) {
                out += word.isEmpty ? "" : transform(word)
                word = ""
                out.append(character)
            } else {
                word.append(character)
            }
        }
        return out + (word.isEmpty ? "" : transform(word))
    }

    // MARK: JSON documents

    /// A JSON document with every payer field masked: personal objects (identification, phone, addresses) and
    /// keys (e-mail, names…) by their key, e-mails and credentials anywhere in other strings. Ids, statuses,
    /// amounts and dates are kept.
    public static func mask(_ value: JSONValue, key: String? = nil, inPersonalObject: Bool = false) -> JSONValue {
        let lowered = key?.lowercased()
        let personal = inPersonalObject || lowered.map { personalObjects.contains($0) } == true
        switch value {
        case .object(let members):
            return .object(
                members.reduce(into: [:]) { $0[$1.key] = mask($1.value, key: $1.key, inPersonalObject: personal) })
        case .array(let items):
            return .array(items.map { mask($0, key: key, inPersonalObject: personal) })
        case .string(let text):
            return .string(maskValue(text, key: lowered, personal: personal))
        case .number(let number)
        where (personal || lowered.map(isIdentificationKey) == true) && abs(number) >= 10_000:
            // A document or phone number sent as a JSON number; small numbers (counts) are no identification.
            return .string(Masking.maskIdentifier(NSDecimalNumber(decimal: number).stringValue))
        default:
            return value
        }
    }

    static func maskValue(_ text: String, key: String?, personal: Bool) -> String {
        guard !text.isEmpty else { return text }
        if key?.contains("email") == true || isEmail(text) {
            return text.contains(where: \.isWhitespace) ? maskText(text) : Masking.maskEmail(text)
        }
        if let key, isIdentificationKey(key) { return Masking.maskIdentifier(text) }
        if personal {
            // Inside identification/phone/address: numbers keep their last three digits, words their initial.
            if key == "type" { return text }  // "DNI", "CPF": the kind of document is no personal data
            return text.contains(where: \.isNumber) ? Masking.maskIdentifier(text) : maskName(text)
        }
        if let key, personalKeys.contains(key) {
            return text.contains(where: \.isNumber) ? Masking.maskIdentifier(text) : maskName(text)
        }
        return maskText(text)
    }

    static func isIdentificationKey(_ key: String) -> Bool {
        key.contains("identification") || key == "number" || key.hasSuffix("_number") || key.hasSuffix("_document")
    }

    // MARK: Stored notification bodies

    /// A notification body for display (the dashboard's drill-down): a JSON body with its payer fields masked and
    /// its layout kept; any other text with e-mails and credentials masked.
    public static func maskedBody(_ body: String) -> String {
        guard body.contains("@") || body.contains(where: \.isNumber),
            let value = try? JSONValue.parse(Data(body.utf8))
        else { return maskText(body) }
        let masked = mask(value)
        return masked == value ? body : String(decoding: masked.encoded(), as: UTF8.self)
    }

    /// The members of a notification body golive needs later (parsing again, replay, reconciliation): ids,
    /// topic, action, dates, mode. Everything else — which for a forged, unusual or future body may be payer
    /// data — is what `store purge` drops.
    static let notificationFacts: Set<String> = [
        "id", "type", "topic", "action", "api_version", "application_id", "date_created", "live_mode", "user_id",
        "resource", "attempts", "sent", "received",
    ]

    /// A notification body reduced to its facts (``notificationFacts`` and `data.id`); nil when there is nothing to
    /// drop. A body that is not a JSON object becomes `{}`.
    public static func reducedNotificationBody(_ body: String) -> String? {
        guard !body.isEmpty else { return nil }
        guard case .object(let members) = (try? JSONValue.parse(Data(body.utf8))) ?? .null else { return "{}" }
        var kept = members.filter { notificationFacts.contains($0.key) }
        if case .object(let data) = members["data"] {
            kept["data"] = .object(data.filter { $0.key == "id" })
        }
        // Facts that are strings are kept only if they carry no e-mail (`resource` is a URL).
        kept = kept.mapValues { value in
            if case .string(let text) = value { return .string(maskText(text)) }
            return value
        }
        guard kept != members else { return nil }
        return String(decoding: JSONValue.object(kept).encoded(), as: UTF8.self)
    }
}
