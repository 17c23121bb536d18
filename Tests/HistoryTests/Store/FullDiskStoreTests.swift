import DBCore
import Foundation
import History
import Testing
import TestSupport

/// A store whose first write fails (here a full disk) is still its owner's only: the file
/// and its WAL were created 0644 and made 0600 only once the store had opened, so a failed
/// first snapshot left statement texts' home readable by everyone.
@Suite("History: a store on a full disk")
struct FullDiskStoreTests {
    @Test("Fails in one error and leaves the file and its WAL mode 0600")
    func fullDiskLeavesThePrivateMode() throws {
        try withSmallFileSystem(size: "64k") { mountPoint in
            let path = mountPoint + "/history.sqlite"
            let error = #expect(throws: DBError.self) { try SQLiteHistoryStore(path: path) }
            #expect(error?.message.contains("full") == true, "\(String(describing: error))")
            var checked = 0
            for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
                let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
                #expect(mode == 0o600, "\(file) is its owner's only")
                checked += 1
            }
            #expect(checked >= 2, "the store and its WAL were created before the disk filled")
        }
    }

    /// A store already holding snapshots, whose disk fills before the next one: SQLite says
    /// "disk I/O error" (the WAL's write failed, not the database file's), which sent an
    /// operator looking for a failing disk rather than a full one.
    @Test("An existing store's write on a full disk says the disk is full, and the store stays readable once freed")
    func fullDiskAfterwardsNamesTheSpace() throws {
        try withSmallFileSystem(size: "2m") { mountPoint in
            let path = mountPoint + "/history.sqlite"
            func snapshot(_ label: String) -> TargetSnapshot {
                var snapshot = TargetSnapshot(target: label, engine: .postgres, takenAt: Date())
                snapshot.samples = (0..<2_000).map { HistorySample("table.total_bytes", "public.t\($0)", Double($0)) }
                return snapshot
            }
            try SQLiteHistoryStore(path: path).record(snapshot("first"))
            let filler = mountPoint + "/filler"
            #expect(FileManager.default.createFile(atPath: filler, contents: nil))
            let handle = try #require(FileHandle(forWritingAtPath: filler))
            while (try? handle.write(contentsOf: Data(count: 64 << 10))) != nil {}
            try? handle.close()
            let error = #expect(throws: DBError.self) { try SQLiteHistoryStore(path: path).record(snapshot("second")) }
            #expect(error?.message.contains("no space left on device") == true, "\(String(describing: error))")
            try FileManager.default.removeItem(atPath: filler)
            #expect(
                try SQLiteHistoryStore(path: path).targets() == ["first"], "the failed snapshot left nothing behind")
        }
    }
}
