import DBCore
import Foundation

/// One rule, checked against the table, and the SQL of its batches.
struct CleanupPlan {
    let rule: CleanupRule
    let facts: TableFacts
    /// An index starts with the expiry column: batches read expired rows oldest first.
    /// Otherwise they walk the primary key.
    let byExpiryIndex: Bool
    let cutoff: Date
    /// The bound value the expiry is compared with: the instant, or for a column without a
    /// time zone the wall time on the rule's clock.
    let cutoffValue: SQLValue
    /// Which clock, in words, for the summary and --dry-run.
    let clockWords: String

    init(_ rule: CleanupRule, connection: DatabaseConnection, now: Date) throws {
        self.rule = rule
        facts = try TableFacts.read(connection, schema: rule.schema, table: rule.table)
        try facts.requireTimeColumn(rule.column, role: "expiry")
        try facts.requirePrimaryKey("cleanup")
        byExpiryIndex = try facts.hasLeadingIndex(on: rule.column, connection)
        cutoff = now.addingTimeInterval(-rule.grace)
        let wallTime = TimeColumnKind.of(facts.columnTypes[rule.column] ?? "", engine: connection.engine) != .instant
        if wallTime && rule.clock == .server {
            let row = try connection.named("maintenance/application_clock_offset").first
            let offset = row.flatMap { Double($0["offset_seconds"] ?? "") } ?? 0
            cutoffValue = .text(SQLValue.formatTimestamp(cutoff.addingTimeInterval(offset)))
            clockWords = "the server's clock (\(row?["zone"] ?? "?"), UTC\(Self.offsetText(offset)); \(rule.column) has no time zone)"
        } else {
            cutoffValue = .timestamp(cutoff)
            clockWords = wallTime ? "UTC (clock = \"utc\"; \(rule.column) has no time zone)" : "UTC (\(rule.column) is an instant)"
        }
    }

