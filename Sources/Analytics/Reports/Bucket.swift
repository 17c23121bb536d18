import DBCore
import Foundation

/// How rows are grouped in time.
public enum Bucket: String, Sendable, Codable, CaseIterable {
    case day, week, month

    /// The day number of the first day of the bucket holding `day` (weeks start on
    /// Monday, as ISO 8601 and PostgreSQL's date_trunc('week') have it).
    public func start(ofDay day: Int) -> Int {
        switch self {
        case .day: return day
        case .week:
            let weekday = ((day % 7) + 7 + 3) % 7  // 1970-01-01 was a Thursday: 0 = Monday
            return day - weekday
        case .month:
            let (y, m, _) = CivilTime.civil(fromDays: day)
            return CivilTime.days(year: y, month: m, day: 1)
        }
    }

    /// The first day of the next bucket.
    public func next(afterBucketStarting day: Int) -> Int {
        switch self {
        case .day: return day + 1
        case .week: return day + 7
        case .month:
            let (y, m, _) = CivilTime.civil(fromDays: day)
            return m == 12
                ? CivilTime.days(year: y + 1, month: 1, day: 1) : CivilTime.days(year: y, month: m + 1, day: 1)
        }
    }
}
