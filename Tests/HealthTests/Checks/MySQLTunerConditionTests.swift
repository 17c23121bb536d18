import DBCore
import Foundation
import Health
import Testing
import TestSupport

/// The mysqltuner checks that judge server-wide counters and settings, each condition made
/// on a MariaDB of the test's own (started small: a 32 MB buffer pool, an 8 MB redo log, a
/// table cache of 10, no thread cache, 20 connections at most, the query cache on, binary
/// logs kept an hour), so no other suite's statements blur the counters: more InnoDB data
/// than buffer pool, the redo log written through many times over, table opens that miss
/// the cache, every connection a new thread, 19 of 20 connections in use at once,
/// statements slower than long_query_time, sorts that spill past sort_buffer_size, and
/// deleted rows' pages left free in their table's file.
@Suite("Health on MariaDB: mysqltuner's conditions on a server of its own")
struct MySQLTunerConditionTests {
    @Test func aSmallServerUnderLoadShowsEveryCondition() throws {
        try FreshServer.with(
            .mysql,
            settings: [
                "innodb-log-file-size=8M", "table-open-cache=10", "table-open-cache-instances=1",
                "thread-cache-size=0", "max-connections=20", "query-cache-type=1", "query-cache-size=16M",
                "log-bin=fresh-bin", "binlog-expire-logs-seconds=3600",
            ]
        ) { url in
            let server = try ConnectionURL.parse(url)
            let setup = try Database.connect(server)
            defer { setup.close() }
            try setup.executeScript("CREATE DATABASE tuner")
            var config = server
            config.database = "tuner"
            let session = try Database.connect(config)
            defer { session.close() }
            let names = [
                "buffer_pool_size", "redo_log_size", "table_open_cache", "slow_query_share", "sort_buffers",
                "fragmentation", "thread_cache", "max_used_connections", "query_cache", "binlog_retention",
            ]
            let quiet = runChecks(config, names)
            for name in names.prefix(5) + ["thread_cache"] {
                #expect(quiet.check(name)?.value == nil, "not judged yet: \(quiet.check(name)?.summary ?? name)")
            }
            #expect(quiet.check("fragmentation")?.status == .ok)

            // About 100 MB of rows and a 20 MB secondary index: three times the buffer pool,
            // a dozen times the redo log.
            try session.executeScript(
                """
                CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(1000), tag VARCHAR(200), KEY tag (tag));
                INSERT INTO big SELECT seq, REPEAT('p', 1000), CONCAT(REPEAT('t', 150), seq) FROM seq_1_to_90000;
                ANALYZE TABLE big
                """)
            // 30 tables in every statement through a cache of 10: nearly every open misses.
            let tables = (1...30).map { "t\($0)" }
            try session.executeScript(tables.map { "CREATE TABLE \($0) (id INT PRIMARY KEY)" }.joined(separator: ";"))
            let everyTable = "SELECT " + tables.map { "(SELECT COUNT(*) FROM \($0))" }.joined(separator: " + ")
            for _ in 0..<4 {
                try session.executeScript(Array(repeating: everyTable, count: 90).joined(separator: ";"))
            }
            // Sorts of 3,000 rows of 200 bytes in a 32 KB sort buffer: merge passes.
            try session.executeScript(
                """
                CREATE TABLE s (id INT PRIMARY KEY, pad VARCHAR(200));
                INSERT INTO s SELECT seq, MD5(seq) FROM seq_1_to_3000;
                SET SESSION sort_buffer_size = 32768
                """)
            let sort =
                "SELECT SUM(LENGTH(pad)) FROM (SELECT CONCAT(pad, REPEAT('s', 160)) AS pad FROM s ORDER BY 1 LIMIT 3000) x"
            for _ in 0..<11 {
                try session.executeScript(Array(repeating: sort, count: 100).joined(separator: ";"))
            }
            // 110 connections, each a new thread (no thread cache); then 17 at once beside
            // this test's two: 19 of max_connections 20.
            for _ in 0..<110 { try Database.connect(config).close() }
            let held = try (0..<17).map { _ in try Database.connect(config) }
            for connection in held { connection.close() }
            // Every statement from here on is slower than long_query_time.
            try session.executeScript("SET SESSION long_query_time = 0")
            for _ in 0..<20 {
                try session.executeScript(Array(repeating: "SELECT COUNT(*) FROM s", count: 100).joined(separator: ";"))
            }
            // Four rows in five deleted, the oldest: once purged, their whole pages go back to
            // the table's file as free space.
            try session.executeScript("DELETE FROM big WHERE id <= 72000")

            // The redo log's rate is judged after a minute of uptime.
            let uptime =
                Double(
                    try setup.scalar(
                        "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'UPTIME'")
                        ?? "0") ?? 0
            if uptime < 62 { Thread.sleep(forTimeInterval: 62 - uptime) }
            var report = runChecks(config, names)
            for _ in 0..<60 where report.check("fragmentation")?.status == .ok {
                Thread.sleep(forTimeInterval: 0.5)
                try session.executeScript("ANALYZE TABLE big")
                report = runChecks(config, names)
            }
            let status = Dictionary(
                uniqueKeysWithValues: try setup.query("SHOW GLOBAL STATUS").rows.compactMap { row in
                    row[0].map { ($0, Double(row[1] ?? "") ?? 0) }
                })

            let pool = try #require(report.check("buffer_pool_size"))
            #expect(pool.status == .warning && (pool.value ?? 100) < 100, "\(pool.summary)")
            #expect(pool.summary.contains("raise innodb_buffer_pool_size"))

            let redo = try #require(report.check("redo_log_size"))
            #expect(redo.status == .critical, "\(redo.summary)")
            #expect(redo.summary.contains("raise innodb_log_file_size"))

            let cache = try #require(report.check("table_open_cache"))
            let misses = status["Table_open_cache_misses"] ?? 0, hits = status["Table_open_cache_hits"] ?? 0
            #expect(misses >= 5000 && misses > hits, "the counters: \(misses) misses, \(hits) hits")
            #expect(cache.status == .warning && (cache.value ?? 100) < 50, "\(cache.summary)")
            #expect(cache.summary.contains("raise table_open_cache"))

            let slow = try #require(report.check("slow_query_share"))
            let share = (status["Slow_queries"] ?? 0) / max(1, status["Questions"] ?? 1) * 100
            #expect(slow.status == .critical, "\(slow.summary)")
            // The report's own statements come between its reading and this one.
            #expect(abs((slow.value ?? 0) - share) < 5, "\(slow.summary) vs \(share)%")

            let sorts = try #require(report.check("sort_buffers"))
            #expect(
                (status["Sort_merge_passes"] ?? 0) >= 1000, "every sort spilled: \(status["Sort_merge_passes"] ?? 0)")
            #expect(sorts.status == .critical, "\(sorts.summary)")

            let threads = try #require(report.check("thread_cache"))
            #expect(threads.status == .warning && (threads.value ?? 100) < 10, "\(threads.summary)")
            #expect(threads.summary.contains("raise thread_cache_size"))
            let used = try #require(report.check("max_used_connections"))
            #expect(used.status == .warning && (used.value ?? 0) >= 95, "\(used.summary)")
            #expect(report.check("query_cache")?.status == .warning, "\(report.check("query_cache")?.summary ?? "")")
            let binlogs = try #require(report.check("binlog_retention"))
            #expect(binlogs.status == .warning && binlogs.value == 3600, "\(binlogs.summary)")

            let free = try #require(report.check("fragmentation"))
            #expect(free.status != .ok, "\(free.summary)")
            #expect(details(free, "table", contain: "big"), "\(free.summary)")
        }
    }
}
