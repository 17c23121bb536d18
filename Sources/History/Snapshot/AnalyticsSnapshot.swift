import Analytics
import DBCore
import Foundation

/// The application's analytics per local day, for the history: DAU/WAU/MAU and events,
/// cost and rows per dimension value (function or model), and calls, mean and percentiles
/// of latency per dimension value. A day is computed once it is not stored, or was stored
/// while it was still running (the current day is recomputed by every snapshot, yesterday
/// once more after midnight); days already complete are never read again.
enum AnalyticsSnapshot {
    static func days(
        _ config: ConnectionConfig, label: String, store: HistoryStore, options: AnalyticsOptions, days: Int,
        now: Date, notes: inout [String], unanswered: inout [String]
    ) -> [AnalyticsDay] {
        do {
            let calendar = try LocalCalendar(identifier: options.timeZone)
            let today = calendar.dayNumber(atUnixSeconds: Int64(now.timeIntervalSince1970))
            let first = today - max(1, days) + 1
            let stored = try store.analyticsDays(
                target: label, report: "dau", since: LocalCalendar.date(ofDay: first))
            let due = (first...today).filter { day in
                guard let computedAt = stored[LocalCalendar.date(ofDay: day)] else { return true }
                return computedAt.timeIntervalSince1970 < Double(calendar.startOfDay(day + 1))
            }
            guard let start = due.first else { return [] }
            var out = try activeUsers(config, label: label, options: options, from: start, to: today)
            let wanted = Set(due.map { LocalCalendar.date(ofDay: $0) })
            out.removeAll { !wanted.contains($0.day) }
            // Cost and latency stand alone: a profile may have no cost column, say.
            for (report, read) in [("cost", cost), ("latency", latency)] {
                do {
                    for day in due { out += try read(config, label, options, day) }
                } catch {
                    if DBError.isUnanswered(error) { unanswered.append("analytics \(report)") }
                    notes.append("analytics \(report) not recorded: \(error)")
                }
            }
            return out
        } catch {
            if DBError.isUnanswered(error) { unanswered.append("analytics") }
            notes.append("analytics not recorded: \(error)")
            return []
        }
    }

    /// One DAU report over the days to compute (and the 30 before them, so weekly and
    /// monthly figures are whole).
    static func activeUsers(
        _ config: ConnectionConfig, label: String, options: AnalyticsOptions, from: Int, to: Int
    ) throws -> [AnalyticsDay] {
        var dau = options
        dau.since = LocalCalendar.date(ofDay: from - 29)
        dau.until = LocalCalendar.date(ofDay: to + 1)
        dau.bucket = .day
        dau.rolling = true
        let report = try AnalyticsRunner.activeUsers(config, label: label, options: dau)
        var out: [AnalyticsDay] = []
        for bucket in report.buckets {
            out.append(
                AnalyticsDay(
                    day: bucket.start, report: "dau", metric: "active_users", value: Double(bucket.activeUsers)))
            out.append(AnalyticsDay(day: bucket.start, report: "dau", metric: "events", value: Double(bucket.events)))
            if let weekly = bucket.weeklyActiveUsers {
                out.append(
                    AnalyticsDay(day: bucket.start, report: "dau", metric: "weekly_active_users", value: Double(weekly))
                )
            }
            if let monthly = bucket.monthlyActiveUsers {
                out.append(
                    AnalyticsDay(
                        day: bucket.start, report: "dau", metric: "monthly_active_users", value: Double(monthly)))
            }
        }
        return out
    }

    /// The options of a report over one local day.
    static func oneDay(_ options: AnalyticsOptions, _ day: Int) -> AnalyticsOptions {
        var one = options
        one.since = LocalCalendar.date(ofDay: day)
        one.until = LocalCalendar.date(ofDay: day + 1)
        one.top = 1000
        return one
    }

    /// Cost and rows of one day per value of the profile's dimension (function or model).
    static func cost(_ config: ConnectionConfig, _ label: String, _ options: AnalyticsOptions, _ day: Int) throws
        -> [AnalyticsDay]
    {
        let date = LocalCalendar.date(ofDay: day)
        let report = try AnalyticsRunner.cost(config, label: label, options: oneDay(options, day))
        var shares = report.top.map { ($0.value ?? "(null)", $0) }
        if let others = report.others { shares.append(("(others)", others)) }
        return shares.flatMap { dimension, share in
            [
                AnalyticsDay(
                    day: date, report: "cost", dimension: dimension, metric: "cost", value: share.cost.doubleValue),
                AnalyticsDay(
                    day: date, report: "cost", dimension: dimension, metric: "rows", value: Double(share.rows)),
            ]
        }
    }

    /// Calls (every row), mean, max and percentiles (of the calls with a duration) of one day per dimension value.
    static func latency(_ config: ConnectionConfig, _ label: String, _ options: AnalyticsOptions, _ day: Int) throws
        -> [AnalyticsDay]
    {
        let date = LocalCalendar.date(ofDay: day)
        let report = try AnalyticsRunner.latency(config, label: label, options: oneDay(options, day))
        return report.groups.flatMap { group -> [AnalyticsDay] in
            let dimension = group.value ?? "(null)"
            var figures = [("calls", Double(group.calls))]
            if let mean = group.mean, let max = group.max {
                figures += [("mean", mean.doubleValue), ("max", max.doubleValue)]
            }
            figures += group.percentiles.map { ($0.key, $0.value.doubleValue) }
            return figures.map {
                AnalyticsDay(day: date, report: "latency", dimension: dimension, metric: $0.0, value: $0.1)
            }
        }
    }
}
