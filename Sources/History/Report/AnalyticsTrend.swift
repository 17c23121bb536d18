import Foundation

/// A target's analytics over the period, one value per day in `days` (nil where the day
/// has no figure): DAU/WAU/MAU, cost per dimension value, latency percentiles per function.
public struct AnalyticsTrend: Codable, Sendable, Equatable {
    public struct Series: Codable, Sendable, Equatable {
        public var name: String
        public var values: [Double?]
    }

    public struct Latency: Codable, Sendable, Equatable {
        public var function: String
        public var calls: Double
        public var percentiles: [Series]
    }

    public var target: String
    /// "day", or "week" for periods over 92 days (each figure of a week summed, averaged or
    /// its worst day: see AnalyticsBuckets); `days` holds each
    /// bucket's first day.
    public var bucket: String
    public var days: [String]
    public var activeUsers: [Series]
    public var cost: [Series]
    public var latency: [Latency]

    enum CodingKeys: String, CodingKey {
        case target, bucket, days, cost, latency
        case activeUsers = "active_users"
    }
}
