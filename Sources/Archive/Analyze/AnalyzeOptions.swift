import DBCore
import Foundation

/// `dbops analyze`: which tables count as stale, and how the job paces itself.
public struct AnalyzeOptions: Sendable {
    /// Lock and statement timeouts, --max-runtime, --dry-run. ANALYZE is one statement per
    /// table, so batches do not apply; a table whose lock is not granted within lockTimeout
    /// is left for the next run.
    public var maintenance: MaintenanceOptions = {
        var options = MaintenanceOptions()
        options.lockTimeout = 2
        // A large table's sample can take a while; the lock it holds blocks no reads or writes.
        options.statementTimeout = 600
        return options
    }()
    /// Stale: changed rows at least this share of the table (autovacuum's
    /// autovacuum_analyze_scale_factor and InnoDB's auto-recalc both use 10%)...
    public var changedShare = 0.1
    /// ... and at least this many (autovacuum_analyze_threshold is 50).
    public var minChangedRows = 50
    /// MySQL/MariaDB: leave ANALYZE TABLE for later while a statement has run this long
    /// (seconds), since new queries of the table would wait behind it.
    public var maxStatementAge = 10.0
    /// Only these tables (names, or schema.name); empty: every stale table.
    public var only: [String] = []

    public init() {}
}
