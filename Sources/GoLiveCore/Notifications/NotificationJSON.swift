/// The few fields of a notification body the receiver reads, from a strict one-pass reader of a JSON object.
///
/// It replaces `JSONSerialization` on the receiver's path (per delivery, Foundation built every value of the
/// body as an `Any` and cast it back: a fifth of the receiver's CPU). It accepts exactly what
/// `JSONSerialization.jsonObject(with:)` accepted there, quirks included (a trailing comma before `}` or `]`, a
/// leading byte-order mark, the last of repeated keys winning; nesting deeper than 512 refused), and reads the
/// values the same lossy way (`NotificationParser.Fields`): numbers as their integer text when integral, `true`
/// and `false` as `1` and `0` where an id is read, `0`/`1` as flags. It differs only for bodies no sender uses:
/// UTF-16 or UTF-32 text (refused as malformed JSON), integers of more than 38 digits (kept as written) and
/// numbers with a fraction or exponent and more than 15 significant digits (read as the nearest double, where
/// JSONSerialization kept them as decimals). A differential test against `JSONSerialization` holds it to that.
public struct NotificationJSON: Sendable {
    /// A kept value: scalars as written (strings decoded), `data` as its own kept scalars, the rest `other`.
    public enum Value: Sendable, Hashable {
        case string(String)
        /// The number's text as written (validated JSON grammar).
        case number(String)
        case bool(Bool)
        case null
        case object([String: Value])
        case other
    }

    /// Top-level keys whose values are kept (`data`'s scalars are kept too; other objects and arrays are only
    /// validated).
    static let keptKeys: Set<String> = [
        "id", "type", "action", "topic", "resource", "date_created", "user_id", "live_mode", "data",
    ]

    public let fields: [String: Value]

