import DBCore
import Foundation

/// Chunk files as workers finish them, assembled in table and chunk order.
final class ChunkResults: @unchecked Sendable {
    private let lock = NSLock()
    private let plans: [TablePlan]
    private var files: [Int: [Int: FileEntry]] = [:]

    init(plans: [TablePlan]) { self.plans = plans }

    /// Records a chunk; true when it completes its table.
    func add(_ entry: FileEntry, table: Int, chunk: Int) -> Bool {
        lock.lock(); defer { lock.unlock() }
        files[table, default: [:]][chunk] = entry
        return files[table]?.count == plans.first(where: { $0.index == table })?.chunks.count
    }

    func entries() -> [TableEntry] {
        lock.lock(); defer { lock.unlock() }
        return plans.map { plan in
            let chunks = (0..<plan.chunks.count).compactMap { files[plan.index]?[$0] }
            var entry = TableEntry(
                schema: plan.schema, name: plan.name, columns: plan.columns,
                rows: chunks.reduce(0) { $0 + ($1.rows ?? 0) },
                uncompressedBytes: chunks.reduce(0) { $0 + $1.uncompressedBytes },
                chunks: chunks, partitionOf: plan.partitionOf, format: plan.format, indexes: plan.indexes)
            entry.contentChecksum = TableEntry.contentChecksum(of: chunks)
            entry.history = plan.history ? true : nil
            entry.partitionAncestors = plan.partitionAncestors
            return entry
        }
    }
}
