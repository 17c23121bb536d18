import DBCore
import Foundation
import Health
import Testing
import TestSupport

/// The checks check_postgres and pghero cover beyond the basics, each with its condition
/// made on a real PostgreSQL 15: a prepared transaction (on the solo server, which has
/// two-phase commit on), a table bloated by mass UPDATEs, an ACCESS EXCLUSIVE lock with a
/// session waiting behind it, rolled-back transactions, a sort that spills to disk,
/// the test server's own unsafe settings, pg_stat_statements' fill.
@Suite("Health on PostgreSQL: workload and bloat checks")
struct PostgresWorkloadTests {
    @Test func preparedTransactionIsReportedByAge() throws {
        try SoloServer.exclusively(.postgres) {
            let config = try SoloServer.config(.postgres, database: "postgres")
            let session = try Database.connect(config)
            defer { session.close() }
            let allowed = try session.scalar("SHOW max_prepared_transactions")
            try #require(
                (Int(allowed ?? "0") ?? 0) > 0,
                "the solo server needs max_prepared_transactions (scripts/dbservers.sh stop && start)")
            let gid = "dbops_health_\(UUID().uuidString.prefix(8))"
            try session.executeScript("BEGIN; SELECT 1; PREPARE TRANSACTION '\(gid)'")
            defer { try? session.executeScript("ROLLBACK PREPARED '\(gid)'") }
            Thread.sleep(forTimeInterval: 1.2)
            let report = runChecks(config, ["prepared_transactions"], warn: ["prepared_transactions": 1])
            let check = try #require(report.check("prepared_transactions"))
            #expect(check.status == .warning, "\(check.summary)")
            #expect(details(check, "gid", contain: gid))
            #expect((check.value ?? 0) >= 1)
            try session.executeScript("ROLLBACK PREPARED '\(gid)'")
            let after = runChecks(config, ["prepared_transactions"], warn: ["prepared_transactions": 1])
            #expect(after.check("prepared_transactions")?.status == .ok)
        }
    }

    @Test func massUpdatesBloatATable() throws {
        try ScratchDatabase.with(.postgres, prefix: "bloat") { scratch in
            let setup = try scratch.connect()
            defer { setup.close() }
            try setup.executeScript(
                """
                CREATE TABLE churn (id int PRIMARY KEY, v text) WITH (autovacuum_enabled = false);
                INSERT INTO churn SELECT g, repeat('x', 50) FROM generate_series(1, 20000) g;
                ANALYZE churn
                """)
            let before = runChecks(try scratch.config, ["table_bloat"], warn: ["table_bloat": 100_000])
            #expect(before.check("table_bloat")?.status == .ok, "\(before.checks.map(\.summary))")
            for _ in 0..<3 { try setup.executeScript("UPDATE churn SET v = v || 'y'") }
            try setup.executeScript("ANALYZE churn")
            let report = runChecks(try scratch.config, ["table_bloat"], warn: ["table_bloat": 100_000])
            let check = try #require(report.check("table_bloat"))
            #expect(check.status == .warning, "\(check.summary)")
            #expect(details(check, "table", contain: "churn"))
            #expect((check.value ?? 0) > 1_000_000, "three rewrites leave about three tables' worth of dead rows")
        }
    }

    @Test func exclusiveLockAndTheSessionWaitingBehindIt() throws {
        try ScratchDatabase.with(.postgres, prefix: "xlock") { scratch in
            let holder = try scratch.connect()
            defer { holder.close() }
            try holder.executeScript("CREATE TABLE locked (id int)")
            try holder.begin()
            try holder.executeScript("LOCK TABLE locked IN ACCESS EXCLUSIVE MODE")
            let waiter = try scratch.connect()
            defer { waiter.close() }
            let work = Background { _ = try? waiter.query("SELECT count(*) FROM locked") }
            defer {
                try? holder.rollback()
                work.wait()
            }
            Thread.sleep(forTimeInterval: 1.5)
            let report = runChecks(
                try scratch.config, ["exclusive_locks", "lock_waits"],
                warn: ["exclusive_locks": 1, "lock_waits": 1])
            let exclusive = try #require(report.check("exclusive_locks"))
            #expect(exclusive.status == .warning, "\(exclusive.summary)")
            #expect(details(exclusive, "relation", contain: "locked"))
            #expect(details(exclusive, "pid", contain: String(holder.sessionID)))
            let waits = try #require(report.check("lock_waits"))
            #expect((waits.value ?? 0) >= 1 && waits.status != .ok, "\(waits.summary)")
        }
    }

    @Test func rollbacksLowerTheCommitRatioAndSpillsCountAsTempFiles() throws {
        try ScratchDatabase.with(.postgres, prefix: "xact") { scratch in
            let session = try scratch.connect()
            try session.executeScript(String(repeating: "BEGIN; SELECT 1; COMMIT; ", count: 600))
            try session.executeScript(String(repeating: "BEGIN; SELECT 1; ROLLBACK; ", count: 500))
            try session.executeScript(
                "SET work_mem = '64kB'; SELECT count(*) FROM (SELECT g FROM generate_series(1, 300000) g ORDER BY g DESC) s"
            )
            session.close()  // a session's statistics reach the server when it ends
            var report = runChecks(try scratch.config, ["commit_ratio", "temp_files"], warn: ["temp_files": 1])
            for _ in 0..<30 where report.check("commit_ratio")?.value == nil {
                Thread.sleep(forTimeInterval: 0.1)
                report = runChecks(try scratch.config, ["commit_ratio", "temp_files"], warn: ["temp_files": 1])
            }
            let ratio = try #require(report.check("commit_ratio"))
            #expect(ratio.status == .critical, "about 55% committed: \(ratio.summary)")
            #expect((ratio.value ?? 100) < 75)
            let temp = try #require(report.check("temp_files"))
            #expect(temp.status == .warning && (temp.metrics["temp_bytes"] ?? 0) > 1_000_000, "\(temp.summary)")
        }
    }

    @Test func unsafeSettingsAndStatementsFill() throws {
        let config = try TestServers.config(.postgres)
        let probe = try Database.connect(config)
        defer { probe.close() }
        let unsafe = Set(
            try probe.query(
                "SELECT name FROM pg_settings WHERE name IN ('fsync', 'full_page_writes') AND setting = 'off'"
            ).rows.compactMap { $0[0] })
        let report = runChecks(config, ["risky_settings"])
        let check = try #require(report.check("risky_settings"))
        #expect(Set(check.details.compactMap { $0["name"]?.description }) == unsafe)
        #expect(check.status == (unsafe.isEmpty ? .ok : .warning), "\(check.summary)")

        try ScratchDatabase.with(.postgres, prefix: "pss") { scratch in
            let without = runChecks(try scratch.config, ["statements_fill"])
            #expect(without.check("statements_fill")?.summary.contains("not installed") == true)
            let setup = try scratch.connect()
            defer { setup.close() }
            try setup.executeScript("CREATE EXTENSION pg_stat_statements")
            let report = runChecks(try scratch.config, ["statements_fill"], warn: ["statements_fill": 0.0001])
            let fill = try #require(report.check("statements_fill"))
            #expect((fill.value ?? 0) > 0 && (fill.value ?? 101) <= 100, "\(fill.summary)")
            #expect(fill.status == .warning)
        }
    }

    @Test func deletesLeaveAnIndexBloated() throws {
        try ScratchDatabase.with(.postgres, prefix: "ibloat") { scratch in
            let setup = try scratch.connect()
            defer { setup.close() }
            try setup.executeScript(
                """
                CREATE TABLE names (id int PRIMARY KEY, name text) WITH (autovacuum_enabled = false);
                INSERT INTO names SELECT g, md5(g::text) FROM generate_series(1, 100000) g;
                CREATE INDEX names_name ON names (name);
                ANALYZE names
                """)
            let before = runChecks(try scratch.config, ["index_bloat"], warn: ["index_bloat": 2_000_000])
            #expect(before.check("index_bloat")?.status == .ok, "\(before.checks.map(\.summary))")
            // VACUUM empties the index pages of nine rows in ten but keeps the pages.
            try setup.executeScript("DELETE FROM names WHERE id % 10 <> 0")
            try setup.executeScript("VACUUM ANALYZE names")
            let report = runChecks(try scratch.config, ["index_bloat"], warn: ["index_bloat": 2_000_000])
            let check = try #require(report.check("index_bloat"))
            #expect(check.status == .warning, "\(check.summary)")
            #expect(details(check, "index", contain: "names_name"))
            let size = Double(try setup.scalar("SELECT pg_relation_size('names_name')") ?? "0") ?? 0
            // Nine tenths of the index's pages hold nothing now (give or take the estimate).
            #expect((check.value ?? 0) > size * 0.7 && (check.value ?? 0) < size, "\(check.summary) of \(size)")
        }
    }

    @Test func aSmallMaxWalSizeMakesCheckpointsRequested() throws {
        try FreshServer.with(
            .postgres, settings: ["max_wal_size=32MB", "min_wal_size=32MB", "checkpoint_timeout=3600"]
        ) { url in
            let config = try ConnectionURL.parse(url)
            let session = try Database.connect(config)
            defer { session.close() }
            let quiet = runChecks(config, ["checkpoints"]).check("checkpoints")
            #expect(quiet?.value == nil && quiet?.summary.contains("too few checkpoints") == true)
            // About 300 MB of WAL through a 32 MB max_wal_size: a checkpoint every ~17 MB.
            try session.executeScript(
                """
                CREATE TABLE w (g int, pad text);
                INSERT INTO w SELECT g, repeat('x', 200) FROM generate_series(1, 1000000) g
                """)
            var report = runChecks(config, ["checkpoints"])
            for _ in 0..<100 where report.check("checkpoints")?.value == nil {
                Thread.sleep(forTimeInterval: 0.2)
                report = runChecks(config, ["checkpoints"])
            }
            let check = try #require(report.check("checkpoints"))
            #expect(check.status == .critical, "\(check.summary)")
            #expect((check.metrics["checkpoints_requested"] ?? 0) >= 10, "\(check.metrics)")
            #expect(check.summary.contains("max_wal_size (32MB) is too small"), "\(check.summary)")
        }
    }

    @Test func failingArchiveCommandIsAWarning() throws {
        try FreshServer.with(
            .postgres, settings: ["wal_level=replica", "archive_mode=on", "archive_command=/bin/false"]
        ) { url in
            let config = try ConnectionURL.parse(url)
            let session = try Database.connect(config)
            defer { session.close() }
            try session.executeScript(
                "CREATE TABLE w AS SELECT g FROM generate_series(1, 1000) g; SELECT pg_switch_wal()")
            // The archiver tries the segment at once and again every few seconds.
            var report = runChecks(config, ["wal_archiving"])
            for _ in 0..<100 where report.check("wal_archiving")?.status != .warning {
                Thread.sleep(forTimeInterval: 0.1)
                report = runChecks(config, ["wal_archiving"])
            }
            let check = try #require(report.check("wal_archiving"))
            #expect(check.status == .warning, "\(check.summary)")
            #expect(check.summary.contains("archive_command is failing"))
            #expect((check.value ?? 0) >= 1, "the switched segment waits: \(check.summary)")
        }
        // archive_mode off (the shared server): said, and OK.
        let off = runChecks(try TestServers.config(.postgres), ["wal_archiving"])
        #expect(off.check("wal_archiving")?.summary.contains("archive_mode is off") == true)
    }
}