    /// nil when `bytes` is not one JSON object (possibly surrounded by whitespace).
    public init?<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        let parsed: [String: Value]?? = bytes.withContiguousStorageIfAvailable { buffer in
            var reader = Reader(buffer)
            return reader.document()
        }
        if let parsed {
            guard let parsed else { return nil }
            fields = parsed
        } else {
            let copy = Array(bytes)
            guard
                let parsed = copy.withUnsafeBufferPointer({ buffer -> [String: Value]? in
                    var reader = Reader(buffer)
                    return reader.document()
                })
            else { return nil }
            fields = parsed
        }
    }

    public subscript(key: String) -> Value? { fields[key] }

    // MARK: Lossy readers (the rules of `NotificationParser.Fields` over JSONSerialization's values)

    /// A text id: strings unless blank, numbers as their integer text when integral, booleans as `1`/`0`.
    public static func string(_ value: Value?) -> String? {
        switch value {
        case .string(let text): return text.unicodeScalars.allSatisfy(\.properties.isWhitespace) ? nil : text
        case .number(let literal): return numberText(literal)
        case .bool(let flag): return flag ? "1" : "0"
        default: return nil
        }
    }

    /// A flag: booleans, the numbers 0 and 1, the strings `true`/`false` in any case.
    public static func bool(_ value: Value?) -> Bool? {
        switch value {
        case .bool(let flag): return flag
        case .string(let text):
            let lowered = text.lowercased()
            return lowered == "true" ? true : (lowered == "false" ? false : nil)
        case .number(let literal):
            guard let number = Double(literal) else { return nil }
            return number == 1 ? true : (number == 0 ? false : nil)
        default: return nil
        }
    }

    /// An integer: integral numbers that fit, booleans as 1/0, strings of digits (spaces and tabs trimmed).
    public static func int64(_ value: Value?) -> Int64? {
        switch value {
        case .string(let text): return Int64(trimmingSpaces(text))
        case .bool(let flag): return flag ? 1 : 0
        case .number(let literal):
            if isIntegerLiteral(literal) { return Int64(literal) }
            return Double(literal).flatMap { Int64(exactly: $0) }
        default: return nil
        }
    }

    static func isIntegerLiteral(_ literal: String) -> Bool {
        !literal.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }

    /// How `NSNumber`/`NSDecimalNumber` from JSONSerialization printed: an integer in Int64 range as itself
    /// (`-0` as `0`), a longer one as written, a fraction or exponent as its integer when integral, else the
    /// double's shortest text.
    static func numberText(_ literal: String) -> String {
        if isIntegerLiteral(literal) {
            if let integer = Int64(literal) { return String(integer) }
            return literal
        }
        guard let number = Double(literal) else { return literal }
        if let integer = Int64(exactly: number) { return String(integer) }
        return "\(number)"
    }

    /// Without leading and trailing `CharacterSet.whitespaces` (general category Zs and tab).
    static func trimmingSpaces(_ text: String) -> Substring {
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t" || (!scalar.isASCII && scalar.properties.generalCategory == .spaceSeparator)
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) }) ?? first
        return Substring(scalars[first...last])
    }

    // MARK: Reader

    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        var depth = 0
        static let maxDepth = 512

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func document() -> [String: Value]? {
            // A UTF-8 byte-order mark is skipped, as JSONSerialization does.
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
            skipSpace()
            guard peek == UInt8(ascii: "{") else { return nil }
            var fields: [String: Value] = [:]
            guard object(keep: { NotificationJSON.keptKeys.contains($0) }, into: &fields, nestedData: true) else {
                return nil
            }
            skipSpace()
            return index == bytes.count ? fields : nil
        }

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        /// `{ … }` at `index`; keeps the values of the keys `keep` accepts (the last occurrence wins).
        mutating func object(
            keep: (String) -> Bool, into fields: inout [String: Value], nestedData: Bool
        ) -> Bool {
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maxDepth else { return false }
            index += 1  // {
            skipSpace()
            if peek == UInt8(ascii: "}") {
                index += 1
                return true
            }
            while true {
                guard peek == UInt8(ascii: "\"") else { return false }
                guard let key = string() else { return false }
                skipSpace()
                guard peek == UInt8(ascii: ":") else { return false }
                index += 1
                skipSpace()
                if keep(key) {
                    let isData = nestedData && key == "data"
                    guard let value = keptValue(nestedObject: isData) else { return false }
                    fields[key] = value
                } else {
                    guard skipValue() else { return false }
                }
                skipSpace()
                switch peek {
                case UInt8(ascii: ","):
                    index += 1
                    skipSpace()
                    // JSONSerialization accepts a trailing comma.
                    if peek == UInt8(ascii: "}") {
                        index += 1
                        return true
                    }
                case UInt8(ascii: "}"):
                    index += 1
                    return true
                default: return false
                }
            }
        }

        /// `[ … ]` at `index`, validated and skipped.
        mutating func array() -> Bool {
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maxDepth else { return false }
            index += 1  // [
            skipSpace()
            if peek == UInt8(ascii: "]") {
                index += 1
                return true
            }
            while true {
                guard skipValue() else { return false }
                skipSpace()
                switch peek {
                case UInt8(ascii: ","):
                    index += 1
                    skipSpace()
                    if peek == UInt8(ascii: "]") {
                        index += 1
                        return true
                    }
                case UInt8(ascii: "]"):
                    index += 1
                    return true
                default: return false
                }
            }
        }

        mutating func keptValue(nestedObject: Bool) -> Value? {
            switch peek {
            case UInt8(ascii: "\""): return string().map(Value.string)
            case UInt8(ascii: "{"):
                if nestedObject {
                    var inner: [String: Value] = [:]
                    guard object(keep: { $0 == "id" }, into: &inner, nestedData: false) else { return nil }
                    return .object(inner)
                }
                var ignored: [String: Value] = [:]
                return object(keep: { _ in false }, into: &ignored, nestedData: false) ? .other : nil
            case UInt8(ascii: "["): return array() ? .other : nil
            default:
                let start = index
                guard scalar() else { return nil }
                let literal = UnsafeBufferPointer(rebasing: bytes[start..<index])
                switch literal.first {
                case UInt8(ascii: "t"): return .bool(true)
                case UInt8(ascii: "f"): return .bool(false)
                case UInt8(ascii: "n"): return .null
                default: return .number(String(decoding: literal, as: UTF8.self))
                }
            }
        }

        mutating func skipValue() -> Bool {
            switch peek {
            case UInt8(ascii: "\""): return skipString()
            case UInt8(ascii: "{"):
                var ignored: [String: Value] = [:]
                return object(keep: { _ in false }, into: &ignored, nestedData: false)
            case UInt8(ascii: "["): return array()
            default: return scalar()
            }
        }

        /// `true`, `false`, `null` or a number.
        mutating func scalar() -> Bool {
            let word: StaticString
            switch peek {
            case UInt8(ascii: "t"): word = "true"
            case UInt8(ascii: "f"): word = "false"
            case UInt8(ascii: "n"): word = "null"
            default: return number()
            }
            return word.withUTF8Buffer { word in
                guard index + word.count <= bytes.count, bytes[index..<index + word.count].elementsEqual(word) else {
                    return false
                }
                index += word.count
                return true
            }
        }

        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, and finite as a double when it has a fraction or an
        /// exponent (JSONSerialization refuses `1e999`).
        mutating func number() -> Bool {
            let start = index
            var simple = true
            guard numberGrammar(simple: &simple) else { return false }
            if simple { return true }
            let literal = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start..<index])
            return Double(String(decoding: literal, as: UTF8.self))?.isFinite ?? false
        }

        mutating func numberGrammar(simple: inout Bool) -> Bool {
            func isDigit(_ byte: UInt8?) -> Bool { byte.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
            if peek == UInt8(ascii: "-") { index += 1 }
            guard isDigit(peek) else { return false }
            if peek == UInt8(ascii: "0") {
                index += 1
                if isDigit(peek) { return false }
            } else {
                while isDigit(peek) { index += 1 }
            }
            if peek == UInt8(ascii: ".") {
                simple = false
                index += 1
                guard isDigit(peek) else { return false }
                while isDigit(peek) { index += 1 }
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                simple = false
                index += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
                guard isDigit(peek) else { return false }
                while isDigit(peek) { index += 1 }
            }
            return true
        }

        /// A string at `index` (on its opening quote), validated; nil when malformed.
        mutating func string() -> String? {
            let start = index + 1
            guard let (end, escaped) = scanString() else { return nil }
            let raw = UnsafeBufferPointer(rebasing: bytes[start..<end])
            guard escaped else { return String(validating: raw, as: UTF8.self) }
            return Self.unescape(raw)
        }

        mutating func skipString() -> Bool {
            let start = index + 1
            guard let (end, escaped) = scanString() else { return false }
            let raw = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if escaped { return Self.unescape(raw) != nil }
            return String(validating: raw, as: UTF8.self) != nil
        }

        /// Moves past the closing quote; returns where the content ends and whether it has escapes. Control
        /// characters are refused here; escapes and UTF-8 are checked by the caller.
        mutating func scanString() -> (end: Int, escaped: Bool)? {
            index += 1  // "
            var escaped = false
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    let end = index
                    index += 1
                    return (end, escaped)
                case UInt8(ascii: "\\"):
                    escaped = true
                    index += 2
                case 0..<0x20: return nil
                default: index += 1
                }
            }
            return nil
        }

        /// The content of a string with escapes, decoded; nil for a bad escape, a lone surrogate or bad UTF-8.
        static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
            var out: [UInt8] = []
            out.reserveCapacity(raw.count)
            var index = 0
            func hex4(_ at: Int) -> UInt32? {
                guard at + 4 <= raw.count else { return nil }
                var value: UInt32 = 0
                for byte in raw[at..<at + 4] {
                    let digit: UInt32
                    switch byte {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                    default: return nil
                    }
                    value = value << 4 | digit
                }
                return value
            }
            while index < raw.count {
                let byte = raw[index]
                guard byte == UInt8(ascii: "\\") else {
                    out.append(byte)
                    index += 1
                    continue
                }
                guard index + 1 < raw.count else { return nil }
                let kind = raw[index + 1]
                index += 2
                switch kind {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(kind)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard let unit = hex4(index) else { return nil }
                    index += 4
                    var scalarValue = unit
                    if (0xD800...0xDBFF).contains(unit) {
                        guard index + 6 <= raw.count, raw[index] == UInt8(ascii: "\\"),
                            raw[index + 1] == UInt8(ascii: "u"),
                            let low = hex4(index + 2), (0xDC00...0xDFFF).contains(low)
                        else { return nil }
                        index += 6
                        scalarValue = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(unit) {
                        return nil
                    }
                    guard let scalar = Unicode.Scalar(scalarValue) else { return nil }
                    out.append(contentsOf: String(Character(scalar)).utf8)
                default: return nil
                }
            }
            return String(validating: out, as: UTF8.self)
        }
    }
}
