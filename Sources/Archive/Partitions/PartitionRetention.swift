import DBCore
import Foundation

/// How long a partition is kept: one whose whole range lies before now minus this is
/// retired (dumped to a verified file in the backup format, then dropped), as pg_partman's
/// `retention` does.
public struct PartitionRetention: Sendable, Codable, Equatable, CustomStringConvertible {
    public enum Unit: String, Sendable, Codable { case days, months, years }

    public var amount: Int
    public var unit: Unit

    public init(amount: Int, unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    /// "2 years", "18 months", "400 days", "2y", "730d". nil if it is none of these.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let digits = trimmed.prefix { $0.isNumber }
        // At most a thousand years: later date arithmetic cannot overflow.
        guard let amount = Int(digits), (1...365_250).contains(amount) else { return nil }
        let word = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        switch word {
        case "d", "day", "days": unit = .days
        case "month", "months", "mon": unit = .months
        case "y", "year", "years": unit = .years
        default: return nil
        }
        self.amount = amount
    }

    public var description: String { "\(amount) \(amount == 1 ? String(unit.rawValue.dropLast()) : unit.rawValue)" }

    /// The wall-clock instant before which a partition's whole range must lie to be retired.
    func cutoff(from now: CivilTime) -> CivilTime {
        switch unit {
        case .days:
            return CivilTime(unixSeconds: now.unixSeconds - Int64(amount) * 86_400)
        case .months, .years:
            let months = now.year * 12 + (now.month - 1) - (unit == .years ? amount * 12 : amount)
            let year = months / 12, month = months % 12 + 1
            // 31 March minus one month is the last day of February, not 3 March.
            let lastDay =
                CivilTime.days(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1)
                - CivilTime.days(year: year, month: month, day: 1)
            return CivilTime(
                year: year, month: month, day: min(now.day, lastDay), hour: now.hour, minute: now.minute,
                second: now.second)
        }
    }
}
