import Foundation

/// A value bound to a statement parameter. Values always travel separately from the SQL
/// text (libpq `PQexecParams`, MySQL prepared statements): they are never spliced in.
public enum SQLValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByFloatLiteral
{
    case null
    case text(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case bytes([UInt8])
    /// A point in time, sent as ISO-8601 UTC text with microseconds.
    case timestamp(Date)

    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int) { self = .int(Int64(value)) }
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }

    /// Text form used on the wire for text-format parameters.
    public var textForm: String? {
        switch self {
        case .null: return nil
        case .text(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return b ? "1" : "0"
        case .bytes: return nil
        case .timestamp(let date): return SQLValue.formatTimestamp(date)
        }
    }

    /// "2025-03-30 01:00:00.000000" in UTC: both engines parse it, MySQL's DATETIME and
    /// TIMESTAMP (in a UTC session) and PostgreSQL's timestamptz (in a UTC session).
    public static func formatTimestamp(_ date: Date) -> String {
        let totalMicros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        var seconds = Int64((totalMicros / 1_000_000).rounded(.down))
        var micros = Int64(totalMicros) - seconds * 1_000_000
        if micros < 0 { micros += 1_000_000; seconds -= 1 }
        let civil = CivilTime(unixSeconds: seconds)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d.%06d",
            civil.year, civil.month, civil.day, civil.hour, civil.minute, civil.second, Int(micros))
    }
}

/// Proleptic Gregorian calendar arithmetic in UTC without Foundation's Calendar, which is
/// slow and locale-dependent. Algorithms from Howard Hinnant's "chrono-compatible
/// low-level date algorithms".
public struct CivilTime: Sendable, Equatable {
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year; self.month = month; self.day = day
        self.hour = hour; self.minute = minute; self.second = second
    }

    public init(unixSeconds: Int64) {
        let days = Int(unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400)
        let secondOfDay = Int(unixSeconds - Int64(days) * 86_400)
        let (y, m, d) = CivilTime.civil(fromDays: days)
        self.init(
            year: y, month: m, day: d, hour: secondOfDay / 3600,
            minute: secondOfDay % 3600 / 60, second: secondOfDay % 60)
    }

    public var unixSeconds: Int64 {
        Int64(CivilTime.days(year: year, month: month, day: day)) * 86_400
            + Int64(hour * 3600 + minute * 60 + second)
    }

    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
