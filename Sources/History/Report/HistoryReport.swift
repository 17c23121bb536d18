import Foundation

/// `dbops report`: what the history holds for a selection of targets over a period, as data
/// (`--format json`, `dbops.report/v2`) and as the page the HTML renderer draws. Every
/// number here comes from the store; nothing is read from the servers.
public struct HistoryReport: Codable, Sendable {
    public static let schemaVersion = "dbops.report/v2"
    public var schema = HistoryReport.schemaVersion
    public var generatedAt: Date
    public var since: Date
    /// The previous report over the same selection (what "changed" is measured from).
    public var previousReportAt: Date?
    public var targets: [TargetOverview]
    public var analytics: [AnalyticsTrend]
    public var statements: [StatementTrend]
    public var growth: [TableGrowth]
    public var indexAdvice: [StoredFinding]
    /// Backups, drills, cleanup, archive and partitions runs the jobs recorded.
    public var jobs: [JobTrend]
    /// Partitioned tables as each target's latest snapshot found them.
    public var partitions: [StoredPartitions]
    /// What the report could not show, and why.
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case schema, since, targets, analytics, statements, growth, notes, jobs, partitions
        case generatedAt = "generated_at", previousReportAt = "previous_report_at", indexAdvice = "index_advice"
    }
}
