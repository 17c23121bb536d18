import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// Backup and restore of the five applications' fixture databases, on their engines and
/// the MariaDB copies, checked with pg_dump/mariadb-dump and SQL checksums.
@Suite("Backup round trips of the fixtures")
struct RoundTripTests {
    static let fixtures: [(Engine, String)] = [
        (.postgres, "infinitestories"), (.postgres, "character_creation"), (.postgres, "storyboardai"),
        (.mysql, "scriptpal"), (.mysql, "ai_smartlite"), (.mysql, "storyboardai"), (.mysql, "infinitestories"),
    ]

    @Test("Fixture database round trip", arguments: fixtures)
    func fixture(_ engine: Engine, _ database: String) throws {
        try withTemporaryDirectory { folder in
            let path = folder + "/backup"
            // Small chunks: every table of size is split, as a dominant table would be.
            let summary = try BackupRunner.run(try config(engine, database),
                                               options: BackupOptions(output: path, jobs: 2, chunkBytes: 512 << 10))
            #expect(summary.rows > 10_000)
            #expect(summary.files > summary.tables, "large tables were split into chunks")
            #expect(summary.compressedBytes < summary.uncompressedBytes / 2)
            let report = try BackupVerifier.verify(path)
            #expect(report.rows == summary.rows)
            try expectIdentical(engine, source: database, restoredFrom: path)
        }
    }
}
