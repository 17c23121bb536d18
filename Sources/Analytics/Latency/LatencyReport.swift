import DBCore
import Foundation

/// `dbops analytics latency`.
public struct LatencyReport: Sendable, Codable {
    public var schema = "dbops.analytics.latency/v1"
    public var source: ReportSource
    public var dimension: String
    /// Labels in the order asked for ("p50", "p95", "p99").
    public var percentiles: [String]
    public var groups: [LatencyGroup]
}
