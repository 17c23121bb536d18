import DBCore
import Foundation

/// Options shared by the three reports.
public struct AnalyticsOptions: Sendable {
    /// --profile; nil picks one from the tables present.
    public var profile: String?
    /// Profiles from the config file (tried before the built-in ones).
    public var profiles: [AnalyticsProfile] = []
    public var since: String
    public var until: String?
    public var timeZone = "UTC"
    public var bucket = Bucket.day
    /// DAU with day buckets: also weekly and monthly active users.
    public var rolling = true
    /// --by: a dimension of the source; "none" for one group of everything.
    public var dimension: String?
    public var top = 10
    /// Percentiles in percent: "50", "95", "99.9".
    public var percentiles = ["50", "95", "99"]
    /// Longest a report statement may run, in seconds.
    public var statementTimeout: Double = 300
    /// Longest a statement waits for a lock (a migration holding the table), in seconds: an
    /// on-call report gives up and says so rather than wait out the statement timeout.
    public var lockTimeout: Double = 5
    public var now = Date()
    /// PostgreSQL latency: rows in the range (planner's estimate) beyond which groups are not
    /// sorted into arrays (latency_arrays.sql) but read through a window (latency.sql): one
    /// group could hold them all, and an array lives in memory whole (5 million durations:
    /// tens of MB).
    public var latencyArrayRowLimit = 5_000_000.0

    public init(since: String) { self.since = since }
}
