import DBCore
import Foundation

enum PostgresAnalytics: AnalyticsEngine {
    static func localDay(_ column: String, instant: Bool, plusSeconds: String) -> String {
        let utc = instant ? "(\(column) AT TIME ZONE 'UTC')" : column
        if plusSeconds.isEmpty { return "\(utc)::date" }
        return "(\(utc) + \(plusSeconds) * interval '1 second')::date"
    }

    static func bucketStart(_ bucket: Bucket) -> String {
        bucket == .week ? "day - (extract(isodow from day)::integer - 1)" : "day - (extract(day from day)::integer - 1)"
    }

    /// Each user's active days as bitmask columns, counted into windows here.
    static func rollingFragments(dayCount: Int) -> [String: SQLTemplate.Fragment] {
        ["masks": ActiveUsers.masks(dayCount: dayCount)]
    }

    static func readActiveDays(
        _ context: ReportContext, _ statement: SQLTemplate.Rendered, into counter: inout RollingActiveUsers
    ) throws {
        try ActiveUsers.readUserMasks(context, statement, into: &counter)
    }

    static func milliseconds(from: String, to: String) -> String {
        "round(EXTRACT(EPOCH FROM (\(to) - \(from))) * 1000)"
    }

    static func epochSeconds(_ expression: String) -> String {
        "EXTRACT(EPOCH FROM \(expression))"
    }

    static func percentileFragments(count: Int, parameters: [String: SQLValue]) -> [String: SQLTemplate.Fragment] {
        var out: [String: SQLTemplate.Fragment] = [:]
        // Positions as expressions over the group's n, and the percentile_disc fraction
        // that lands on each: (k - 0.5) / n (NULL, not a division by zero, for a group
        // whose every duration is NULL).
        var positions = (0..<count).flatMap {
            ["FLOOR(:p\($0)::numeric * (n - 1)) + 1", "CEIL(:p\($0)::numeric * (n - 1)) + 1"]
        }
        positions.append("n")
        out["positions"] = SQLTemplate.Fragment(
            "ARRAY[" + positions.joined(separator: ", ") + "]::bigint[]", parameters: parameters)
        out["fractions"] = SQLTemplate.Fragment(
            "ARRAY[" + positions.map { "((\($0)) - 0.5) / NULLIF(n, 0)" }.joined(separator: ", ") + "]::float8[]",
            parameters: parameters)
        return out
    }

    /// From EXPLAIN (nothing runs): counting when the planner expects at most `limit`
    /// (group, duration) pairs — a hash aggregate then reads the rows once, where sorting
    /// sorts them all; else arrays while the rows are few enough; else the window.
    static func latencyPath(
        _ connection: DatabaseConnection, counting: (() throws -> SQLTemplate.Rendered)?,
        arrays: () throws -> SQLTemplate.Rendered,
        limit: Int, arrayRowLimit: Double
    ) throws -> LatencyPath {
        let sorted = { (rows: Double) in rows <= arrayRowLimit ? LatencyPath.sortedArrays : .sortedWindows }
        if let counting, let (pairs, rows) = try aggregateEstimate(connection, try counting()) {
            // Where the two columns' distinct values multiply past the rows, the planner
            // clamps its guess at (group, duration) pairs to a tenth of the rows (100,000 for
            // a million rows of 5,000 groups, which held a million pairs): count only below
            // that clamp, where pairs repeat, and with room to spare under the limit.
            let pays = pairs * 3 <= Double(limit) && pairs * 10 < rows * 0.95
            return pays ? .counting(then: sorted(rows)) : sorted(rows)
        }
        guard let (_, rows) = try aggregateEstimate(connection, try arrays()) else { return .sortedWindows }
        return sorted(rows)
    }

    /// The planner's estimate for the statement's first aggregate: its rows (groups), and
    /// the rows read beneath it (the largest estimate under it; a parallel scan's per
    /// process estimate times the processes).
    static func aggregateEstimate(_ connection: DatabaseConnection, _ statement: SQLTemplate.Rendered) throws -> (
        Double, Double
    )? {
        guard
            let text = try connection.query("EXPLAIN (FORMAT JSON) " + statement.sql, statement.parameters).rows.first?[
                0],
            let plans = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]],
            let plan = plans.first?["Plan"] as? [String: Any]
        else { return nil }
        func rows(_ node: [String: Any]) -> Double { (node["Plan Rows"] as? NSNumber)?.doubleValue ?? 0 }
        func below(_ node: [String: Any], processes: Double) -> Double {
            let workers = (node["Workers Planned"] as? NSNumber)?.doubleValue
            let processes = workers.map { $0 + 1 } ?? processes
            let parallel = node["Parallel Aware"] as? Bool == true
            let children = node["Plans"] as? [[String: Any]] ?? []
            return children.reduce(rows(node) * (parallel ? processes : 1)) { max($0, below($1, processes: processes)) }
        }
        var nodes = [plan]
        while let node = nodes.first {
            nodes.removeFirst()
            let children = node["Plans"] as? [[String: Any]] ?? []
            if node["Node Type"] as? String == "Aggregate" {
                return (rows(node), children.reduce(0) { max($0, below($1, processes: 1)) })
            }
            nodes += children
        }
        return nil
    }
}
