@testable import Backup
import Foundation
import Testing

@Suite("Chunk planning and index scheduling")
struct PlannerTests {
    @Test func blockRangesCoverEverythingOnce() {
        let ranges = ChunkPlanner.blockRanges(bytes: 100 * 8192, blockSize: 8192, chunkBytes: 30 * 8192)
        #expect(ranges.count == 4)
        #expect(ranges.first == .blocks(from: 0, to: 25))
        #expect(ranges.last == .blocks(from: 75, to: nil), "the last range is open for rows added since")
        #expect(ChunkPlanner.blockRanges(bytes: 8192, blockSize: 8192, chunkBytes: 1 << 20) == [.all])
    }

    @Test func adaptiveChunkSizeKeepsWorkersBusy() {
        // 1 GB with 2 workers: about 8 chunks, whatever the configured maximum.
        #expect(ChunkPlanner.effectiveChunkBytes(totalBytes: 1 << 30, jobs: 2, limit: 256 << 20) == (1 << 30) / 8)
        // Never below 8 MB; never above the limit.
        #expect(ChunkPlanner.effectiveChunkBytes(totalBytes: 10 << 20, jobs: 2, limit: 256 << 20) == 8 << 20)
        #expect(ChunkPlanner.effectiveChunkBytes(totalBytes: 100 << 30, jobs: 2, limit: 256 << 20) == 256 << 20)
        #expect(ChunkPlanner.effectiveChunkBytes(totalBytes: 100 << 20, jobs: 2, limit: 64 << 10) == 64 << 10)
    }

    @Test func keyRangesAreContiguousAndOpenEnded() {
        let ranges = ChunkPlanner.keyRanges(column: "id", min: 1, max: 1000, bytes: 400, chunkBytes: 100)
        #expect(ranges.count == 4)
        #expect(ranges.first == .keyRange(column: "id", from: nil, to: 251))
        #expect(ranges.last == .keyRange(column: "id", from: 751, to: nil))
    }

    /// A signed BIGINT key from its least to its greatest value spans 2^64 keys, more than
    /// Int64 holds: the plan trapped (arithmetic overflow) on such a table.
    @Test func keyRangesOverTheWholeInt64Range() {
        let ranges = ChunkPlanner.keyRanges(column: "id", min: .min, max: .max, bytes: 400, chunkBytes: 100)
        #expect(ranges.count == 4)
        #expect(ranges.first == .keyRange(column: "id", from: nil, to: Int64.min + (1 << 62)))
        #expect(ranges[1] == .keyRange(column: "id", from: Int64.min + (1 << 62), to: 0))
        #expect(ranges.last == .keyRange(column: "id", from: 1 << 62, to: nil))
        let near = ChunkPlanner.keyRanges(column: "id", min: .max - 10, max: .max, bytes: 400, chunkBytes: 100)
        #expect(near.count == 4 && near.first == .keyRange(column: "id", from: nil, to: .max - 7))
    }

    @Test(
        "String keys split after their common prefix",
        arguments: [
            ("0a3e-uuid", "ffe1-uuid", "", 4),  // hex UUIDs
            ("ca01bcd", "cz99x", "c", 4),  // CUIDs: all start with c
            ("usr_0aa", "usr_zz9", "usr_", 3),
        ])
    func stringRanges(_ low: String, _ high: String, _ prefix: String, _ parts: Int) {
        let ranges = ChunkPlanner.stringRanges(
            column: "id", min: low, max: high, bytes: Int64(parts) * 100, chunkBytes: 100)
        #expect(ranges.count == parts)
        var previous: String?
        for range in ranges {
            guard case .stringRange(_, let from, let to) = range else { Issue.record("not a string range"); return }
            #expect(from == previous)
            if let to {
                #expect(to.hasPrefix(prefix) && to.count == prefix.count + 1)
                #expect(to.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" })
                if let from { #expect(from < to) }
            }
            previous = to
        }
        guard case .stringRange(_, _, nil) = ranges.last! else { Issue.record("last range must be open"); return }
    }

    @Test func unsplittableStringKeysStayWhole() {
        // A prefix with characters that cannot form a safe literal, or nothing to split.
        #expect(
            ChunkPlanner.stringRanges(column: "k", min: "it's a", max: "it's z", bytes: 1000, chunkBytes: 10) == [.all])
        #expect(ChunkPlanner.stringRanges(column: "k", min: "same", max: "same", bytes: 1000, chunkBytes: 10) == [.all])
    }

    @Test func earlyIndexesMatchTheArchiveListing() {
        let listing = """
            ;
            ; Archive created at 2026-11-21
            ;
            215; 1259 16386 TABLE public t postgres
            3301; 2606 16420 CONSTRAINT public t t_pkey postgres
            3302; 1259 16421 INDEX public t_v_idx postgres
            3303; 1259 16422 INDEX public weird name idx postgres
            3304; 2606 16423 FK CONSTRAINT public u u_t_fkey postgres
            3305; 1259 16424 INDEX public old_idx postgres
            """
        func table(_ name: String, _ indexes: [IndexEntry]) -> TableEntry {
            TableEntry(
                schema: "public", name: name, columns: [], rows: 0, uncompressedBytes: 0, chunks: [], partitionOf: nil,
                format: .binary, indexes: indexes)
        }
        let t = table(
            "t",
            [
                IndexEntry(name: "t_pkey", constraint: "t_pkey", sql: "ALTER ...", extras: []),
                IndexEntry(name: "t_v_idx", constraint: nil, sql: "CREATE INDEX ...", extras: []),
            ])
        let odd = table("odd", [IndexEntry(name: "weird name", constraint: nil, sql: "CREATE INDEX ...", extras: [])])
        // From a backup made before dbops recorded what pg_dump writes with an index.
        let old = table("old", [IndexEntry(name: "old_idx", constraint: nil, sql: "CREATE INDEX ...")])
        let plan = EarlyIndexes.plan([t, odd, old], listing: listing)
        #expect(plan.early["public.t"]?.count == 2)
        #expect(plan.early["public.odd"] == nil, "an index whose listing line is ambiguous is left to pg_restore")
        #expect(plan.early["public.old"] == nil, "an index whose extras are unknown is left to pg_restore")
        let remaining = plan.remainingListing.split(separator: "\n")
        #expect(remaining.contains(";3301; 2606 16420 CONSTRAINT public t t_pkey postgres"))
        #expect(remaining.contains(";3302; 1259 16421 INDEX public t_v_idx postgres"))
        #expect(remaining.contains("3303; 1259 16422 INDEX public weird name idx postgres"))
        #expect(remaining.contains("3304; 2606 16423 FK CONSTRAINT public u u_t_fkey postgres"))
        #expect(remaining.contains("3305; 1259 16424 INDEX public old_idx postgres"))
    }
}
