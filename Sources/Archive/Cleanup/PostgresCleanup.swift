import DBCore

/// A batch is one statement: lock up to the limit of expired rows (skipping those the
/// application holds), delete them by key, and report how many were locked and deleted and
/// the last key.
enum PostgresCleanup: CleanupEngine {
    static func statements(_ plan: CleanupPlan, _ connection: DatabaseConnection, limit: Int) throws -> [String] {
        [try batchStatement(plan, connection, limit: limit, after: nil).shown]
    }

    static func batch(_ plan: CleanupPlan, _ connection: DatabaseConnection, limit: Int, after: [String]?) throws
        -> CleanupPlan.Result
    {
        let row = try connection.transaction {
            try connection.query(batchStatement(plan, connection, limit: limit, after: after)).first
        }
        let deleted = row?.int64("deleted") ?? 0, locked = row?.int64("locked") ?? 0
        guard deleted == locked else {
            throw DBError(
                .clientError, "\(plan.facts.label): a batch locked \(locked) rows but deleted \(deleted); rolled back")
        }
        let last = (0..<plan.facts.rowKey.count).map { row?["k\($0)"] }
        return CleanupPlan.Result(
            deleted: deleted, locked: locked, lastKey: last.contains { $0 == nil } ? nil : last.compactMap { $0 })
    }

    static func batchStatement(_ plan: CleanupPlan, _ connection: DatabaseConnection, limit: Int, after: [String]?)
        throws -> SQLTemplate.Rendered
    {
        let dialect = connection.dialect
        let keys = plan.facts.rowKey.map(dialect.quote)
        var fragments = plan.common(dialect, after: after)
        fragments["key_match"] = SQLTemplate.Fragment(keys.map { "t.\($0) = d.\($0)" }.joined(separator: " AND "))
        fragments["keys_desc"] = SQLTemplate.Fragment(keys.map { "\($0) DESC" }.joined(separator: ", "))
        fragments["last_keys"] = SQLTemplate.Fragment(
            keys.enumerated().map { "\($1)::text AS k\($0)" }.joined(separator: ", "))
        return try SQLTemplate.named(.maintenanceCleanupBatch, server: connection.server)
            .render(
                dialect: dialect, identifiers: ["column": plan.rule.column], fragments: fragments,
                parameters: ["cutoff": plan.cutoffValue, "limit": .int(Int64(limit))])
    }
}
