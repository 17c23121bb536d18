import DBCore
import Foundation

/// Which rows of a table one chunk holds.
enum ChunkPredicate: Equatable {
    case all
    /// PostgreSQL: heap blocks [from, to) — a TID range scan; `to` nil means "to the end".
    case blocks(from: Int64, to: Int64?)
    /// MySQL: integer primary key in [from, to); nil bounds are open.
    case keyRange(column: String, from: Int64?, to: Int64?)
    /// MySQL: string key (UUIDs, CUIDs...) in [from, to); nil bounds are open. Bounds are
    /// made of [0-9a-z_-] only (safe in SQL text); the split characters are [0-9a-z],
    /// which every collation orders the same way.
    case stringRange(column: String, from: String?, to: String?)
    /// MySQL: one partition of a partitioned table.
    case partition(String)
}
