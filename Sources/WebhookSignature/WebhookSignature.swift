import Crypto
public import Foundation
public import GoLiveCore

/// Mercado Pago's webhook signature (MERCADOPAGO.md §5.4), verified tolerantly where the docs disagree:
///
/// - `x-signature: ts=…,v1=…` (order and spaces free; unknown keys ignored; more than one `v1` allowed);
/// - manifest `id:[data.id];request-id:[x-request-id];ts:[ts];` from the **query's** `data.id`, with every
///   absent pair dropped;
/// - HMAC-SHA256 with the secret as key, hex; compared in constant time (swift-crypto's
///   `isValidAuthenticationCode`, which ends in BoringSSL's `CRYPTO_memcmp`);
/// - `data.id` tried as received, then lower-cased (the Orders API docs lower-case it; the SDKs stopped in
///   2026), and which one matched is recorded;
/// - `ts` in seconds or milliseconds (10 or 13 digits), only relevant to the optional tolerance.
public struct WebhookSignature: Sendable {
    /// A secret to try, and whose it is.
    public struct Candidate: Sendable {
        public var seller: String
        public var secret: Secret
        /// Current or previous (rotation, issue 11); recorded in the match.
        public var generation: SecretGeneration

        public init(seller: String, secret: Secret, generation: SecretGeneration = .current) {
            self.seller = seller
            self.secret = secret
            self.generation = generation
        }
    }

    public enum Variant: String, Sendable, Hashable {
        case asReceived = "as_received"
        case lowercased
    }

    public enum TimestampUnit: String, Sendable, Hashable {
        case seconds, milliseconds
    }

    /// A successful verification.
    public struct Match: Sendable, Hashable {
        public var seller: String
        public var variant: Variant
        public var timestamp: String
        public var timestampUnit: TimestampUnit
        public var manifest: String
        /// Which of the seller's secrets matched (issue 11).
        public var secret: SecretGeneration = .current
    }

    public enum Verdict: Sendable, Hashable {
        case valid(Match)
        case invalid(RejectionReason, detail: String)
    }

    /// The parsed `x-signature` header.
    public struct Header: Sendable, Hashable {
        public var ts: String?
        public var v1: [String]

        /// nil when the text has no `key=value` pair at all.
        public init?(_ text: String) {
            var ts: String?
            var v1: [String] = []
            var pairs = 0
            for part in text.split(separator: ",") {
                let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard pair.count == 2 else { continue }
                let key = Self.trimmed(pair[0]).lowercased()
                let value = String(Self.trimmed(pair[1]))
                guard !key.isEmpty else { continue }
                pairs += 1
                switch key {
                case "ts": if !value.isEmpty { ts = value }
                case "v1": if !value.isEmpty { v1.append(value) }
                default: break  // future versions (v2…) are ignored until golive knows them
                }
            }
            guard pairs > 0 else { return nil }
            self.ts = ts
            self.v1 = v1
        }

