import DBCore
import Foundation

/// Advice for a table that is not range-partitioned on a time column: what stands in the
/// way, and the statements that would partition it, each valid as printed on the engine it
/// names (the tests run them on a copy).
enum PartitionAdvice {
    static func notPartitioned(_ connection: DatabaseConnection, _ rule: PartitionRule, column: String?, now: CivilTime) throws -> String {
        let names: [String: SQLValue] = ["schema": rule.schema.map(SQLValue.text) ?? .null, "table": .text(rule.table)]
        let keys = try connection.query(SQLTemplate.named("catalog/unique_keys", server: connection.server)
            .render(dialect: connection.dialect, parameters: names)).rows.map { row in
                (name: row["index_name"] ?? "", primary: row.bool("is_primary") == true,
                 columns: (row["columns"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            }
        guard let column else {
            return "\(rule.table) is not partitioned; give the rule a column (the time column to partition on) for the statements that would partition it"
        }
        let missing = keys.filter { !$0.columns.contains(column) }
        let widen = missing.isEmpty ? "" : "; every primary key and unique key must include \(column), so "
            + missing.map { "\($0.primary ? "PRIMARY KEY" : "UNIQUE \($0.name)") (\($0.columns.joined(separator: ", ")))" }.joined(separator: ", ")
            + " would have to gain it"
        let facts = try TableFacts.read(connection, schema: rule.schema, table: rule.table)
        let type = facts.columnTypes[column] ?? ""
        // The periods: the current one (holding every older row too) and `premake` ahead.
        var starts = [rule.interval.start(of: now)]
        for _ in 0...rule.premake { starts.append(rule.interval.next(starts.last!)) }
        let d = connection.dialect
        let table = d.qualified(rule.schema, rule.table)
        var statements: [String] = []
        switch connection.engine {
        case .postgres:
            let staging = rule.table + "_partitioned"
            statements.append("CREATE TABLE \(d.qualified(rule.schema, staging)) (LIKE \(table) INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS) PARTITION BY RANGE (\(d.quote(column)))")
            if let primary = keys.first(where: \.primary) {
                let columns = primary.columns.contains(column) ? primary.columns : primary.columns + [column]
                statements.append("ALTER TABLE \(d.qualified(rule.schema, staging)) ADD PRIMARY KEY (\(columns.map(d.quote).joined(separator: ", ")))")
            }
            for (index, start) in starts.dropLast().enumerated() {
                let from = index == 0 ? "MINVALUE" : "'\(start.dateText)'"
                statements.append("CREATE TABLE \(d.qualified(rule.schema, staging + "_" + rule.interval.suffix(start))) PARTITION OF \(d.qualified(rule.schema, staging)) FOR VALUES FROM (\(from)) TO ('\(starts[index + 1].dateText)')")
            }
            return "\(rule.table) is not partitioned: PostgreSQL cannot partition a table in place — create a partitioned copy, copy the rows over in batches, then swap the names in one transaction\(widen):\n"
                + statements.map { "  " + $0 + ";" }.joined(separator: "\n")
        case .mysql:
            for key in missing {
                let columns = (key.columns + [column]).map(d.quote).joined(separator: ", ")
                statements.append(key.primary
                    ? "ALTER TABLE \(table) DROP PRIMARY KEY, ADD PRIMARY KEY (\(columns))"
                    : "ALTER TABLE \(table) DROP INDEX \(d.quote(key.name)), ADD UNIQUE INDEX \(d.quote(key.name)) (\(columns))")
            }
            // A TIMESTAMP is an instant: MySQL allows only RANGE on UNIX_TIMESTAMP() of it
            // (RANGE COLUMNS refuses TIMESTAMP, ERROR 1659). DATE and DATETIME take RANGE
            // COLUMNS with date literals.
            let instant = type == "timestamp"
            var parts: [String] = []
            for (index, start) in starts.dropLast().enumerated() {
                let upper = starts[index + 1]
                let bound = instant ? "UNIX_TIMESTAMP('\(upper.wallText)')" : "'\(upper.dateText)'"
                parts.append("PARTITION \(d.quote("p" + rule.interval.suffix(start))) VALUES LESS THAN (\(bound))")
            }
            let by = instant ? "RANGE (UNIX_TIMESTAMP(\(d.quote(column))))" : "RANGE COLUMNS(\(d.quote(column)))"
            statements.append("ALTER TABLE \(table) PARTITION BY \(by) (\(parts.joined(separator: ", ")))")
            return "\(rule.table) is not partitioned: these statements rebuild the whole table under a lock (use pt-online-schema-change on a live table)\(widen); InnoDB partitioned tables cannot have foreign keys, and the time column must be NOT NULL to be partitioned sensibly:\n"
                + statements.map { "  " + $0 + ";" }.joined(separator: "\n")
        }
    }
}
