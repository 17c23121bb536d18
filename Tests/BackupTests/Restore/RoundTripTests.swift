@testable import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// Backup and restore of the five applications' fixture databases, on their engines and
/// the MariaDB copies (and AI_SMARTLITE partitioned), checked with pg_dump/mariadb-dump and
/// SQL checksums.
@Suite("Backup round trips of the fixtures")
struct RoundTripTests {
    static let fixtures: [(Engine, String)] = [
        (.postgres, "infinitestories"), (.postgres, "character_creation"), (.postgres, "storyboardai"),
        (.mysql, "scriptpal"), (.mysql, "ai_smartlite"), (.mysql, "storyboardai"), (.mysql, "infinitestories"),
        // AI_SMARTLITE with its large tables partitioned monthly: the partitions come back too.
        (.mysql, "ai_smartlite_partitioned"),
    ]

    @Test("Fixture database round trip", arguments: fixtures)
    func fixture(_ engine: Engine, _ database: String) throws {
        try withTemporaryDirectory { folder in
            let path = folder + "/backup"
            // Small chunks: every table of size is split, as a dominant table would be.
            let summary = try BackupRunner.run(
                try config(engine, database),
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

@Suite("PostgreSQL COPY formats")
struct CopyFormatTests {
    @Test("--copy-format text round-trips too, and the manifest records each table's format")
    func textFormat() throws {
        try withTemporaryDirectory { folder in
            var options = BackupOptions(output: folder + "/text", jobs: 2, chunkBytes: 1 << 20)
            options.copyFormat = .text
            _ = try BackupRunner.run(try config(.postgres, "infinitestories"), options: options)
            let manifest =
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: folder + "/text/manifest.json"))) as? [String: Any]
            let formats = Set(((manifest?["tables"] as? [[String: Any]]) ?? []).compactMap { $0["format"] as? String })
            #expect(formats == ["text"])
            try expectIdentical(.postgres, source: "infinitestories", restoredFrom: folder + "/text")

            _ = try BackupRunner.run(
                try config(.postgres, "character_creation"), options: BackupOptions(output: folder + "/binary"))
            let binary =
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: folder + "/binary/manifest.json"))) as? [String: Any]
            #expect(
                Set(((binary?["tables"] as? [[String: Any]]) ?? []).compactMap { $0["format"] as? String }) == [
                    "binary"
                ])
        }
    }

    @Test("Binary COPY rows are counted however the stream is cut, and damage is caught")
    func binaryCounting() throws {
        let connection = try TestServers.connect(.postgres)
        defer { connection.close() }
        var stream: [UInt8] = []
        let rows = try (connection as! PostgresConnection).copyOut(
            "COPY (SELECT g, repeat('x', g % 50), CASE WHEN g % 3 = 0 THEN NULL ELSE now() END FROM generate_series(1, 2000) g) TO STDOUT (FORMAT binary)"
        ) { stream.append(contentsOf: $0) }
        #expect(rows == 2000)
        for cut in [1, 2, 3, 5, 7, 19, 4096, stream.count] {
            let counter = DataFormat.binary.makeCounter()
            var offset = 0
            while offset < stream.count {
                let end = min(stream.count, offset + cut)
                try stream[offset..<end].withUnsafeBytes { try counter.feed($0) }
                offset = end
            }
            #expect(try counter.finish() == 2000)
        }
        let truncated = DataFormat.binary.makeCounter()
        try stream.dropLast(10).withUnsafeBytes { try truncated.feed($0) }
        #expect(throws: DBError.self) { _ = try truncated.finish() }
    }
}
