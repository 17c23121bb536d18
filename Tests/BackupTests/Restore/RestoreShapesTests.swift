import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// Shapes the five applications have that a restore must get right: populated
/// materialized views, partitioned tables with keys under --clean, tables others
/// reference under --table.
@Suite("Restore of the applications' shapes")
struct RestoreShapesTests {
    @Test(
        "PostgreSQL: materialized views populated in the source are populated after restore, one built on another too")
    func materializedViews() throws {
        try ScratchDatabase.with(.postgres, prefix: "mv") { source in
            let connection = try source.connect()
            try connection.executeScript(
                """
                CREATE TABLE projects (id int PRIMARY KEY, user_id text NOT NULL);
                INSERT INTO projects SELECT g, 'u' || (g % 7) FROM generate_series(1, 500) g;
                CREATE MATERIALIZED VIEW user_project_stats AS SELECT user_id, count(*) AS projects FROM projects GROUP BY user_id;
                CREATE UNIQUE INDEX ON user_project_stats (user_id);
                CREATE MATERIALIZED VIEW a_busiest AS SELECT max(projects) AS most FROM user_project_stats;
                CREATE MATERIALIZED VIEW never_filled AS SELECT 1 AS x WITH NO DATA;
                """)
            connection.close()
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(try source.config, options: BackupOptions(output: folder + "/b"))
                try ScratchDatabase.with(.postgres, prefix: "mvr") { target in
                    let restore = try DBOpsProcess.run(
                        ["restore", folder + "/b"], environment: ["DBOPS_URL": try target.url])
                    #expect(restore.exitCode == 0, "\(restore)")
                    let check = try target.connect()
                    defer { check.close() }
                    #expect(try check.scalar("SELECT count(*) FROM user_project_stats") == "7")
                    #expect(
                        try check.scalar("SELECT most FROM a_busiest") == "72",
                        "a view reading another is refreshed after it")
                    #expect(
                        try check.scalar("SELECT relispopulated::text FROM pg_class WHERE relname = 'never_filled'")
                            == "false",
                        "one empty in the source stays empty")
                    // The application's own refresh works: CONCURRENTLY needs a populated view.
                    try check.executeScript("REFRESH MATERIALIZED VIEW CONCURRENTLY user_project_stats")
                }
            }
        }
    }

    @Test("PostgreSQL: restore --clean over a database with a partitioned table that has a primary key")
    func cleanPartitioned() throws {
        try ScratchDatabase.with(.postgres, prefix: "cleanpart") { source in
            let connection = try source.connect()
            try connection.executeScript(
                """
                CREATE TABLE audit_log (id bigint, created_at timestamptz NOT NULL, action text, PRIMARY KEY (id, created_at))
                    PARTITION BY RANGE (created_at);
                CREATE TABLE audit_log_2026 PARTITION OF audit_log FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                CREATE TABLE audit_log_2027 PARTITION OF audit_log FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
                CREATE INDEX ON audit_log (action);
                CREATE UNIQUE INDEX audit_log_action_key ON audit_log (action, id, created_at);
                INSERT INTO audit_log SELECT g, '2026-06-01'::timestamptz + g * interval '1 day', 'a' || g FROM generate_series(1, 300) g;
                """)
            connection.close()
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(try source.config, options: BackupOptions(output: folder + "/b"))
                try ScratchDatabase.with(.postgres, prefix: "cleanpartr") { target in
                    let first = try DBOpsProcess.run(
                        ["restore", folder + "/b"], environment: ["DBOPS_URL": try target.url])
                    #expect(first.exitCode == 0, "\(first)")
                    let again = try DBOpsProcess.run(
                        ["restore", "--clean", folder + "/b"], environment: ["DBOPS_URL": try target.url])
                    #expect(again.exitCode == 0, "\(again)")
                    #expect(
                        try IndependentChecks.tableChecksums(.postgres, database: target.name)
                            == IndependentChecks.tableChecksums(.postgres, database: source.name))
                }
            }
        }
    }

    @Test(
        "restore --table of a table others reference: refused naming them; --disable-triggers reloads it and checks every reference",
        arguments: Engine.allCases)
    func referencedTable(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "reftbl") { database in
            let connection = try database.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                CREATE TABLE heroes (id INT PRIMARY KEY, name VARCHAR(50));
                CREATE TABLE hero_gallery (id INT PRIMARY KEY, hero_id INT NOT NULL REFERENCES heroes (id) ON DELETE CASCADE, url VARCHAR(100));
                INSERT INTO heroes VALUES (1, 'Ada'), (2, 'Bo'), (3, 'Cy');
                INSERT INTO hero_gallery VALUES (10, 1, 'a.png'), (11, 2, 'b.png');
                """)
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(try database.config, options: BackupOptions(output: folder + "/b"))
                try connection.executeScript("UPDATE heroes SET name = 'changed'")
                let url = ["DBOPS_URL": try database.url]
                let refused = try DBOpsProcess.run(["restore", "--table", "heroes", folder + "/b"], environment: url)
                #expect(refused.exitCode == 1, "\(refused)")
                #expect(
                    refused.stderr.contains("hero_gallery") && refused.stderr.contains("--disable-triggers"),
                    "\(refused.stderr)")
                #expect(
                    try connection.scalar("SELECT count(*) FROM heroes WHERE name = 'changed'") == "3",
                    "nothing changed")

                let reloaded = try DBOpsProcess.run(
                    ["restore", "--table", "heroes", "--disable-triggers", folder + "/b"], environment: url)
                #expect(reloaded.exitCode == 0, "\(reloaded)")
                #expect(try connection.scalar("SELECT count(*) FROM heroes WHERE name <> 'changed'") == "3")
                #expect(
                    try connection.scalar("SELECT count(*) FROM hero_gallery") == "2", "no cascade emptied the gallery")

                // A gallery row whose hero the backup does not have: the reload is rolled back.
                try connection.executeScript(
                    "INSERT INTO heroes VALUES (4, 'Dee'); INSERT INTO hero_gallery VALUES (12, 4, 'd.png'); UPDATE heroes SET name = 'changed'"
                )
                let orphaning = try DBOpsProcess.run(
                    ["restore", "--table", "heroes", "--disable-triggers", folder + "/b"], environment: url)
                #expect(orphaning.exitCode == 1, "\(orphaning)")
                #expect(
                    orphaning.stderr.contains("hero_gallery") && orphaning.stderr.contains("(4)"), "\(orphaning.stderr)"
                )
                #expect(
                    try connection.scalar("SELECT count(*) FROM heroes WHERE name = 'changed'") == "4",
                    "rolled back whole")
            }
        }
    }

    @Test("PostgreSQL: a schema statement the target refuses is named; --keep-going restores the rest and lists it")
    func refusedStatement() throws {
        let role = "dbops_ghost_\(UUID().uuidString.prefix(6).lowercased())"
        let admin = try TestServers.connect(.postgres)
        defer { admin.close() }
        try ScratchDatabase.with(.postgres, prefix: "refused") { source in
            try admin.executeScript("CREATE ROLE \(role)")
            let connection = try source.connect()
            try connection.executeScript(
                """
                CREATE TABLE owned (id int PRIMARY KEY); INSERT INTO owned VALUES (1), (2);
                ALTER TABLE owned OWNER TO \(role);
                CREATE TABLE plain (id int PRIMARY KEY); INSERT INTO plain VALUES (7);
                """)
            connection.close()
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(try source.config, options: BackupOptions(output: folder + "/b"))
                // The role is gone on the target server by the time of the restore.
                let reassign = try source.connect()
                try reassign.executeScript("REASSIGN OWNED BY \(role) TO postgres; DROP OWNED BY \(role)")
                reassign.close()
                try admin.executeScript("DROP ROLE \(role)")
                try ScratchDatabase.with(.postgres, prefix: "refusedr") { target in
                    let strict = try DBOpsProcess.run(
                        ["restore", folder + "/b"], environment: ["DBOPS_URL": try target.url])
                    #expect(strict.exitCode == 1, "\(strict)")
                    #expect(
                        strict.stderr.contains("\(role)\" does not exist")
                            && strict.stderr.contains("ALTER TABLE public.owned OWNER"), "\(strict.stderr)")
                    #expect(strict.stderr.contains("add --no-owner"), "the way out is named: \(strict.stderr)")
                    let check = try target.connect()
                    defer { check.close() }
                    #expect(
                        try check.scalar("SELECT to_regclass('public.plain')::text") == nil, "all or nothing by default"
                    )
                    // The schema step rolled back: the marker alone is left, and says so.
                    let again = try DBOpsProcess.run(
                        ["restore", folder + "/b"], environment: ["DBOPS_URL": try target.url])
                    #expect(again.exitCode == strict.exitCode, "\(again)")
                    #expect(
                        again.stderr.contains(
                            "holds _dbops_restore_incomplete: a restore into it is running, or one failed")
                            && again.stderr.contains("re-run with --clean"), "\(again.stderr)")
                    try check.executeScript("DROP TABLE _dbops_restore_incomplete")
                    let lenient = try DBOpsProcess.run(
                        ["restore", "--keep-going", folder + "/b"], environment: ["DBOPS_URL": try target.url])
                    #expect(lenient.exitCode == 1, "\(lenient)")
                    #expect(
                        lenient.stderr.contains("restored except 1 statement")
                            && lenient.stderr.contains("OWNER TO \(role)"), "\(lenient.stderr)")
                    #expect(try check.scalar("SELECT count(*) FROM owned") == "2")
                    #expect(try check.scalar("SELECT count(*) FROM plain") == "1")
                    #expect(
                        try check.scalar("SELECT to_regclass('public._dbops_restore_incomplete')::text") != nil,
                        "never looks complete")
                }
            }
        }
    }

    @Test("MySQL/MariaDB: triggers, routines and views keep the character set and collation they were created under")
    func objectCharsetContext() throws {
        try ScratchDatabase.with(.mysql, prefix: "cset") { source in
            let connection = try source.connect()
            try connection.executeScript(
                """
                CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20));
                SET NAMES utf8mb3 COLLATE utf8mb3_general_ci;
                CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW SET NEW.v = CONCAT(NEW.v, 'é');
                CREATE PROCEDURE p() SELECT 'ü' AS x;
                CREATE VIEW v AS SELECT id, CONCAT(v, 'ß') AS w FROM t;
                SET NAMES utf8mb4;
                """)
            connection.close()
            let context = { (database: String) throws -> [String] in
                let check = try TestServers.connect(.mysql, database: database)
                defer { check.close() }
                var out: [String] = []
                for (table, name) in [
                    ("TRIGGERS", "TRIGGER_NAME"), ("ROUTINES", "ROUTINE_NAME"), ("VIEWS", "TABLE_NAME"),
                ] {
                    let schema =
                        table == "TRIGGERS"
                        ? "TRIGGER_SCHEMA" : (table == "ROUTINES" ? "ROUTINE_SCHEMA" : "TABLE_SCHEMA")
                    out += try check.query(
                        "SELECT CONCAT(\(name), ':', CHARACTER_SET_CLIENT, ':', COLLATION_CONNECTION) FROM information_schema.\(table) WHERE \(schema) = DATABASE() ORDER BY 1"
                    )
                    .rows.compactMap { $0[0] }
                }
                return out
            }
            let before = try context(source.name)
            #expect(before.count == 3 && before.allSatisfy { $0.contains("utf8mb3") }, "\(before)")
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(try source.config, options: BackupOptions(output: folder + "/b"))
                try ScratchDatabase.with(.mysql, prefix: "csetr") { target in
                    _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: folder + "/b"))
                    #expect(try context(target.name) == before)
                }
            }
        }
    }

    @Test(
        "A target holding the restore marker alone (a restore killed right after it began) is refused naming it; --clean restores",
        arguments: Engine.allCases)
    func markerAlone(_ engine: Engine) throws {
        try withBackupAndTarget(
            engine, prefix: "marker", setup: "CREATE TABLE kept (id int PRIMARY KEY); INSERT INTO kept VALUES (1), (2)"
        ) { backup, target in
            let check = try target.connect()
            defer { check.close() }
            try check.executeScript("CREATE TABLE _dbops_restore_incomplete (started_at int)")
            #expect(throws: DBError.self) {
                do {
                    _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: backup))
                } catch let error as DBError {
                    #expect(error.message.contains("holds _dbops_restore_incomplete"), "\(error.message)")
                    throw error
                }
            }
            #expect(try check.scalar("SELECT count(*) FROM _dbops_restore_incomplete") == "0", "left as it was")
            // Killed half-way: the marker beside tables already made. The marker, not
            // "not empty", is what the refusal names, with --clean as the way out.
            try check.executeScript("CREATE TABLE kept (id int PRIMARY KEY)")
            let halfway = try DBOpsProcess.run(["restore", backup], environment: ["DBOPS_URL": try target.url])
            #expect(halfway.exitCode == 1, "\(halfway)")
            #expect(
                halfway.stderr.contains("holds _dbops_restore_incomplete beside 1 ")
                    && halfway.stderr.contains("re-run with --clean"), "\(halfway.stderr)")
            _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: backup, clean: true))
            #expect(try check.scalar("SELECT count(*) FROM kept") == "2")
        }
    }

    @Test(
        "PostgreSQL: a target without a public schema takes a restore; the marker gets a schema of its own, which --clean finds and takes away"
    )
    func noPublicSchema() throws {
        try ScratchDatabase.with(.postgres, prefix: "nopub") { source in
            let connection = try source.connect()
            try connection.executeScript(
                """
                DROP SCHEMA public; CREATE SCHEMA app;
                CREATE TABLE app.kept (id int PRIMARY KEY); INSERT INTO app.kept VALUES (1), (2);
                """)
            connection.close()
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(try source.config, options: BackupOptions(output: folder + "/b"))
                try ScratchDatabase.with(.postgres, prefix: "nopubr") { target in
                    let check = try target.connect()
                    defer { check.close() }
                    try check.executeScript("DROP SCHEMA public")
                    let marker = "SELECT count(*) FROM pg_class WHERE relname = '_dbops_restore_incomplete'"
                    let schemas =
                        "SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'"
                    _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: folder + "/b"))
                    #expect(try check.scalar("SELECT count(*) FROM app.kept") == "2")
                    #expect(try check.scalar(marker) == "0")
                    #expect(try check.scalar(schemas) == "app", "the marker's schema is gone with it")

                    // A restore killed after marking: the marker in its own schema is found.
                    try check.executeScript(
                        """
                        DROP SCHEMA app CASCADE; CREATE SCHEMA _dbops_restore_incomplete;
                        CREATE TABLE _dbops_restore_incomplete._dbops_restore_incomplete (started_at timestamptz);
                        """)
                    #expect(throws: DBError.self) {
                        _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: folder + "/b"))
                    }
                    _ = try RestoreRunner.run(
                        try target.config, options: RestoreOptions(input: folder + "/b", clean: true))
                    #expect(try check.scalar("SELECT count(*) FROM app.kept") == "2")
                    #expect(try check.scalar(marker) == "0")
                    #expect(try check.scalar(schemas) == "app")
                }
            }
        }
    }
}
