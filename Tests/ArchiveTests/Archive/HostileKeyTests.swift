@testable import Archive
import DBCore
import Foundation
import Testing
import TestSupport

/// Foreign keys whose columns are named with the characters a list separator would be made
/// of (a comma, a tab, a quote): archive follows them whole. Their column lists came back
/// comma-joined and were split on commas, so `a,b` became two columns that do not exist.
@Suite("Archive with hostile key names")
struct HostileKeyTests {
    static let parent = "par,ent \"p\""
    static let child = "ch\tild"

    @Test("Follows a foreign key on columns named with commas, tabs and quotes", arguments: Engine.allCases)
    func hostileForeignKeyColumns(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "archk") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            let d = connection.dialect
            let (p, c) = (d.quote(Self.parent), d.quote(Self.child))
            let (key, at, ref, other) = (d.quote("a,b"), d.quote("up\tdated"), d.quote("x\ty,\"z\""), d.quote("q,r"))
            if engine == .postgres {
                try connection.executeScript(
                    """
                    CREATE TABLE \(p) (\(key) bigint PRIMARY KEY, \(at) timestamp NOT NULL);
                    CREATE TABLE \(c) (id bigint PRIMARY KEY, \(ref) bigint NOT NULL REFERENCES \(p) (\(key)), \(other) int);
                    INSERT INTO \(p) SELECT i, now() - (i - 0.5) * interval '1 day' FROM generate_series(1, 100) i;
                    INSERT INTO \(c) SELECT i, i % 100 + 1, i FROM generate_series(1, 300) i;
                    """)
            } else {
                try connection.executeScript(
                    """
                    CREATE TABLE \(p) (\(key) BIGINT PRIMARY KEY, \(at) DATETIME NOT NULL);
                    CREATE TABLE \(c) (id BIGINT PRIMARY KEY, \(ref) BIGINT NOT NULL, \(other) INT,
                        FOREIGN KEY (\(ref)) REFERENCES \(p) (\(key)));
                    INSERT INTO \(p) SELECT seq, UTC_TIMESTAMP() - INTERVAL (seq * 24 - 12) HOUR FROM seq_1_to_100;
                    INSERT INTO \(c) SELECT seq, seq % 100 + 1, seq FROM seq_1_to_300;
                    """)
            }
            var options = ArchiveOptions()
            options.rules = [
                ArchiveRule(name: "p", table: Self.parent, timeColumn: "up\tdated", olderThan: 30 * 86_400)
            ]
            options.builtIn = false
            options.maintenance.batchSize = 16
            options.maintenance.pause = 0
            let report = try ArchiveRunner.run(scratch.config, label: "t", options: options)
            #expect(report.outcome == .complete, "\(report.error ?? "")")
            // Parents 31 to 100 (30.5 days old and more) are due, with their three children each.
            #expect(report.tables.first?.rows == 70)
            #expect(report.tables.first?.related == [Self.child: 210])
            let count = { (table: String) in try connection.scalar("SELECT count(*) FROM \(d.quote(table))") }
            #expect(try count(Self.parent) == "30" && count(Self.parent + "_archive") == "70")
            #expect(try count(Self.child) == "90" && count(Self.child + "_archive") == "210")
            #expect(
                try connection.scalar("SELECT count(*) FROM \(c) WHERE \(ref) NOT IN (SELECT \(key) FROM \(p))") == "0",
                "every live child keeps its parent")
        }
    }
}
