import DBCore
import Foundation

/// Walks a binary COPY stream by its length prefixes, counting tuples, across any chunking
/// of the input.
final class BinaryCopyCounter: RowCounter {
    private var walk = BinaryCopyWalk()

    /// Every restore and verify counts each file's rows this way, so it is a tight loop:
    /// the walk is a value copied in and out (each access to a class's stored property is a
    /// dynamic exclusivity check, which took most of the time), a row lying whole in the
    /// chunk is walked in one go, and only an item split across chunks goes through
    /// `pending`.
    func feed(_ bytes: UnsafeRawBufferPointer) throws {
        var walk = self.walk
        defer { self.walk = walk }
        var index = 0
        while index < bytes.count {
            switch walk.state {
            case .done:
                throw DBError(.corrupt, "binary COPY data continues after its trailer")
            case .headerExtension, .fieldData:
                let n = min(walk.skip, bytes.count - index)
                walk.skip -= n
                index += n
                if walk.skip == 0 {
                    if walk.state == .headerExtension { walk.state = .fieldCount } else { walk.afterField() }
                }
            case .fieldLength where walk.pending.isEmpty && bytes.count - index >= 4:
                try walk.field(BinaryCopyWalk.int32(bytes, index))
                index += 4
            case .fieldCount where walk.pending.isEmpty && bytes.count - index >= 2:
                try walk.rows(bytes, &index)
            case .header, .fieldCount, .fieldLength:
                try walk.split(bytes, &index)
            }
        }
    }

    func finish() throws -> Int64 {
        guard walk.state == .done else {
            throw DBError(.corrupt, "binary COPY data ends in the middle of a row (no trailer)")
        }
        return walk.tuples
    }
}
