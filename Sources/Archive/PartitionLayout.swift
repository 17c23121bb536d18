import DBCore
import Foundation

/// A partitioned table as dbops sees it, whatever the engine: partitions with wall-clock
/// bounds (the calendar periods they cover), and the catch-all partition if any.
struct PartitionLayout {
    struct Part {
        var name: String
        var from: CivilTime?
        var to: CivilTime?
        var isCatchAll: Bool
    }

    /// Where the table lives (new partitions go beside it).
    var schema: String?
    var keyColumn: String
    var parts: [Part]

    var catchAll: Part? { parts.first { $0.isCatchAll } }
    var ranged: [Part] { parts.filter { !$0.isCatchAll } }

    /// Whether [from, to) overlaps a ranged partition (an open end reaches forever).
    func overlaps(from: CivilTime, to: CivilTime) -> Part? {
        ranged.first { part in
            let startsBeforeEnd = part.from.map { $0.unixSeconds < to.unixSeconds } ?? true
            let endsAfterStart = part.to.map { $0.unixSeconds > from.unixSeconds } ?? true
            return startsBeforeEnd && endsAfterStart
        }
    }

    /// Whether one ranged partition covers [from, to) entirely.
    func covers(from: CivilTime, to: CivilTime) -> Bool {
        ranged.contains { part in
            (part.from.map { $0.unixSeconds <= from.unixSeconds } ?? true) && (part.to.map { $0.unixSeconds >= to.unixSeconds } ?? true)
        }
    }
}

/// What differs between the engines when partitions are read and added.
protocol PartitionEngine {
    /// nil layout with problems when the table cannot be managed.
    func layout(_ rule: PartitionRule) throws -> (PartitionLayout?, [String])
    /// The server's clock in the rule's wall-clock terms.
    func now(_ rule: PartitionRule) throws -> CivilTime
    /// Rows of the catch-all partition in [from, to).
    func catchAllRows(_ layout: PartitionLayout, _ rule: PartitionRule, from: CivilTime, to: CivilTime) throws -> Int64
    /// Rows of the catch-all partition overall (nil when it cannot be counted cheaply).
    func catchAllRows(_ layout: PartitionLayout, _ rule: PartitionRule) throws -> Int64?
    /// The statements that add these periods; run with `execute`.
    func statements(adding periods: [(name: String, from: CivilTime, to: CivilTime)], to layout: PartitionLayout,
                    _ rule: PartitionRule) throws -> [String]
    /// Runs the statements as one change; true if it happened, false if it had to wait for
    /// the application and should be tried again later.
    func execute(_ statements: [String]) throws

    // Retention. A partition past retention is first set aside: taken out of the table into
    // a standalone table, marked so that a run interrupted before the dump finishes the job.
    // Then it is dumped, verified, and the standalone table dropped.

    /// The statements that set a partition aside (run them with `setAside`).
    func setAsideStatements(_ part: PartitionLayout.Part, of layout: PartitionLayout, _ rule: PartitionRule) throws -> [String]
    /// Sets the partition aside; returns the standalone table now holding its rows.
    func setAside(_ part: PartitionLayout.Part, of layout: PartitionLayout, _ rule: PartitionRule) throws -> String
    /// Standalone tables an interrupted run set aside for this rule, with the partition each
    /// one was.
    func setAsideTables(_ layout: PartitionLayout, _ rule: PartitionRule) throws -> [(table: String, partition: String)]
    /// Drops a standalone table once its rows are safe in a verified file.
    func dropSetAside(_ table: String, of layout: PartitionLayout) throws
}

extension CivilTime {
    /// "2026-01-01", "2026-01-01 00:00:00" or "2026-01-01 00:00:00+00" (offset ignored:
    /// callers pass wall-clock text).
    static func wall(_ text: String) -> CivilTime? {
        let trimmed = text.trimmingCharacters(in: CharacterSet(charactersIn: "' "))
        let parts = trimmed.split(separator: " ")
        let date = parts.first?.split(separator: "-").compactMap { Int($0) } ?? []
        guard date.count == 3 else { return nil }
        var hour = 0, minute = 0, second = 0
        if parts.count > 1 {
            let clock = parts[1].prefix { $0 != "+" && $0 != "-" && $0 != "." }.split(separator: ":").compactMap { Int($0) }
            guard clock.count >= 2 else { return nil }
            hour = clock[0]; minute = clock[1]; second = clock.count > 2 ? clock[2] : 0
        }
        return CivilTime(year: date[0], month: date[1], day: date[2], hour: hour, minute: minute, second: second)
    }

    var wallText: String {
        String(format: "%04d-%02d-%02d %02d:%02d:%02d", year, month, day, hour, minute, second)
    }

    var dateText: String { String(format: "%04d-%02d-%02d", year, month, day) }
}

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
