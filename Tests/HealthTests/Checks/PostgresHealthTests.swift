import DBCore
import Foundation
import Health
import Testing
import TestSupport

/// Each test creates the condition it checks on a real PostgreSQL 15. Serialized: some
/// conditions (a long query, an inactive slot) are visible server-wide.
@Suite("Health on PostgreSQL", .serialized)
struct PostgresHealthTests {
    @Test func healthyDatabaseIsOK() throws {
        try ScratchDatabase.with(.postgres, prefix: "health") { scratch in
            let setup = try scratch.connect()
            try setup.executeScript(
                "CREATE TABLE t (id serial PRIMARY KEY, v int); INSERT INTO t (v) SELECT g FROM generate_series(1, 100) g"
            )
            setup.close()
            let report = runChecks(
                try scratch.config,
                ["database_size", "invalid_indexes", "sequences", "vacuum_overdue", "connections", "wraparound"])
            #expect(report.status == .ok, "\(report.checks.map { "\($0.name): \($0.status) \($0.summary)" })")
            #expect(report.check("connection")?.status == .ok)
            #expect(report.server?.flavor == .postgresql)
            #expect(report.checks.count == 7)
            let size = try #require(report.check("database_size"))
            #expect((size.value ?? 0) > 1_000_000)
            #expect(details(size, "table", contain: "t"))
        }
    }

