import Foundation

/// The report's analytics figures per day, or per week (Monday to Sunday): cost, calls, rows
/// and events summed over the week, active users the week's mean of its days, latency
/// percentiles the week's worst day. The store hands the figures over in its key's order
/// (target, report, dimension, metric, day), so each series is summed as it streams by: a
/// year of a fleet is a million figures, which a GROUP BY would sort first.
public struct AnalyticsBuckets {
    public let weekly: Bool
    private(set) var out: [StoredAnalyticsDay] = []
    private var current: (key: [String], bucket: String, total: Double, count: Int, worst: Double)?
    private var weeks: [String: String] = [:]
    private static let format: ISO8601DateFormatter = {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withFullDate]
        format.timeZone = TimeZone(identifier: "UTC")
        return format
    }()

    public init(weekly: Bool) { self.weekly = weekly }

    /// The Monday of `day`'s week (days repeat across series: each is worked out once).
    mutating func bucket(_ day: String) -> String {
        guard weekly else { return day }
        if let known = weeks[day] { return known }
        var monday = day
        if let date = Self.format.date(from: day) {
            let weekday = Calendar(identifier: .gregorian).dateComponents(in: .gmt, from: date).weekday ?? 2
            monday = Self.format.string(from: date.addingTimeInterval(-Double((weekday + 5) % 7) * 86_400))
        }
        weeks[day] = monday
        return monday
    }

    /// One figure; figures of a series come in day order.
    public mutating func add(
        target: String, report: String, dimension: String, metric: String, day: String, value: Double
    ) {
        let key = [target, report, dimension, metric]
        let bucket = bucket(day)
        if let open = current, open.key == key, open.bucket == bucket {
            current = (key, bucket, open.total + value, open.count + 1, max(open.worst, value))
            return
        }
        close()
        current = (key, bucket, value, 1, value)
    }

    private mutating func close() {
        guard let open = current else { return }
        let (report, metric) = (open.key[1], open.key[3])
        let value: Double
        if report == "cost" || ["calls", "rows", "events"].contains(metric) {
            value = open.total
        } else if report == "dau" {
            value = open.total / Double(open.count)
        } else {
            value = open.worst
        }
        out.append(
            StoredAnalyticsDay(
                target: open.key[0],
                day: AnalyticsDay(
                    day: open.bucket, report: report, dimension: open.key[2], metric: metric, value: value)))
        current = nil
    }

    /// Every bucket, in (target, report, dimension, metric, bucket) order.
    public mutating func finish() -> [StoredAnalyticsDay] {
        close()
        return out
    }
}
