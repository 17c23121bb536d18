import Foundation

/// SplitMix64: tiny, fast and deterministic on every platform, so the same seed gives the
/// same rows everywhere (Swift's SystemRandomNumberGenerator cannot be seeded).
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A generator seeded from a name, so each table has its own independent stream.
    init(_ name: String, seed: UInt64) {
        self.init(seed: stableHash(name) ^ seed &* 0x9E37_79B9_7F4A_7C15)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }

    /// Index in 0..<count with a long tail: a few heavy users, many light ones.
    mutating func skewed(_ count: Int, exponent: Double = 2.6) -> Int {
        min(count - 1, Int(Double(count) * pow(unit(), exponent)))
    }

    /// Log-normal-ish positive value around `median`, for latencies and costs.
    mutating func logNormal(median: Double, spread: Double) -> Double {
        // Box-Muller
        let u1 = max(unit(), 1e-12), u2 = unit()
        let normal = sqrt(-2 * log(u1)) * cos(2 * .pi * u2)
        return median * exp(normal * spread)
    }
}

/// FNV-1a: a stable string hash (Swift's Hasher is randomly seeded per process).
func stableHash(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    return hash
}

/// The UUID of row `index` of `table`: derived, not drawn, so other tables can refer to it.
func stableUUID(_ table: String, _ index: Int, seed: UInt64) -> String {
    var random = SeededRandom(seed: stableHash(table) &+ UInt64(index) &* 0xD6E8_FEB8_6659_FD93 ^ seed)
    let a = random.next(), b = random.next()
    var bytes = [UInt8](repeating: 0, count: 16)
    for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: a >> (8 * UInt64(i))) }
    for i in 0..<8 { bytes[8 + i] = UInt8(truncatingIfNeeded: b >> (8 * UInt64(i))) }
    bytes[6] = (bytes[6] & 0x0F) | 0x40
    bytes[8] = (bytes[8] & 0x3F) | 0x80
    var out = [UInt8]()
    out.reserveCapacity(36)
    for (i, byte) in bytes.enumerated() {
        if i == 4 || i == 6 || i == 8 || i == 10 { out.append(45) }
        out.append(hexDigits[Int(byte >> 4)])
        out.append(hexDigits[Int(byte & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
}

let hexDigits = Array("0123456789abcdef".utf8)

/// A CUID2-looking id (AI_SMARTLITE uses them as primary keys).
func stableCUID(_ table: String, _ index: Int, seed: UInt64) -> String {
    var random = SeededRandom(seed: stableHash(table) &+ UInt64(index) &* 0x9FB2_1C65_1E98_DF25 ^ seed)
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    return "c" + String((0..<23).map { _ in alphabet[Int(random.next() % 36)] })
}
