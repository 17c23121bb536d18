import DBCore
import Foundation
import History
import Testing
import TestSupport

/// A store whose first write fails (here a full disk) is still its owner's only: the file
/// and its WAL were created 0644 and made 0600 only once the store had opened, so a failed
/// first snapshot left statement texts' home readable by everyone.
@Suite("History: a new store on a full disk")
struct FullDiskStoreTests {
    @Test("Fails in one error and leaves the file and its WAL mode 0600")
    func fullDiskLeavesThePrivateMode() throws {
        let mountPoint = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dbops-hfull-\(UUID().uuidString.prefix(6))"
        ).path
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: mountPoint) }
        let mount = try Spawned.run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint])
        try #require(mount.status == 0, "this test mounts a 64 KB tmpfs and needs root")
        defer { _ = try? Spawned.run("/bin/umount", [mountPoint]) }
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
