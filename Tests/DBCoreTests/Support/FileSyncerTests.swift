import DBCore
import Foundation
import Testing

@Suite("FileSyncer")
struct FileSyncerTests {
    @Test("Files handed over are synced and closed by drain; more files than the limit wait, none is lost")
    func syncsAndCloses() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-syncer-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let syncer = FileSyncer(limit: 4, threads: 2)
        for i in 0..<50 {
            let writer = try DurableFileWriter(path: folder + "/f\(i)")
            try writer.write(Data("file \(i)\n".utf8))
            try writer.close(syncingWith: syncer)
        }
        try syncer.drain()
        for i in 0..<50 {
            #expect(try String(contentsOfFile: folder + "/f\(i)", encoding: .utf8) == "file \(i)\n")
        }
        // Drained: nothing more is waiting, and the syncer reports no failure.
        try syncer.check()
    }

    @Test("A failed fsync is kept: check throws from then on, and drain throws it")
    func failureIsReported() throws {
        let syncer = FileSyncer(limit: 4, threads: 1)
        // A descriptor that is not open: fsync fails (EBADF), as a failed write-back would.
        syncer.hand(987_654, path: "/backup/data/0001.t.zst")
        #expect(throws: DBError.self) { try syncer.drain() }
        do {
            try syncer.check()
            Issue.record("check did not throw after a failed fsync")
        } catch let error as DBError {
            #expect(error.message.contains("cannot sync /backup/data/0001.t.zst"), "\(error)")
        }
    }
}
