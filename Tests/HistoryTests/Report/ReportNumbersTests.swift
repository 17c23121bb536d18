import Analytics
import DBCore
import Foundation
import History
import Testing
import TestSupport

/// The report's numbers from a history built on real servers (the InfiniteStories fixture's
/// analytics, a database on a server of the test's own (statement statistics no other suite fills) with a known statement run between three snapshots and a
/// table that grows), each checked against SQL read independently: DAU, cost and p95 per
/// function per day, the statement's calls and time from the server's own counters, the
/// table's size.
@Suite("Report: every number against independent SQL")
struct ReportNumbersTests {
    /// The marker's cumulative calls and time (ms) in the server's statement statistics.
    static func marker(_ session: DatabaseConnection) throws -> (calls: Int64, ms: Double) {
        let sql =
            session.engine == .postgres
            ? """
            SELECT COALESCE(sum(calls), 0) AS calls, COALESCE(sum(total_exec_time), 0) AS ms FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND query LIKE 'SELECT count(*) FROM report_marker%'
            """
            : """
            SELECT COALESCE(SUM(COUNT_STAR), 0) AS calls, COALESCE(SUM(SUM_TIMER_WAIT), 0) / 1e9 AS ms
            FROM performance_schema.events_statements_summary_by_digest
            WHERE SCHEMA_NAME = DATABASE() AND DIGEST_TEXT LIKE 'SELECT COUNT ( \\\\* ) FROM `report_marker`%'
            """
        let row = try #require(try session.query(sql).rows.first)
        return (row.int64("calls") ?? 0, row.double("ms") ?? 0)
    }

    static func runMarker(_ session: DatabaseConnection, times: Int) throws {
        let before = try marker(session).calls
        for _ in 0..<times { _ = try session.query("SELECT count(*) FROM report_marker WHERE v >= 0") }
        // MariaDB adds a statement to its digest as it ends: wait until every run is in.
        for _ in 0..<50 where try marker(session).calls < before + Int64(times) { Thread.sleep(forTimeInterval: 0.1) }
    }

    @Test(arguments: Engine.allCases)
    func reportNumbersMatchTheServers(engine: Engine) throws {
        let untilMidnight = 86_400 - Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400)
        if untilMidnight < 120 { Thread.sleep(forTimeInterval: untilMidnight + 1) }
        try StatementServer.with(engine) { scratchConfig, session in
            try session.executeScript("CREATE TABLE report_marker (id INT PRIMARY KEY, v INT)")
            let fixture = try TestServers.config(engine, database: "infinitestories")
            let fixtureSession = try Database.connect(fixture)
            defer { fixtureSession.close() }
            if engine == .mysql { try fixtureSession.executeScript("SET time_zone = '+00:00'") }
            try withStore { store, _ in
                var analytics = plainOptions()
                analytics.analytics = AnalyticsOptions(since: "30d")
                analytics.analyticsDays = 7
                analytics.statements = false
                _ = try SnapshotRunner.run(fixture, label: "stories", store: store, options: analytics)

                _ = try SnapshotRunner.run(scratchConfig, label: "scratch", store: store, options: plainOptions())
                let start = try Self.marker(session)
                try Self.runMarker(session, times: 5)
                let rows =
                    engine == .postgres
                    ? "SELECT g, g FROM generate_series(1, 20000) g" : "SELECT seq, seq FROM seq_1_to_20000"
                try session.executeScript("INSERT INTO report_marker \(rows)")
                _ = try SnapshotRunner.run(scratchConfig, label: "scratch", store: store, options: plainOptions())
                try Self.runMarker(session, times: 4)
                _ = try SnapshotRunner.run(scratchConfig, label: "scratch", store: store, options: plainOptions())
                let end = try Self.marker(session)

                let now = Date()
                let query = HistoryQuery(store: store, targets: [], since: now.addingTimeInterval(-7 * 86_400))
                let report = try ReportBuilder.build(query, options: ReportOptions(since: query.since, until: now))

                // Analytics: a DAU, cost and latency figure for each stored day, as the tables say.
                let trend = try #require(report.analytics.first { $0.target == "stories" })
                #expect(trend.days.count == 7, "\(trend.days)")
                let expected = try AnalyticsHistoryTests.activeUsers(fixtureSession, from: trend.days[0])
                let dau = try #require(trend.activeUsers.first { $0.name == "DAU" })
                for (day, value) in zip(trend.days, dau.values) {
                    #expect(value == expected[day] ?? 0, "DAU of \(day)")
                }
                for (index, day) in trend.days.enumerated() {
                    let next = AnalyticsHistoryTests.day(from: day, adding: 1)
                    let truth = try AnalyticsHistoryTests.perFunction(fixtureSession, day: day, next: next)
                    for series in trend.cost {
                        let want = truth[series.name]?.0
                        #expect(
                            abs((series.values[index] ?? 0) - (want ?? 0)) < 1e-6, "cost of \(series.name) on \(day)")
                    }
                    for latency in trend.latency {
                        let p95 = latency.percentiles.first { $0.name == "p95" }?.values[index]
                        if let want = truth[latency.function]?.1 {
                            #expect(abs((p95 ?? -1) - want) < 1e-6, "p95 of \(latency.function) on \(day)")
                        }
                    }
                }
                #expect(!trend.cost.isEmpty && !trend.latency.isEmpty)

                // The statement: what the server counted between the first and last snapshots.
                let statement = try #require(
                    report.statements.first {
                        $0.target == "scratch" && $0.query?.uppercased().hasPrefix("SELECT COUNT") == true
                            && $0.query?.contains("report_marker") == true
                    },
                    "\(report.statements.map { $0.query ?? $0.id })")
                #expect(statement.calls == end.calls - start.calls)
                #expect(abs(statement.totalMs - (end.ms - start.ms)) < max(1e-6, (end.ms - start.ms) * 1e-9) + 0.001)
                #expect(statement.totalMsPerSnapshot.count == 2)

                // The table's size, as the server reports it now.
                let sizeSQL =
                    engine == .postgres
                    ? "SELECT pg_total_relation_size('report_marker')"
                    : "SELECT data_length + index_length FROM information_schema.TABLES WHERE table_schema = DATABASE() AND table_name = 'report_marker'"
                let size = Double(try session.scalar(sizeSQL) ?? "") ?? -1
                let growth = try #require(
                    report.growth.first { $0.target == "scratch" && $0.table.hasSuffix(".report_marker") })
                #expect(growth.bytes == size)
                #expect(Set(report.targets.map(\.target)) == ["stories", "scratch"])
            }
        }
    }
}
