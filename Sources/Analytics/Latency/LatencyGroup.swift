import DBCore
import Foundation

public struct LatencyGroup: Sendable, Codable, Equatable {
    public var value: String?
    /// Every row of the group in the range, with a duration or not (the seeds' `COUNT(*) AS calls`).
    public var calls: Int64
    /// Rows with a duration (NULL durations are ignored, as percentile_cont ignores them).
    public var count: Int64
    /// Nil when no row of the group has a duration (as AVG and MAX give NULL).
    public var mean: ExactDecimal?
    /// Exact percentile_cont values, by label.
    public var percentiles: [String: ExactDecimal]
    public var max: ExactDecimal?
}
