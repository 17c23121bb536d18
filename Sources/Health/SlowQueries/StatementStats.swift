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
        case sharedBlocksHit = "shared_blocks_hit", sharedBlocksRead = "shared_blocks_read", cacheHitPercent =
            "cache_hit_percent"
        case tempBlocksWritten = "temp_blocks_written", noIndexUsed = "no_index_used", tmpDiskTables = "tmp_disk_tables"
        case sharePercent = "share_percent", explainNote = "explain_note"
    }
}
