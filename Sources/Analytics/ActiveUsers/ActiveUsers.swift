import DBCore

/// Daily, weekly and monthly active users.
enum ActiveUsers {
    /// Days per bitmask column on PostgreSQL: bigint is signed, so bit 63 stays unused.
    static let daysPerMask = 63

    static func statement(_ context: ReportContext, options: AnalyticsOptions) throws -> SQLTemplate.Rendered {
        if rolling(options) {
            let fragments = context.dialect.engine.analytics.rollingFragments(dayCount: context.days.count)
            return try context.statement(
                .analyticsActiveUserDays,
                fragments: fragments.merging(["source_rows": try context.sourceRows()]) { $1 },
                parameters: ["first_day": .text(LocalCalendar.date(ofDay: context.days.lowerBound))])
        }
        return try context.statement(
            .analyticsDau,
            fragments: [
                "bucket": TimeSQL.bucketStart(options.bucket, dialect: context.dialect),
                "source_rows": try context.sourceRows(),
            ])
    }

    static func rolling(_ options: AnalyticsOptions) -> Bool { options.rolling && options.bucket == .day }

    static func report(_ context: ReportContext, options: AnalyticsOptions, label: String) throws -> ActiveUsersReport {
        let statement = try statement(context, options: options)
        let buckets = context.period.buckets(options.bucket, calendar: context.calendar)
        let rows: [ActiveUsersBucket]
        var range: ActiveUsersReport.Range?
        if rolling(options) {
            var counter = RollingActiveUsers(dayCount: context.days.count)
            try context.dialect.engine.analytics.readActiveDays(context, statement, into: &counter)
            rows = counter.buckets(buckets)
            range = ActiveUsersReport.Range(activeUsers: counter.rangeUsers, events: counter.rangeEvents)
        } else {
            var counted: [Int: (Int, Int64)] = [:]
            for row in try context.connection.query(statement).rows {
                guard let day = row["bucket"].flatMap(LocalCalendar.day(ofDate:)) else { continue }
                counted[day] = (row.int("users") ?? 0, row.int64("events") ?? 0)
            }
            rows = buckets.map { bucket in
                let (users, events) = counted[bucket.day] ?? (0, 0)
                return ActiveUsersBucket(
                    start: LocalCalendar.date(ofDay: bucket.day), partial: bucket.partial, activeUsers: users,
                    events: events, weeklyActiveUsers: nil, monthlyActiveUsers: nil)
            }
            // One bucket holding the whole range counts its distinct users once; across
            // several buckets a user may count in each, so there is no range figure.
            if rows.count == 1 {
                range = ActiveUsersReport.Range(activeUsers: rows[0].activeUsers, events: rows[0].events)
            }
        }
        return ActiveUsersReport(
            source: context.reportSource(label: label), bucket: options.bucket,
            rolling: rolling(options), buckets: rows, range: range)
    }

    /// PostgreSQL groups the range per user (day bitmasks) and per day (events) in one pass.
    static func readUserMasks(
        _ context: ReportContext, _ statement: SQLTemplate.Rendered,
        into counter: inout RollingActiveUsers
    ) throws {
        // JIT compiling the per-user aggregate took longer (about 0.25 s on 10 million
        // rows) than it saved in this one pass.
        try context.connection.execute(.analyticsJitOff)
        let maskCount = (counter.dayCount + daysPerMask - 1) / daysPerMask
        var masks = [UInt64](repeating: 0, count: maskCount)
        var maskColumns: [Int] = []
        try context.connection.stream(statement) { row in
            guard row.bool("per_user") == true else {
                if let day = row.int("day_index") { counter.addEvents(row.int64("events") ?? 0, onDay: day) }
                return
            }
            if row.bool("no_user") == true { return }
            if maskColumns.isEmpty { maskColumns = (0..<maskCount).compactMap { row.layout.index(of: "mask_\($0)") } }
            for (k, column) in maskColumns.enumerated() {
                masks[k] = row[column].flatMap { UInt64($0) } ?? 0
            }
            counter.addUser(masks[...], bitsPerWord: daysPerMask)
        }
    }

    /// MySQL streams the range's (day, user) rows; dbops groups them by user as they arrive.
    static func readRawDays(
        _ context: ReportContext, _ statement: SQLTemplate.Rendered,
        into counter: inout RollingActiveUsers
    ) throws {
        var users = UserDayBitsets(dayCount: counter.dayCount)
        try context.connection.stream(statement) { row in
            guard let day = row[0].flatMap({ Int($0) }) else { return }
            counter.addEvents(1, onDay: day)
            if let user = row[1] { users.add(user: user, dayIndex: day) }
        }
        users.addUsers(to: &counter)
    }

    /// One bit_or column per 63 days of the range: bit b of mask_k is day 63k + b.
    static func masks(dayCount: Int) -> SQLTemplate.Fragment {
        let count = (dayCount + daysPerMask - 1) / daysPerMask
        if count == 1 { return SQLTemplate.Fragment("bit_or(1::bigint << day_index) AS mask_0") }
        let columns = (0..<count).map { k in
            let low = k * daysPerMask
            return "bit_or(CASE WHEN day_index >= \(low) AND day_index < \(low + daysPerMask) "
                + "THEN 1::bigint << (day_index - \(low)) ELSE 0 END) AS mask_\(k)"
        }
        return SQLTemplate.Fragment(columns.joined(separator: ",\n       "))
    }
}
