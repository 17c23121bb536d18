@testable import Archive
import DBCore
import Foundation
import Testing
import TestSupport

/// Names dbops makes from a table's name (its archive table, a partition) at the server's
/// identifier limit. PostgreSQL cuts a name past 63 bytes with only a NOTICE: a 63-byte
/// table's `_archive` became the table itself, and every monthly partition of a 58-byte
/// table became `..._2027`, so the second month failed for good. MySQL refuses past 64.
@Suite("Names at the identifier limit")
struct LongIdentifierTests {
    /// The longest name each engine keeps whole.
    static func longest(_ engine: Engine, _ letter: Character) -> String {
        String(repeating: letter, count: engine == .postgres ? 63 : 64)
    }

    @Test("A table at the limit is archived into an archive table of its own", arguments: Engine.allCases)
    func archiveAtTheLimit(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "archlong") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            let d = connection.dialect
            let root = Self.longest(engine, "r")
            // Multi-byte characters: PostgreSQL's limit is in bytes, MySQL's in characters.
            let child = String(repeating: "é", count: engine == .postgres ? 31 : 64)
            if engine == .postgres {
                try connection.executeScript(
                    """
                    CREATE TABLE \(d.quote(root)) (id bigint PRIMARY KEY, at timestamptz NOT NULL);
                    CREATE TABLE \(d.quote(child)) (id bigint PRIMARY KEY, root_id bigint NOT NULL REFERENCES \(d.quote(root)));
                    INSERT INTO \(d.quote(root)) SELECT i, now() - i * interval '1 day' FROM generate_series(1, 50) i;
                    INSERT INTO \(d.quote(child)) SELECT i, i FROM generate_series(1, 50) i;
                    """)
            } else {
                try connection.executeScript(
                    """
                    CREATE TABLE \(d.quote(root)) (id BIGINT PRIMARY KEY, at DATETIME NOT NULL);
                    CREATE TABLE \(d.quote(child)) (id BIGINT PRIMARY KEY, root_id BIGINT NOT NULL,
                        FOREIGN KEY (root_id) REFERENCES \(d.quote(root)) (id));
                    INSERT INTO \(d.quote(root)) SELECT seq, UTC_TIMESTAMP() - INTERVAL seq DAY FROM seq_1_to_50;
                    INSERT INTO \(d.quote(child)) SELECT seq, seq FROM seq_1_to_50;
                    """)
            }
            var options = ArchiveOptions()
            options.rules = [ArchiveRule(name: "r", table: root, timeColumn: "at", olderThan: 10 * 86_400 + 3600)]
            options.builtIn = false
            options.maintenance.pause = 0
            let report = try ArchiveRunner.run(scratch.config, label: "t", options: options)
            #expect(report.outcome == .complete, "\(report.error ?? "")")
            #expect(report.tables.first?.rows == 40)
            let rootArchive = d.fitted(root, suffix: "_archive")
            let childArchive = d.fitted(child, suffix: "_archive")
            #expect(rootArchive.hasSuffix("_archive") && d.fits(rootArchive) && rootArchive != root)
            let count = { (table: String) in try connection.scalar("SELECT count(*) FROM \(d.quote(table))") }
            #expect(try count(root) == "10" && count(rootArchive) == "40")
            #expect(try count(child) == "10" && count(childArchive) == "40")
        }
    }

    @Test("Two tables that would share a shortened archive name, or an empty suffix, are refused before any row moves")
    func sharedArchiveNameRefused() throws {
        try ScratchDatabase.with(.postgres, prefix: "archlong") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            let d = connection.dialect
            let stem = String(repeating: "c", count: 60)
            try connection.executeScript(
                """
                CREATE TABLE root (id bigint PRIMARY KEY, at timestamptz NOT NULL);
                CREATE TABLE \(d.quote(stem + "_one")) (id bigint PRIMARY KEY, root_id bigint REFERENCES root);
                CREATE TABLE \(d.quote(stem + "_two")) (id bigint PRIMARY KEY, root_id bigint REFERENCES root);
                INSERT INTO root SELECT i, now() - i * interval '1 day' FROM generate_series(1, 20) i;
                """)
            for (suffix, expected) in [
                ("_archive", "would share the archive table"), ("", "a table the rule moves rows from"),
            ] {
                var options = ArchiveOptions()
                options.rules = [
                    ArchiveRule(name: "r", table: "root", timeColumn: "at", olderThan: 5 * 86_400, suffix: suffix)
                ]
                options.builtIn = false
                let report = try ArchiveRunner.run(scratch.config, label: "t", options: options)
                #expect(report.outcome != .complete)
                #expect((report.error ?? "").contains(expected), "\(suffix): \(report.error ?? "")")
                #expect(try connection.scalar("SELECT count(*) FROM root") == "20", "nothing moved")
            }
        }
    }

    @Test("Monthly partitions of a table near the limit get names of their own")
    func partitionsNearTheLimit() throws {
        try ScratchDatabase.with(.postgres, prefix: "partlong") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            let d = connection.dialect
            let table = String(repeating: "p", count: 58)
            try connection.executeScript(
                """
                CREATE TABLE \(d.quote(table)) (id bigint, at timestamptz NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
                CREATE TABLE \(d.quote(table + "_d")) PARTITION OF \(d.quote(table)) DEFAULT;
                """)
            var options = PartitionOptions()
            options.rules = [
                PartitionRule(name: "p", table: table, column: "at", interval: .monthly, premake: 3, timeZone: "UTC")
            ]
            options.builtIn = false
            let report = try PartitionRunner.run(scratch.config, label: "t", options: options)
            #expect(report.status == .ok, "\(report.tables.first?.problems ?? [])")
            let names = try connection.query(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '\(table)'::regclass"
            ).rows.compactMap { $0["relname"] }
            #expect(names.count == 5, "the default and four months: \(names)")
            #expect(Set(names).count == names.count && names.allSatisfy(d.fits))
        }
    }
}
