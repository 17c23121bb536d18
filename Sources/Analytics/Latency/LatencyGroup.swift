import DBCore
import Foundation

public struct LatencyGroup: Sendable, Codable, Equatable {
    public var value: String?
    /// Rows with a duration (NULL durations are ignored, as percentile_cont ignores them).
    public var count: Int64
    public var mean: ExactDecimal
    /// Exact percentile_cont values, by label.
    public var percentiles: [String: ExactDecimal]
    public var max: ExactDecimal
}
