import Foundation

/// One figure of one local day of an application's analytics: `report` is dau, cost or
/// latency; `dimension` the group (a function, a model; empty for the whole);
/// `metric` what the number is (active_users, weekly_active_users, cost, calls, p95, ...).
public struct AnalyticsDay: Codable, Sendable, Equatable {
    public var day: String
    public var report: String
    public var dimension: String
    public var metric: String
    public var value: Double

    public init(day: String, report: String, dimension: String = "", metric: String, value: Double) {
        self.day = day
        self.report = report
        self.dimension = dimension
        self.metric = metric
        self.value = value
    }
}
