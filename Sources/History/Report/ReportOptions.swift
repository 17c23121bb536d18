import Foundation

/// What `dbops report` covers and how it judges.
public struct ReportOptions: Sendable {
    /// The period: from `since` to `until`.
    public var since: Date
    public var until: Date
    /// A statement whose mean time rose by more than this, in percent, against the previous
    /// period of the same length, is flagged as slower.
    public var slowerPercent = 20.0
    /// The size a table's forecast counts the days to (nil: no forecast).
    public var capacityBytes: Double?
    public var topStatements = 10
    public var topTables = 10
    /// Periods up to this many days show analytics per day; longer ones per week.
    public static let dailyDays = 92

    public init(since: Date, until: Date = Date()) {
        self.since = since
        self.until = until
    }
}
