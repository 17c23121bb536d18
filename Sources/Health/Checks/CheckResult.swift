import DBCore
import Foundation

/// The result of one check.
public struct CheckResult: Codable, Sendable {
    public var name: String
    public var status: CheckStatus
    /// One readable line.
    public var summary: String
    public var value: Double?
    public var unit: String?
    public var thresholds: Thresholds?
    /// Rows behind the value (the long queries, the largest tables...).
    public var details: [[String: JSONValue]]
    /// Extra numbers worth graphing (connections per state...), exported to Prometheus.
    public var metrics: [String: Double]

    public init(
        name: String, status: CheckStatus, summary: String, value: Double? = nil, unit: String? = nil,
        thresholds: Thresholds? = nil, details: [[String: JSONValue]] = [], metrics: [String: Double] = [:]
    ) {
        self.name = name
        self.status = status
        self.summary = summary
        self.value = value
        self.unit = unit
        self.thresholds = thresholds
        self.details = details
        self.metrics = metrics
    }
}
