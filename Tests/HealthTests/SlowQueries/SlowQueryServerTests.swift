import DBCore
import Foundation
import Health
import Testing
import TestSupport

/// slow-queries against real servers: statements the test runs itself, deltas across a
/// statistics reset, EXPLAIN, and what is missing said clearly. Serialized: resets are
/// server-wide.
@Suite("Slow queries on real servers", .serialized)
struct SlowQueryServerTests {
    /// A table whose self-join is slow enough to stand out, and the statement that runs it.
    func slowSetup(_ engine: Engine, _ connection: DatabaseConnection, _ table: String) throws -> String {
        let series = engine == .postgres ? "generate_series(1, 800) g" : "seq_1_to_800"
        let column = engine == .postgres ? "g" : "seq"
        try connection.executeScript(
            "CREATE TABLE \(table) (id INT PRIMARY KEY, v INT); INSERT INTO \(table) SELECT \(column), \(column) % 7 FROM \(series)"
        )
        return "SELECT COUNT(*) FROM \(table) a JOIN \(table) b ON a.v = b.v WHERE a.id > 10"
    }

    func options(snapshot: String? = nil) -> SlowQueryOptions {
        var options = SlowQueryOptions()
        options.limit = 50
        options.snapshotFile = snapshot
        return options
    }

    func find(_ report: SlowQueryReport, _ table: String) -> StatementStats? {
        report.statements.first { ($0.query ?? "").contains(table) }
    }

    @Test("pg_stat_statements: top statements, deltas across a reset, a generic-plan EXPLAIN")
    func postgres() throws {
        try ScratchDatabase.with(.postgres, prefix: "slow") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            // Missing extension: one line naming it.
            #expect { try SlowQueryRunner.run(try scratch.config, label: "x", options: options()) } throws: {
                ($0 as? DBError)?.message.contains(
                    "preloaded but not created in this database: CREATE EXTENSION pg_stat_statements") == true
            }
            try connection.executeScript("CREATE EXTENSION pg_stat_statements")
            let table = "slowtab_\(UUID().uuidString.prefix(6).lowercased())"
            let statement = try slowSetup(.postgres, connection, table)
            for _ in 0..<3 { _ = try connection.query(statement) }

            let snapshot = FileManager.default.temporaryDirectory.appendingPathComponent(
                "dbops-snap-\(UUID().uuidString).json"
            ).path
            defer { try? FileManager.default.removeItem(atPath: snapshot) }
            var first = try SlowQueryRunner.run(
                try scratch.config, label: "pg-test", options: options(snapshot: snapshot))
            #expect(first.source == "pg_stat_statements")
            #expect(first.window.mode == "cumulative")
            #expect(first.notes.contains { $0.contains("first snapshot") })
            let seen = try #require(find(first, table))
            #expect(seen.calls == 3)
            #expect(abs(seen.meanMs - seen.totalMs / 3) < 1e-6)
            #expect(seen.rows == 3 && seen.rowsPerCall == 1)
            #expect(seen.cacheHitPercent != nil)
            #expect(seen.sharePercent > 0 && seen.sharePercent <= 100)
            #expect(first.statements.allSatisfy { $0.database == scratch.name }, "only the target database by default")

            for _ in 0..<2 { _ = try connection.query(statement) }
            first = try SlowQueryRunner.run(try scratch.config, label: "pg-test", options: options(snapshot: snapshot))
            #expect(first.window.mode == "delta")
            #expect(find(first, table)?.calls == 2, "only the calls since the previous snapshot")

            _ = try connection.query("SELECT pg_stat_statements_reset()")
            _ = try connection.query(statement)
            let afterReset = try SlowQueryRunner.run(
                try scratch.config, label: "pg-test", options: options(snapshot: snapshot))
            #expect(afterReset.notes.contains { $0.contains("reset") })
            #expect(find(afterReset, table)?.calls == 1)

