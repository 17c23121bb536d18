import Foundation

/// `dbops analytics queue`: a work queue now and over the range.
public struct QueueReport: Sendable, Codable {
    public var schema = "dbops.analytics.queue/v1"
    public var source: ReportSource
    public var now: QueueNow
    public var hours: [QueueHour]
    public var dimension: String
    public var percentiles: [String]
    /// Of the rows that arrived in the range: time from arrival to start, and from start to
    /// end, in milliseconds, by dimension value (calls: rows; count: rows that got that far).
    public var wait: [LatencyGroup]
    public var run: [LatencyGroup]
    /// Rows that ended in the range by dimension value, with the failed share.
    public var outcomes: [QueueOutcome]
    /// All of them together.
    public var total: QueueOutcome
}
