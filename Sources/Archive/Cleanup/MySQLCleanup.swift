import DBCore

/// A batch locks the keys of up to the limit of expired rows (SKIP LOCKED, under a
/// one-second lock wait on MariaDB), then deletes exactly those keys, in one transaction.
enum MySQLCleanup: CleanupEngine {
    static func statements(_ plan: CleanupPlan, _ connection: DatabaseConnection, limit: Int) throws -> [String] {
        let example = Array(repeating: "…", count: plan.facts.rowKey.count)
        return [
            try select(plan, connection, limit: limit, after: nil).shown,
            try delete(plan, connection, keys: [example]).shown.replacingOccurrences(
                of: "'…'", with: "<each locked key>"),
        ]
    }

    static func batch(_ plan: CleanupPlan, _ connection: DatabaseConnection, limit: Int, after: [String]?) throws
        -> CleanupPlan.Result
    {
        try connection.transaction {
            var keys: [[String]] = []
            try connection.stream(select(plan, connection, limit: limit, after: after)) { row in
                keys.append(row.values.map { $0 ?? "" })
            }
            guard !keys.isEmpty else { return CleanupPlan.Result(deleted: 0, locked: 0, lastKey: nil) }
            let deleted = try connection.query(delete(plan, connection, keys: keys)).affectedRows
            guard deleted == Int64(keys.count) else {
                throw DBError(
                    .clientError,
                    "\(plan.facts.label): a batch locked \(keys.count) rows but deleted \(deleted); rolled back")
            }
            return CleanupPlan.Result(
                deleted: deleted, locked: Int64(keys.count), lastKey: plan.byExpiryIndex ? nil : keys.last)
        }
    }

    static func select(_ plan: CleanupPlan, _ connection: DatabaseConnection, limit: Int, after: [String]?) throws
        -> SQLTemplate.Rendered
    {
        try SQLTemplate.named(.maintenanceCleanupSelect, server: connection.server)
            .render(
                dialect: connection.dialect, identifiers: ["column": plan.rule.column],
                fragments: plan.common(connection.dialect, after: after),
                parameters: ["cutoff": plan.cutoffValue, "limit": .int(Int64(limit))])
    }

    static func delete(_ plan: CleanupPlan, _ connection: DatabaseConnection, keys: [[String]]) throws
        -> SQLTemplate.Rendered
    {
        let dialect = connection.dialect
        let keyIn = KeyList.fragment(plan.facts.rowKey, keys, prefix: "k", facts: plan.facts, dialect: dialect)
        return try SQLTemplate.named(.maintenanceCleanupDelete, server: connection.server)
            .render(
                dialect: dialect, identifiers: ["column": plan.rule.column],
                fragments: ["table": SQLTemplate.Fragment(plan.facts.qualified(dialect)), "key_in": keyIn],
                parameters: ["cutoff": plan.cutoffValue])
    }
}
