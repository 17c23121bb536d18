import Analytics
import DBCore
import Foundation
import History
import Testing
import TestSupport

/// The analytics days a snapshot stores for the InfiniteStories fixture (both engines),
/// each figure checked against SQL written independently from the profile's words (UTC
/// days of api_usage: distinct users, cost per function, p95 of response_time_ms per
/// function); a second snapshot computes only the current day again.
@Suite("History: analytics days of the fixture")
struct AnalyticsHistoryTests {
    static let days = 10

    /// Day -> distinct users, from api_usage directly.
    static func activeUsers(_ session: DatabaseConnection, from: String) throws -> [String: Double] {
        let sql =
            session.engine == .postgres
            ? "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(DISTINCT user_id) AS n FROM api_usage WHERE created_at >= $1::timestamptz GROUP BY 1"
            : "SELECT DATE_FORMAT(created_at, '%Y-%m-%d') AS day, COUNT(DISTINCT user_id) AS n FROM api_usage WHERE created_at >= ? GROUP BY 1"
        var out: [String: Double] = [:]
        for row in try session.query(sql, [.text(from + (session.engine == .postgres ? " 00:00:00+00" : " 00:00:00"))])
            .rows
        {
            out[row["day"] ?? ""] = row.double("n")
        }
        return out
    }

    /// Function -> (cost, p95 response time) of one UTC day.
    static func perFunction(_ session: DatabaseConnection, day: String, next: String) throws -> [String: (
        Double, Double
    )] {
        let sql =
            session.engine == .postgres
            ? """
            SELECT function_name AS f, sum(cost_estimate) AS cost,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY response_time_ms) AS p95
            FROM api_usage WHERE created_at >= $1::timestamptz AND created_at < $2::timestamptz GROUP BY 1
            """
            : """
            SELECT f, MAX(cost) AS cost, MAX(p95) AS p95 FROM (
              SELECT function_name AS f, SUM(cost_estimate) OVER (PARTITION BY function_name) AS cost,
                     PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY response_time_ms) OVER (PARTITION BY function_name) AS p95
              FROM api_usage WHERE created_at >= ? AND created_at < ?) x GROUP BY f
            """
        let suffix = session.engine == .postgres ? " 00:00:00+00" : " 00:00:00"
        var out: [String: (Double, Double)] = [:]
        for row in try session.query(sql, [.text(day + suffix), .text(next + suffix)]).rows {
            out[row["f"] ?? "(null)"] = (row.double("cost") ?? 0, row.double("p95") ?? -1)
        }
        return out
    }

    /// The date `days` after a YYYY-MM-DD date.
    static func day(from date: String, adding days: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: formatter.date(from: date)!.addingTimeInterval(Double(days) * 86_400))
    }

    static func day(_ offset: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date().addingTimeInterval(Double(offset) * 86_400))
    }

    @Test(arguments: Engine.allCases)
    func daysMatchIndependentSQLAndOnlyTheCurrentDayIsComputedAgain(engine: Engine) throws {
        // Both snapshots within one UTC day: close to midnight, wait for the next one.
        let untilMidnight = 86_400 - Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400)
        if untilMidnight < 120 { Thread.sleep(forTimeInterval: untilMidnight + 1) }
        let config = try TestServers.config(engine, database: "infinitestories")
        let session = try Database.connect(config)
        defer { session.close() }
        // TIMESTAMP values read in UTC (PostgreSQL's are compared as timestamptz).
        if engine == .mysql { try session.executeScript("SET time_zone = '+00:00'") }
        try withStore { store, _ in
            var options = plainOptions()
            options.analytics = AnalyticsOptions(since: "30d")
            options.analyticsDays = Self.days
            options.sizes = false
            options.statements = false
            let first = try SnapshotRunner.run(config, label: "stories", store: store, options: options)
            #expect(!first.notes.contains { $0.contains("analytics") }, "\(first.notes)")
            let from = Self.day(-(Self.days - 1))
            let expected = try Self.activeUsers(session, from: from)
            let stored = try store.analytics(target: "stories", report: "dau", since: from).filter {
                $0.day.metric == "active_users"
            }
            #expect(stored.count == Self.days, "a figure a day: \(stored.map(\.day.day))")
            for figure in stored {
                #expect(figure.day.value == expected[figure.day.day] ?? 0, "DAU of \(figure.day.day)")
            }
            #expect(stored.contains { $0.day.value > 0 }, "the fixture has users in the window")

            let yesterday = Self.day(-1), today = Self.day(0)
            let truth = try Self.perFunction(session, day: yesterday, next: today)
            let figures = try store.analytics(target: "stories", report: nil, since: yesterday).filter {
                $0.day.day == yesterday
            }
            for (function, (cost, p95)) in truth {
                let storedCost = figures.first {
                    $0.day.report == "cost" && $0.day.dimension == function && $0.day.metric == "cost"
                }
                let storedP95 = figures.first {
                    $0.day.report == "latency" && $0.day.dimension == function && $0.day.metric == "p95"
                }
                #expect(abs((storedCost?.day.value ?? -1) - cost) < 1e-6, "cost of \(function) on \(yesterday)")
                #expect(abs((storedP95?.day.value ?? -1) - p95) < 1e-6, "p95 of \(function) on \(yesterday)")
            }
            #expect(!truth.isEmpty)

            // Again: only today (the running day) is computed again.
            let firstComputed = try store.analyticsDays(target: "stories", report: "dau", since: from)
            let second = try SnapshotRunner.run(config, label: "stories", store: store, options: options)
            let secondComputed = try store.analyticsDays(target: "stories", report: "dau", since: from)
            #expect(Set(second.analytics.map(\.day)) == [today], "\(Set(second.analytics.map(\.day)))")
            #expect(secondComputed[yesterday] == firstComputed[yesterday])
            #expect((secondComputed[today] ?? .distantPast) > (firstComputed[today] ?? .distantFuture))
        }
    }
}
