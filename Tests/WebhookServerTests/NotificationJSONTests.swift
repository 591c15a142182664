import Foundation
import GoLiveCore
import Testing

/// `NotificationJSON` replaced `JSONSerialization` on the receiver's path; it must accept and refuse the same
/// bodies and read the same ids and flags from them. The reference below is the parser's former reading over
/// JSONSerialization, and the bodies are seeded random mutations of real and awkward notifications.
@Suite("Notification JSON reader agrees with JSONSerialization")
struct NotificationJSONTests {
    static let keys = ["id", "type", "action", "topic", "resource", "date_created", "user_id", "live_mode", "data"]

    /// What the parser used to read, over JSONSerialization (nil: not a JSON object).
    static func reference(_ data: Data) -> [String]? {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        func string(_ value: Any?) -> String? {
            switch value {
            case let text as String: return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : text
            case let integer as Int: return String(integer)
            case let integer as Int64: return String(integer)
            case let number as NSNumber:
                let integer = number.int64Value
                return Double(integer) == number.doubleValue ? String(integer) : number.stringValue
            default: return nil
            }
        }
        func bool(_ value: Any?) -> Bool? {
            switch value {
            case let value as Bool: return value
            case let value as String:
                return value.lowercased() == "true" ? true : (value.lowercased() == "false" ? false : nil)
            default: return nil
            }
        }
        func int64(_ value: Any?) -> Int64? {
            switch value {
            case let value as String: return Int64(value.trimmingCharacters(in: .whitespaces))
            case let value as Int: return Int64(value)
            case let value as Int64: return value
            case let value as NSNumber:
                let integer = value.int64Value
                return Double(integer) == value.doubleValue ? integer : nil
            default: return nil
            }
        }
        var lines = keys.map { key in
            "\(key) \(string(object[key]) ?? "-") \(bool(object[key]).map(String.init) ?? "-") "
                + (int64(object[key]).map(String.init) ?? "-")
        }
        lines.append("data.id \(string((object["data"] as? [String: Any])?["id"]) ?? "-")")
        return lines
    }

    static func reader(_ data: Data) -> [String]? {
        guard let json = NotificationJSON(data) else { return nil }
        var lines = keys.map { key in
            "\(key) \(NotificationJSON.string(json[key]) ?? "-") \(NotificationJSON.bool(json[key]).map(String.init) ?? "-") "
                + (NotificationJSON.int64(json[key]).map(String.init) ?? "-")
        }
        var dataID: NotificationJSON.Value?
        if case .object(let fields)? = json["data"] { dataID = fields["id"] }
        lines.append("data.id \(NotificationJSON.string(dataID) ?? "-")")
        return lines
    }

    /// The documented difference: a fraction or exponent with more than 15 significant digits.
    static func isLongFraction(_ line: String) -> Bool {
        line.contains(".") && line.unicodeScalars.filter { ("0"..."9").contains($0) }.count > 15
    }

    static let seeds = [
        #"{"id":"abc-1","live_mode":true,"type":"payment","date_created":"2026-11-26T10:04:58.396-04:00","user_id":7,"api_version":"v1","action":"payment.updated","data":{"id":"1000001"}}"#,
        #"{"id": 12345, "type": "order", "action": "order.processed", "user_id": "44444", "live_mode": true, "data": {"id": "ORD01JQ4S4KY8HWQ6NA5PXB65B3D3", "status": null}, "extra": [1]}"#,
        #"{"resource": "https://api.mercadolibre.com/merchant_orders/555", "topic": "merchant_order"}"#,
        #"{"id": 1, "type": "payment", "user_id": 123456789012, "live_mode": false, "data": {"id": 98765432101}}"#,
        #"{"id": "77", "type": "payment", "user_id": " 44\t", "live_mode": "TRUE", "data": {"id": "5", "x": [1, 2.5e3, {"a": [true, false, null]}]}}"#,
        #"{"i\u0064": "\u00e9\ud83d\ude00", "type": "p\"q\\r\/s\b\f\n\r\t", "data": {"id": -0}, "user_id": 1e3, "live_mode": 1.0}"#,
        #"{"id": 1.5, "user_id": -9223372036854775808, "live_mode": 0, "data": {"id": 12345678901234567890}, "id": 2}"#,
        #"{"data": [1], "id": true, "type": false, "user_id": "x", "live_mode": "no", "topic": " ", "action": "\u2028"}"#,
        #"{"data": "d", "id": null, "user_id": 0.0, "live_mode": -1, "date_created": 0.1, "resource": 1E-2}"#,
        " \u{FEFF}{\"a\": {}, \"b\": [], \"id\": \"\u{00A0}x\u{00A0}\"} \n",
    ]

    @Test("the same bodies accepted and refused, the same ids and flags read (seeded mutations)")
    func differential() {
        var random = MutationRandom(seed: 0x5EED_2026)
        let alphabet =
            Array(#"{}[]":,\/ btnfrue0123456789-+.Ea"#.utf8)
            + [0x00, 0x09, 0x0A, 0x1F, 0x7F, 0xC3, 0xA9, 0xFF, 0xEF, 0xBB, 0xBF, 0xED, 0xA0, 0x80]
        var accepted = 0
        var bodies = Self.seeds.map { Array($0.utf8) }
        for round in 0..<30_000 {
            var bytes = bodies[round % Self.seeds.count]
            if round >= Self.seeds.count {
                for _ in 0...random.next(below: 3) {
                    let at = random.next(below: bytes.count + 1)
                    switch random.next(below: 4) {
                    case 0 where at < bytes.count: bytes.remove(at: at)
                    case 1: bytes.insert(alphabet[random.next(below: alphabet.count)], at: at)
                    case 2 where at < bytes.count: bytes[at] = alphabet[random.next(below: alphabet.count)]
                    default:
                        guard !bytes.isEmpty else { break }
                        let from = random.next(below: bytes.count)
                        let slice = bytes[from..<min(bytes.count, from + 1 + random.next(below: 8))]
                        bytes.insert(contentsOf: slice, at: at)
                    }
                }
            }
            let expected = Self.reference(Data(bytes))
            let actual = Self.reader(Data(bytes))
            #expect(
                (expected == nil) == (actual == nil),
                "accepted differently: \(String(decoding: bytes, as: UTF8.self).debugDescription)")
            guard let expected, let actual else { continue }
            accepted += 1
            for (want, got) in zip(expected, actual) where want != got {
                #expect(
                    Self.isLongFraction(want) || Self.isLongFraction(got),
                    "read differently from \(String(decoding: bytes, as: UTF8.self).debugDescription): \(want) vs \(got)"
                )
            }
            // Mutations of accepted bodies go on mutating (deeper into the grammar).
            if round % 3 == 0 { bodies[round % Self.seeds.count] = bytes }
        }
        #expect(accepted > 3000)
    }

    @Test("nesting deeper than 512 is refused, as JSONSerialization does; numbers that overflow a double too")
    func limits() {
        func body(depth: Int) -> Data {
            Data(
                ("{\"a\":" + String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1) + "}")
                    .utf8)
        }
        for depth in [512, 513] {
            #expect((Self.reference(body(depth: depth)) == nil) == (Self.reader(body(depth: depth)) == nil))
        }
        #expect(NotificationJSON(Data(#"{"a": 1e308}"#.utf8)) != nil)
        #expect(NotificationJSON(Data(#"{"a": 1e309}"#.utf8)) == nil)
        #expect(NotificationJSON(Data(("{\"a\":" + String(repeating: "[", count: 100_000)).utf8)) == nil)
    }
}

/// A small seeded generator, so the mutations are the same on every run.
struct MutationRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }
}
