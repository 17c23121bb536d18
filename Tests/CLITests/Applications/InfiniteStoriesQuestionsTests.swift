import DBCore
import Foundation
import Testing
import TestSupport

/// InfiniteStories' "Slow queries" monitoring SQL (seed 001) through dbops on its fixture,
/// which creates pg_stat_statements as that SQL needs. (Its DAU and API performance
/// questions: AnalyticsServerTests.seedQueriesAgree.)
@Suite("InfiniteStories' slow queries through dbops")
struct InfiniteStoriesQuestionsTests {
    @Test("slow-queries --order-by mean --min-mean 100ms lists what the document's pg_stat_statements query lists")
    func slowQueries() throws {
        let connection = try TestServers.connect(.postgres, database: "infinitestories")
        defer { connection.close() }
        // One statement sure to be slow, in this database.
        let marker = "dbops_slow_\(UUID().uuidString.prefix(8).lowercased())"
        // (An alias: pg_stat_statements keeps names, but replaces constants with $n.)
        _ = try connection.query("SELECT pg_sleep(0.15) AS \(marker)")
        // The document's SQL, for this database (pg_stat_statements holds every database's).
        let documents = """
            SELECT query, mean_exec_time, calls
            FROM pg_stat_statements
            WHERE mean_exec_time > 100
              AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY mean_exec_time DESC
            LIMIT 10
            """
        let before = Set(try connection.query(documents).rows.compactMap { $0["query"] })
        let result = try DBOpsProcess.run(
            [
                "slow-queries", "--order-by", "mean", "--min-mean", "100ms", "--limit", "10", "--include-self",
                "--format", "json",
            ], environment: ["DBOPS_URL": try TestServers.url(.postgres, database: "infinitestories")])
        let after = Set(try connection.query(documents).rows.compactMap { $0["query"] })
        #expect([0, 1, 2].contains(result.exitCode), "\(result)")
        let report = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        let statements = try #require(report["statements"] as? [[String: Any]])
        #expect(statements.contains { ($0["query"] as? String)?.contains(marker) == true }, "\(statements)")
        for statement in statements {
            let mean = statement["mean_ms"] as? Double ?? 0
            #expect(mean > 100, "\(statement)")
            let query = statement["query"] as? String ?? ""
            #expect(before.contains(query) || after.contains(query), "\(query)")
        }
        let means = statements.compactMap { $0["mean_ms"] as? Double }
        #expect(means == means.sorted(by: >), "ordered by mean, as the document orders")
    }
}
