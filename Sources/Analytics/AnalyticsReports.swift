import DBCore
import Foundation

/// What every analytics report says about where its numbers come from.
public struct ReportSource: Sendable, Codable {
    public var target: String
    public var server: String
    public var profile: String
    public var table: String
    public var timeColumn: String
    public var valueColumn: String?
    public var unit: String?
    /// The range, as instants (ISO 8601, UTC) and as the local dates it spans.
    public var from: Date
    public var to: Date
    public var firstDay: String
    public var lastDay: String
    public var timeZone: String
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case target, server, profile, table, unit, from, to, notes
        case timeColumn = "time_column", valueColumn = "value_column", firstDay = "first_day", lastDay = "last_day"
        case timeZone = "time_zone"
    }
}

/// `dbops analytics dau`.
public struct ActiveUsersReport: Sendable, Codable {
    public var schema = "dbops.analytics.dau/v1"
    public var source: ReportSource
    public var bucket: Bucket
    /// Whether weekly and monthly active users were worked out (day buckets only).
    public var rolling: Bool
    public var buckets: [ActiveUsersBucket]

    /// The last bucket wholly inside the range (yesterday, for a range that ends now).
    public var lastComplete: ActiveUsersBucket? { buckets.last { !$0.partial } }
}

public struct ActiveUsersBucket: Sendable, Codable, Equatable {
    /// First local day of the bucket (YYYY-MM-DD).
    public var start: String
    /// The range covers only part of this bucket.
    public var partial: Bool
    public var activeUsers: Int
    public var events: Int64
    /// Distinct users over the 7 and 30 days ending with this day; nil where that window
    /// reaches back before the range (or rolling windows were not asked for).
    public var weeklyActiveUsers: Int?
    public var monthlyActiveUsers: Int?

    enum CodingKeys: String, CodingKey {
        case start, partial, events
        case activeUsers = "active_users", weeklyActiveUsers = "weekly_active_users", monthlyActiveUsers = "monthly_active_users"
    }
}

/// `dbops analytics cost`.
public struct CostReport: Sendable, Codable {
    public var schema = "dbops.analytics.cost/v1"
    public var source: ReportSource
    public var dimension: String
    public var total: ExactDecimal
    public var rows: Int64
    /// Rows whose cost is NULL (left out of every sum).
    public var unpriced: Int64
    public var days: [CostDay]
    /// The largest values of the dimension, largest first.
    public var top: [CostShare]
    /// Everything after the top ones, added up (nil when nothing is left).
    public var others: CostShare?
    public var distinctValues: Int

    enum CodingKeys: String, CodingKey {
        case schema, source, dimension, total, rows, unpriced, days, top, others
        case distinctValues = "distinct_values"
    }
}

public struct CostDay: Sendable, Codable, Equatable {
    public var day: String
    public var partial: Bool
    public var cost: ExactDecimal
    public var rows: Int64
}

public struct CostShare: Sendable, Codable, Equatable {
    /// The dimension's value (nil: rows where it is NULL).
    public var value: String?
    public var cost: ExactDecimal
    public var rows: Int64
    /// Share of the total, in percent, to two places.
    public var percent: ExactDecimal
}

/// `dbops analytics latency`.
public struct LatencyReport: Sendable, Codable {
    public var schema = "dbops.analytics.latency/v1"
    public var source: ReportSource
    public var dimension: String
    /// Labels in the order asked for ("p50", "p95", "p99").
    public var percentiles: [String]
    public var groups: [LatencyGroup]
}

public struct LatencyGroup: Sendable, Codable, Equatable {
    public var value: String?
    /// Rows with a duration (NULL durations are ignored, as percentile_cont ignores them).
    public var count: Int64
    public var mean: ExactDecimal
    /// Exact percentile_cont values, by label.
    public var percentiles: [String: ExactDecimal]
    public var max: ExactDecimal
}

/// `--explain`: the statement a report would run and the server's plan for it.
public struct AnalyticsPlan: Sendable, Codable {
    public var schema = "dbops.analytics.plan/v1"
    public var source: ReportSource
    public var metric: Metric
    public var sql: String
    public var parameters: [String?]
    public var plan: [String]
}
