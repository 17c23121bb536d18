import DBCore
import Foundation

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
