import DBCore
import Foundation

/// Declarative RANGE partitions on one timestamptz, timestamp or date column.
final class PostgresPartitionEngine: PartitionEngine {
    private let connection: DatabaseConnection
    private var keyTypes: [String: String] = [:]
    /// The tablespace a table's new partitions go to, when it names one.
    private var tablespaces: [String: String] = [:]
    private var zones: [String: String] = [:]

    init(_ connection: DatabaseConnection) { self.connection = connection }

    private func names(_ rule: PartitionRule) -> [String: SQLValue] {
        ["schema": rule.schema.map(SQLValue.text) ?? .null, "table": .text(rule.table)]
    }

    private func query(
        _ name: QueryName, _ parameters: [String: SQLValue], fragments: [String: SQLTemplate.Fragment] = [:]
    ) throws -> [Row] {
        try connection.query(
            SQLTemplate.named(name, server: connection.server)
                .render(dialect: connection.dialect, fragments: fragments, parameters: parameters)
        ).rows
    }

    private func zone(_ rule: PartitionRule) throws -> String {
        if let zone = rule.timeZone { return zone }
        if let zone = zones[""] { return zone }
        let zone = try query(.partitionsServerZone, [:]).first?["zone"] ?? "UTC"
        zones[""] = zone
        return zone
    }

    func layout(_ rule: PartitionRule) throws -> (PartitionLayout?, [String]) {
        guard let info = try query(.partitionsPartitioning, names(rule)).first else {
            throw DBError(.undefinedObject, "table \(rule.table) does not exist")
        }
        guard info.bool("partitioned") == true else {
            return (
                nil,
                [
                    try PartitionAdvice.notPartitioned(
                        connection, rule, column: rule.column, now: now(rule), convert: Self.conversionAdvice)
                ]
            )
        }
        guard info["strategy"] == "r", info.int("key_columns") == 1, let key = info["key_column"],
            let type = info["key_type"],
            ["timestamptz", "timestamp", "date"].contains(type)
        else {
            return (
                nil,
                [
                    "\(rule.table) is partitioned by \(info["partition_key"] ?? "?"): dbops manages RANGE partitions on one timestamp or date column"
                ]
            )
        }
        keyTypes[rule.table] = type
        tablespaces[rule.table] = info["tablespace"]
        var parts: [PartitionLayout.Part] = []
        var problems: [String] = []
        for row in try query(.partitionsPartitions, names(rule)) {
            guard let name = row["name"], let bound = row["bound"] else { continue }
            if bound == "DEFAULT" {
                parts.append(.init(name: name, from: nil, to: nil, isCatchAll: true))
                continue
            }
            let values = Self.boundValues(bound)
            guard values.count == 2 else { problems.append("cannot read the bounds of \(name): \(bound)"); continue }
            parts.append(
                .init(
                    name: name, from: try wall(values[0], type: type, rule), to: try wall(values[1], type: type, rule),
                    isCatchAll: false))
        }
        return (PartitionLayout(schema: info["schema_name"], keyColumn: key, parts: parts), problems)
    }

    /// "FOR VALUES FROM ('a') TO ('b')" -> ["'a'", "'b'"] (MINVALUE / MAXVALUE stay bare).
    static func boundValues(_ bound: String) -> [String] {
        guard let from = bound.range(of: "FROM ("), let to = bound.range(of: ") TO (") else { return [] }
        let first = String(bound[from.upperBound..<to.lowerBound])
        let second = String(bound[to.upperBound...].dropLast())
        return [first, second]
    }

    private func wall(_ literal: String, type: String, _ rule: PartitionRule) throws -> CivilTime? {
        guard literal.hasPrefix("'") else { return nil }  // MINVALUE / MAXVALUE
        let text = String(literal.dropFirst().dropLast())
        if type == "timestamptz" {
            let converted =
                try query(.partitionsToWall, ["instant": .text(text), "zone": .text(try zone(rule))]).first?["wall"]
                ?? ""
            return CivilTime.wall(converted)
        }
        return CivilTime.wall(text)
    }

