import Foundation

/// Splits a stream of chunks into lines, each cut at `limit` bytes (the rest of a longer
/// line skipped), so no input — a bulk INSERT of a gigabyte, /dev/zero — holds more than
/// `limit` of it in memory.
struct CappedLineSplitter {
    let limit: Int
    private var pending = Data()
    /// Inside a line already cut: its bytes up to the next line end are dropped.
    private var skipping = false

    init(limit: Int) { self.limit = limit }

    /// Calls `line` for each line the chunk completes, and for a line cut at the limit.
    mutating func feed(_ raw: UnsafeRawBufferPointer, _ line: (String) throws -> Void) throws {
        var chunk = raw[...]
        if skipping {
            guard let newline = chunk.firstIndex(of: 10) else { return }
            chunk = chunk[(newline + 1)...]
            skipping = false
        }
        // Only the new bytes are searched for a line's end: a line longer than a chunk
        // (a bulk INSERT of many megabytes) was searched again from its start with every
        // chunk that added to it.
        var searchFrom = pending.count
        pending.append(contentsOf: chunk)
        // The chunk's lines are read in place and the consumed bytes dropped once: dropping
        // each line from the front moved the rest of the chunk every time (a 140 MB log
        // took 40 s).
        var start = pending.startIndex
        while let newline = pending[(pending.startIndex + searchFrom)...].firstIndex(of: 10) {
            try line(String(decoding: pending[start..<newline], as: UTF8.self))
            start = newline + 1
            searchFrom = start - pending.startIndex
        }
        pending.removeSubrange(pending.startIndex..<start)
        if pending.count > limit {
            try line(String(decoding: pending.prefix(limit), as: UTF8.self))
            pending.removeAll()
            skipping = true
        }
    }

    /// The last line, when the input does not end with a line end.
    mutating func finish(_ line: (String) throws -> Void) throws {
        if !pending.isEmpty { try line(String(decoding: pending, as: UTF8.self)) }
        pending.removeAll()
    }
}
