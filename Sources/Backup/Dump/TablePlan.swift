import DBCore
import Foundation

/// One table to copy, split into chunks that workers copy independently (all from the
/// same snapshot), so one dominant table still keeps every worker busy.
struct TablePlan {
    var index: Int
    var schema: String
    var name: String
    var columns: [ColumnEntry]
    var estimatedBytes: Int64
    var partitionOf: String?
    /// PostgreSQL: a partition's partitioned ancestors, parent first.
    var partitionAncestors: [RelationName]?
    var chunks: [ChunkPredicate]
    var format: DataFormat = .text
    var oid: Int64?
    var indexes: [IndexEntry]?
    /// PostgreSQL: an extension's configuration table (CREATE EXTENSION makes it, with its
    /// indexes): the filter that keeps the rows the user added ("WHERE ...", or "" for all),
    /// as pg_dump applies it. nil for every other table.
    var extensionCondition: String?
    /// MariaDB system-versioned table: read FOR SYSTEM_TIME ALL, its period columns among
    /// the columns, so its history rows travel with the current ones.
    var history = false
}
