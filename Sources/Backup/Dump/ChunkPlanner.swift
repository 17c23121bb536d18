import DBCore
import Foundation

/// Splits a table whose size passes `chunkBytes` into about size/chunkBytes parts.
enum ChunkPlanner {
    static let maximumChunks = 256
    static let minimumAdaptiveChunk: Int64 = 8 << 20

    /// The chunk size to plan with: at most `limit`, and small enough that the whole
    /// database makes about four chunks per worker, so one dominant table still keeps
    /// every worker busy until the end (never below 8 MB, where per-chunk costs show).
    static func effectiveChunkBytes(totalBytes: Int64, jobs: Int, limit: Int64) -> Int64 {
        let balanced = totalBytes / Int64(max(1, jobs) * 4)
        return min(limit, max(min(minimumAdaptiveChunk, limit), balanced))
    }

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

    /// MySQL string keys: split at one-character steps after the prefix the minimum and
    /// maximum share, e.g. "0".."f" for hex UUIDs or "c0".."cz" for CUIDs. Ranges are
    /// contiguous and open at both ends, so every key falls in exactly one, whatever the
    /// distribution; the distribution only decides how even they are.
    static func stringRanges(column: String, min low: String, max high: String, bytes: Int64, chunkBytes: Int64)
        -> [ChunkPredicate]
    {
        let count = chunkCount(bytes: bytes, chunkBytes: chunkBytes)
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        let lowChars = Array(low.lowercased()), highChars = Array(high.lowercased())
        var prefix: [Character] = []
        while prefix.count < min(lowChars.count, highChars.count), lowChars[prefix.count] == highChars[prefix.count] {
            prefix.append(lowChars[prefix.count])
        }
        // The prefix goes into the SQL text: only characters that are safe there.
        guard count > 1, prefix.count < 16, prefix.allSatisfy({ alphabet.contains($0) || $0 == "_" || $0 == "-" }),
            prefix.count < lowChars.count, prefix.count < highChars.count,
            let first = alphabet.firstIndex(of: lowChars[prefix.count]),
            let last = alphabet.firstIndex(of: highChars[prefix.count]), last > first
        else { return [.all] }
        let candidates = Array(alphabet[(first + 1)...last])
        let wanted = min(count - 1, candidates.count)
        var bounds: [String] = []
        for i in 1...wanted {
            let bound = String(prefix) + String(candidates[(i * candidates.count) / (wanted + 1)])
            if bounds.last != bound { bounds.append(bound) }
        }
        return adjacentRanges(between: bounds) { .stringRange(column: column, from: $0, to: $1) }
    }

    /// MySQL: equal integer key ranges between the current minimum and maximum; the first
    /// and last are open so keys outside them are still copied.
    static func keyRanges(column: String, min low: Int64, max high: Int64, bytes: Int64, chunkBytes: Int64)
        -> [ChunkPredicate]
    {
        let count = chunkCount(bytes: bytes, chunkBytes: chunkBytes)
        guard count > 1, high > low else { return [.all] }
        // In 128 bits: a key from Int64.min to Int64.max spans more than Int64 holds. Every
        // bound lies within [low, high], so it fits back in 64.
        let span = Int128(high) - Int128(low) + 1
        let step = max(1, (span + Int128(count) - 1) / Int128(count))
        var bounds: [Int64] = []
        var next = Int128(low) + step
        while next <= Int128(high) {
            bounds.append(Int64(next))
            next += step
        }
        return adjacentRanges(between: bounds) { .keyRange(column: column, from: $0, to: $1) }
    }

    /// Ranges that cover everything: open below the first bound, between each pair, and
    /// open above the last, so no key falls between two chunks.
    private static func adjacentRanges<Bound>(between bounds: [Bound], _ range: (Bound?, Bound?) -> ChunkPredicate)
        -> [ChunkPredicate]
    {
        var out: [ChunkPredicate] = []
        var previous: Bound?
        for bound in bounds {
            out.append(range(previous, bound))
            previous = bound
        }
        out.append(range(previous, nil))
        return out
    }
}
