#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Interns short byte strings (record types, descriptions, payment methods) to small integers without
/// allocating per lookup: open addressing over an FNV-1a hash, keys kept once.
struct ByteKeyTable {
    private(set) var keys: [[UInt8]] = []
    private var hashes: [UInt64] = []
    private var slots = [Int32](repeating: -1, count: 64)

    var count: Int { keys.count }

    func name(_ index: Int) -> String { String(decoding: keys[index], as: UTF8.self) }

    @inline(__always)
    mutating func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        var mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let candidate = slots[slot]
            if candidate < 0 { break }
            let index = Int(candidate)
            if hashes[index] == hash && Self.same(keys[index], bytes) { return index }
            slot = (slot + 1) & mask
        }
        let index = keys.count
        keys.append(Array(bytes))
        hashes.append(hash)
        slots[slot] = Int32(index)
        if keys.count * 2 > slots.count {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            mask = slots.count - 1
            for (existing, existingHash) in hashes.enumerated() {
                var position = Int(truncatingIfNeeded: existingHash) & mask
                while slots[position] >= 0 { position = (position + 1) & mask }
                slots[position] = Int32(existing)
            }
        }
        return index
    }

    @inline(__always)
    static func same(_ key: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard key.count == bytes.count else { return false }
        if bytes.isEmpty { return true }
        return key.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
    }

    mutating func index(of text: String) -> Int {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { index(of: UnsafeBufferPointer($0)) }
    }
}

/// Count and sums for one group of rows.
public struct ReportTally: Sendable, Hashable {
    public var count = 0
    public var credits = ReportAmount.zero
    public var debits = ReportAmount.zero

    public init(count: Int = 0, credits: ReportAmount = .zero, debits: ReportAmount = .zero) {
        self.count = count
        self.credits = credits
        self.debits = debits
    }
}

/// Count and sums of a settlement group.
public struct SettlementTally: Sendable, Hashable {
    public var count = 0
    public var gross = ReportAmount.zero
    public var fees = ReportAmount.zero
    public var net = ReportAmount.zero

    public init(count: Int = 0, gross: ReportAmount = .zero, fees: ReportAmount = .zero, net: ReportAmount = .zero) {
        self.count = count
        self.gross = gross
        self.fees = fees
        self.net = net
    }
}
