import Foundation

/// One of the statements that took the most time in the period: its work, its mean time
/// against the previous period of the same length, and its total time per snapshot (the
/// sparkline).
public struct StatementTrend: Codable, Sendable, Equatable {
    public var target: String
    public var id: String
    public var query: String?
    public var calls: Int64
    public var totalMs: Double
    public var meanMs: Double
    public var previousMeanMs: Double?
    /// Mean time change against the previous period, in percent.
    public var changePercent: Double?
    /// Mean time up by more than the report's limit (--slower, 20% by default).
    public var slower: Bool
    public var totalMsPerSnapshot: [Double]

    enum CodingKeys: String, CodingKey {
        case target, id, query, calls, slower
        case totalMs = "total_ms", meanMs = "mean_ms", previousMeanMs = "previous_mean_ms"
        case changePercent = "change_percent", totalMsPerSnapshot = "total_ms_per_snapshot"
    }
}
