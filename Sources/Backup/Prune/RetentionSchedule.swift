import Foundation

/// `--keep-daily D --keep-weekly W --keep-monthly M`: the newest backup of each of the
/// last D calendar days, W ISO weeks and M months (UTC) that have a backup at all, counted
/// the way restic and borg count them — a day without a backup does not use up a slot, so
/// a week of failed runs never thins the history it is meant to keep.
public struct RetentionSchedule: Sendable, Equatable {
    public var daily: Int
    public var weekly: Int
    public var monthly: Int

    public init(daily: Int = 0, weekly: Int = 0, monthly: Int = 0) {
        self.daily = daily
        self.weekly = weekly
        self.monthly = monthly
    }

    public var isEmpty: Bool { daily == 0 && weekly == 0 && monthly == 0 }

    /// The positions in `newestFirst` the schedule keeps.
    public func kept(newestFirst times: [Date]) -> Set<Int> {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let periods: [(count: Int, period: (Date) -> [Int])] = [
            (daily, { calendar.dateComponents([.year, .month, .day], from: $0).key }),
            (weekly, { calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: $0).key }),
            (monthly, { calendar.dateComponents([.year, .month], from: $0).key }),
        ]
        var kept = Set<Int>()
        for (count, period) in periods where count > 0 {
            var seen = Set<[Int]>()
            for (index, time) in times.enumerated() {
                // The first (newest) backup met in a period is that period's.
                if seen.insert(period(time)).inserted { kept.insert(index) }
                if seen.count == count { break }
            }
        }
        return kept
    }
}

extension DateComponents {
    fileprivate var key: [Int] {
        [yearForWeekOfYear ?? year ?? 0, weekOfYear ?? month ?? 0, day ?? 0]
    }
}
