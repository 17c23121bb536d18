import Foundation

/// An order-independent checksum of a table's rows: the sum (mod 2^64) of a 64-bit hash
/// of each row's bytes as the backup writes them (a binary or text COPY tuple, a MySQL
/// TSV line). Chunks add up to their table, in any order and any split, so a restore drill
/// can read the restored table back in its own way and compare. It detects data that
/// changed, went missing or was swapped by accident; it is not a MAC (signatures are what
/// stop a forger).
struct RowChecksum: Equatable {
    private(set) var sum: UInt64 = 0

    init() {}
    init(sum: UInt64) { self.sum = sum }

    init?(hex: String) {
        guard hex.count == 16, let value = UInt64(hex, radix: 16) else { return nil }
        sum = value
    }

    var hex: String {
        let digits = String(sum, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    mutating func add(row: UnsafeRawBufferPointer) { sum &+= Self.hash(row) }
    mutating func add(_ other: RowChecksum) { sum &+= other.sum }

    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9

    /// A 64-bit hash in xxHash64's manner (one lane, 8 bytes a step, then a full avalanche).
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h = prime3 &+ UInt64(bytes.count) &* prime1
        var index = 0
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            h ^= round(word)
            h = rotate(h, 27) &* prime1 &+ prime2
            index += 8
        }
        if index < bytes.count {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while index < bytes.count {
                word |= UInt64(bytes[index]) << shift
                shift += 8
                index += 1
            }
            h ^= round(word ^ 0x80)
            h = rotate(h, 23) &* prime2 &+ prime3
        }
        h ^= h >> 33
        h = h &* prime2
        h ^= h >> 29
        h = h &* prime3
        h ^= h >> 32
        return h
    }

    private static func round(_ word: UInt64) -> UInt64 { rotate(word &* prime2, 31) &* prime1 }
    private static func rotate(_ value: UInt64, _ by: UInt64) -> UInt64 { (value << by) | (value >> (64 - by)) }
}