    func now(_ rule: PartitionRule) throws -> CivilTime {
        let zone = keyTypes[rule.table] == "timestamptz" ? try zone(rule) : "UTC"
        guard let now = CivilTime.wall(try query(.partitionsNowWall, ["zone": .text(zone)]).first?["wall"] ?? "") else {
            throw DBError(.clientError, "cannot read the server's clock")
        }
        return now
    }

    /// A bound as a literal for DDL (which takes no parameters): for timestamptz the instant
    /// the server names for that wall-clock time, checked to be nothing but a timestamp.
    private func literal(_ wall: CivilTime, _ rule: PartitionRule) throws -> String {
        switch keyTypes[rule.table] {
        case "date": return "'\(wall.dateText)'"
        case "timestamp": return "'\(wall.wallText)'"
        default:
            let instant =
                try query(.partitionsFromWall, ["wall": .text(wall.wallText), "zone": .text(try zone(rule))]).first?[
                    "instant"] ?? ""
            guard
                instant.range(
                    of: #"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}(:\d{2})?$"#, options: .regularExpression
                ) != nil
            else {
                throw DBError(.clientError, "unexpected timestamp \(instant) for a partition bound")
            }
            return "'\(instant)'"
        }
    }

    private func parameter(_ wall: CivilTime, _ rule: PartitionRule) throws -> SQLValue {
        .text(String(try literal(wall, rule).dropFirst().dropLast()))
    }

    func catchAllRows(_ layout: PartitionLayout, _ rule: PartitionRule, from: CivilTime, to: CivilTime) throws -> Int64
    {
        guard let catchAll = layout.catchAll else { return 0 }
        let rows = try query(
            .partitionsRowsInRange, ["from": try parameter(from, rule), "to": try parameter(to, rule)],
            fragments: [
                "partition": .init(connection.dialect.qualified(layout.schema, catchAll.name)),
                "key": .init(connection.dialect.quote(layout.keyColumn)),
            ])
        return rows.first?.int64("rows_in_range") ?? 0
    }

    func catchAllRows(_ layout: PartitionLayout, _ rule: PartitionRule) throws -> Int64? {
        guard let catchAll = layout.catchAll else { return nil }
        return Int64(
            try connection.scalar("SELECT count(*) FROM \(connection.dialect.qualified(layout.schema, catchAll.name))")
                ?? "")
    }

    func statements(
        adding periods: [(name: String, from: CivilTime, to: CivilTime)], to layout: PartitionLayout,
        _ rule: PartitionRule
    ) throws -> [String] {
        let d = connection.dialect
        return try periods.map { period in
            try SQLTemplate.named(.partitionsCreatePartition, server: connection.server).render(
                dialect: d,
                fragments: [
                    "partition": .init(d.qualified(layout.schema, period.name)),
                    "parent": .init(d.qualified(layout.schema, rule.table)),
                    "from": .init(try literal(period.from, rule)), "to": .init(try literal(period.to, rule)),
                    "tablespace": .init(tablespaces[rule.table].map { " TABLESPACE " + d.quote($0) } ?? ""),
                ]
            ).sql
        }
    }

    /// Each partition in a transaction of its own, made by the table's owner when dbops'
    /// role may act as it (`table_owner_role.sql` says why).
    func create(_ statements: [String], in layout: PartitionLayout, _ rule: PartitionRule) throws {
        let parent = connection.dialect.qualified(layout.schema, rule.table)
        for statement in statements {
            try connection.transaction {
                try PostgresMaintenance.actAsOwner(
                    of: parent, creatingIn: layout.schema, inItsTablespace: true, connection)
                try connection.executeScript(statement)
            }
        }
    }

    private func execute(_ statements: [String]) throws {
        for statement in statements {
            try connection.transaction { try connection.executeScript(statement) }
        }
    }

    // MARK: retention

