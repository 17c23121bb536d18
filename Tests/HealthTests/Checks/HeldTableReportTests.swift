import DBCore
import Foundation
import Health
import Testing
import TestSupport

/// On-call reports while a migration holds a table ACCESS EXCLUSIVE on PostgreSQL (an ALTER,
/// a REINDEX of one of its indexes, a DROP INDEX): the size functions and pg_get_expr wait
/// for that lock, and the lock timeout then failed the whole statement, so database_size
/// came back UNKNOWN and index-usage failed as a whole. The held tables are now named and
/// everything else reported.
@Suite("Health and index-usage around held tables")
struct HeldTableReportTests {
    static let setup = """
        CREATE TABLE free (id int PRIMARY KEY, a int);
        CREATE INDEX free_a1 ON free (a);
        CREATE INDEX free_a2 ON free (a);
        CREATE TABLE migrating (id int PRIMARY KEY, a int);
        CREATE INDEX migrating_a1 ON migrating (a);
        CREATE INDEX migrating_a2 ON migrating (a);
        CREATE TABLE reindexing (id int PRIMARY KEY, a int);
        CREATE TABLE broken (id int PRIMARY KEY, a int);
        INSERT INTO free SELECT g, g % 10 FROM generate_series(1, 2000) g;
        INSERT INTO migrating SELECT g, g % 10 FROM generate_series(1, 2000) g;
        INSERT INTO reindexing SELECT g, g FROM generate_series(1, 2000) g;
        INSERT INTO broken SELECT g, g % 10 FROM generate_series(1, 2000) g;
        ANALYZE
        """

    /// Runs `body` while another session holds `migrating` (LOCK TABLE), the primary key of
    /// `reindexing` (REINDEX INDEX: SHARE on the table, ACCESS EXCLUSIVE on the index) and
    /// `broken`'s invalid index (DROP INDEX), all uncommitted.
    func aroundHeldTables(_ body: (ScratchDatabase) throws -> Void) throws {
        try ScratchDatabase.with(.postgres, prefix: "heldrep") { scratch in
            let app = try scratch.connect()
            defer { app.close() }
            try app.executeScript(Self.setup)
            #expect(throws: DBError.self) {
                try app.executeScript("CREATE UNIQUE INDEX CONCURRENTLY broken_a ON broken (a)")
            }
            try app.executeScript(
                "BEGIN; LOCK TABLE migrating IN ACCESS EXCLUSIVE MODE; REINDEX INDEX reindexing_pkey; DROP INDEX broken_a"
            )
            defer { _ = try? app.execute("ROLLBACK") }
            try body(scratch)
        }
    }

    @Test("database_size measures the free tables and names the held ones; invalid_indexes still counts")
    func healthAroundHeldTables() throws {
        try aroundHeldTables { scratch in
            var thresholds: [String: Thresholds] = [:]
            for info in HealthRunner.catalog(for: .postgres) { thresholds[info.name] = info.defaults }
            let report = HealthRunner.run(
                try scratch.config,
                options: HealthOptions(
                    checks: ["database_size", "invalid_indexes"], thresholds: thresholds,
                    session: SessionSettings(statementTimeout: 5, lockTimeout: 0.3, readOnly: true), largestTables: 10)
            )
            let size = try #require(report.check("database_size"))
            #expect(size.status == .ok, "\(size.summary)")
            let listed = Set(size.details.compactMap { $0["table"]?.description })
            #expect(listed == ["free"], "\(listed)")
            for table in ["public.migrating", "public.reindexing", "public.broken"] {
                #expect(size.summary.contains(table), "\(size.summary)")
            }
            let invalid = try #require(report.check("invalid_indexes"))
            #expect(invalid.status != .unknown && invalid.value == 1, "\(invalid.summary)")
        }
    }

    @Test("index-usage analyses the free tables and names the held ones")
    func indexUsageAroundHeldTables() throws {
        try aroundHeldTables { scratch in
            var options = IndexUsageOptions()
            options.session.lockTimeout = 0.3
            let report = try IndexUsageRunner.run(try scratch.config, label: "held", options: options)
            let duplicates = report.findings.filter { $0.kind == .duplicate }.map { "\($0.table).\($0.index ?? "")" }
            // migrating_a2 is as much a duplicate, but a held table's indexes are not read.
            #expect(duplicates == ["free.free_a2"], "\(duplicates)")
            #expect(!report.findings.contains { $0.kind == .invalid }, "broken's indexes are not read")
            let note = report.undetermined.first { $0.contains("ACCESS EXCLUSIVE") } ?? ""
            #expect(note.contains("3 table(s)"), "\(report.undetermined)")
            for table in ["public.migrating", "public.reindexing", "public.broken"] {
                #expect(note.contains(table), "\(note)")
            }
        }
    }
}
