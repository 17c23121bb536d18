import DBCore
import Foundation
import Testing
import TestSupport

/// `dbops analyze` on real servers: the tables whose statistics are stale (by the servers'
/// own counters) are analyzed and the others left alone; a table another session holds is
/// left for the next run without waiting; on MySQL/MariaDB nothing runs while a long
/// statement would make the application queue behind ANALYZE TABLE.
@Suite("dbops analyze", .serialized)
struct AnalyzeTests {
    static func json(_ result: DBOpsProcess.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "\(result)")
    }

    static func analyzed(_ report: [String: Any]) -> [String] {
        ((report["tables"] as? [[String: Any]]) ?? []).filter { ($0["batches"] as? Int ?? 0) > 0 }.compactMap {
            ($0["table"] as? String)?.split(separator: ".").last.map(String.init)
        }
    }

    @Test("PostgreSQL: changed and never-analyzed tables and a partitioned parent are analyzed, fresh ones are not")
    func postgresStaleTables() throws {
        try ScratchDatabase.with(.postgres, prefix: "analyze") { scratch in
            let setup = try scratch.connect()
            defer { setup.close() }
            try setup.executeScript(
                #"""
                CREATE TABLE fresh (id int PRIMARY KEY, v int) WITH (autovacuum_enabled = false);
                CREATE TABLE churned (id int PRIMARY KEY, v int) WITH (autovacuum_enabled = false);
                CREATE TABLE "odd ""name""" (id int) WITH (autovacuum_enabled = false);
                CREATE TABLE events (id int, at date NOT NULL) PARTITION BY RANGE (at);
                CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')
                    WITH (autovacuum_enabled = false);
                INSERT INTO fresh SELECT g, g FROM generate_series(1, 10000) g;
                INSERT INTO churned SELECT g, g FROM generate_series(1, 10000) g;
                INSERT INTO events SELECT g, DATE '2025-01-01' + g % 300 FROM generate_series(1, 5000) g;
                INSERT INTO "odd ""name""" SELECT g FROM generate_series(1, 100) g
                """#)
            // A backend reports its row counts at most once a second: the ANALYZEs must come
            // after the inserts are counted, or the late report would count them as changes.
            #expect(
                try eventually(timeout: 10) {
                    try setup.scalar(
                        "SELECT sum(n_live_tup) FROM pg_stat_user_tables WHERE relname IN ('fresh', 'churned', 'events_2025')"
                    ) == "25000"
                })
            try setup.executeScript("ANALYZE fresh")
            try setup.executeScript("ANALYZE churned")
            try setup.executeScript("ANALYZE events_2025")
            try setup.executeScript("UPDATE fresh SET v = v + 1 WHERE id <= 100")
            try setup.executeScript("UPDATE churned SET v = v + 1 WHERE id <= 3000")
            // The statistics collector reports the counters a moment after the writes.
            #expect(
                try eventually(timeout: 10) {
                    try setup.scalar("SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = 'churned'")
                        == "3000"
                })
            let env = ["DBOPS_URL": try scratch.url]
            let dry = try DBOpsProcess.run(["analyze", "--dry-run", "--format", "json"], environment: env)
            #expect(dry.exitCode == 0, "\(dry)")
            let planned = ((try Self.json(dry)["tables"] as? [[String: Any]]) ?? []).compactMap {
                $0["table"] as? String
            }
            #expect(Set(planned) == ["public.churned", "public.odd \"name\"", "public.events"], "\(planned)")
            #expect(try setup.scalar("SELECT count(*) FROM pg_stats WHERE tablename = 'events'") == "0", "dry run")

            let run = try DBOpsProcess.run(["analyze", "--format", "json"], environment: env)
            #expect(run.exitCode == 0, "\(run)")
            #expect(Set(Self.analyzed(try Self.json(run))) == ["churned", "odd \"name\"", "events"])
            // The servers' own view afterwards: fresh statistics where dbops said so.
            #expect(
                try eventually(timeout: 10) {
                    try setup.scalar("SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = 'churned'")
                        == "0"
                })
            #expect(try setup.scalar("SELECT count(*) > 0 FROM pg_stats WHERE tablename = 'events'") == "t")
            #expect(
                try setup.scalar("SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = 'fresh'") == "100"
            )
            // Nothing stale now: a second run analyzes nothing.
            let again = try DBOpsProcess.run(["analyze"], environment: env)
            #expect(again.exitCode == 0 && again.stdout.contains("no table's statistics are stale"), "\(again)")
            // A table named but fresh is left alone, said so; an unknown one is an error.
            let named = try DBOpsProcess.run(["analyze", "--table", "fresh"], environment: env)
            #expect(named.exitCode == 0 && named.stdout.contains("fresh: statistics are fresh"), "\(named)")
            let unknown = try DBOpsProcess.run(["analyze", "--table", "nope"], environment: env)
            #expect(unknown.exitCode == 1 && unknown.stderr.contains("no table named nope"), "\(unknown)")
        }
    }

    @Test("PostgreSQL: a table another session holds is left for the next run; row locks do not stop ANALYZE")
    func postgresLockedTable() throws {
        try ScratchDatabase.with(.postgres, prefix: "analyzelock") { scratch in
            let setup = try scratch.connect()
            defer { setup.close() }
            try setup.executeScript(
                """
                CREATE TABLE held (id int PRIMARY KEY) WITH (autovacuum_enabled = false);
                CREATE TABLE rows_locked (id int PRIMARY KEY) WITH (autovacuum_enabled = false);
                INSERT INTO held SELECT generate_series(1, 1000);
                INSERT INTO rows_locked SELECT generate_series(1, 1000)
                """)
            // Both show their rows in the statistics (a moment after the commit).
            #expect(
                try eventually(timeout: 10) {
                    try setup.scalar(
                        "SELECT count(*) FROM pg_stat_user_tables WHERE relname IN ('held', 'rows_locked') AND n_live_tup = 1000"
                    ) == "2"
                })
            let holder = try scratch.connect()
            defer { holder.close() }
            // A VACUUM-like lock on one table; the application's row locks on the other.
            try holder.executeScript(
                "BEGIN; LOCK TABLE held IN SHARE UPDATE EXCLUSIVE MODE; SELECT * FROM rows_locked FOR UPDATE")
            let clock = Date()
            let run = try DBOpsProcess.run(
                ["analyze", "--lock-timeout", "300ms", "--format", "json"], environment: ["DBOPS_URL": try scratch.url])
            #expect(Date().timeIntervalSince(clock) < 10)
            #expect(run.exitCode == 0, "\(run)")
            let report = try Self.json(run)
            #expect(Self.analyzed(report) == ["rows_locked"], "\(run.stdout)")
            #expect(
                ((report["notes"] as? [String]) ?? []).contains {
                    $0.contains("public.held") && $0.contains("next run")
                },
                "\(run.stdout)")
            try holder.executeScript("ROLLBACK")
            #expect(try setup.scalar("SELECT count(*) FROM pg_stats WHERE tablename = 'held'") == "0")
            let later = try DBOpsProcess.run(
                ["analyze", "--format", "json"], environment: ["DBOPS_URL": try scratch.url])
            #expect(Self.analyzed(try Self.json(later)) == ["held"], "\(later)")
        }
    }

    @Test("MySQL/MariaDB: InnoDB's modified-rows counter picks the tables; a long statement holds ANALYZE TABLE back")
    func mysqlStaleTables() throws {
        try ScratchDatabase.with(.mysql, prefix: "analyze") { scratch in
            let setup = try scratch.connect()
            defer { setup.close() }
            // Without InnoDB's own recalculation the counter keeps growing until an ANALYZE.
            try setup.executeScript(
                """
                CREATE TABLE fresh (id INT PRIMARY KEY, v INT) STATS_AUTO_RECALC = 0;
                CREATE TABLE churned (id INT PRIMARY KEY, v INT) STATS_AUTO_RECALC = 0;
                INSERT INTO fresh SELECT seq, seq FROM seq_1_to_10000;
                INSERT INTO churned SELECT seq, seq FROM seq_1_to_10000;
                ANALYZE TABLE fresh, churned;
                UPDATE fresh SET v = v + 1 WHERE id <= 100;
                UPDATE churned SET v = v + 1 WHERE id <= 3000
                """)
            func counter(_ table: String) throws -> String? {
                try setup.scalar(
                    "SELECT MODIFIED_COUNTER FROM information_schema.INNODB_SYS_TABLESTATS WHERE NAME = CONCAT(DATABASE(), '/\(table)')"
                )
            }
            #expect(try counter("churned") == "3000")
            let env = ["DBOPS_URL": try scratch.url]

            // A report that has run for a while: ANALYZE TABLE waits for the next run.
            let reporter = try scratch.connect()
            defer { reporter.close() }
            let report = Background { _ = try? reporter.query("SELECT SLEEP(8), COUNT(*) FROM churned") }
            defer { report.wait() }
            // Until the report has run for 2.5 s by the server's own clock (a fixed sleep
            // left 0.2 s to spare, too little on a busy machine), with 5.5 s still to go.
            var age = 0.0
            for _ in 0..<100 where age < 2500 {
                Thread.sleep(forTimeInterval: 0.1)
                age =
                    Double(
                        try setup.scalar(
                            "SELECT COALESCE(MAX(TIME_MS), 0) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(8)%'"
                        ) ?? "") ?? 0
            }
            #expect(age >= 2500, "the report is running")
            let held = try DBOpsProcess.run(
                ["analyze", "--max-statement-age", "2s", "--format", "json"], environment: env)
            #expect(held.exitCode == 0, "\(held)")
            let heldReport = try Self.json(held)
            #expect(Self.analyzed(heldReport).isEmpty, "\(held.stdout)")
            #expect(
                ((heldReport["notes"] as? [String]) ?? []).contains {
                    $0.contains("MDEV-7901") && $0.contains("churned")
                },
                "\(held.stdout)")
            #expect(try counter("churned") == "3000", "nothing analyzed")
            report.wait()

            let run = try DBOpsProcess.run(["analyze", "--format", "json"], environment: env)
            #expect(run.exitCode == 0, "\(run)")
            #expect(Self.analyzed(try Self.json(run)) == ["churned"], "\(run.stdout)")
            #expect(try counter("churned") == "0" && counter("fresh") == "100")
        }
    }
}
