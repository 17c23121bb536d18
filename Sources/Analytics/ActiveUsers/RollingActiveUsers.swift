/// DAU and the rolling 7- and 30-day distinct users (WAU, MAU) of a range of days, added
/// up one user at a time. A user's active days add one to DAU on each of those days, and
/// one to WAU (MAU) on every day whose window holds any of them: the union of the spans
/// [day, day + 7) over the user's days, kept as +1 where a span starts and -1 where it
/// ends, so a user costs their active days and nothing per window day.
struct RollingActiveUsers {
    /// Days in the range; day index 0 is its first local day.
    let dayCount: Int
    private var daily: [Int]
    private var weeklyChanges: [Int]
    private var monthlyChanges: [Int]
    private var events: [Int64]
    /// Distinct users active on any day of the range (the seeds' "active users in the last
    /// 24 hours" when the range is those 24 hours).
    private(set) var rangeUsers = 0
    var rangeEvents: Int64 { events.reduce(0, +) }

    init(dayCount: Int) {
        self.dayCount = dayCount
        daily = Array(repeating: 0, count: dayCount)
        weeklyChanges = Array(repeating: 0, count: dayCount + 1)
        monthlyChanges = Array(repeating: 0, count: dayCount + 1)
        events = Array(repeating: 0, count: dayCount)
    }

    mutating func addEvents(_ count: Int64, onDay index: Int) {
        guard events.indices.contains(index) else { return }
        events[index] += count
    }

    /// One user's active days: bit b of words[k] is day index k * bitsPerWord + b.
    mutating func addUser(_ words: ArraySlice<UInt64>, bitsPerWord: Int) {
        var week = Span(width: 7), month = Span(width: 30)
        var active = false
        for (k, word) in words.enumerated() {
            var rest = word
            while rest != 0 {
                let day = k * bitsPerWord + rest.trailingZeroBitCount
                rest &= rest - 1
                guard day < dayCount else { break }
                active = true
                daily[day] += 1
                week.add(day, &weeklyChanges)
                month.add(day, &monthlyChanges)
            }
        }
        week.close(&weeklyChanges)
        month.close(&monthlyChanges)
        if active { rangeUsers += 1 }
    }

    /// One entry per day bucket (`days` are day numbers, the first being index 0). WAU and
    /// MAU appear from the first day whose whole window lies inside the range's complete days.
    func buckets(_ days: [(day: Int, partial: Bool)]) -> [ActiveUsersBucket] {
        guard let first = days.first else { return [] }
        let firstWhole = first.partial ? first.day + 1 : first.day
        var weekly = 0, monthly = 0
        var out: [ActiveUsersBucket] = []
        for (day, partial) in days {
            let index = day - first.day
            guard index < dayCount else { break }
            weekly += weeklyChanges[index]
            monthly += monthlyChanges[index]
            out.append(
                ActiveUsersBucket(
                    start: LocalCalendar.date(ofDay: day), partial: partial, activeUsers: daily[index],
                    events: events[index],
                    weeklyActiveUsers: day - 6 >= firstWhole ? weekly : nil,
                    monthlyActiveUsers: day - 29 >= firstWhole ? monthly : nil))
        }
        return out
    }

    /// The days one user counts in a window: consecutive active days closer than the
    /// window's width merge into one span.
    private struct Span {
        let width: Int
        var start = -1
        var end = -1

        mutating func add(_ day: Int, _ changes: inout [Int]) {
            if day < end {
                end = day + width
                return
            }
            close(&changes)
            start = day
            end = day + width
        }

        mutating func close(_ changes: inout [Int]) {
            guard start >= 0 else { return }
            changes[start] += 1
            changes[min(end, changes.count - 1)] -= 1
            start = -1
            end = -1
        }
    }
}
