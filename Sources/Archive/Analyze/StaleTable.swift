import DBCore

/// A table whose planner statistics are out of date, and why.
struct StaleTable: Sendable {
    var schema: String
    var name: String
    var partitioned: Bool
    /// Rows changed since the statistics were taken.
    var changed: Int64
    var estimatedRows: Int64
    var hasStatistics: Bool

    init(_ row: Row) {
        schema = row["schema_name"] ?? ""
        name = row["table_name"] ?? ""
        partitioned = row.bool("partitioned") == true
        changed = row.int64("changed") ?? 0
        estimatedRows = row.int64("estimated_rows") ?? 0
        hasStatistics = row.bool("has_statistics") == true
    }

    var label: String { schema.isEmpty ? name : "\(schema).\(name)" }

    /// Why it is analyzed, in words.
    var reason: String {
        if !hasStatistics {
            return partitioned
                ? "a partitioned table without statistics of its own (autovacuum never analyzes the parent)"
                : "never analyzed"
        }
        let share = estimatedRows > 0 ? Double(changed) / Double(estimatedRows) * 100 : 100
        return "\(changed) rows changed since the last ANALYZE, \(Int(share.rounded()))% of about \(estimatedRows)"
    }
}
