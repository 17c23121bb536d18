import DBCore
import Foundation

/// Advice for a table that is not range-partitioned on a time column: what stands in the
/// way, and the statements that would partition it, each valid as printed on the engine it
/// names (the tests run them on a copy).
enum PartitionAdvice {
    /// What the statements that would partition a table are made from.
    struct Inputs {
        let rule: PartitionRule
        let column: String
        /// The column's type as the catalog spells it ("timestamp", "date", ...).
        let type: String
        /// Unique keys that do not include the column (each must gain it).
        let missing: [(name: String, primary: Bool, columns: [String])]
        let keys: [(name: String, primary: Bool, columns: [String])]
        /// Start of the current period, then of each one ahead.
        let starts: [CivilTime]
        /// What the keys must gain, as a clause for the advice ("" when nothing).
        let widen: String
        let dialect: Dialect
    }

    /// `convert` writes the engine's statements (PostgresPartitionEngine.conversionAdvice,
    /// MySQLPartitionEngine.conversionAdvice).
    static func notPartitioned(
        _ connection: DatabaseConnection, _ rule: PartitionRule, column: String?, now: CivilTime,
        convert: (Inputs) -> String
    ) throws -> String {
        let names: [String: SQLValue] = ["schema": rule.schema.map(SQLValue.text) ?? .null, "table": .text(rule.table)]
        let keys = try connection.query(
            SQLTemplate.named(.catalogUniqueKeys, server: connection.server)
                .render(dialect: connection.dialect, parameters: names)
        ).rows.map { row in
            (
                name: row["index_name"] ?? "", primary: row.bool("is_primary") == true,
                columns: row.stringList("columns") ?? []
            )
        }
        guard let column else {
            return
                "\(rule.table) is not partitioned; give the rule a column (the time column to partition on) for the statements that would partition it"
        }
        let missing = keys.filter { !$0.columns.contains(column) }
        let widen =
            missing.isEmpty
            ? ""
            : "; every primary key and unique key must include \(column), so "
                + missing.map {
                    "\($0.primary ? "PRIMARY KEY" : "UNIQUE \($0.name)") (\($0.columns.joined(separator: ", ")))"
                }.joined(separator: ", ")
                + " would have to gain it"
        let facts = try TableFacts.read(connection, schema: rule.schema, table: rule.table)
        let type = facts.columnTypes[column] ?? ""
        // The periods: the current one (holding every older row too) and `premake` ahead.
        var starts = [rule.interval.start(of: now)]
        for _ in 0...rule.premake { starts.append(rule.interval.next(starts.last!)) }
        return convert(
            Inputs(
                rule: rule, column: column, type: type, missing: missing, keys: keys, starts: starts, widen: widen,
                dialect: connection.dialect))
    }
}
