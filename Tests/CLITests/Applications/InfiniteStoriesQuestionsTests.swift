import DBCore
import Foundation
import Testing
import TestSupport

/// InfiniteStories' "Slow queries" monitoring SQL (seed 001) through dbops on its fixture,
/// which creates pg_stat_statements as that SQL needs, its database monitoring and its
/// "Popular content". (Its DAU and API performance questions:
/// AnalyticsServerTests.seedQueriesAgree.)
@Suite("InfiniteStories' monitoring and popular content through dbops")
struct InfiniteStoriesQuestionsTests {
    @Test("slow-queries --order-by mean --min-mean 100ms lists what the document's pg_stat_statements query lists")
    func slowQueries() throws {
        let connection = try TestServers.connect(.postgres, database: "infinitestories")
        defer { connection.close() }
        // One statement sure to be slow, in this database.
        let marker = "dbops_slow_\(UUID().uuidString.prefix(8).lowercased())"
        // Over a temporary table of its own: pg_stat_statements tells statements apart by
        // what they read (an alias alone would not do) and replaces constants with $n.
        try connection.executeScript("CREATE TEMPORARY TABLE \(marker) (x int); INSERT INTO \(marker) VALUES (1)")
        _ = try connection.query("SELECT pg_sleep(0.15) FROM \(marker)")
        // The document's SQL, for this database (pg_stat_statements holds every database's),
        // with room for every slow statement: loading the fixture left slower ones than ours.
        let documents = """
            SELECT query, mean_exec_time, calls
            FROM pg_stat_statements
            WHERE mean_exec_time > 100
              AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY mean_exec_time DESC
            LIMIT 100
            """
        let before = Set(try connection.query(documents).rows.compactMap { $0["query"] })
        let result = try DBOpsProcess.run(
            [
                "slow-queries", "--order-by", "mean", "--min-mean", "100ms", "--limit", "100", "--include-self",
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

    @Test(
        "Database size, table sizes and active connections: health's database_size and connections, as the document's SQL"
    )
    func databaseMonitoring() throws {
        let connection = try TestServers.connect(.postgres, database: "infinitestories")
        defer { connection.close() }
        let result = try DBOpsProcess.run(
            ["health", "--check", "database_size,connections", "--format", "json"],
            environment: ["DBOPS_URL": try TestServers.url(.postgres, database: "infinitestories")])
        let report = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        let checks = try #require(report["checks"] as? [[String: Any]])
        let size = try #require(checks.first { $0["name"] as? String == "database_size" })
        // "SELECT pg_database_size('infinitestories') / 1024 / 1024 as size_mb" (in bytes here;
        // autovacuum may move it a little between the two reads).
        let bytes = Double(try connection.scalar("SELECT pg_database_size('infinitestories')") ?? "") ?? 0
        #expect(abs((size["value"] as? Double ?? 0) - bytes) <= bytes * 0.01, "\(size)")
        // "Table sizes": pg_tables of schema public by pg_total_relation_size, largest first
        // (a partitioned parent holds nothing itself; dbops lists its partitions, as pg_tables does).
        let documents = try connection.query(
            """
            SELECT tablename, pg_total_relation_size(schemaname||'.'||tablename) AS bytes
            FROM pg_tables
            WHERE schemaname = 'public'
            ORDER BY pg_total_relation_size(schemaname||'.'||tablename) DESC
            LIMIT 5
            """
        ).rows
        let listed = (size["details"] as? [[String: Any]] ?? []).prefix(5)
        #expect(listed.map { $0["table"] as? String } == documents.map { $0["tablename"] }, "\(listed)")
        for (ours, theirs) in zip(listed, documents) {
            let expected = theirs.double("bytes") ?? 0
            #expect(abs((ours["total_bytes"] as? Double ?? 0) - expected) <= expected * 0.05, "\(ours)")
        }
        // "Active connections": state = 'active' (dbops' own session among them).
        let connections = try #require(checks.first { $0["name"] as? String == "connections" })
        #expect(((connections["metrics"] as? [String: Double])?["connections_active"] ?? 0) >= 1, "\(connections)")
    }

    @Test("Popular content: analytics top ranks heroes by stories with their average plays, as the document's SQL")
    func popularContent() throws {
        let connection = try TestServers.connect(.postgres, database: "infinitestories")
        defer { connection.close() }
        let result = try DBOpsProcess.run(
            ["analytics", "top", "--format", "json"],
            environment: ["DBOPS_URL": try TestServers.url(.postgres, database: "infinitestories")])
        #expect(result.exitCode == 0, "\(result)")
        let report = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        let entries = try #require(report["entries"] as? [[String: Any]])
        #expect(entries.count == 10 && report["all_time"] as? Bool == true, "\(report)")
        // The document's query, as written: its ties are in no particular order, so the
        // counts must match in order and each hero dbops lists must be one the query gives
        // (every hero with its counts, from the same query without LIMIT).
        let document = try connection.query(
            """
            SELECT
                h.name as hero_name,
                COUNT(s.id) as story_count,
                AVG(s.play_count) as avg_plays
            FROM heroes h
            JOIN stories s ON h.id = s.hero_id
            GROUP BY h.id, h.name
            ORDER BY story_count DESC
            LIMIT 10;
            """
        ).rows
        #expect(entries.map { Int64($0["children"] as? Int ?? -1) } == document.map { $0.int64("story_count") ?? -2 })
        let every = try connection.query(
            """
            SELECT h.id::text AS id, h.name AS hero_name, COUNT(s.id) AS story_count, AVG(s.play_count) AS avg_plays
            FROM heroes h JOIN stories s ON h.id = s.hero_id GROUP BY h.id, h.name
            """
        ).rows
        var byKey: [String: Row] = [:]
        for row in every { if let id = row["id"] { byKey[id] = row } }
        for entry in entries {
            let row = try #require(byKey[entry["key"] as? String ?? ""], "\(entry)")
            #expect(entry["label"] as? String == row["hero_name"], "\(entry)")
            #expect(Int64(entry["children"] as? Int ?? -1) == row.int64("story_count"), "\(entry)")
            // AVG's many digits, rounded to dbops' six.
            let average = try #require(row["avg_plays"].flatMap { Decimal(string: $0) })
            var rounded = Decimal()
            var exact = average
            NSDecimalRound(&rounded, &exact, 6, .plain)
            #expect(
                Decimal(string: "\(entry["measure_average"] ?? "")") == rounded,
                "\(entry["measure_average"] ?? "") vs \(average)")
        }
        // Every hero with a story, and every story with a hero.
        #expect(report["parents"] as? Int == every.count)
        #expect(
            Int64(report["children"] as? Int ?? -1)
                == (try connection.query("SELECT count(*) AS n FROM stories WHERE hero_id IS NOT NULL").rows.first?
                    .int64("n")))
    }
}
