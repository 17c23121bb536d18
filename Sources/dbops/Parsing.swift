import Foundation

/// Durations and sizes as people type them in cron lines.
enum HumanInput {
    /// "90s", "15m", "12h", "30d", "2w" (a bare number is seconds).
    static func duration(_ text: String, option: String) throws -> Double {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let value = Double(trimmed), value >= 0 { return value }
        guard let unit = trimmed.last, let factor = units[unit], let value = Double(trimmed.dropLast()), value >= 0 else {
            throw UsageError("\(option) \(text): expected a duration such as 90s, 15m, 12h, 30d or 2w")
        }
        return value * factor
    }

    /// "512k", "256MB", "1G", "1048576".
    static func bytes(_ text: String, option: String) throws -> Int64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
            .replacingOccurrences(of: "IB", with: "").replacingOccurrences(of: "B", with: "")
        let units: [Character: Double] = ["K": 1024, "M": 1_048_576, "G": 1_073_741_824, "T": 1_099_511_627_776]
        if let value = Int64(trimmed), value > 0 { return value }
        guard let unit = trimmed.last, let factor = units[unit], let value = Double(trimmed.dropLast()), value > 0 else {
            throw UsageError("\(option) \(text): expected a size such as 64MB or 1G")
        }
        return Int64(value * factor)
    }
}
