import DBCore
import Foundation

/// One statement (or statement fingerprint) in a slow-query report, over the report's window.
public struct StatementStats: Codable, Sendable {
    /// queryid (PostgreSQL), digest (MySQL) or fingerprint checksum (slow log).
    public var id: String
    public var database: String?
    public var user: String?
    /// Normalized text (placeholders for values).
    public var query: String?
    /// A literal example, when one is known (MySQL samples, slow logs).
    public var sample: String?
    public var calls: Int64
    public var totalMs: Double
    public var meanMs: Double
    public var minMs: Double?
    public var maxMs: Double?
    public var stddevMs: Double?
    public var p95Ms: Double?
    public var p99Ms: Double?
    public var rows: Int64
    public var rowsPerCall: Double
    public var rowsExamined: Int64?
    public var sharedBlocksHit: Int64?
    public var sharedBlocksRead: Int64?
    public var cacheHitPercent: Double?
    public var tempBlocksWritten: Int64?
    public var noIndexUsed: Int64?
    public var tmpDiskTables: Int64?
    public var sharePercent: Double
    public var status: CheckStatus
    public var explain: [String]?
    /// Why EXPLAIN could not be shown for this statement.
    public var explainNote: String?

    enum CodingKeys: String, CodingKey {
        case id, database, user, query, sample, calls, rows, status, explain
        case totalMs = "total_ms", meanMs = "mean_ms", minMs = "min_ms", maxMs = "max_ms", stddevMs = "stddev_ms"
        case p95Ms = "p95_ms", p99Ms = "p99_ms", rowsPerCall = "rows_per_call", rowsExamined = "rows_examined"
        case sharedBlocksHit = "shared_blocks_hit", sharedBlocksRead = "shared_blocks_read", cacheHitPercent = "cache_hit_percent"
        case tempBlocksWritten = "temp_blocks_written", noIndexUsed = "no_index_used", tmpDiskTables = "tmp_disk_tables"
        case sharePercent = "share_percent", explainNote = "explain_note"
    }
}

/// What a report's numbers cover.
public struct ReportWindow: Codable, Sendable {
    /// "cumulative": since the statistics began; "delta": since the previous snapshot.
    public var mode: String
    public var since: Date?
    public var until: Date
    public var note: String?
}

public struct SlowQueryReport: Codable, Sendable {
    public static let schemaVersion = "dbops.slow-queries/v2"
    public var schema = SlowQueryReport.schemaVersion
    public var target: String
    public var engine: Engine?
    public var server: ServerInfo?
    /// pg_stat_statements, performance_schema or slow_log.
    public var source: String
    public var window: ReportWindow
    public var orderBy: String
    /// All statements in the window (not only those listed).
    public var statementCount: Int
    public var totalMs: Double
    public var statements: [StatementStats]
    public var thresholds: [String: Thresholds]
    public var status: CheckStatus
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case schema, target, engine, server, source, window, statements, thresholds, status, notes
        case orderBy = "order_by", statementCount = "statement_count", totalMs = "total_ms"
    }
}

public enum SlowQueryOrder: String, Sendable, CaseIterable {
    case total, mean, calls, rows, io
}

public struct SlowQueryOptions: Sendable {
    public var limit: Int = 10
    public var orderBy: SlowQueryOrder = .total
    public var allDatabases = false
    /// Stores what was read and reports the difference since the previous snapshot.
    public var snapshotFile: String?
    public var explain = false
    /// EXPLAIN ANALYZE (runs the statement): only for SELECT examples.
    public var explainAnalyze = false
    /// "mean_ms" and "share_pct" limits.
    public var thresholds: [String: Thresholds] = [:]
    public var session = SessionSettings(statementTimeout: 5, lockTimeout: 1, readOnly: true)
    /// Also list statements on the server's own catalogs and session settings (what
    /// monitoring, dbops included, runs); left out by default.
    public var includeSelf = false

    public init() {}

    public static let thresholdNames = ["mean_ms", "share_pct"]

    /// A statement monitoring runs rather than the application: session settings, SHOW,
    /// lock functions, or reads of information_schema / performance_schema / the system
    /// schemas (as the digest or fingerprint text spells it).
    public static func isMonitoring(_ query: String?) -> Bool {
        guard let text = query?.trimmingCharacters(in: .whitespacesAndNewlines).uppercased(), !text.isEmpty else { return false }
        let prefixes = ["SET ", "SHOW ", "KILL ", "SELECT @@", "SELECT GET_LOCK", "SELECT RELEASE_LOCK", "SELECT IS_FREE_LOCK", "EXPLAIN "]
        if prefixes.contains(where: text.hasPrefix) { return true }
        let catalogs = ["INFORMATION_SCHEMA", "PERFORMANCE_SCHEMA", "`MYSQL` .", "MYSQL.", "`SYS` .", "PG_CATALOG.", "PG_STAT_"]
        return catalogs.contains { text.contains($0) }
    }
}

/// The raw cumulative counters of one statement, as stored in a snapshot file.
struct StatementCounters: Codable {
    var id: String
    var database: String?
    var user: String?
    var query: String?
    var calls: Int64
    var totalMs: Double
    var sumSquaresMs: Double?
    var minMs: Double?
    var maxMs: Double?
    var rows: Int64
    var rowsExamined: Int64?
    var sharedBlocksHit: Int64?
    var sharedBlocksRead: Int64?
    var tempBlocksWritten: Int64?
    var noIndexUsed: Int64?
    var tmpDiskTables: Int64?
    var firstSeen: String?
    var p95Ms: Double?
    var p99Ms: Double?
    var sample: String?

    var key: String { "\(database ?? "")|\(user ?? "")|\(id)" }
}

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
