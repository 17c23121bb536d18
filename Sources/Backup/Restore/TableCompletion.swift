import DBCore
import Foundation

/// Counts finished files per table, to report whole tables done.
final class TableCompletion: @unchecked Sendable {
    private let lock = NSLock()
    private var remaining: [String: Int] = [:]

    init(_ tables: [TableEntry]) {
        for table in tables { remaining[table.qualifiedName] = table.chunks.count }
    }

    func done(_ table: TableEntry, files: Int) -> Bool {
        lock.lock(); defer { lock.unlock() }
        remaining[table.qualifiedName, default: 0] -= files
        return remaining[table.qualifiedName] == 0
    }
}
