import DBCore
import Foundation

/// Counts what remains to be done per table (files to load, indexes to build), to act
/// once a whole table is through.
final class TableCompletion: @unchecked Sendable {
    private let lock = NSLock()
    private var remaining: [String: Int] = [:]

    /// Each table's data files.
    convenience init(_ tables: [TableEntry]) {
        self.init(counts: Dictionary(tables.map { ($0.qualifiedName, $0.chunks.count) }, uniquingKeysWith: +))
    }

    /// Any count per qualified table name.
    init(counts: [String: Int]) {
        remaining = counts
    }

    func done(_ table: TableEntry, files: Int) -> Bool {
        done(table.qualifiedName, count: files)
    }

    /// True for the call that brings the table's count to zero.
    func done(_ table: String, count: Int = 1) -> Bool {
        lock.lock(); defer { lock.unlock() }
        remaining[table, default: 0] -= count
        return remaining[table] == 0
    }
}