    /// The largest tables are ranked from the catalog before they are measured: a table
    /// grown since its last ANALYZE (its page count stale) and one never analyzed (no page
    /// count at all) must still be found among many small ones, in the exact order
    /// pg_total_relation_size gives.
    @Test func largestTablesFindsGrownAndNeverAnalyzedTables() throws {
        try ScratchDatabase.with(.postgres, prefix: "largest") { scratch in
            let setup = try scratch.connect()
            try setup.executeScript(
                """
                DO $$ BEGIN FOR i IN 1..60 LOOP
                    EXECUTE format('CREATE TABLE small_%s (id int PRIMARY KEY, v text)', i);
                    EXECUTE format('INSERT INTO small_%s SELECT g, md5(g::text) FROM generate_series(1, 200) g', i);
                END LOOP; END $$;
                CREATE TABLE grown (id int PRIMARY KEY, v text) WITH (autovacuum_enabled = off);
                INSERT INTO grown VALUES (1, 'one');
                ANALYZE;
                INSERT INTO grown SELECT g, md5(g::text) FROM generate_series(2, 40000) g;
                CREATE TABLE fresh (id int, v text) WITH (autovacuum_enabled = off);
                INSERT INTO fresh SELECT g, repeat('x', 300) FROM generate_series(1, 20000) g;
                """)
            // A session's counts reach the server's statistics when it ends (or when it has
            // sat idle a while): the grown table's count is what ranks it.
            setup.close()
            let observer = try scratch.connect()
            defer { observer.close() }
            #expect(
                try eventually(timeout: 30, interval: 0.2) {
                    try observer.scalar("SELECT pg_stat_get_mod_since_analyze('grown'::regclass)") != "0"
                })
            var thresholds: [String: Thresholds] = [:]
            for info in HealthRunner.catalog(for: .postgres) { thresholds[info.name] = info.defaults }
            let report = HealthRunner.run(
                try scratch.config,
                options: HealthOptions(checks: ["database_size"], thresholds: thresholds, largestTables: 3))
            let size = try #require(report.check("database_size"))
            let listed = size.details.map { $0["table"]?.description ?? "" }
            let exact = try observer.query(
                """
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind = 'r' AND n.nspname = 'public'
                ORDER BY pg_total_relation_size(c.oid) DESC, c.relname LIMIT 3
                """
            ).rows.compactMap { $0["relname"] }
            #expect(Set(listed.prefix(2)) == ["grown", "fresh"], "\(listed)")
            #expect(listed == exact, "\(listed) against \(exact)")
        }
    }

    @Test func longRunningQueryIsReported() throws {
        let sleeper = try TestServers.connect(.postgres)
        defer { sleeper.close() }
        let pid = String(sleeper.sessionID)
        let work = Background { _ = try? sleeper.query("SELECT pg_sleep(20)") }
        defer {
            sleeper.makeCanceller().cancel()
            work.wait()
        }
        Thread.sleep(forTimeInterval: 1.3)
        let report = runChecks(
            try TestServers.config(.postgres), ["long_queries"], warn: ["long_queries": 1], crit: ["long_queries": 600])
        let check = try #require(report.check("long_queries"))
        #expect(check.status == .warning)
        #expect(details(check, "pid", contain: pid))
        #expect((check.value ?? 0) >= 1)
        // Above the critical limit it is critical.
        let critical = runChecks(
            try TestServers.config(.postgres), ["long_queries"], warn: ["long_queries": 0.5], crit: ["long_queries": 1])
        #expect(critical.check("long_queries")?.status == .critical)
        #expect(critical.status == .critical)
    }

    @Test func idleInTransactionIsReported() throws {
        let idle = try TestServers.connect(.postgres)
        defer { idle.close() }
        try idle.begin()
        _ = try idle.query("SELECT 1")
        Thread.sleep(forTimeInterval: 1.3)
        let report = runChecks(
            try TestServers.config(.postgres), ["idle_in_transaction"], warn: ["idle_in_transaction": 1])
        let check = try #require(report.check("idle_in_transaction"))
        #expect(check.status == .warning)
        #expect(details(check, "pid", contain: String(idle.sessionID)))
        try idle.rollback()
        let after = runChecks(
            try TestServers.config(.postgres), ["idle_in_transaction"], warn: ["idle_in_transaction": 1])
        #expect(!details(after.check("idle_in_transaction"), "pid", contain: String(idle.sessionID)))
    }

    /// A transaction kept busy by short statements is neither a long query nor idle.
    @Test func longTransactionIsReported() throws {
        let busy = try TestServers.connect(.postgres)
        defer { busy.close() }
        try busy.begin()
        let opened = Date()
        while Date().timeIntervalSince(opened) < 2.3 {
            _ = try busy.query("SELECT 1")
            Thread.sleep(forTimeInterval: 0.1)
        }
        let report = runChecks(
            try TestServers.config(.postgres), ["long_transactions"], warn: ["long_transactions": 2],
            crit: ["long_transactions": 3600])
        let check = try #require(report.check("long_transactions"))
        #expect(check.status == .warning, "\(check)")
        #expect((check.value ?? 0) >= 2)
        #expect(details(check, "pid", contain: String(busy.sessionID)))
        try busy.rollback()
        let after = runChecks(
            try TestServers.config(.postgres), ["long_transactions"], warn: ["long_transactions": 2])
        #expect(!details(after.check("long_transactions"), "pid", contain: String(busy.sessionID)))
    }

    @Test func blockedSessionNamesItsBlocker() throws {
        try ScratchDatabase.with(.postgres, prefix: "health") { scratch in
            let holder = try scratch.connect()
            defer { holder.close() }
            try holder.executeScript("CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 0)")
            try holder.begin()
            try holder.execute("UPDATE t SET v = 1 WHERE id = 1")
            let waiter = try scratch.connect()
            defer { waiter.close() }
            let work = Background { try waiter.execute("UPDATE t SET v = 2 WHERE id = 1") }
            Thread.sleep(forTimeInterval: 1.3)
            let report = runChecks(try scratch.config, ["blocked_sessions"], warn: ["blocked_sessions": 1])
            let check = try #require(report.check("blocked_sessions"))
            #expect(check.status == .warning)
            #expect(details(check, "pid", contain: String(waiter.sessionID)))
            #expect(details(check, "blocked_by", contain: String(holder.sessionID)))
            try holder.rollback()
            #expect(work.wait() == nil)
        }
    }

    @Test func invalidIndexFromFailedConcurrentBuild() throws {
        try ScratchDatabase.with(.postgres, prefix: "health") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript("CREATE TABLE t (v int); INSERT INTO t VALUES (1), (1)")
            #expect(throws: DBError.self) {
                try connection.executeScript("CREATE UNIQUE INDEX CONCURRENTLY t_v_unique ON t (v)")
            }
            let report = runChecks(try scratch.config, ["invalid_indexes"])
            let check = try #require(report.check("invalid_indexes"))
            #expect(check.status == .warning)
            #expect(check.value == 1)
            #expect(details(check, "index", contain: "t_v_unique"))
        }
    }

    @Test func sequenceNearItsMaximum() throws {
        try ScratchDatabase.with(.postgres, prefix: "health") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript("CREATE SEQUENCE nearly_full AS smallint; SELECT setval('nearly_full', 32000)")
            let critical = runChecks(try scratch.config, ["sequences"])
            let check = try #require(critical.check("sequences"))
            #expect(check.status == .critical)
            #expect(abs((check.value ?? 0) - 97.66) < 0.01)
            #expect(details(check, "sequence", contain: "nearly_full"))
            // An int column fed by a bigint sequence is measured against the column.
            try connection.executeScript(
                """
                DROP SEQUENCE nearly_full;
                CREATE TABLE legacy (id int NOT NULL);
                CREATE SEQUENCE legacy_id_seq AS bigint OWNED BY legacy.id;
                SELECT setval('legacy_id_seq', 1800000000);
                """)
            let warning = runChecks(try scratch.config, ["sequences"])
            #expect(warning.check("sequences")?.status == .warning)
            // Fed through a column default alone (no OWNED BY), and past what the smallint
            // column holds: measured against the column, and used up at 100%, no more.
            try connection.executeScript(
                """
                DROP TABLE legacy;
                CREATE SEQUENCE shared_seq AS bigint;
                CREATE TABLE wide (id bigint DEFAULT nextval('shared_seq'));
                CREATE TABLE narrow (id smallint DEFAULT nextval('shared_seq'));
                SELECT setval('shared_seq', 40000);
                """)
            let past = try #require(runChecks(try scratch.config, ["sequences"]).check("sequences"))
            #expect(past.status == .critical && past.value == 100, "\(past)")
            #expect(details(past, "table", contain: "narrow"))
            // Descending, into an int column: its range ends at the column's minimum.
            try connection.executeScript(
                """
                DROP TABLE narrow; DROP TABLE wide; DROP SEQUENCE shared_seq;
                CREATE SEQUENCE down_seq AS bigint INCREMENT -1;
                CREATE TABLE down (id int DEFAULT nextval('down_seq'));
                SELECT setval('down_seq', -2000000000);
                """)
            let down = try #require(runChecks(try scratch.config, ["sequences"]).check("sequences"))
            #expect(down.status == .critical && abs((down.value ?? 0) - 93.13) < 0.01, "\(down)")
            // A CYCLE sequence starts again instead of running out: near its end it is no
            // alarm. Cycling through a column narrower than its range, it still overflows.
            try connection.executeScript(
                """
                DROP TABLE down; DROP SEQUENCE down_seq;
                CREATE SEQUENCE ring AS smallint CYCLE; SELECT setval('ring', 32000);
                CREATE TABLE ring_fed (id smallint DEFAULT nextval('ring'));
                CREATE SEQUENCE wide_ring AS bigint CYCLE;
                CREATE TABLE wide_fed (id int DEFAULT nextval('wide_ring'));
                SELECT setval('wide_ring', 2100000000);
                """)
            let cycling = try #require(runChecks(try scratch.config, ["sequences"]).check("sequences"))
            #expect(!details(cycling, "sequence", contain: "ring"), "\(cycling)")
            #expect(details(cycling, "sequence", contain: "wide_ring"), "\(cycling)")
            #expect(cycling.status == .critical && abs((cycling.value ?? 0) - 97.79) < 0.01, "\(cycling)")
            try connection.executeScript("DROP TABLE wide_fed; DROP SEQUENCE wide_ring")
            let wrapping = try #require(runChecks(try scratch.config, ["sequences"]).check("sequences"))
            #expect(wrapping.status == .ok, "\(wrapping)")
        }
    }

    /// pg_monitor, the role the README suggests, may not read sequences: a sequence it
    /// cannot read must make the check UNKNOWN and name the grant, never count from the
    /// start value and say OK while the sequence is about to run out.
    /// Runs `body` with a scratch database, a connection to it as its owner, a fresh
    /// pg_monitor role that may connect, and a config that logs in as that role. `setup`
    /// runs first as the owner; `%ROLE%` in it is the role's name.
    func withMonitorRole(
        _ setup: String, _ body: (DatabaseConnection, String, ConnectionConfig) throws -> Void
    ) throws {
        try ScratchDatabase.with(.postgres, prefix: "health") { scratch in
            let owner = try scratch.connect()
            defer { owner.close() }
            let role = "dbops_mon_\(UUID().uuidString.prefix(6).lowercased())"
            // Role statements take no placeholders; the name is generated here, not input.
            try owner.executeScript(
                """
                CREATE ROLE \(role) LOGIN PASSWORD 'monitor-pw' IN ROLE pg_monitor;
                GRANT CONNECT ON DATABASE \(owner.dialect.quote(scratch.name)) TO \(role);
                \(setup.replacingOccurrences(of: "%ROLE%", with: role))
                """)
            defer { try? owner.executeScript("DROP OWNED BY \(role); DROP ROLE \(role)") }
            var config = try scratch.config
            config.user = role
            config.password = Secret("monitor-pw")
            try body(owner, role, config)
        }
    }

    @Test func sequenceTheRoleMayNotReadIsUnknown() throws {
        try withMonitorRole(
            """
            CREATE SEQUENCE nearly_full AS smallint;
            SELECT setval('nearly_full', 32000);
            CREATE TABLE t (id serial PRIMARY KEY);
            GRANT SELECT ON SEQUENCE t_id_seq TO %ROLE%;
            """
        ) { setup, role, config in
            let hidden = try #require(runChecks(config, ["sequences"]).check("sequences"))
            #expect(hidden.status == .unknown, "\(hidden.summary)")
            #expect(hidden.summary.contains("1 sequence(s) this role may not read"), "\(hidden.summary)")
            #expect(hidden.summary.contains("GRANT SELECT ON ALL SEQUENCES"), "\(hidden.summary)")
            #expect(hidden.summary.contains("t_id_seq"), "the readable sequence is still measured: \(hidden.summary)")
            try setup.executeScript("GRANT SELECT ON SEQUENCE nearly_full TO \(role)")
            let seen = try #require(runChecks(config, ["sequences"]).check("sequences"))
            #expect(seen.status == .critical, "\(seen.summary)")
            #expect(abs((seen.value ?? 0) - 97.66) < 0.01)
        }
    }

    /// pg_stats shows a role only the columns it may SELECT, and pg_monitor grants none: a
    /// table and index large enough to judge must make the bloat checks UNKNOWN and say
    /// why, not "nothing large enough to judge"; granted SELECT, they are measured.
    @Test func bloatTheRoleMayNotSeeIsUnknown() throws {
        try withMonitorRole(
            """
            CREATE TABLE wide (id int PRIMARY KEY, v text);
            INSERT INTO wide SELECT g, md5(g::text) FROM generate_series(1, 20000) g;
            ANALYZE wide;
            """
        ) { setup, role, config in
            let hidden = runChecks(config, ["table_bloat", "index_bloat"])
            for (name, noun) in [("table_bloat", "1 table"), ("index_bloat", "1 index")] {
                let check = try #require(hidden.check(name))
                #expect(check.status == .unknown, "\(name): \(check.summary)")
                #expect(check.summary.hasPrefix("\(noun) large enough to judge with statistics this role may not read"))
                #expect(check.summary.contains("TO \(role)"), "\(check.summary)")
            }
            let usage = try IndexUsageRunner.run(config, label: "pg", options: IndexUsageOptions())
            #expect(usage.undetermined.contains { $0.hasPrefix("index bloat: 1 index(es) whose statistics") })
            try setup.executeScript("GRANT SELECT ON wide TO \(role)")
            let granted = try IndexUsageRunner.run(config, label: "pg", options: IndexUsageOptions())
            #expect(!granted.undetermined.contains { $0.hasPrefix("index bloat") }, "\(granted.undetermined)")
            let seen = runChecks(config, ["table_bloat", "index_bloat"])
            for name in ["table_bloat", "index_bloat"] {
                let check = try #require(seen.check(name))
                #expect(check.status == .ok, "\(name): \(check.summary)")
                #expect(!check.summary.contains("may not read"), "\(check.summary)")
                #expect(check.summary.contains("wide") || check.summary.contains("no measurable"), "\(check.summary)")
            }
        }
    }

    @Test func tableOverdueForVacuum() throws {
        try ScratchDatabase.with(.postgres, prefix: "health") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                CREATE TABLE churn (id int) WITH (autovacuum_enabled = false);
                INSERT INTO churn SELECT g FROM generate_series(1, 5000) g;
                DELETE FROM churn;
                """)
            _ = try connection.query("SELECT pg_stat_force_next_flush()")
            let config = try scratch.config
            var report = runChecks(config, ["vacuum_overdue"])
            _ = eventually(timeout: 15) {
                report = runChecks(config, ["vacuum_overdue"])
                return report.check("vacuum_overdue")?.status == .warning
            }
            let check = try #require(report.check("vacuum_overdue"))
            #expect(check.status == .warning)
            #expect(details(check, "table", contain: "churn"))
            try connection.executeScript("VACUUM churn")
            _ = try connection.query("SELECT pg_stat_force_next_flush()")
            #expect(
                eventually(timeout: 15) {
                    !details(runChecks(config, ["vacuum_overdue"]).check("vacuum_overdue"), "table", contain: "churn")
                })
        }
    }

    @Test func inactiveReplicationSlotIsAWarning() throws {
        let connection = try TestServers.connect(.postgres)
        defer { connection.close() }
        let slot = "dbops_test_\(UUID().uuidString.prefix(8).lowercased())"
        _ = try connection.query("SELECT pg_create_physical_replication_slot($1, true)", [.text(slot)])
        defer { _ = try? connection.query("SELECT pg_drop_replication_slot($1)", [.text(slot)]) }
        let report = runChecks(try TestServers.config(.postgres), ["replication_slots", "replication"])
        let check = try #require(report.check("replication_slots"))
        #expect(check.status == .warning)
        #expect(details(check, "slot_name", contain: slot))
        #expect(report.check("replication")?.summary.contains("primary") == true)
    }

    @Test func deadServerIsCriticalWithinTheConnectTimeout() throws {
        let silent = try SilentListener()
        var config = try TestServers.config(.postgres)
        config.port = silent.port
        config.connectTimeout = 2
        let clock = Date()
        let report = runChecks(config, [])
        #expect(Date().timeIntervalSince(clock) < 6)
        #expect(report.status == .critical)
        #expect(report.server == nil)
        #expect(report.checks.map(\.name) == ["connection"])
    }
}