        /// `text` without leading and trailing `CharacterSet.whitespaces` (general category Zs and tab), without
        /// Foundation's bridging (this runs for every delivery).
        static func trimmed(_ text: Substring) -> Substring {
            func isSpace(_ scalar: Unicode.Scalar) -> Bool {
                scalar == " " || scalar == "\t"
                    || (!scalar.isASCII && scalar.properties.generalCategory == .spaceSeparator)
            }
            let scalars = text.unicodeScalars
            guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return text[text.endIndex...] }
            let last = scalars.lastIndex(where: { !isSpace($0) }) ?? first
            return Substring(scalars[first...last])
        }
    }

    /// Refuse signatures whose `ts` is further than this from now (nil: no check, the default — Mercado
    /// Pago documents no window, retries re-sign with new timestamps only sometimes, and a replayed genuine
    /// notification is harmless: it is deduplicated and its resource re-read).
    public var tolerance: TimeInterval?

    public init(tolerance: TimeInterval? = nil) {
        self.tolerance = tolerance
    }

    /// The signed text: `id:…;request-id:…;ts:…;`, each pair present only when its value is.
    public static func manifest(dataID: String?, requestID: String?, ts: String?) -> String {
        var text = ""
        if let dataID { text += "id:\(dataID);" }
        if let requestID { text += "request-id:\(requestID);" }
        if let ts { text += "ts:\(ts);" }
        return text
    }

    /// Lower-case hex HMAC-SHA256 of `manifest` under `secret` (for senders: the Sandbox, tests, benchmarks).
    public static func sign(_ manifest: String, secret: Secret) -> String {
        let key = SymmetricKey(data: Data(secret.exposedForTransport.utf8))
        let code = HMAC<SHA256>.authenticationCode(for: Data(manifest.utf8), using: key)
        return hex(code)
    }

    /// Lower-case hex of `bytes` (a table lookup: `String(format: "%02x")` per byte cost more than the HMAC).
    static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        let digits: StaticString = "0123456789abcdef"
        var text: [UInt8] = []
        text.reserveCapacity(64)
        digits.withUTF8Buffer { digits in
            for byte in bytes {
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The `x-signature` header value for a delivery.
    public static func header(dataID: String?, requestID: String?, ts: String, secret: Secret) -> String {
        "ts=\(ts),v1=\(sign(manifest(dataID: dataID, requestID: requestID, ts: ts), secret: secret))"
    }

    /// Verifies a delivery against each candidate secret in turn.
    /// - Parameters:
    ///   - dataID: the query's `data.id`, exactly as received (nil when the query has none).
    ///   - signature: the `x-signature` header (nil when absent).
    public func verify(
        dataID: String?, requestID: String?, signature: String?, candidates: [Candidate], now: Date = Date()
    ) -> Verdict {
        guard let signature else { return .invalid(.missingSignature, detail: "no x-signature header") }
        guard let header = Header(signature) else {
            return .invalid(.malformedSignature, detail: "x-signature has no key=value pairs")
        }
        guard let ts = header.ts else { return .invalid(.missingTimestamp, detail: "x-signature has no ts") }
        guard !header.v1.isEmpty else { return .invalid(.missingHash, detail: "x-signature has no v1") }
        let codes = header.v1.compactMap(Self.hexBytes)
        var variants: [(Variant, String?)] = [(.asReceived, dataID)]
        if let dataID, dataID.lowercased() != dataID { variants.append((.lowercased, dataID.lowercased())) }
        for candidate in candidates {
            let key = SymmetricKey(data: Data(candidate.secret.exposedForTransport.utf8))
            for (variant, id) in variants {
                let manifest = Self.manifest(dataID: id, requestID: requestID, ts: ts)
                let message = Data(manifest.utf8)
                for code in codes
                where HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: message, using: key) {
                    let unit: TimestampUnit = ts.count >= 13 ? .milliseconds : .seconds
                    if let tolerance, let skew = Self.skew(ts: ts, unit: unit, now: now), skew > tolerance {
                        return .invalid(
                            .staleTimestamp, detail: "ts is \(Int(skew)) s from now (tolerance \(Int(tolerance)) s)")
                    }
                    return .valid(
                        Match(
                            seller: candidate.seller, variant: variant, timestamp: ts, timestampUnit: unit,
                            manifest: manifest, secret: candidate.generation))
                }
            }
        }
        let tried = candidates.count == 1 ? "the configured secret" : "\(candidates.count) configured secrets"
        return .invalid(.signatureMismatch, detail: "v1 matches none of \(tried)")
    }

    static func skew(ts: String, unit: TimestampUnit, now: Date) -> TimeInterval? {
        guard let value = Double(ts) else { return nil }
        let seconds = unit == .milliseconds ? value / 1000 : value
        return abs(now.timeIntervalSince1970 - seconds)
    }

    /// 64 hex digits → 32 bytes; anything else nil (it then matches nothing: `signature_mismatch`).
    static func hexBytes(_ text: String) -> Data? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 64 else { return nil }
        var bytes = Data(capacity: 32)
        var index = 0
        while index < 64 {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