            // dbops' own statements (health's catalog reads, session settings) stay out of the
            // list, which is refilled from the next statements; --include-self shows them.
            for _ in 0..<3 { _ = HealthRunner.run(try scratch.config, options: HealthOptions()) }
            var everything = options()
            everything.limit = 1000
            everything.includeSelf = true
            let withSelf = try SlowQueryRunner.run(try scratch.config, label: "pg-test", options: everything)
            #expect(
                withSelf.statements.filter { SlowQueryOptions.isMonitoring($0.query) }.count >= 3,
                "health's statements are counted")
            for limit in [1, 2, 5] {
                var clean = options()
                clean.limit = limit
                let withoutSelf = try SlowQueryRunner.run(try scratch.config, label: "pg-test", options: clean)
                #expect(
                    !withoutSelf.statements.contains { SlowQueryOptions.isMonitoring($0.query) },
                    "limit \(limit): \(withoutSelf.statements.map { $0.query ?? "" })")
                let applications = withSelf.statements.filter { !SlowQueryOptions.isMonitoring($0.query) }.count
                #expect(
                    withoutSelf.statements.count >= min(limit, applications), "limit \(limit): the list is refilled")
            }

            var explained = options()
            explained.explain = true
            explained.thresholds = ["mean_ms": Thresholds(warning: 0.000001), "share_pct": Thresholds()]
            let report = try SlowQueryRunner.run(try scratch.config, label: "pg-test", options: explained)
            let plan = try #require(find(report, table)?.explain)
            #expect(plan.contains { $0.contains(table) }, "\(plan)")
            #expect(report.status == .warning)
        }
    }

    @Test(
        "pg_stat_statements: --explain plans a statement as the role that ran it, so its functions run with that role's rights"
    )
    func explainAsStatementRole() throws {
        let admin = try TestServers.connect(.postgres)
        defer { admin.close() }
        let role = "dbops_planned_\(UUID().uuidString.prefix(6).lowercased())"
        // Role statements take no placeholders; the name is generated here, not input.
        try admin.executeScript("CREATE ROLE \(role) LOGIN PASSWORD 'planned-pw'")
        defer { try? admin.executeScript("DROP ROLE \(role)") }
        try ScratchDatabase.with(.postgres, prefix: "slowrole") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            // An IMMUTABLE function of no arguments is evaluated while the statement is
            // planned; this one fails in any role but the application's own.
            try connection.executeScript(
                """
                CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
                CREATE TABLE planned (id int PRIMARY KEY, v int);
                INSERT INTO planned SELECT g, g FROM generate_series(1, 100) g;
                CREATE FUNCTION planned_limit() RETURNS int IMMUTABLE LANGUAGE plpgsql AS $$
                BEGIN
                  IF current_user <> '\(role)' THEN RAISE EXCEPTION 'planned_limit ran as %', current_user; END IF;
                  RETURN 50;
                END $$;
                GRANT SELECT ON planned TO \(role);
                """)
            defer { try? connection.executeScript("DROP OWNED BY \(role)") }
            var config = try scratch.config
            config.user = role
            config.password = Secret("planned-pw")
            let application = try Database.connect(config)
            for _ in 0..<3 { _ = try application.query("SELECT count(*) FROM planned WHERE v < planned_limit()") }
            application.close()

            var explained = options()
            explained.explain = true
            explained.thresholds = ["mean_ms": Thresholds(warning: 0.000001), "share_pct": Thresholds()]
            let report = try SlowQueryRunner.run(try scratch.config, label: "pg-test", options: explained)
            let statement = try #require(find(report, "WHERE v < planned_limit()"))
            #expect(statement.user == role)
            #expect(statement.explainNote == nil, "\(statement.explainNote ?? "")")
            // The function was folded into the plan as a constant: it ran, as the role.
            #expect(statement.explain?.contains { $0.contains("v < 50") } == true, "\(statement.explain ?? [])")
        }
    }

    @Test("performance_schema: top statements, deltas across a truncate, EXPLAIN from a sample")
    func mysql() throws {
        try ScratchDatabase.with(.mysql, prefix: "slow") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            let admin = try TestServers.connect(.mysql)
            defer { admin.close() }
            try admin.executeScript(
                "UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME IN ('events_statements_current', 'events_statements_history_long')"
            )
            // The whole suite makes many digests; start with room for this test's.
            try admin.executeScript("TRUNCATE TABLE performance_schema.events_statements_summary_by_digest")
            let table = "slowtab_\(UUID().uuidString.prefix(6).lowercased())"
            let statement = try slowSetup(.mysql, connection, table)
            for _ in 0..<3 { _ = try connection.query(statement) }
            // The server adds a statement to its digest summary as the statement ends, which
            // can be just after the client has its result: wait until it has counted them.
            func counted(_ calls: Int) throws {
                let seen = try eventually(timeout: 10, interval: 0.05) {
                    let sum = try admin.scalar(
                        "SELECT COALESCE(SUM(COUNT_STAR), 0) FROM performance_schema.events_statements_summary_by_digest WHERE SCHEMA_NAME = ? AND DIGEST_TEXT LIKE ? AND DIGEST_TEXT LIKE '%JOIN%'",
                        [.text(scratch.name), .text("%\(table)%")])
                    return Int(sum ?? "") == calls
                }
                #expect(seen, "the server counted \(calls) runs")
            }
            try counted(3)

            let snapshot = FileManager.default.temporaryDirectory.appendingPathComponent(
                "dbops-snap-\(UUID().uuidString).json"
            ).path
            defer { try? FileManager.default.removeItem(atPath: snapshot) }
            let first = try SlowQueryRunner.run(
                try scratch.config, label: "my-test", options: options(snapshot: snapshot))
            #expect(first.source == "performance_schema")
            let seen = try #require(find(first, table))
            #expect(seen.calls == 3)
            #expect((seen.rowsExamined ?? 0) >= 3 * 700, "rows examined come from the digest table")
            #expect(seen.rows == 3)

            for _ in 0..<2 { _ = try connection.query(statement) }
            try counted(5)
            let delta = try SlowQueryRunner.run(
                try scratch.config, label: "my-test", options: options(snapshot: snapshot))
            #expect(delta.window.mode == "delta")
            #expect(find(delta, table)?.calls == 2)

            try admin.executeScript("TRUNCATE TABLE performance_schema.events_statements_summary_by_digest")
            _ = try connection.query(statement)
            try counted(1)
            let afterReset = try SlowQueryRunner.run(
                try scratch.config, label: "my-test", options: options(snapshot: snapshot))
            #expect(find(afterReset, table)?.calls == 1, "a reset entry counts from zero, never negative")
            #expect(afterReset.notes.contains { $0.contains("evicted or reset") })

            // dbops' own health statements (catalog reads, session settings) stay out of the
            // report unless asked for.
            _ = HealthRunner.run(try scratch.config, options: HealthOptions())
            var all = options()
            all.limit = 1000
            let withoutSelf = try SlowQueryRunner.run(try scratch.config, label: "my-test", options: all)
            #expect(!withoutSelf.statements.contains { SlowQueryOptions.isMonitoring($0.query) })
            #expect(find(withoutSelf, table) != nil, "the application's statement stays")
            all.includeSelf = true
            let withSelf = try SlowQueryRunner.run(try scratch.config, label: "my-test", options: all)
            #expect(
                withSelf.statements.contains {
                    ($0.query ?? "").uppercased().contains("INFORMATION_SCHEMA")
                        || ($0.query ?? "").uppercased().contains("PERFORMANCE_SCHEMA")
                },
                "--include-self shows them")

            var explained = options()
            explained.explain = true
            let report = try SlowQueryRunner.run(try scratch.config, label: "my-test", options: explained)
            let found = try #require(find(report, table))
            #expect(
                found.explain?.contains { $0.contains("table=a") || $0.contains(table) } == true,
                "\(found.explain ?? []) \(found.explainNote ?? "")")
        }
    }

    @Test("A sample cannot smuggle a second statement into EXPLAIN", arguments: Engine.allCases)
    func explainIsSingleStatement(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "expl") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript("CREATE TABLE victim (id INT)")
            #expect(throws: DBError.self) { _ = try connection.singleStatement("SELECT 1; DROP TABLE victim") }
            #expect(try connection.scalar("SELECT COUNT(*) FROM victim") == "0")
        }
    }
}
