public import Foundation

/// A JSON document as Mercado Pago sends it, kept whole so that nothing is lost and nothing is assumed.
///
/// Mercado Pago's documents change shape between products and years: fields go missing, turn `null`, or
/// arrive as strings where the reference says numbers (`additional_info.items[].quantity`). Typed views
/// (``Payment``, ``MercadoPagoUser``…) read from this value with lossy accessors instead of a strict
/// `Decodable` conformance, so one odd field never makes a whole payment unreadable.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// Numbers are kept as exact decimals: amounts must never pass through binary floating point.
    case number(Decimal)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Decimal.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue {
    /// Parses a JSON document; throws ``JSONValue/ParseError`` with a short excerpt of what arrived.
    public static func parse(_ data: Data) throws(ParseError) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw ParseError(excerpt: String(decoding: data.prefix(120), as: UTF8.self), byteCount: data.count)
        }
    }

    public func encoded(pretty: Bool = false) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys]
        return (try? encoder.encode(self)) ?? Data("null".utf8)
    }

    public struct ParseError: Error, Sendable, Equatable {
        public let excerpt: String
        public let byteCount: Int
    }

    // MARK: Navigation

    public subscript(key: String) -> JSONValue {
        if case .object(let members) = self { return members[key] ?? .null }
        return .null
    }

    public subscript(index: Int) -> JSONValue {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return .null
    }

    /// Follows a dotted path such as `payer.identification.number`.
    public func value(at path: String) -> JSONValue {
        path.split(separator: ".").reduce(self) { $0[String($1)] }
    }

    public var isNull: Bool { self == .null }

    // MARK: Lossy readers

    /// A non-empty string; numbers and booleans are rendered as text (ids arrive as either).
    public var string: String? {
        switch self {
        case .string(let value):
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : value
        case .number(let value): return NSDecimalNumber(decimal: value).stringValue
        case .bool(let value): return value ? "true" : "false"
        default: return nil
        }
    }

    /// An exact decimal from a number or from a numeric string (`"2"`, `"10.50"`).
    public var decimal: Decimal? {
        switch self {
        case .number(let value): return value
        case .string(let value):
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, trimmed.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" }) else {
                return nil
            }
            return Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX"))
        default: return nil
        }
    }

    /// A whole number that fits in 64 bits; nil for fractions and for anything out of range.
    public var int64: Int64? {
        guard let decimal else { return nil }
        let value = NSDecimalNumber(decimal: decimal).int64Value
        return Decimal(value) == decimal ? value : nil
    }

    public var bool: Bool? {
        switch self {
        case .bool(let value): return value
        case .string(let value):
            switch value.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        case .number(let value): return value == 0 ? false : (value == 1 ? true : nil)
        default: return nil
        }
    }

    public var date: Date? { string.flatMap(MercadoPagoDate.parse) }

    public var array: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }

    public var object: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// Strings of an array, skipping anything that is not text.
    public var strings: [String] { array.compactMap(\.string) }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Decimal(value)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}
