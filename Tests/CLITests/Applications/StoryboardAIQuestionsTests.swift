import DBCore
import Foundation
import Testing
import TestSupport

/// StoryboardAI's user_engagement_metrics (seed 004) reproduced from its base tables on both
/// engines' fixtures and compared with the document's own view; and a stale copy of the
/// view, which dbops says disagrees.
@Suite("StoryboardAI's engagement through dbops")
struct StoryboardAIQuestionsTests {
    static func json(_ result: DBOpsProcess.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "\(result)")
    }

    @Test(
        "Per day: users, projects, storyboards per project, as the document's view gives them",
        arguments: Engine.allCases)
    func engagementMatchesTheView(_ engine: Engine) throws {
        let connection = try TestServers.connect(engine, database: "storyboardai")
        defer { connection.close() }
        let result = try DBOpsProcess.run(
            ["analytics", "engagement", "--since", "60d", "--format", "json"],
            environment: ["DBOPS_URL": try TestServers.url(engine, database: "storyboardai")])
        #expect(result.exitCode == 0, "\(result)")
        #expect(try JSONSchemaCheck.problems(result.stdoutData).isEmpty)
        let report = try Self.json(result)
        #expect(report["view"] as? String == "user_engagement_metrics")
        #expect((report["disagreements"] as? [Any])?.isEmpty == true, "\(result.stdout)")
        let days = try #require(report["days"] as? [[String: Any]])
        // The document's own SQL, the view, day by day.
        let view = try connection.query(
            engine == .postgres
                ? "SELECT CAST(CAST(date AS date) AS text) AS day, daily_active_users, projects_created, avg_storyboards_per_project FROM user_engagement_metrics"
                : "SELECT CAST(DATE(date) AS CHAR) AS day, daily_active_users, projects_created, avg_storyboards_per_project FROM user_engagement_metrics"
        ).rows
        var compared = 0
        for day in days where day["partial"] as? Bool == false {
            guard let row = view.first(where: { $0["day"] == day["day"] as? String }) else {
                #expect(day["created"] as? Int == 0, "\(day)")
                continue
            }
            compared += 1
            #expect((day["active_users"] as? Int).map(Int64.init) == row.int64("daily_active_users"), "\(day)")
            #expect((day["created"] as? Int).map(Int64.init) == row.int64("projects_created"), "\(day)")
            let average = try #require(day["average_children"] as? Double)
            #expect(abs(average - (row.double("avg_storyboards_per_project") ?? -1)) < 1e-4, "\(day) \(row)")
        }
        #expect(compared > 20, "the fixture has projects most days")
    }

    @Test("A stale copy of the view: the days it no longer matches are named, exit 1")
    func staleViewDisagrees() throws {
        try ScratchDatabase.with(.postgres, prefix: "engage") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                CREATE TABLE projects (id int PRIMARY KEY, user_id text NOT NULL, created_at timestamp DEFAULT now());
                CREATE TABLE storyboards (id int PRIMARY KEY, project_id int NOT NULL REFERENCES projects(id));
                INSERT INTO projects VALUES (1, 'a', '2026-02-01 10:00'), (2, 'b', '2026-02-01 11:00'), (3, 'a', '2026-02-02 09:00');
                INSERT INTO storyboards VALUES (1, 1), (2, 1), (3, 2), (4, 3);
                -- The document's view, materialized as a table: it does not follow later rows.
                CREATE TABLE user_engagement_metrics AS
                SELECT DATE_TRUNC('day', created_at) AS date, COUNT(DISTINCT user_id) AS daily_active_users,
                       COUNT(*) AS projects_created,
                       AVG((SELECT COUNT(*) FROM storyboards s WHERE s.project_id = p.id)) AS avg_storyboards_per_project
                FROM projects p GROUP BY DATE_TRUNC('day', created_at);
                INSERT INTO projects VALUES (4, 'c', '2026-02-02 15:00');
                INSERT INTO storyboards VALUES (5, 4), (6, 4), (7, 4)
                """)
            let result = try DBOpsProcess.run(
                [
                    "analytics", "engagement", "--profile", "storyboardai", "--since", "2026-02-01", "--until",
                    "2026-02-03", "--format", "json",
                ], environment: ["DBOPS_URL": try scratch.url])
            #expect(result.exitCode == 1, "\(result)")
            let report = try Self.json(result)
            let disagreements = (report["disagreements"] as? [String]) ?? []
            #expect(
                disagreements.count == 1 && disagreements.first?.hasPrefix("2026-02-02:") == true, "\(disagreements)")
            let days = try #require(report["days"] as? [[String: Any]])
            // 2026-02-01: a and b, 3 storyboards over 2 projects; 2026-02-02: a and c, 1 + 3 over 2.
            #expect(days.map { $0["active_users"] as? Int } == [2, 2])
            #expect(days.map { $0["average_children"] as? Double } == [1.5, 2.0])
        }
    }

    @Test(
        "Performance monitoring: the top statements by total time, as the document's pg_stat_statements query orders them"
    )
    func topStatements() throws {
        // A database of the test's own, so that no other test's statements (the fixture's
        // are run by many) change the totals between dbops' reading and the document's.
        try ScratchDatabase.with(.postgres, prefix: "topstmt") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            // Five statements, each over a table of its own (pg_stat_statements tells them
            // apart by what they read), 2 s down to 400 ms, far above the setup statements and
            // above dbops' own: its query-text read (after its ranking, so in the document's
            // ranking only) scans the whole server's text file and once took over 100 ms in a
            // loaded CI run, when the smallest of the five was 100 ms.
            for (i, seconds) in [2.0, 1.6, 1.2, 0.8, 0.4].enumerated() {
                try connection.executeScript("CREATE TABLE slow_\(i) (x int); INSERT INTO slow_\(i) VALUES (1)")
                _ = try connection.query("SELECT pg_sleep(\(seconds)) FROM slow_\(i)")
            }
            let result = try DBOpsProcess.run(
                ["slow-queries", "--include-self", "--limit", "5", "--format", "json"],
                environment: ["DBOPS_URL": try scratch.url])
            let report = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
            let ours = ((report["statements"] as? [[String: Any]]) ?? []).compactMap { $0["query"] as? String }
            // The document's SQL (total_time is total_exec_time since PostgreSQL 13), for
            // this database.
            let theirs = try connection.query(
                """
                SELECT query, calls, total_exec_time, mean_exec_time, rows
                FROM pg_stat_statements
                WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                ORDER BY total_exec_time DESC
                LIMIT 5
                """
            ).rows.compactMap { $0["query"] }
            #expect(ours.count == 5 && ours == theirs, "\(ours)\n\(theirs)")
            #expect(zip(ours, 0..<5).allSatisfy { query, i in query.contains("slow_\(i)") }, "\(ours)")
        }
    }
}