    static func offsetText(_ seconds: Double) -> String {
        let minutes = Int((abs(seconds) / 60).rounded())
        return (seconds < 0 ? "-" : "+") + String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    var description: String {
        let wall = cutoffValue.textForm ?? SQLValue.formatTimestamp(cutoff)
        return "delete rows whose \(rule.column) is before \(wall), read on \(clockWords)"
            + (rule.grace > 0 ? " (\(Format.duration(rule.grace)) of grace)" : "")
            + (byExpiryIndex ? ", oldest first through the index on \(rule.column)" : ", walking the primary key (no index starts with \(rule.column))")
    }

    func countDue(_ connection: DatabaseConnection) throws -> Int64 {
        let rendered = try SQLTemplate.named("maintenance/count_expired", server: connection.server)
            .render(dialect: connection.dialect, identifiers: ["column": rule.column],
                    fragments: ["table": SQLTemplate.Fragment(facts.qualified(connection.dialect))],
                    parameters: ["cutoff": cutoffValue])
        return try connection.query(rendered).first?.int64("expired") ?? 0
    }

    /// The statements of the first batch, as --dry-run shows them.
    func statements(_ connection: DatabaseConnection, limit: Int) throws -> [String] {
        switch connection.engine {
        case .postgres: return [try postgresBatch(connection, limit: limit, after: nil).shown]
        case .mysql:
            let example = Array(repeating: "…", count: facts.primaryKey.count)
            return [try mysqlSelect(connection, limit: limit, after: nil).shown,
                    try mysqlDelete(connection, keys: [example]).shown.replacingOccurrences(of: "'…'", with: "<each locked key>")]
        }
    }

    struct Result {
        var deleted: Int64
        var locked: Int64
        var lastKey: [String]?
    }

    /// One batch, one transaction.
    func batch(_ connection: DatabaseConnection, limit: Int, after: [String]?) throws -> Result {
        switch connection.engine {
        case .postgres:
            let row = try connection.transaction { try connection.query(postgresBatch(connection, limit: limit, after: after)).first }
            let deleted = row?.int64("deleted") ?? 0, locked = row?.int64("locked") ?? 0
            guard deleted == locked else {
                throw DBError(.clientError, "\(facts.label): a batch locked \(locked) rows but deleted \(deleted); rolled back")
            }
            let last = (0..<facts.primaryKey.count).map { row?["k\($0)"] }
            return Result(deleted: deleted, locked: locked, lastKey: last.contains { $0 == nil } ? nil : last.compactMap { $0 })
        case .mysql:
            return try connection.transaction {
                var keys: [[String]] = []
                try connection.stream(mysqlSelect(connection, limit: limit, after: after)) { row in
                    keys.append(row.values.map { $0 ?? "" })
                }
                guard !keys.isEmpty else { return Result(deleted: 0, locked: 0, lastKey: nil) }
                let deleted = try connection.query(mysqlDelete(connection, keys: keys)).affectedRows
                guard deleted == Int64(keys.count) else {
                    throw DBError(.clientError, "\(facts.label): a batch locked \(keys.count) rows but deleted \(deleted); rolled back")
                }
                return Result(deleted: deleted, locked: Int64(keys.count), lastKey: byExpiryIndex ? nil : keys.last)
            }
        }
    }

    private var order: [String] { byExpiryIndex ? [rule.column] + facts.primaryKey : facts.primaryKey }

    private func afterFragment(_ dialect: Dialect, after: [String]?) -> SQLTemplate.Fragment {
        byExpiryIndex ? SQLTemplate.Fragment("") : KeyResume.fragment(keys: facts.primaryKey, after: after, dialect: dialect)
    }

    private func common(_ dialect: Dialect, after: [String]?) -> [String: SQLTemplate.Fragment] {
        let keys = facts.primaryKey.map(dialect.quote)
        return [
            "table": SQLTemplate.Fragment(facts.qualified(dialect)),
            "keys": SQLTemplate.Fragment(keys.joined(separator: ", ")),
            "order": SQLTemplate.Fragment(order.map(dialect.quote).joined(separator: ", ")),
            "after": afterFragment(dialect, after: after),
        ]
    }

    func postgresBatch(_ connection: DatabaseConnection, limit: Int, after: [String]?) throws -> SQLTemplate.Rendered {
        let dialect = connection.dialect
        let keys = facts.primaryKey.map(dialect.quote)
        var fragments = common(dialect, after: after)
        fragments["key_match"] = SQLTemplate.Fragment(keys.map { "t.\($0) = d.\($0)" }.joined(separator: " AND "))
        fragments["keys_desc"] = SQLTemplate.Fragment(keys.map { "\($0) DESC" }.joined(separator: ", "))
        fragments["last_keys"] = SQLTemplate.Fragment(keys.enumerated().map { "\($1)::text AS k\($0)" }.joined(separator: ", "))
        return try SQLTemplate.named("maintenance/cleanup_batch", server: connection.server)
            .render(dialect: dialect, identifiers: ["column": rule.column], fragments: fragments,
                    parameters: ["cutoff": cutoffValue, "limit": .int(Int64(limit))])
    }

    func mysqlSelect(_ connection: DatabaseConnection, limit: Int, after: [String]?) throws -> SQLTemplate.Rendered {
        try SQLTemplate.named("maintenance/cleanup_select", server: connection.server)
            .render(dialect: connection.dialect, identifiers: ["column": rule.column], fragments: common(connection.dialect, after: after),
                    parameters: ["cutoff": cutoffValue, "limit": .int(Int64(limit))])
    }

    func mysqlDelete(_ connection: DatabaseConnection, keys: [[String]]) throws -> SQLTemplate.Rendered {
        let dialect = connection.dialect
        let columns = facts.primaryKey.map(dialect.quote)
        var parameters: [String: SQLValue] = ["cutoff": cutoffValue]
        var tuples: [String] = []
        for (r, key) in keys.enumerated() {
            let names = key.indices.map { "k\(r)_\($0)" }
            for (name, value) in zip(names, key) { parameters[name] = .text(value) }
            tuples.append(columns.count == 1 ? ":\(names[0])" : "(" + names.map { ":\($0)" }.joined(separator: ", ") + ")")
        }
        let left = columns.count == 1 ? columns[0] : "(" + columns.joined(separator: ", ") + ")"
        let keyIn = SQLTemplate.Fragment("\(left) IN (" + tuples.joined(separator: ", ") + ")", parameters: parameters)
        return try SQLTemplate.named("maintenance/cleanup_delete", server: connection.server)
            .render(dialect: dialect, identifiers: ["column": rule.column],
                    fragments: ["table": SQLTemplate.Fragment(facts.qualified(dialect)), "key_in": keyIn])
    }
}
