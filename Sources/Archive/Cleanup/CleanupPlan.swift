import DBCore
import Foundation

/// One rule, checked against the table, and the SQL of its batches.
struct CleanupPlan {
    let rule: CleanupRule
    let facts: TableFacts
    /// An index starts with the expiry column: batches read expired rows oldest first.
    /// Otherwise they walk the row key (TableFacts.rowKey).
    let byExpiryIndex: Bool
    let cutoff: Date
    /// The bound value the expiry is compared with: the instant, or for a column without a
    /// time zone the wall time on the rule's clock.
    let cutoffValue: SQLValue
    /// Which clock, in words, for the summary and --dry-run.
    let clockWords: String
    /// Foreign keys that keep a referenced row from being deleted: batches leave such rows.
    let references: RestrictingReferences

    init(_ rule: CleanupRule, connection: DatabaseConnection, now: Date) throws {
        self.rule = rule
        facts = try TableFacts.read(connection, schema: rule.schema, table: rule.table)
        try facts.requireTimeColumn(rule.column, role: "expiry")
        try facts.requireRowKey("cleanup")
        byExpiryIndex = try facts.hasLeadingIndex(on: rule.column, connection)
        references = try RestrictingReferences(connection, facts: facts)
        cutoff = now.addingTimeInterval(-rule.grace)
        let wallTime = TimeColumnKind.of(facts.columnTypes[rule.column] ?? "", engine: connection.engine) != .instant
        if wallTime && rule.clock == .server {
            let row = try connection.named(.maintenanceApplicationClockOffset).first
            let offset = row.flatMap { Double($0["offset_seconds"] ?? "") } ?? 0
            cutoffValue = .text(SQLValue.formatTimestamp(cutoff.addingTimeInterval(offset)))
            clockWords =
                "the server's clock (\(row?["zone"] ?? "?"), UTC\(Self.offsetText(offset)); \(rule.column) has no time zone)"
        } else {
            cutoffValue = .timestamp(cutoff)
            clockWords =
                wallTime
                ? "UTC (clock = \"utc\"; \(rule.column) has no time zone)" : "UTC (\(rule.column) is an instant)"
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
            + (byExpiryIndex
                ? ", oldest first through the index on \(rule.column)"
                : ", walking its key (\(facts.rowKey.joined(separator: ", "))); no index starts with \(rule.column))")
    }

    /// Expired rows a batch may delete: those nothing references through a restricting key.
    func countDue(_ connection: DatabaseConnection) throws -> Int64 {
        try countExpired(
            connection, filter: references.unreferenced(outer: facts.qualified(connection.dialect), connection.dialect))
    }

    /// Expired rows kept because another table still references them (0 without such keys).
    func countReferenced(_ connection: DatabaseConnection) throws -> Int64 {
        guard !references.keys.isEmpty else { return 0 }
        return try countExpired(
            connection, filter: references.referenced(outer: facts.qualified(connection.dialect), connection.dialect))
    }

    private func countExpired(_ connection: DatabaseConnection, filter: SQLTemplate.Fragment) throws -> Int64 {
        let rendered = try SQLTemplate.named(.maintenanceCountExpired, server: connection.server)
            .render(
                dialect: connection.dialect, identifiers: ["column": rule.column],
                fragments: ["table": SQLTemplate.Fragment(facts.qualified(connection.dialect)), "filter": filter],
                parameters: ["cutoff": cutoffValue])
        return try connection.query(rendered).first?.int64("expired") ?? 0
    }

    /// The note for rows kept because they are still referenced.
    func keptNote(_ kept: Int64) -> String {
        "\(rule.name): \(kept) expired \(facts.label) row(s) kept: still referenced through \(references.described), which forbids deleting them; remove or re-point the referencing rows, or make the key ON DELETE CASCADE or SET NULL"
    }

    /// The statements of the first batch, as --dry-run shows them.
    func statements(_ connection: DatabaseConnection, limit: Int) throws -> [String] {
        try connection.engine.cleanup.statements(self, connection, limit: limit)
    }

    struct Result {
        var deleted: Int64
        var locked: Int64
        var lastKey: [String]?
    }

    /// One batch, one transaction.
    func batch(_ connection: DatabaseConnection, limit: Int, after: [String]?) throws -> Result {
        try connection.engine.cleanup.batch(self, connection, limit: limit, after: after)
    }

    var order: [String] { byExpiryIndex ? [rule.column] + facts.rowKey : facts.rowKey }

    func afterFragment(_ dialect: Dialect, after: [String]?) -> SQLTemplate.Fragment {
        byExpiryIndex
            ? SQLTemplate.Fragment("")
            : KeyResume.fragment(keys: facts.rowKey, after: after, facts: facts, dialect: dialect)
    }

    func common(_ dialect: Dialect, after: [String]?) -> [String: SQLTemplate.Fragment] {
        return [
            "table": SQLTemplate.Fragment(facts.qualified(dialect)),
            "keys": SQLTemplate.Fragment(facts.readList(facts.rowKey, dialect)),
            "order": SQLTemplate.Fragment(order.map(dialect.quote).joined(separator: ", ")),
            "after": afterFragment(dialect, after: after),
            "unreferenced": references.unreferenced(outer: facts.qualified(dialect), dialect),
        ]
    }

}
