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

    /// When the planner expects at most `limit` pairs (EXPLAIN only: nothing runs): a hash
    /// aggregate then reads the rows once, where the sort-based statement sorts them all.
    static func countingPays(
        _ connection: DatabaseConnection, _ render: () throws -> SQLTemplate.Rendered, limit: Int
    ) throws -> Bool {
        let statement = try render()
        guard
            let text = try connection.query("EXPLAIN (FORMAT JSON) " + statement.sql, statement.parameters).rows.first?[
                0],
            let plans = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]],
            let plan = plans.first?["Plan"] as? [String: Any]
        else { return false }
        // Under the LIMIT node: the aggregate's own estimate.
        let inner = (plan["Plans"] as? [[String: Any]])?.first ?? plan
        guard let rows = (inner["Plan Rows"] as? NSNumber)?.doubleValue else { return false }
        return rows <= Double(limit)
    }
}
