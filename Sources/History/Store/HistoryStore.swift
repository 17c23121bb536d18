import DBCore
import Foundation

/// Where snapshots are kept and read back: an embedded SQLite file (`SQLiteHistoryStore`).
/// A store is versioned (its migrations run when it is opened) and safe to share between
/// the parallel members of a fleet run and between overlapping runs.
public protocol HistoryStore: Sendable {
    /// Stores one target's snapshot, its statement texts and state, and its analytics days.
    func record(_ snapshot: TargetSnapshot) throws
    /// The statement counters the target's previous snapshot read, and the ids whose texts
    /// are stored.
    func statementState(target: String) throws -> (state: Data?, knownTexts: Set<String>)
    /// Days of `report` already stored for the target, with when each was computed (the
    /// analytics snapshot skips those computed after they ended).
    func analyticsDays(target: String, report: String, since day: String) throws -> [String: Date]
    /// Deletes what is older than `date`; returns the snapshots deleted.
    func prune(before date: Date) throws -> Int
    /// The values of a metric since `since`, per target and subject, oldest first.
    func series(metric: String, target: String?, subject: String?, since: Date) throws -> [SeriesPoint]
    /// The metrics stored.
    func metrics(target: String?) throws -> [MetricSummary]
    /// Each target's check states (0 OK ... 3 UNKNOWN) in its last snapshot at or before `date`.
    func states(at date: Date) throws -> [TargetState]
    /// The index advice of each target's latest snapshot that has some.
    func latestFindings() throws -> [StoredFinding]
    /// When the last report over the same selection was made.
    func lastReport(targets: String) throws -> Date?
    func recordReport(at date: Date, targets: String) throws
    /// The targets with at least one snapshot.
    func targets() throws -> [String]
    /// Statement work per snapshot since `since`.
    func statements(target: String?, since: Date) throws -> [StatementWork]
    /// Each statement's work in [since, until] and in [previous, since), per target.
    func statementTotals(previous: Date, since: Date, until: Date) throws -> [StatementTotal]
    /// A statement's time at each of its target's snapshots in [since, until].
    func statementPoints(target: String, queryID: String, since: Date, until: Date) throws -> [(Date, Double)]
    /// Stored statement texts: target -> id -> text.
    func statementTexts() throws -> [String: [String: String]]
    /// Least-squares sums of every table's size in [since, until].
    func tableGrowth(since: Date, until: Date) throws -> [GrowthSums]
    /// Analytics figures of [since, until] per day, or per week (`weekly`): see
    /// AnalyticsBuckets for how a week sums each figure.
    func analyticsBuckets(since: String, until: String, weekly: Bool) throws -> [StoredAnalyticsDay]
    /// Records one run of a job as it ended.
    func recordJob(_ run: JobRun) throws
    /// The jobs' runs that started in [since, until], per target and job, oldest first.
    func jobRuns(since: Date, until: Date) throws -> [JobRun]
    /// When each target's job last completed at or before `until`: target -> job -> end.
    func lastCompleteJobs(until: Date) throws -> [String: [String: Date]]
    /// The target whose latest backup wrote `path`.
    func backupTarget(path: String) throws -> String?
    /// The partitioned tables each target's latest snapshot at or before `until` checked.
    func latestPartitions(until: Date) throws -> [StoredPartitions]
    /// Analytics figures since `day`.
    func analytics(target: String?, report: String?, since day: String) throws -> [StoredAnalyticsDay]
}
