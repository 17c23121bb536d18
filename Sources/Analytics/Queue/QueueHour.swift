import Foundation

/// One hour of the range (UTC hours): what happened, and the depth at its end.
public struct QueueHour: Sendable, Codable, Equatable {
    public var start: Date
    public var arrived: Int64
    public var started: Int64
    public var finished: Int64
    public var failed: Int64
    /// Rows waiting and being worked on at the hour's end (or the range's, for the last).
    public var waiting: Int64
    public var running: Int64
}
