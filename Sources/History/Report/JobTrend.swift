import Foundation

/// One job of one target over the report's period: every run it recorded (oldest first)
/// and what they add up to.
public struct JobTrend: Codable, Sendable {
    public var target: String
    public var job: String
    public var runs: [JobRun]
    public var failed: Int
    public var skipped: Int
    public var rows: Int64
    /// The last run that completed, even before the period (a backup that has not
    /// succeeded for a month is the first thing to see).
    public var lastCompleteAt: Date?

    public init(target: String, job: String, runs: [JobRun], lastCompleteAt: Date?) {
        self.target = target
        self.job = job
        self.runs = runs
        failed = runs.filter { $0.outcome == "failed" }.count
        skipped = runs.filter { $0.outcome == "skipped" }.count
        rows = runs.reduce(0) { $0 + ($1.rows ?? 0) }
        self.lastCompleteAt = lastCompleteAt
    }

    enum CodingKeys: String, CodingKey {
        case target, job, runs, failed, skipped, rows
        case lastCompleteAt = "last_complete_at"
    }
}
