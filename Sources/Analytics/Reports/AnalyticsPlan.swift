import DBCore
import Foundation

/// `--explain`: the statement a report would run and the server's plan for it.
public struct AnalyticsPlan: Sendable, Codable {
    public var schema = "dbops.analytics.plan/v1"
    public var source: ReportSource
    /// The report: dau, cost, latency, top.
    public var metric: String
    public var sql: String
    public var parameters: [String?]
    public var plan: [String]
}
