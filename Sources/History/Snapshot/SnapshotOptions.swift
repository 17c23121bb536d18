import Analytics
import Archive
import DBCore
import Foundation
import Health

/// What `dbops snapshot` records and how.
public struct SnapshotOptions: Sendable {
    /// The health run whose check values are stored (its scopes follow the fleet member).
    public var health = HealthOptions()
    /// Statement statistics (pg_stat_statements / performance_schema digests) as deltas.
    public var statements = true
    /// Table and index sizes, row estimates, index scans.
    public var sizes = true
    /// index-usage's advice (unused, duplicate, redundant indexes with their statements).
    public var indexAdvice = true
    /// The application's analytics per day; nil when the target has none to record.
    public var analytics: AnalyticsOptions?
    /// The partitioned tables' state as `partitions --check` finds it (its rules); nil: not read.
    public var partitions: PartitionOptions?
    /// How many days back the first analytics snapshot fills in.
    public var analyticsDays = 30
    /// Snapshots and analytics days older than this are deleted after recording (nil: kept).
    public var keepSeconds: Double?
    /// Read-only, short statements: a snapshot never loads or blocks the server.
    public var session = SessionSettings(statementTimeout: 30, lockTimeout: 1, readOnly: true, catalogOnly: true)

    public init() {}
}
