import DBCore
import Foundation

/// What `--snapshot FILE` keeps between runs.
struct StatementSnapshot: Codable {
    static let schemaVersion = "dbops.slow-queries-snapshot/v1"
    var schema = StatementSnapshot.schemaVersion
    var takenAt: Date
    var target: String
    var source: String
    /// PostgreSQL: pg_stat_statements_info.stats_reset; changes on a reset.
    var statsReset: Date?
    /// PostgreSQL: pg_stat_statements_info.dealloc (evictions so far).
    var evictions: Int64?
    /// MySQL: seconds since the server started; smaller than before means a restart.
    var uptimeSeconds: Int64?
    var counters: [StatementCounters]
}
