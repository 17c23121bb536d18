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

    @Test("An archive file of a table named with * and ? holds that table's rows alone", arguments: Engine.allCases)
    func globCharactersInNames(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "archg") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            let d = connection.dialect
            let series = engine == .postgres ? "generate_series(1, 10) g" : "seq_1_to_10"
            let column = engine == .postgres ? "g" : "seq"
            let old = engine == .postgres ? "now() - interval '400 days'" : "UTC_TIMESTAMP() - INTERVAL 400 DAY"
            // `orders_archive` is what the archive table's name read as a pattern matches.
            try connection.executeScript(
                """
                CREATE TABLE \(d.quote("o*s")) (id int PRIMARY KEY, closed_at timestamp NOT NULL);
                INSERT INTO \(d.quote("o*s")) SELECT \(column), \(old) FROM \(series);
                CREATE TABLE orders_archive (id int PRIMARY KEY, secret text);
                INSERT INTO orders_archive SELECT \(column), 'not archived' FROM \(series);
                """)
            try withTemporaryDirectory { directory in
                var options = ArchiveOptions()
                options.rules = [ArchiveRule(name: "o", table: "o*s", timeColumn: "closed_at", olderThan: 30 * 86_400)]
                options.builtIn = false
                options.maintenance.pause = 0
                options.files = directory
                let report = try ArchiveRunner.run(scratch.config, label: "t", options: options)
                #expect(report.outcome == .complete && report.rows == 10, "\(report.error ?? "")")
                let file = try #require(
                    try FileManager.default.contentsOfDirectory(atPath: directory).first { !$0.hasSuffix(".json") })
                let manifest = try #require(
                    try JSONSerialization.jsonObject(
                        with: Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(file)/manifest.json")))
                        as? [String: Any])
                let tables = (manifest["tables"] as? [[String: Any]] ?? []).map { "\($0["name"] ?? "")" }
                #expect(tables == ["o*s_archive"], "\(tables)")
                #expect(try connection.scalar("SELECT count(*) FROM orders_archive") == "10")
            }
        }
    }

    @Test("Restores roots whose text keys hold commas, named as typed or as a JSON array", arguments: Engine.allCases)
    func commaKeys(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "archck") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            let old = engine == .postgres ? "now() - interval '90 days'" : "UTC_TIMESTAMP() - INTERVAL 90 DAY"
            let time = engine == .postgres ? "timestamp" : "DATETIME"
            try connection.executeScript(
                """
                CREATE TABLE single (name varchar(40) PRIMARY KEY, at \(time) NOT NULL);
                CREATE TABLE pair (a varchar(40) NOT NULL, b int NOT NULL, at \(time) NOT NULL, PRIMARY KEY (a, b));
                INSERT INTO single VALUES ('x,y', \(old)), ('x', \(old)), ('y', \(old)), ('[\"z\"]', \(old));
                INSERT INTO pair VALUES ('a,b', 2, \(old)), ('a', 2, \(old)), ('b', 2, \(old));
                """)
            var options = ArchiveOptions()
            options.rules = [
                ArchiveRule(name: "single", table: "single", timeColumn: "at", olderThan: 30 * 86_400),
                ArchiveRule(name: "pair", table: "pair", timeColumn: "at", olderThan: 30 * 86_400),
            ]
            options.builtIn = false
            options.maintenance.pause = 0
            #expect(try ArchiveRunner.run(scratch.config, label: "t", options: options).rows == 7)
            let live = { (table: String) in
                try connection.query("SELECT * FROM \(table) ORDER BY 1").rows.map { $0[0] ?? "" }
            }
            // A one-column key is the whole text, commas and brackets included, as typed.
            let single = try withTemporaryDirectory { folder in
                let config = folder + "/dbops.toml"
                try """
                [archive.rules.single]
                table = "single"
                time_column = "at"
                older_than = "30d"
                """.write(toFile: config, atomically: true, encoding: .utf8)
                return try DBOpsProcess.run(
                    [
                        "--config", config, "archive", "restore", "--no-builtin", "--rule", "single", "--key", "x,y",
                        "--key", "[\"z\"]",
                    ],
                    environment: ["DBOPS_URL": try scratch.url])
            }
            #expect(single.exitCode == 0, "\(single.stderr)")
            #expect(try live("single") == ["[\"z\"]", "x,y"])
            options.rules = [ArchiveRule(name: "pair", table: "pair", timeColumn: "at", olderThan: 30 * 86_400)]
            let pair = try ArchiveRunner.restore(
                scratch.config, label: "t", options: options, keys: [["[\"a,b\", \"2\"]"], ["b,2"]])
            #expect(pair.outcome == .complete && pair.rows == 2, "\(pair.error ?? "")")
            #expect(try live("pair") == ["a,b", "b"])
            // The plain form of a key with a comma has one value too many: refused, nothing moved.
            #expect(throws: DBError.self) {
                try ArchiveRunner.restore(scratch.config, label: "t", options: options, keys: [["a,b,2"]])
            }
            #expect(throws: DBError.self) {
                try ArchiveRunner.restore(scratch.config, label: "t", options: options, keys: [["[\"a\", 2]"]])
            }
            #expect(try live("pair") == ["a,b", "b"])
        }
    }
}
