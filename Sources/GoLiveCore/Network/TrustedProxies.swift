import Foundation

/// Which reverse proxies may say who the client was (`serve --trusted-proxy CIDR`, `GOLIVE_TRUSTED_PROXIES`).
///
/// `X-Forwarded-For` is believed only when the direct peer is a trusted proxy, and then only up to the first
/// untrusted hop counted from the right: each trusted proxy appends the address it saw, so everything left of
/// the rightmost untrusted hop was written by the client and may be forged.
public struct TrustedProxies: Sendable, Hashable {
    /// An address range: the network's bytes and the prefix length.
    public struct Range: Sendable, Hashable, CustomStringConvertible {
        let network: [UInt8]
        let prefix: Int

        /// `10.0.0.0/8`, `::1/128`, `127.0.0.1` (a single address), `[::1]`.
        public init(_ text: String) throws {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            let parts = trimmed.split(separator: "/", maxSplits: 1).map(String.init)
            guard let first = parts.first, let bytes = TrustedProxies.parseIP(first) else {
                throw GoLiveError(
                    .usage, "\"\(text)\" is not an IP address or CIDR range.",
                    remedy: "Give the proxy's address or network, e.g. --trusted-proxy 127.0.0.1 or 10.0.0.0/8.")
            }
            let maximum = bytes.count * 8
            let prefix = parts.count == 2 ? Int(parts[1]) : maximum
            guard let prefix, (0...maximum).contains(prefix) else {
                throw GoLiveError(
                    .usage, "\"\(text)\" has an invalid prefix length (0–\(maximum)).",
                    remedy: "Write the range as ADDRESS/BITS, e.g. 10.0.0.0/8 or fd00::/8.")
            }
            network = bytes
            self.prefix = prefix
        }

        public func contains(_ address: [UInt8]) -> Bool {
            guard address.count == network.count else { return false }
            var bits = prefix
            for index in network.indices where bits > 0 {
                let take = min(8, bits)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - take))
                if address[index] & mask != network[index] & mask { return false }
                bits -= take
            }
            return true
        }

        public var description: String {
            let text =
                network.count == 4
                ? network.map(String.init).joined(separator: ".")
                : stride(from: 0, to: 16, by: 2).map {
                    String(UInt16(network[$0]) << 8 | UInt16(network[$0 + 1]), radix: 16)
                }
                .joined(separator: ":")
            return "\(text)/\(prefix)"
        }
    }

    public let ranges: [Range]

    public init(_ ranges: [Range] = []) { self.ranges = ranges }

    /// Parses option values and the environment's comma-separated list; empty entries are ignored.
    public init(parsing values: [String]) throws {
        ranges = try values.flatMap { $0.split(separator: ",") }.map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(Range.init)
    }

    public static let none = TrustedProxies()

    public func trusts(_ address: String) -> Bool {
        guard let bytes = Self.parseIP(Self.host(of: address)) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    /// The client's address: the direct peer (`ip:port` or `ip`), or — when the peer is trusted — the rightmost
    /// hop of `X-Forwarded-For` (all its header lines, in order) that is not itself a trusted proxy. A hop that is
    /// not an IP address stops the walk: the last trusted address is returned rather than the garbage.
    public func clientAddress(peer: String?, forwardedFor: [String]) -> String? {
        guard let peer, !ranges.isEmpty, trusts(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var client = peer
        for hop in hops.reversed() {
            let host = Self.host(of: hop)
            guard Self.parseIP(host) != nil else { return client }
            client = host
            if !trusts(host) { return host }
        }
        return client
    }

    /// `1.2.3.4:5678` → `1.2.3.4`; `[::1]:80` → `::1`; `::1` stays.
    static func host(of address: String) -> String {
        if address.hasPrefix("["), let end = address.firstIndex(of: "]") {
            return String(address[address.index(after: address.startIndex)..<end])
        }
        if address.filter({ $0 == ":" }).count == 1, let colon = address.firstIndex(of: ":") {
            return String(address[..<colon])
        }
        return address
    }

    /// The address's bytes (4 for IPv4, 16 for IPv6; an IPv4-mapped IPv6 address counts as IPv4), or nil.
    static func parseIP(_ text: String) -> [UInt8]? {
        let text = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
                return Array(bytes[12...])
            }
            return bytes
        }
        return nil
    }
}
