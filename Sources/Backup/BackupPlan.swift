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
    var chunks: [ChunkPredicate]
}

/// Which rows of a table one chunk holds.
enum ChunkPredicate: Equatable {
    case all
    /// PostgreSQL: heap blocks [from, to) — a TID range scan; `to` nil means "to the end".
    case blocks(from: Int64, to: Int64?)
    /// MySQL: integer primary key in [from, to); nil bounds are open.
    case keyRange(column: String, from: Int64?, to: Int64?)
    /// MySQL: one partition of a partitioned table.
    case partition(String)
}

enum FileNaming {
    /// "data/0007.public.api_usage_2026.0002.zst": numbered for uniqueness, with a readable
    /// slug (any character outside [A-Za-z0-9_] becomes "_").
    static func dataFile(table: TablePlan, chunk: Int) -> String {
        let slug = [table.schema, table.name].filter { !$0.isEmpty }.map(slugify).joined(separator: ".")
        return String(format: "data/%04d.", table.index) + slug + String(format: ".%04d.zst", chunk)
    }

    static func slugify(_ text: String) -> String {
        String(String(text.unicodeScalars.map { scalar -> Character in
            (scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "_")) ? Character(scalar) : "_"
        }).prefix(48))
    }
}

/// Splits a table whose size passes `chunkBytes` into about size/chunkBytes parts.
enum ChunkPlanner {
    static let maximumChunks = 256

    static func chunkCount(bytes: Int64, chunkBytes: Int64) -> Int {
        guard chunkBytes > 0, bytes > chunkBytes else { return 1 }
        return Int(min(Int64(maximumChunks), (bytes + chunkBytes - 1) / chunkBytes))
    }

    /// PostgreSQL: equal block ranges; the last one is open-ended for rows added since.
    static func blockRanges(bytes: Int64, blockSize: Int64, chunkBytes: Int64) -> [ChunkPredicate] {
        let count = chunkCount(bytes: bytes, chunkBytes: chunkBytes)
        guard count > 1 else { return [.all] }
        let blocks = max(1, bytes / blockSize)
        let step = max(1, (blocks + Int64(count) - 1) / Int64(count))
        var out: [ChunkPredicate] = []
        var from: Int64 = 0
        while from < blocks {
            let to = from + step
            out.append(.blocks(from: from, to: to >= blocks ? nil : to))
            from = to
        }
        return out
    }

    /// MySQL: equal integer key ranges between the current minimum and maximum; the first
    /// and last are open so keys outside them are still copied.
    static func keyRanges(column: String, min low: Int64, max high: Int64, bytes: Int64, chunkBytes: Int64) -> [ChunkPredicate] {
        let count = chunkCount(bytes: bytes, chunkBytes: chunkBytes)
        guard count > 1, high > low else { return [.all] }
        let span = high - low + 1
        let step = max(1, (span + Int64(count) - 1) / Int64(count))
        var bounds: [Int64] = []
        var next = low + step
        while next <= high { bounds.append(next); next += step }
        var out: [ChunkPredicate] = []
        var previous: Int64?
        for bound in bounds {
            out.append(.keyRange(column: column, from: previous, to: bound))
            previous = bound
        }
        out.append(.keyRange(column: column, from: previous, to: nil))
        return out
    }
}
