import DBCore
import Foundation

/// The latency report from each integer duration's count (queries/postgres/analytics/
/// latency_counts.sql): a hash aggregate over the rows instead of sorting every duration.
/// Milliseconds as integers repeat, so a window of a million calls holds a few thousand
/// distinct (group, duration) pairs; their counts, walked in order, give exactly the order
/// statistics the sort would. Where the pairs are many (durations in microseconds, a great
/// many groups), and on MySQL/MariaDB, the sort-based statement runs instead.
enum LatencyCounts {
    /// Pairs beyond which counting saves too little over sorting.
    static let limit = 200_000

    /// The counting statement, for an integer duration column (its values compare and sum
    /// exactly as Int64). Whether it pays is the engine's call (LatencyPath).
    static func statement(_ context: ReportContext, dimension: SQLTemplate.Fragment) throws -> SQLTemplate.Rendered {
        try context.statement(
            .analyticsLatencyCounts,
            fragments: ["dimension": dimension, "limit_plus_one": SQLTemplate.Fragment(String(limit + 1))])
    }

    /// Each group's count, exact total and the order statistics `positions` asks for; nil
    /// when the pairs turn out too many.
    static func read(
        _ context: ReportContext, _ statement: SQLTemplate.Rendered, keepGroupNames: Bool,
        positions: (Int64) throws -> Set<Int64>
    ) throws -> [String?: LatencyPercentiles.Group]? {
        let rows = try context.connection.query(statement).rows
        guard rows.count <= limit else { return nil }
        var counts: [String?: [(value: Int64, count: Int64)]] = [:]
        var withoutDuration: [String?: Int64] = [:]
        for row in rows {
            guard let count = row.int64("c") else { return nil }
            let key = keepGroupNames ? row["dim"] : nil
            guard let text = row["v"] else {
                withoutDuration[key, default: 0] += count
                counts[key, default: []] += []
                continue
            }
            guard let value = Int64(text) else { return nil }
            counts[key, default: []].append((value, count))
        }
        var groups: [String?: LatencyPercentiles.Group] = [:]
        for (key, pairs) in counts {
            let sorted = pairs.sorted { $0.value < $1.value }
            var group = LatencyPercentiles.Group()
            group.calls = withoutDuration[key] ?? 0
            var total: Int128 = 0
            for pair in sorted {
                group.n += pair.count
                group.calls += pair.count
                total += Int128(pair.value) * Int128(pair.count)
            }
            group.total = ExactDecimal(units: total, scale: 0)
            // Walk the cumulative counts to each wanted position, smallest first.
            var wanted = try positions(group.n).filter { $0 >= 1 && $0 <= group.n }.sorted()[...]
            var seen: Int64 = 0
            for pair in sorted where !wanted.isEmpty {
                seen += pair.count
                while let next = wanted.first, next <= seen {
                    group.values[next] = ExactDecimal(pair.value)
                    wanted.removeFirst()
                }
            }
            groups[key] = group
        }
        return groups
    }
}
