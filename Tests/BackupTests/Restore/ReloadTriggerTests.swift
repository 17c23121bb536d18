import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// `restore --table` of a table that has triggers: its rows must come back as the backup
/// holds them, and nothing else may be written for them. COPY and LOAD DATA fire INSERT
/// triggers, TRUNCATE and DELETE their own: a BEFORE INSERT trigger appended "!" to every
/// restored value, an audit trigger wrote a row elsewhere for each, and the restore said
/// nothing and exited 0.
@Suite("Restore --table of a table with triggers")
struct ReloadTriggerTests {
    /// PostgreSQL turns the table's triggers off inside the reload's transaction and back
    /// on as each was (ALWAYS, disabled, a partition's clone of its parent's).
    @Test("PostgreSQL: the table's triggers do not fire on the reloaded rows and are left as they were")
    func postgresPaused() throws {
        try ScratchDatabase.with(.postgres, prefix: "trgpg") { database in
            let connection = try database.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                CREATE TABLE audit (what text);
                CREATE FUNCTION bang() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.v := NEW.v || '!'; RETURN NEW; END$$;
                CREATE FUNCTION aud() RETURNS trigger LANGUAGE plpgsql AS
                    $$BEGIN INSERT INTO audit VALUES (TG_OP || ' ' || TG_TABLE_NAME); RETURN NULL; END$$;
                CREATE TABLE t (id int PRIMARY KEY, v text);
                INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 100) g;
                CREATE TRIGGER b BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION bang();
                CREATE TRIGGER a AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION aud();
                CREATE TRIGGER tr AFTER TRUNCATE ON t FOR EACH STATEMENT EXECUTE FUNCTION aud();
                CREATE TRIGGER al AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION aud();
                ALTER TABLE t ENABLE ALWAYS TRIGGER al;
                CREATE TRIGGER off_one AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION aud();
                ALTER TABLE t DISABLE TRIGGER off_one;
                CREATE TABLE p (id int, at date, v text) PARTITION BY RANGE (at);
                CREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2020-01-01') TO ('2030-01-01');
                INSERT INTO p SELECT g, '2025-01-01', 'p' || g FROM generate_series(1, 50) g;
                CREATE TRIGGER pb BEFORE INSERT ON p FOR EACH ROW EXECUTE FUNCTION bang();
                """)
            let triggers =
                "SELECT string_agg(tgrelid::regclass || ' ' || tgname || ' ' || tgenabled::text, ', ' ORDER BY tgrelid::regclass::text, tgname) FROM pg_trigger WHERE NOT tgisinternal"
            let states = try connection.scalar(triggers)
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(try database.config, options: BackupOptions(output: folder + "/b"))
                let sums = try IndependentChecks.tableChecksums(.postgres, database: database.name)
                try connection.executeScript("UPDATE t SET v = 'x' WHERE id < 10; UPDATE p SET v = 'y' WHERE id < 5")
                let result = try DBOpsProcess.run(
                    ["restore", "--table", "public.t", "--table", "public.p1", folder + "/b"],
                    environment: ["DBOPS_URL": try database.url])
                #expect(result.exitCode == 0, "\(result)")
                #expect(try IndependentChecks.tableChecksums(.postgres, database: database.name) == sums)
                #expect(try connection.scalar("SELECT count(*) FROM audit") == "0", "no trigger wrote a row")
                #expect(try connection.scalar(triggers) == states, "each trigger as it was")
                // With --fire-triggers they do fire, as asked.
                let fired = try DBOpsProcess.run(
                    ["restore", "--table", "public.t", "--fire-triggers", folder + "/b"],
                    environment: ["DBOPS_URL": try database.url])
                #expect(fired.exitCode == 0, "\(fired)")
                #expect(try connection.scalar("SELECT count(*) FROM t WHERE v LIKE '%!'") == "100")
            }
        }
    }

    /// MySQL/MariaDB cannot turn a trigger off: a table with INSERT or DELETE triggers is
    /// refused before anything changes, and the way out is named.
    @Test("MySQL: a table with INSERT or DELETE triggers is refused, untouched; dropped first, it comes back whole")
    func mysqlRefused() throws {
        try ScratchDatabase.with(.mysql, prefix: "trgmy") { database in
            let connection = try database.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                CREATE TABLE audit (what VARCHAR(50));
                CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(50));
                INSERT INTO t SELECT seq, CONCAT('v', seq) FROM seq_1_to_100;
                CREATE TRIGGER `t del` AFTER DELETE ON t FOR EACH ROW INSERT INTO audit VALUES (CONCAT('deleted ', OLD.id));
                CREATE TRIGGER t_upd BEFORE UPDATE ON t FOR EACH ROW SET NEW.v = NEW.v;
                CREATE TABLE u (id INT PRIMARY KEY, v VARCHAR(50));
                INSERT INTO u SELECT seq, CONCAT('u', seq) FROM seq_1_to_10;
                CREATE TRIGGER u_upd BEFORE UPDATE ON u FOR EACH ROW SET NEW.v = CONCAT(NEW.v, '?');
                """)
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(try database.config, options: BackupOptions(output: folder + "/b"))
                let sums = try IndependentChecks.tableChecksums(.mysql, database: database.name)
                try connection.executeScript(
                    "DELETE FROM t WHERE id > 90; DELETE FROM audit; DELETE FROM u WHERE id > 5")
                let changed = try IndependentChecks.tableChecksums(.mysql, database: database.name)
                let refused = try DBOpsProcess.run(
                    ["restore", "--table", "t", "--table", "u", folder + "/b"],
                    environment: ["DBOPS_URL": try database.url])
                #expect(refused.exitCode == 1, "\(refused)")
                #expect(
                    refused.stderr.contains("table t has triggers") && refused.stderr.contains("t del (AFTER DELETE)")
                        && !refused.stderr.contains("t_upd") && refused.stderr.contains("--fire-triggers"),
                    "\(refused.stderr)")
                #expect(try IndependentChecks.tableChecksums(.mysql, database: database.name) == changed, "untouched")
                // An UPDATE trigger does not fire on a reload: u alone is reloaded.
                let plain = try DBOpsProcess.run(
                    ["restore", "--table", "u", folder + "/b"], environment: ["DBOPS_URL": try database.url])
                #expect(plain.exitCode == 0, "\(plain)")
                // Dropped first, t is created, loaded, then given its triggers.
                try connection.executeScript("DROP TABLE t")
                let created = try DBOpsProcess.run(
                    ["restore", "--table", "t", folder + "/b"], environment: ["DBOPS_URL": try database.url])
                #expect(created.exitCode == 0, "\(created)")
                let after = try IndependentChecks.tableChecksums(.mysql, database: database.name)
                #expect(after.filter { $0.key != "audit" } == sums.filter { $0.key != "audit" })
                #expect(try connection.scalar("SELECT COUNT(*) FROM audit") == "0")
                #expect(
                    try connection.scalar(
                        "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = 't'"
                    ) == "2")
            }
        }
    }
}
