import DBCore
import Foundation

/// Numbers, durations and sizes as people type them in cron lines and config files. Every
/// value is checked against its option's range here, where it is parsed, so nothing later
/// can trap on it (an infinite timeout, a batch size near Int.max) or wait forever.
enum HumanInput {
    /// A duration (DurationText's grammar: "500ms", "1h30m", a bare number of seconds)
    /// within `range` (seconds).
    static func duration(_ text: String, option: String, range: ClosedRange<Double>) throws -> Double {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw UsageError("\(option) is empty: expected \(DurationText.example)")
        }
        guard let total = DurationText.seconds(text) else {
            throw UsageError("\(option) \(text): \(DurationText.ambiguity(text) ?? "expected \(DurationText.example)")")
        }
        guard range.contains(total) else {
            throw UsageError(
                "\(option) \(text): out of range (\(Written.duration(range.lowerBound)) to \(Written.duration(range.upperBound)))"
            )
        }
        return total
    }

    private static func plainNumber(_ text: Substring) -> Double? { DurationText.plainNumber(text) }

    /// A whole number as typed: digits only (no sign, exponent, decimals, inf or nan).
    static func integer(_ text: String, option: String, range: ClosedRange<Int>) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let expected = "expected a whole number from \(range.lowerBound) to \(range.upperBound)"
        guard !trimmed.isEmpty else { throw UsageError("\(option) is empty: \(expected)") }
        guard trimmed.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw UsageError("\(option) \(text): \(expected)")
        }
        guard let value = Int(trimmed), range.contains(value) else {
            throw UsageError("\(option) \(text): out of range (\(expected))")
        }
        return value
    }

    /// A finite number within `range` (thresholds, ratios).
    static func number(_ text: String, option: String, range: ClosedRange<Double> = -1e15...1e15) throws -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let unsigned = trimmed.hasPrefix("-") ? Substring(trimmed.dropFirst()) : Substring(trimmed)
        guard let magnitude = plainNumber(unsigned) else {
            throw UsageError("\(option) \(text): not a number (expected a finite decimal such as 80 or 0.5)")
        }
        let value = trimmed.hasPrefix("-") ? -magnitude : magnitude
        guard value.isFinite, range.contains(value) else {
            throw UsageError(
                "\(option) \(text): out of range (\(Format.number(range.lowerBound)) to \(Format.number(range.upperBound)))"
            )
        }
        return value
    }

    /// "512k", "256MB", "1G", "1048576", within `range` bytes.
    static func bytes(_ text: String, option: String, range: ClosedRange<Int64> = 1...(1 << 40)) throws -> Int64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
            .replacingOccurrences(of: "IB", with: "").replacingOccurrences(of: "B", with: "")
        let units: [Character: Double] = ["K": 1024, "M": 1_048_576, "G": 1_073_741_824, "T": 1_099_511_627_776]
        var value: Double?
        if let plain = plainNumber(Substring(trimmed)) {
            value = plain
        } else if let unit = trimmed.last, let factor = units[unit],
            let number = plainNumber(Substring(trimmed.dropLast()))
        {
            value = number * factor
        }
        guard let value else { throw UsageError("\(option) \(text): expected a size such as 64MB or 1G") }
        guard value.isFinite, value >= Double(range.lowerBound), value <= Double(range.upperBound) else {
            throw UsageError("\(option) \(text): out of range (\(range.lowerBound) to \(range.upperBound) bytes)")
        }
        return Int64(value)
    }
}

extension ConfigSection {
    /// A whole number within `range`; a TOML float counts when it is whole (`1000.0`).
    func integer(_ key: String, range: ClosedRange<Int>) throws -> Int? {
        guard let value = values[key] else { return nil }
        let whole: Int?
        switch value {
        case .integer(let n): whole = n
        // Double(Int.max) rounds up to 2^63, which Int() would trap on; the range check
        // below is done on Int, after this exact conversion.
        case .number(let n): whole = Int(exactly: n)
        default: throw UsageError("config: \(name).\(key) must be a whole number")
        }
        guard let whole, range.contains(whole) else {
            throw UsageError(
                "config: \(name).\(key) \(written(key)): expected a whole number from \(range.lowerBound) to \(range.upperBound)"
            )
        }
        return whole
    }

    /// A duration: a string ("500ms", "1h30m") or a number of seconds, within `range`.
    func duration(_ key: String, range: ClosedRange<Double>) throws -> Double? {
        guard let value = values[key] else { return nil }
        let option = "config: \(name).\(key)"
        switch value {
        case .string(let text): return try HumanInput.duration(text, option: option, range: range)
        case .number, .integer:
            guard let seconds = try number(key), seconds.isFinite, range.contains(seconds) else {
                throw UsageError(
                    "\(option) \(written(key)): out of range (\(Format.duration(range.lowerBound)) to \(Format.duration(range.upperBound)))"
                )
            }
            return seconds
        default: throw UsageError("\(option) must be a duration such as \"30s\" or a number of seconds")
        }
    }

    /// A finite number within `range`.
    func finite(_ key: String, range: ClosedRange<Double>) throws -> Double? {
        guard let value = try number(key) else { return nil }
        guard value.isFinite, range.contains(value) else {
            throw UsageError(
                "config: \(name).\(key) \(written(key)): out of range (\(Format.number(range.lowerBound)) to \(Format.number(range.upperBound)))"
            )
        }
        return value
    }

    /// A size: a string ("64MB", "1G") or a whole number of bytes, within `range`.
    func size(_ key: String, range: ClosedRange<Int64>) throws -> Int64? {
        guard let value = values[key] else { return nil }
        let option = "config: \(name).\(key)"
        switch value {
        case .string(let text): return try HumanInput.bytes(text, option: option, range: range)
        case .integer(let n): return try HumanInput.bytes(String(n), option: option, range: range)
        default: throw UsageError("\(option) must be a size such as \"64MB\" or a whole number of bytes")
        }
    }
}
