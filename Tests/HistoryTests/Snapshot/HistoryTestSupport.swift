import DBCore
import Foundation
import History

/// A history store in a folder of its own, deleted afterwards.
func withStore<T>(_ body: (SQLiteHistoryStore, String) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-history-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("history.sqlite").path
    return try body(try SQLiteHistoryStore(path: path), path)
}

/// Snapshot options without analytics (the fixture tests ask for it themselves).
func plainOptions() -> SnapshotOptions {
    var options = SnapshotOptions()
    options.analytics = nil
    return options
}
