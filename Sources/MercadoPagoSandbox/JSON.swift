import Foundation

/// A JSON value whose objects keep their keys in insertion order, so every document the sandbox serves
/// serializes byte-for-byte the same way (the determinism tests compare whole bodies).
///
/// Numbers are `Decimal`, never `Double`: amounts keep exactly two decimals and ids stay exact.
enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Decimal)
    case string(String)
    case array([JSON])
    case object(JSONObject)
}

/// A JSON object that remembers the order its keys were first set in.
struct JSONObject: Sendable, Equatable {
    private(set) var keys: [String] = []
    private var values: [String: JSON] = [:]

    init() {}

    init(_ entries: [(String, JSON)]) {
        for (key, value) in entries { self[key] = value }
    }

    /// Setting `nil` removes the key; setting an existing key keeps its position.
    subscript(key: String) -> JSON? {
        get { values[key] }
        set {
            if let newValue {
                if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if values.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    var entries: [(key: String, value: JSON)] {
        keys.compactMap { key in values[key].map { (key, $0) } }
    }

    /// Deep merge: objects merge key by key, anything else in `other` replaces what is here.
    func merging(_ other: JSONObject) -> JSONObject {
        var merged = self
        for (key, value) in other.entries {
            if case .object(let mine)? = merged[key], case .object(let theirs) = value {
                merged[key] = .object(mine.merging(theirs))
            } else {
                merged[key] = value
            }
        }
        return merged
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    init(dictionaryLiteral elements: (String, JSON)...) {
        self.init(elements)
    }
}

// MARK: - Literals, so fixtures read like the JSON they produce

extension JSON: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    init(stringLiteral value: String) { self = .string(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(integerLiteral value: Int64) { self = .number(Decimal(value)) }
    init(arrayLiteral elements: JSON...) { self = .array(elements) }
    init(dictionaryLiteral elements: (String, JSON)...) { self = .object(JSONObject(elements)) }
    init(nilLiteral: ()) { self = .null }
}

extension JSON {
    static func int(_ value: Int64) -> JSON { .number(Decimal(value)) }
    static func int(_ value: Int) -> JSON { .number(Decimal(value)) }

    /// An amount given in cents, served as a number with at most two decimals (`1234.5`).
    static func amount(cents: Int64) -> JSON { .number(Decimal(cents) / 100) }

    /// `nil` becomes JSON `null`.
    static func optional(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }
}

// MARK: - Reading

extension JSON {
    subscript(key: String) -> JSON? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    var decimalValue: Decimal? {
        if case .number(let number) = self { return number }
        return nil
    }

    /// Whole numbers only: `12.5` is not an id.
    var int64Value: Int64? {
        guard case .number(let number) = self else { return nil }
        let value = NSDecimalNumber(decimal: number).int64Value
        return Decimal(value) == number ? value : nil
    }

    var isNull: Bool { self == .null }
}

extension Decimal {
    fileprivate func rounded(_ scale: Int) -> Decimal {
        var source = self
        var result = Decimal()
        NSDecimalRound(&result, &source, scale, .plain)
        return result
    }

    /// The amount in cents, rounded; nil when it does not fit.
    var cents: Int64? {
        let scaled = (self * 100).rounded(0)
        let value = NSDecimalNumber(decimal: scaled).int64Value
        return Decimal(value) == scaled ? value : nil
    }
}

// MARK: - Parsing

/// Raised when a request body is not JSON.
struct JSONSyntaxError: Error, CustomStringConvertible {
    let description: String
}

extension JSON: Decodable {
    /// Parses any JSON text (objects, arrays or a bare value).
    static func parse(_ bytes: some Sequence<UInt8>) throws(JSONSyntaxError) -> JSON {
        do {
            return try JSONDecoder().decode(JSON.self, from: Data(bytes))
        } catch {
            throw JSONSyntaxError(description: "the body is not valid JSON")
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Order matters: a JSON number must not be read as a Bool, nor a string as a number.
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Decimal.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([JSON].self) {
            self = .array(array)
        } else {
            let dictionary = try container.decode([String: JSON].self)
            // Incoming key order is lost by the decoder; sorting keeps what we store deterministic.
            self = .object(JSONObject(dictionary.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        }
    }
}

// MARK: - Serializing

extension JSON {
    /// Compact JSON text with object keys in insertion order.
    var serialized: String {
        var output = ""
        write(to: &output)
        return output
    }

    private func write(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let bool): output += bool ? "true" : "false"
        case .number(let number): output += number.description
        case .string(let string): JSON.writeString(string, to: &output)
        case .array(let array):
            output += "["
            for (index, element) in array.enumerated() {
                if index > 0 { output += "," }
                element.write(to: &output)
            }
            output += "]"
        case .object(let object):
            output += "{"
            for (index, entry) in object.entries.enumerated() {
                if index > 0 { output += "," }
                JSON.writeString(entry.key, to: &output)
                output += ":"
                entry.value.write(to: &output)
            }
            output += "}"
        }
    }

    private static func writeString(_ string: String, to output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
