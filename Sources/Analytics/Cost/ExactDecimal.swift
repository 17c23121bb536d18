import Foundation

/// A decimal number held exactly: an integer count of 10^-scale units. Sums and
/// percentiles are computed with it so a DECIMAL(10,6) column adds up to the last digit,
/// and PostgreSQL and MySQL give the same printed result for the same rows (a Double
/// would round differently depending on the order it added things in).
///
/// 38 significant digits (Int128) are far more than any money or duration column needs;
/// overflow is reported, never wrapped.
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let units: Int128
    public let scale: Int

    public init(units: Int128, scale: Int) {
        self.units = units
        self.scale = scale
    }

    public init(_ integer: Int64) { self.init(units: Int128(integer), scale: 0) }

    public static let zero = ExactDecimal(units: 0, scale: 0)

    public struct Overflow: Error, CustomStringConvertible {
        public var description: String { "a decimal result does not fit in 38 digits" }
    }

    /// Parses the text a server returns for a numeric value: "-12.340", "7", "1.5e-05"
    /// (PostgreSQL prints large or small floats with an exponent).
    public init?(_ text: String) {
        self.init(bytes: Array(text.utf8)[...])
    }

    /// The same from UTF-8 bytes (a piece of a longer text, such as an array's element).
    public init?(bytes text: ArraySlice<UInt8>) {
        // Byte by byte: the latency report parses tens of thousands of these, and walking
        // Characters (grapheme clusters) cost most of its client time.
        var bytes = text
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes = bytes.dropLast() }
        var exponent = 0
        if let e = bytes.firstIndex(where: { $0 == 0x65 || $0 == 0x45 }) {  // e, E
            guard let value = Int(String(decoding: bytes[(e + 1)...], as: UTF8.self)) else { return nil }
            exponent = value
            bytes = bytes[..<e]
        }
        var negative = false
        if let sign = bytes.first, sign == 0x2D || sign == 0x2B {  // -, +
            negative = sign == 0x2D
            bytes = bytes.dropFirst()
        }
        guard !bytes.isEmpty else { return nil }
        var units: Int128 = 0
        var scale = 0
        var seenPoint = false
        var digits = 0
        for byte in bytes {
            if byte == 0x2E {  // .
                guard !seenPoint else { return nil }
                seenPoint = true
                continue
            }
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            digits += 1
            guard digits <= 38 else { return nil }
            units = units * 10 + Int128(byte - 0x30)
            if seenPoint { scale += 1 }
        }
        guard digits > 0 else { return nil }
        scale -= exponent
        if scale < 0 {
            guard let scaled = try? ExactDecimal.multiply(units, byPowerOfTen: -scale) else { return nil }
            units = scaled
            scale = 0
        }
        self.init(units: negative ? -units : units, scale: scale)
    }

    // MARK: arithmetic

    public func rescaled(to newScale: Int) throws -> ExactDecimal {
        guard newScale >= scale else { return rounded(to: newScale) }
        return ExactDecimal(units: try ExactDecimal.multiply(units, byPowerOfTen: newScale - scale), scale: newScale)
    }

    public static func + (a: ExactDecimal, b: ExactDecimal) throws -> ExactDecimal {
        let scale = max(a.scale, b.scale)
        let x = try a.rescaled(to: scale), y = try b.rescaled(to: scale)
        let (sum, overflow) = x.units.addingReportingOverflow(y.units)
        guard !overflow else { throw Overflow() }
        return ExactDecimal(units: sum, scale: scale)
    }

    public static func - (a: ExactDecimal, b: ExactDecimal) throws -> ExactDecimal {
        try a + ExactDecimal(units: -b.units, scale: b.scale)
    }

    public static func * (a: ExactDecimal, b: ExactDecimal) throws -> ExactDecimal {
        let (product, overflow) = a.units.multipliedReportingOverflow(by: b.units)
        guard !overflow else { throw Overflow() }
        return ExactDecimal(units: product, scale: a.scale + b.scale)
    }

    /// self / divisor rounded half away from zero (as PostgreSQL's numeric does) to
    /// `scale` digits after the point.
    public func divided(by divisor: Int64, scale resultScale: Int) throws -> ExactDecimal {
        precondition(divisor != 0)
        let widened = try rescaled(to: max(scale, resultScale + 1))
        let extra = widened.scale - resultScale
        let denominator = try ExactDecimal.multiply(Int128(divisor), byPowerOfTen: extra)
        var quotient = widened.units / denominator
        let remainder = widened.units % denominator
        if remainder.magnitude * 2 >= denominator.magnitude {
            quotient += (widened.units < 0) != (divisor < 0) ? -1 : 1
        }
        return ExactDecimal(units: quotient, scale: resultScale)
    }

    /// Rounded half away from zero to at most `newScale` digits after the point.
    public func rounded(to newScale: Int) -> ExactDecimal {
        guard newScale < scale else { return self }
        let divisor = (try? ExactDecimal.multiply(1, byPowerOfTen: scale - newScale)) ?? Int128.max
        var quotient = units / divisor
        if (units % divisor).magnitude * 2 >= divisor.magnitude { quotient += units < 0 ? -1 : 1 }
        return ExactDecimal(units: quotient, scale: newScale)
    }

    /// The same value with trailing zeros after the point removed, down to `minimumScale`.
    public func trimmed(minimumScale: Int = 0) -> ExactDecimal {
        var u = units, s = scale
        while s > minimumScale, u % 10 == 0 { u /= 10; s -= 1 }
        return ExactDecimal(units: u, scale: s)
    }

    public var doubleValue: Double {
        Double(description) ?? .nan
    }

    public var description: String {
        let digits = String(units.magnitude)
        let sign = units < 0 ? "-" : ""
        guard scale > 0 else { return sign + digits + String(repeating: "0", count: -scale) }
        let padded = digits.count <= scale ? String(repeating: "0", count: scale - digits.count + 1) + digits : digits
        let point = padded.index(padded.endIndex, offsetBy: -scale)
        return sign + padded[..<point] + "." + padded[point...]
    }

    public static func < (a: ExactDecimal, b: ExactDecimal) -> Bool {
        let scale = max(a.scale, b.scale)
        guard let x = try? a.rescaled(to: scale), let y = try? b.rescaled(to: scale) else {
            return a.doubleValue < b.doubleValue
        }
        return x.units < y.units
    }

    public static func == (a: ExactDecimal, b: ExactDecimal) -> Bool {
        !(a < b) && !(b < a)
    }

    public func hash(into hasher: inout Hasher) {
        let t = trimmed()
        hasher.combine(t.units)
        hasher.combine(t.scale)
    }

    static func multiply(_ value: Int128, byPowerOfTen power: Int) throws -> Int128 {
        var out = value
        for _ in 0..<power {
            let (next, overflow) = out.multipliedReportingOverflow(by: 10)
            guard !overflow else { throw Overflow() }
            out = next
        }
        return out
    }
}

/// Written into JSON as a number with exactly the digits of `description` (a JSON
/// number has no precision limit; Foundation's Decimal encodes its exact digits).
extension ExactDecimal: Codable {
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if let decimal = Decimal(string: description, locale: Locale(identifier: "en_US_POSIX")) {
            try container.encode(decimal)
        } else {
            try container.encode(description)
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self), let value = ExactDecimal(text) {
            self = value
        } else {
            let decimal = try container.decode(Decimal.self)
            guard let value = ExactDecimal(decimal.description) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a decimal number")
            }
            self = value
        }
    }
}
