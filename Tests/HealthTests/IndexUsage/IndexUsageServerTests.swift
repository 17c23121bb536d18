import DBCore
import Foundation
import Health
import Testing
import TestSupport

/// index-usage against real servers, on conditions the tests create, and checked against
/// the established tools' rules: pghero (PostgreSQL) and pt-duplicate-key-checker (MySQL).
@Suite("Index usage on real servers")
struct IndexUsageServerTests {
    func kinds(_ report: IndexUsageReport, _ kind: IndexFinding.Kind) -> Set<String> {
        Set(report.findings.filter { $0.kind == kind }.compactMap { f in f.index.map { "\(f.table).\($0)" } })
    }

    static let postgresSetup = """
        CREATE TABLE parent (id int PRIMARY KEY, name text);
        CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent (id), a int, b int, c int, note text);
        INSERT INTO parent SELECT g, 'p' || g FROM generate_series(1, 100) g;
        INSERT INTO child SELECT g, g % 100 + 1, g % 10, g % 100, g % 1000, repeat('x', 20) FROM generate_series(1, 20000) g;
        CREATE INDEX child_c_unused ON child (c);
        CREATE INDEX child_a_first ON child (a);
        CREATE INDEX child_a_second ON child (a);
        CREATE INDEX child_a_b ON child (a, b);
        CREATE UNIQUE INDEX child_id_a_unique ON child (id, a);
        CREATE INDEX child_b_partial ON child (b) WHERE b > 50;
        CREATE INDEX child_b_plain ON child (b);
        ANALYZE;
        """

