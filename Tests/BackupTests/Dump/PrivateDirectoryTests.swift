@testable import Backup
import Foundation
import TestSupport
import Testing

/// The temporary folders a PostgreSQL backup or restore keeps its schema dump in: one left
/// by a run killed with SIGKILL (its process gone) is removed by the next run; a live
/// run's, and anything not named as dbops names them, is left alone.
@Suite("Private temporary folders left by killed runs")
struct PrivateDirectoryTests {
    @Test func foldersOfGoneProcessesAreRemovedOthersKept() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-tmp-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: parent) }
        // A process that has ended: its pid names no process now.
        let ended = try Spawned("/bin/true", [])
        ended.waitUntilExit()
        let gone = "\(parent)/dbops-\(ended.processIdentifier).Ab12Cd"
        let live = "\(parent)/dbops-\(getpid()).Ef34Gh"
        let other = "\(parent)/dbops-notapid.Ij56Kl"
        for folder in [gone, live, other] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data("schema".utf8).write(to: URL(fileURLWithPath: folder + "/schema.dump"))
        }
        PostgresTools.removeAbandonedDirectories(in: parent)
        #expect(!FileManager.default.fileExists(atPath: gone), "the killed run's folder is removed")
        #expect(FileManager.default.fileExists(atPath: live + "/schema.dump"), "a live run's folder stays")
        #expect(FileManager.default.fileExists(atPath: other), "a folder dbops did not name stays")
        let made = try PostgresTools.makePrivateDirectory()
        defer { try? FileManager.default.removeItem(atPath: made) }
        #expect((made as NSString).lastPathComponent.hasPrefix("dbops-\(getpid())."))
        let mode = try FileManager.default.attributesOfItem(atPath: made)[.posixPermissions] as? Int
        #expect(mode == 0o700)
    }
}