    /// The comment that marks a detached partition of `layout`'s table as dbops' to dump and
    /// drop. Digits and fixed words only: safe as a literal in DDL, which takes no parameters.
    private func marker(_ layout: PartitionLayout, _ rule: PartitionRule) throws -> String {
        let qualified = connection.dialect.qualified(layout.schema, rule.table)
        guard let oid = try query(.partitionsTableOid, ["name": .text(qualified)]).first?["oid"], UInt32(oid) != nil
        else {
            throw DBError(.undefinedObject, "table \(rule.table) does not exist")
        }
        return "dbops retention: detached from table \(oid); dumped and dropped by dbops partitions"
    }

    func setAsideStatements(_ part: PartitionLayout.Part, of layout: PartitionLayout, _ rule: PartitionRule) throws
        -> [String]
    {
        let d = connection.dialect
        return [
            try SQLTemplate.named(.partitionsDetachPartition, server: connection.server).render(
                dialect: d,
                fragments: [
                    "parent": .init(d.qualified(layout.schema, rule.table)),
                    "partition": .init(d.qualified(layout.schema, part.name)),
                    "marker": .init("'\(try marker(layout, rule))'"),
                ]
            ).sql
        ]
    }

    func setAside(_ part: PartitionLayout.Part, of layout: PartitionLayout, _ rule: PartitionRule) throws -> String {
        try execute(try setAsideStatements(part, of: layout, rule))
        return part.name
    }

    func setAsideTables(_ layout: PartitionLayout, _ rule: PartitionRule) throws -> [(table: String, partition: String)]
    {
        try query(.partitionsSetAsideTables, ["marker": .text(try marker(layout, rule))]).compactMap { row in
            row["name"].map { ($0, $0) }
        }
    }

    func dropSetAside(_ table: String, of layout: PartitionLayout) throws {
        try execute(["DROP TABLE \(connection.dialect.qualified(layout.schema, table))"])
    }

    /// PostgreSQL refuses a partition whose rows sit in the default partition; later
    /// periods can still be added.
    func catchAllInTheWay(_ catchAll: String, rows: Int64, period: (name: String, from: CivilTime, to: CivilTime)) -> (
        problem: String, blocksLater: Bool
    ) {
        (
            "the default partition \(catchAll) holds \(rows) rows for \(period.from.dateText) .. \(period.to.dateText): move them out before partition \(period.name) can be created (PostgreSQL refuses a partition those rows would belong to)",
            false
        )
    }

    /// PostgreSQL cannot partition a table in place: a partitioned copy, filled in batches, then swapped.
    static func conversionAdvice(_ inputs: PartitionAdvice.Inputs) -> String {
        let (rule, column, keys, starts, widen) = (inputs.rule, inputs.column, inputs.keys, inputs.starts, inputs.widen)
        let d = inputs.dialect
        let table = d.qualified(rule.schema, rule.table)
        var statements: [String] = []
        let staging = d.fitted(rule.table, suffix: "_partitioned")
        statements.append(
            "CREATE TABLE \(d.qualified(rule.schema, staging)) (LIKE \(table) INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS) PARTITION BY RANGE (\(d.quote(column)))"
        )
        if let primary = keys.first(where: \.primary) {
            let columns = primary.columns.contains(column) ? primary.columns : primary.columns + [column]
            statements.append(
                "ALTER TABLE \(d.qualified(rule.schema, staging)) ADD PRIMARY KEY (\(columns.map(d.quote).joined(separator: ", ")))"
            )
        }
        for (index, start) in starts.dropLast().enumerated() {
            let from = index == 0 ? "MINVALUE" : "'\(start.dateText)'"
            statements.append(
                "CREATE TABLE \(d.qualified(rule.schema, d.fitted(staging, suffix: "_" + rule.interval.suffix(start)))) PARTITION OF \(d.qualified(rule.schema, staging)) FOR VALUES FROM (\(from)) TO ('\(starts[index + 1].dateText)')"
            )
        }
        return
            "\(rule.table) is not partitioned: PostgreSQL cannot partition a table in place — create a partitioned copy, copy the rows over in batches (an identity column's values with OVERRIDING SYSTEM VALUE, then its sequence set past the highest copied), then swap the names in one transaction (a serial column's sequence then OWNED BY the new table's column, or dropping the old table fails)\(widen):\n"
            + statements.map { "  " + $0 + ";" }.joined(separator: "\n")
    }
}