    @Test("PostgreSQL: every kind of finding, on conditions made here")
    func postgres() throws {
        try ScratchDatabase.with(.postgres, prefix: "idx") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript(Self.postgresSetup)
            // An invalid index: a unique build that fails half-way.
            #expect(throws: DBError.self) {
                try connection.executeScript("CREATE UNIQUE INDEX CONCURRENTLY child_a_broken ON child (a)")
            }
            // Scans: child_a_b is used; the table is also read by many sequential scans.
            try connection.executeScript("SET enable_seqscan = off; SET enable_bitmapscan = off")
            for i in 0..<5 { _ = try connection.query("SELECT count(*) FROM child WHERE a = \(i) AND b = \(i)") }
            try connection.executeScript(
                "RESET enable_seqscan; RESET enable_bitmapscan; SET enable_indexscan = off; SET enable_bitmapscan = off; SET enable_indexonlyscan = off"
            )
            for _ in 0..<12 { _ = try connection.query("SELECT count(*) FROM child WHERE note = 'nothing'") }
            try connection.executeScript("RESET ALL")
            _ = try connection.query("SELECT pg_stat_force_next_flush()")
            var report = try IndexUsageRunner.run(try scratch.config, label: "pg", options: IndexUsageOptions())
            _ = try eventually(timeout: 10) {
                report = try IndexUsageRunner.run(try scratch.config, label: "pg", options: IndexUsageOptions())
                return !kinds(report, .missingIndex).isEmpty || report.findings.contains { $0.kind == .missingIndex }
            }
            #expect(kinds(report, .unused).contains("child.child_c_unused"))
            #expect(!kinds(report, .unused).contains("child.child_a_b"), "a scanned index is used")
            #expect(
                !kinds(report, .unused).contains("child.child_id_a_unique"), "unique indexes are never called unused")
            #expect(!kinds(report, .unused).contains("child.child_pkey"))
            #expect(kinds(report, .duplicate) == ["child.child_a_second"])
            #expect(kinds(report, .redundantPrefix).contains("child.child_a_first"))
            #expect(
                !kinds(report, .redundantPrefix).contains("child.child_b_partial"),
                "a partial index is not covered by a full one")
            #expect(kinds(report, .invalid) == ["child.child_a_broken"])
            #expect(
                report.findings.contains {
                    $0.kind == .unindexedForeignKey && $0.table == "child" && $0.statement.contains("(parent_id)")
                })
            #expect(report.findings.contains { $0.kind == .missingIndex && $0.table == "child" })
            #expect(report.status == .warning, "an invalid index is a warning")
            #expect(
                report.findings.filter { $0.kind == .duplicate || $0.kind == .unused }.allSatisfy {
                    $0.statement.hasPrefix("DROP INDEX CONCURRENTLY")
                })
            #expect(report.statsAgeSeconds != nil)

            // The report never runs its statements.
            #expect(try connection.scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 'child_a_second'") == "1")
        }
    }

    /// pghero's published rules (lib/pghero/methods/indexes.rb), as SQL and the same
    /// covering test: unused = not unique and idx_scan <= max_scans; duplicate = a plain
    /// index whose columns lead another index of the same method on the same table.
    func pgheroFindings(_ connection: DatabaseConnection) throws -> (
        unused: Set<String>, duplicate: Set<String>, invalid: Set<String>
    ) {
        let unused = Set(
            try connection.query(
                """
                SELECT relname || '.' || indexrelname FROM pg_stat_user_indexes ui
                JOIN pg_index i ON ui.indexrelid = i.indexrelid WHERE NOT indisunique AND idx_scan <= 0
                """
            ).rows.compactMap { $0[0] })
        let invalid = Set(
            try connection.query(
                """
                SELECT t.relname || '.' || c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT i.indisvalid AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
                """
            ).rows.compactMap { $0[0] })
        struct Index {
            let schema: String, table: String, name: String, columns: [String], using: String, unique: Bool,
                primary: Bool, valid: Bool, exprs: Bool, pred: Bool
        }
        let indexes = try connection.query(
            """
            SELECT schemaname, t.relname, ix.relname,
                   regexp_replace(pg_get_indexdef(i.indexrelid), '^[^\\(]*\\((.*)\\)$', '\\1') AS columns,
                   regexp_replace(pg_get_indexdef(i.indexrelid), '.* USING ([^ ]*) \\(.*', '\\1') AS using,
                   indisunique, indisprimary, indisvalid, indexprs IS NOT NULL, indpred IS NOT NULL
            FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ix ON ix.oid = i.indexrelid
            LEFT JOIN pg_stat_user_indexes ui ON ui.indexrelid = i.indexrelid WHERE schemaname IS NOT NULL
            """
        ).rows.map { r in
            Index(
                schema: r[0]!, table: r[1]!, name: r[2]!,
                columns: r[3]!.replacingOccurrences(of: ") WHERE (", with: " WHERE ").components(separatedBy: ", "),
                using: r[4]!, unique: r[5] == "t", primary: r[6] == "t", valid: r[7] == "t", exprs: r[8] == "t",
                pred: r[9] == "t")
        }
        var duplicate: Set<String> = []
        let byTable = Dictionary(grouping: indexes, by: \.table)
        for index in indexes where !index.primary && !index.unique && !index.exprs && !index.pred && index.valid {
            let covering = byTable[index.table]!.first { i in
                Array(i.columns.prefix(index.columns.count)) == index.columns && i.using == index.using
                    && i.name != index.name
                    && i.schema == index.schema && !i.exprs && !i.pred && i.valid
            }
            if let covering, covering.columns != index.columns || index.name > covering.name {
                duplicate.insert("\(index.table).\(index.name)")
            }
        }
        return (unused, duplicate, invalid)
    }

    @Test(
        "PostgreSQL findings agree with pghero's rules", arguments: ["scratch", "storyboardai", "character_creation"])
    func agreesWithPghero(_ database: String) throws {
        func compare(_ config: ConnectionConfig) throws {
            let connection = try Database.connect(config)
            defer { connection.close() }
            let pghero = try pgheroFindings(connection)
            let report = try IndexUsageRunner.run(config, label: "pg", options: IndexUsageOptions())
            let ours = Set(
                report.findings.filter { $0.kind == .duplicate || $0.kind == .redundantPrefix }.compactMap { f in
                    f.index.map { "\(f.table).\($0)" }
                })
            // Everything pghero finds, we find. pghero stops at the first covering index it
            // meets and breaks ties between identical indexes by name even when the other one
            // is unique, so it misses some exact duplicates: those are the only extras allowed.
            #expect(
                pghero.duplicate.isSubset(of: ours),
                "duplicates in \(config.database ?? ""): pghero \(pghero.duplicate.sorted()), ours \(ours.sorted())")
            let exactDuplicates = Set(
                report.findings.filter { $0.kind == .duplicate }.compactMap { f in f.index.map { "\(f.table).\($0)" } })
            let explainedByPrefixOfDuplicate = Set(
                report.findings.filter { f in
                    f.kind == .redundantPrefix
                        && report.findings.contains {
                            $0.kind == .duplicate && $0.table == f.table && $0.coveredBy == f.index
                        }
                }.compactMap { f in f.index.map { "\(f.table).\($0)" } })
            #expect(
                ours.subtracting(pghero.duplicate).isSubset(of: exactDuplicates.union(explainedByPrefixOfDuplicate)),
                "extras in \(config.database ?? ""): \(ours.subtracting(pghero.duplicate).sorted())")
            #expect(kinds(report, .invalid) == pghero.invalid)
            // pghero lists every non-unique index without scans; we leave out the ones
            // already reported as redundant, and those backing constraints or replica identity.
            let unusedOrRedundant = kinds(report, .unused).union(ours)
            #expect(kinds(report, .unused).isSubset(of: pghero.unused), "unused in \(config.database ?? "")")
            #expect(
                pghero.unused.isSubset(of: unusedOrRedundant),
                "unused in \(config.database ?? ""): pghero \(pghero.unused.sorted())")
        }
        if database == "scratch" {
            try ScratchDatabase.with(.postgres, prefix: "pghero") { scratch in
                let connection = try scratch.connect()
                try connection.executeScript(Self.postgresSetup)
                connection.close()
                try compare(try scratch.config)
            }
        } else {
            try compare(try TestServers.config(.postgres, database: database))
        }
    }

    /// pt-duplicate-key-checker's ALTER statements, as (table.index) pairs.
    func ptDuplicateKeyChecker(_ database: String) throws -> (indexes: Set<String>, foreignKeys: Set<String>) {
        let config = try TestServers.config(.mysql)
        var environment = ProcessInfo.processInfo.environment
        environment["MYSQL_PWD"] = config.password?.reveal()
        let checker = try Spawned.run(
            "/usr/bin/pt-duplicate-key-checker",
            ["h=127.0.0.1,P=\(config.port!),u=\(config.user!)", "--databases", database], environment: environment)
        let output = checker.text
        try #require(checker.status == 0, "pt-duplicate-key-checker failed")
        var indexes: Set<String> = [], foreignKeys: Set<String> = []
        let pattern = try NSRegularExpression(
            pattern: #"^ALTER TABLE `[^`]+`\.`([^`]+)` DROP (INDEX|FOREIGN KEY) `([^`]+)`"#, options: .anchorsMatchLines
        )
        for match in pattern.matches(in: output, range: NSRange(output.startIndex..., in: output)) {
            let table = String(output[Range(match.range(at: 1), in: output)!])
            let kind = String(output[Range(match.range(at: 2), in: output)!])
            let name = String(output[Range(match.range(at: 3), in: output)!])
            if kind == "INDEX" { indexes.insert("\(table).\(name)") } else { foreignKeys.insert("\(table).\(name)") }
        }
        return (indexes, foreignKeys)
    }

    static let mysqlSetup = """
        CREATE TABLE parent (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL, UNIQUE KEY email (email), KEY email_again (email)) ENGINE=InnoDB;
        CREATE TABLE child (
            id INT AUTO_INCREMENT PRIMARY KEY, parent_id INT NOT NULL, a INT, b INT, c INT, token VARCHAR(64),
            KEY parent_id (parent_id), KEY a_first (a), KEY a_second (a), KEY a_b (a, b), KEY c_id (c, id),
            KEY token_prefix (token(16)), KEY c_unused (b, c),
            CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id),
            CONSTRAINT child_parent_again FOREIGN KEY (parent_id) REFERENCES parent (id)
        ) ENGINE=InnoDB;
        INSERT INTO parent SELECT seq, CONCAT('p', seq, '@example.com') FROM seq_1_to_100;
        INSERT INTO child (parent_id, a, b, c, token) SELECT seq % 100 + 1, seq % 10, seq % 100, seq % 1000, MD5(seq) FROM seq_1_to_20000;
        """

    @Test("MySQL: every kind of finding, and the redundancy findings agree with pt-duplicate-key-checker")
    func mysql() throws {
        try ScratchDatabase.with(.mysql, prefix: "idx") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript(Self.mysqlSetup)
            for i in 0..<5 {
                _ = try connection.query("SELECT COUNT(*) FROM child FORCE INDEX (a_b) WHERE a = \(i) AND b = \(i)")
            }
            for _ in 0..<12 {
                _ = try connection.query(
                    "SELECT COUNT(*) FROM child IGNORE INDEX (PRIMARY, a_b, a_first, a_second, c_id, c_unused, token_prefix, parent_id) WHERE token = 'none'"
                )
            }
            let report = try IndexUsageRunner.run(try scratch.config, label: "my", options: IndexUsageOptions())
            #expect(kinds(report, .duplicate) == ["child.a_second", "parent.email_again"])
            #expect(kinds(report, .redundantPrefix) == ["child.a_first"])
            #expect(kinds(report, .redundantPrimaryKeySuffix) == ["child.c_id"])
            #expect(report.findings.first { $0.index == "c_id" }?.statement.contains("ADD INDEX `c_id` (`c`)") == true)
            #expect(kinds(report, .duplicateForeignKey) == ["child.child_parent_again"])
            #expect(kinds(report, .unused).contains("child.c_unused"))
            #expect(!kinds(report, .unused).contains("child.a_b"))
            #expect(
                !kinds(report, .unused).contains("child.parent_id"),
                "the index a foreign key needs is not offered for dropping")
            #expect(report.findings.contains { $0.kind == .missingIndex && $0.table == "child" })

            let pt = try ptDuplicateKeyChecker(scratch.name)
            let ours = kinds(report, .duplicate).union(kinds(report, .redundantPrefix)).union(
                kinds(report, .redundantPrimaryKeySuffix))
            #expect(ours == pt.indexes)
            #expect(kinds(report, .duplicateForeignKey) == pt.foreignKeys)
        }
    }

    @Test("MySQL: a column named a,b is one column, not the two of an index on (a, b)")
    func columnNamedWithComma() throws {
        try ScratchDatabase.with(.mysql, prefix: "idxc") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, `a,b` INT, `p,q` INT,
                    KEY two (a, b), KEY one (`a,b`), KEY fk_cols (`p,q`),
                    FOREIGN KEY (`p,q`) REFERENCES t (id));
                INSERT INTO t SELECT seq, seq % 7, seq % 11, seq, NULL FROM seq_1_to_100
                """)
            let report = try IndexUsageRunner.run(try scratch.config, label: "my", options: IndexUsageOptions())
            #expect(kinds(report, .duplicate).isEmpty && kinds(report, .redundantPrefix).isEmpty, "\(report.findings)")
            #expect(
                !report.findings.contains { $0.kind == .unindexedForeignKey },
                "the foreign key on `p,q` has its index: \(report.findings)")
            let pt = try ptDuplicateKeyChecker(scratch.name)
            #expect(pt.indexes.isEmpty)
        }
    }

    @Test(
        "MySQL findings agree with pt-duplicate-key-checker on the fixtures",
        arguments: ["scriptpal", "ai_smartlite", "storyboardai", "infinitestories"])
    func agreesWithPtDuplicateKeyChecker(_ database: String) throws {
        let report = try IndexUsageRunner.run(
            try TestServers.config(.mysql, database: database), label: "my", options: IndexUsageOptions())
        let pt = try ptDuplicateKeyChecker(database)
        let ours = kinds(report, .duplicate).union(kinds(report, .redundantPrefix)).union(
            kinds(report, .redundantPrimaryKeySuffix))
        #expect(ours == pt.indexes, "\(database): ours \(ours.sorted()), pt \(pt.indexes.sorted())")
        #expect(kinds(report, .duplicateForeignKey) == pt.foreignKeys)
    }

    @Test("--across: scans on another server count, so an index used only there is not unused")
    func across() throws {
        try ScratchDatabase.with(.postgres, prefix: "acr") { primary in
            try ScratchDatabase.with(.postgres, prefix: "acr") { replica in
                for database in [primary, replica] {
                    let connection = try database.connect()
                    try connection.executeScript(
                        "CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t SELECT g, g FROM generate_series(1, 5000) g; CREATE INDEX t_v ON t (v); ANALYZE t"
                    )
                    connection.close()
                }
                let reader = try replica.connect()
                try reader.executeScript("SET enable_seqscan = off; SET enable_bitmapscan = off")
                _ = try reader.query("SELECT count(*) FROM t WHERE v = 7")
                _ = try reader.query("SELECT pg_stat_force_next_flush()")
                reader.close()
                let alone = try IndexUsageRunner.run(try primary.config, label: "pg", options: IndexUsageOptions())
                #expect(kinds(alone, .unused).contains("t.t_v"))
                var options = IndexUsageOptions()
                // A second database stands in for the replica here: same schema, its own counters.
                options.across = [try replica.config]
                #expect(
                    eventually(timeout: 10) {
                        !kinds(
                            (try? IndexUsageRunner.run(try! primary.config, label: "pg", options: options)) ?? alone,
                            .unused
                        ).contains("t.t_v")
                    })
            }
        }
    }
}
