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

/// Advice for a table that is not range-partitioned on a time column.
enum PartitionAdvice {
    static func notPartitioned(_ connection: DatabaseConnection, _ rule: PartitionRule, column: String?) throws -> String {
        let names: [String: SQLValue] = ["schema": rule.schema.map(SQLValue.text) ?? .null, "table": .text(rule.table)]
        let keys = try connection.query(SQLTemplate.named("catalog/unique_keys", server: connection.server)
            .render(dialect: connection.dialect, parameters: names)).rows
        let key = column ?? "the time column"
        let missing = keys.filter { row in
            guard let column else { return true }
            return !(row["columns"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.contains(column)
        }.map { "\($0.bool("is_primary") == true ? "PRIMARY KEY" : "UNIQUE \($0["index_name"] ?? "")") (\($0["columns"] ?? ""))" }
        let widen = missing.isEmpty ? "" : "; every primary key and unique key must include \(key), so \(missing.joined(separator: ", ")) would have to gain it"
        switch connection.engine {
        case .postgres:
            return "\(rule.table) is not partitioned: PostgreSQL cannot partition a table in place — create a new table PARTITION BY RANGE (\(key)), copy the rows over in batches and swap the names\(widen)"
        case .mysql:
            return "\(rule.table) is not partitioned: ALTER TABLE \(rule.table) PARTITION BY RANGE COLUMNS(\(key)) (...) rebuilds the whole table under a lock (use pt-online-schema-change on a live table)\(widen); InnoDB partitioned tables cannot have foreign keys"
        }
    }
}
