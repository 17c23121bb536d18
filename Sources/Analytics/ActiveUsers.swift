import DBCore

/// Daily, weekly and monthly active users.
enum ActiveUsers {
    static func statement(_ context: ReportContext, options: AnalyticsOptions) throws -> SQLTemplate.Rendered {
        if rolling(options) { return try context.statement("active_user_days", fragments: [:]) }
        return try context.statement("dau", fragments: ["bucket": TimeSQL.bucketStart(options.bucket, dialect: context.dialect)])
    }

    static func rolling(_ options: AnalyticsOptions) -> Bool { options.rolling && options.bucket == .day }

    static func report(_ context: ReportContext, options: AnalyticsOptions, label: String) throws -> ActiveUsersReport {
        let statement = try statement(context, options: options)
        let buckets = context.period.buckets(options.bucket, calendar: context.calendar)
        var rows: [ActiveUsersBucket]
        if rolling(options) {
            var days = DayActivity()
            try context.connection.stream(statement) { row in
                guard let day = row["day"].flatMap(LocalCalendar.day(ofDate:)) else { return }
                days.add(day: day, user: row["user_id"], events: row.int64("events") ?? 0)
            }
            rows = days.buckets(buckets)
        } else {
            var counted: [Int: (Int, Int64)] = [:]
            for row in try context.connection.query(statement).rows {
                guard let day = row["bucket"].flatMap(LocalCalendar.day(ofDate:)) else { continue }
                counted[day] = (row.int("users") ?? 0, row.int64("events") ?? 0)
            }
            rows = buckets.map { bucket in
                let (users, events) = counted[bucket.day] ?? (0, 0)
                return ActiveUsersBucket(start: LocalCalendar.date(ofDay: bucket.day), partial: bucket.partial, activeUsers: users,
                                         events: events, weeklyActiveUsers: nil, monthlyActiveUsers: nil)
            }
        }
        return ActiveUsersReport(source: context.reportSource(label: label), bucket: options.bucket,
                                 rolling: rolling(options), buckets: rows)
    }
}

/// Who was active on which day, and the rolling windows over it. Users are numbered as
/// they are first seen so each window is a count per user, slid one day at a time.
struct DayActivity {
    private var userNumbers: [String: Int] = [:]
    private var usersByDay: [Int: [Int]] = [:]
    private var eventsByDay: [Int: Int64] = [:]

    mutating func add(day: Int, user: String?, events: Int64) {
        eventsByDay[day, default: 0] += events
        guard let user else { return }
        let number = userNumbers[user] ?? {
            let next = userNumbers.count
            userNumbers[user] = next
            return next
        }()
        usersByDay[day, default: []].append(number)
    }

    /// One entry per day bucket. WAU and MAU appear from the first day whose whole
    /// window lies inside the range's complete days.
    func buckets(_ days: [(day: Int, partial: Bool)]) -> [ActiveUsersBucket] {
        guard let first = days.first else { return [] }
        let firstWhole = first.partial ? first.day + 1 : first.day
        var weekly = SlidingDistinct(width: 7, users: userNumbers.count)
        var monthly = SlidingDistinct(width: 30, users: userNumbers.count)
        var out: [ActiveUsersBucket] = []
        for (day, partial) in days {
            weekly.advance(to: day, usersByDay)
            monthly.advance(to: day, usersByDay)
            out.append(ActiveUsersBucket(
                start: LocalCalendar.date(ofDay: day), partial: partial, activeUsers: usersByDay[day]?.count ?? 0,
                events: eventsByDay[day] ?? 0,
                weeklyActiveUsers: day - 6 >= firstWhole ? weekly.distinct : nil,
                monthlyActiveUsers: day - 29 >= firstWhole ? monthly.distinct : nil))
        }
        return out
    }
}

/// Distinct users over the last `width` days, moved forward one day at a time.
struct SlidingDistinct {
    let width: Int
    private var counts: [Int32]
    private(set) var distinct = 0
    private var current: Int?

    init(width: Int, users: Int) {
        self.width = width
        counts = Array(repeating: 0, count: users)
    }

    mutating func advance(to day: Int, _ usersByDay: [Int: [Int]]) {
        let start = current.map { $0 + 1 } ?? day
        for d in start...day {
            for user in usersByDay[d] ?? [] {
                if counts[user] == 0 { distinct += 1 }
                counts[user] += 1
            }
            for user in usersByDay[d - width] ?? [] {
                counts[user] -= 1
                if counts[user] == 0 { distinct -= 1 }
            }
        }
        current = day
    }
}
