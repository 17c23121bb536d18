import DBCore
import Foundation

/// MySQL/MariaDB RANGE partitions: RANGE COLUMNS on a DATE/DATETIME column, or RANGE on
/// UNIX_TIMESTAMP(), TO_DAYS() or YEAR() of one. Bounds are worked out by the server in its
/// own time zone, the one the table's author's session had.
final class MySQLPartitionEngine: PartitionEngine {
    private let connection: DatabaseConnection
    private let lockTimeout: Double
    private var kinds: [String: Kind] = [:]

    /// How a partition's upper bound relates to wall-clock time.
    enum Kind: Equatable {
        case columns(date: Bool)
        case unixTimestamp
        case toDays
        case year
    }

    init(_ connection: DatabaseConnection, lockTimeout: Double) {
        self.connection = connection
        self.lockTimeout = lockTimeout
    }

    /// Runs `body` with the session in the server's own time zone, then back in UTC.
    private func inServerZone<T>(_ body: () throws -> T) throws -> T {
        try connection.executeScript(.partitionsServerTimeZone)
        defer { try? connection.executeScript(.partitionsUtcTimeZone) }
        return try body()
    }

    private func convert(_ expression: String, _ parameters: [String: SQLValue]) throws -> String {
        try connection.query(
            SQLTemplate.named(.partitionsConvert, server: connection.server)
                .render(
                    dialect: connection.dialect, fragments: ["expression": .init(expression)], parameters: parameters)
        ).first?["value"] ?? ""
    }

    func layout(_ rule: PartitionRule) throws -> (PartitionLayout?, [String]) {
        let names: [String: SQLValue] = ["schema": rule.schema.map(SQLValue.text) ?? .null, "table": .text(rule.table)]
        let rows = try connection.query(
            SQLTemplate.named(.partitionsPartitions, server: connection.server)
                .render(dialect: connection.dialect, parameters: names)
        ).rows
        guard let first = rows.first else { throw DBError(.undefinedObject, "table \(rule.table) does not exist") }
        guard first["name"] != nil else {
            let foreignKeys = try connection.query(
                SQLTemplate.named(.partitionsForeignKeys, server: connection.server)
                    .render(dialect: connection.dialect, parameters: names)
            ).rows.compactMap { row in
                row["table_name"].flatMap { table in row["constraint_name"].map { (table: table, name: $0) } }
            }
            return (
                nil,
                [
                    try PartitionAdvice.notPartitioned(
                        connection, rule, column: rule.column, now: now(rule),
                        convert: { Self.conversionAdvice($0, foreignKeys: foreignKeys) })
                ]
            )
        }
        let method = first["method"] ?? "", expression = (first["expression"] ?? "").lowercased()
        guard
            let (kind, column) = try Self.kind(
                method: method, expression: expression, columnType: { try self.columnType(rule, $0) })
        else {
            return (
                nil,
                [
                    "\(rule.table) is partitioned by \(method) (\(first["expression"] ?? "")): dbops manages RANGE COLUMNS on a date column, or RANGE on UNIX_TIMESTAMP(), TO_DAYS() or YEAR() of one"
                ]
            )
        }
        kinds[rule.table] = kind
        var parts: [PartitionLayout.Part] = []
        var previous: CivilTime?
        try inServerZone {
            for row in rows {
                guard let name = row["name"], let bound = row["bound"] else { continue }
                if bound.uppercased() == "MAXVALUE" {
                    parts.append(.init(name: name, from: previous, to: nil, isCatchAll: true))
                    continue
                }
                let upper = try wall(bound, kind)
                parts.append(.init(name: name, from: previous, to: upper, isCatchAll: false))
                previous = upper
            }
        }
        return (PartitionLayout(schema: rule.schema, keyColumn: column, parts: parts), [])
    }

    static func kind(method: String, expression: String, columnType: (String) throws -> String) rethrows -> (
        Kind, String
    )? {
        let unquoted = expression.replacingOccurrences(of: "`", with: "")
        if method == "RANGE COLUMNS", !unquoted.contains(",") {
            let type = try columnType(unquoted)
            guard type == "date" || type == "datetime" || type == "timestamp" else { return nil }
            return (.columns(date: type == "date"), unquoted)
        }
        guard method == "RANGE", unquoted.hasSuffix(")"), let open = unquoted.firstIndex(of: "(") else { return nil }
        let function = String(unquoted[..<open]),
            column = String(unquoted[unquoted.index(after: open)..<unquoted.index(before: unquoted.endIndex)])
        switch function {
        case "unix_timestamp": return (.unixTimestamp, column)
        case "to_days": return (.toDays, column)
        case "year": return (.year, column)
        default: return nil
        }
    }

    private func columnType(_ rule: PartitionRule, _ column: String) throws -> String {
        try TableFacts.read(connection, schema: rule.schema, table: rule.table).columnTypes[column] ?? ""
    }

    private func wall(_ bound: String, _ kind: Kind) throws -> CivilTime? {
        switch kind {
        case .columns: return CivilTime.wall(bound)
        case .year: return Int(bound).map { CivilTime(year: $0, month: 1, day: 1) }
        case .unixTimestamp: return CivilTime.wall(try convert("FROM_UNIXTIME(:value)", ["value": .text(bound)]))
        case .toDays: return CivilTime.wall(try convert("FROM_DAYS(:value)", ["value": .text(bound)]))
        }
    }

    /// The upper bound literal of a new partition ending at `wall`.
    private func bound(_ wall: CivilTime, _ kind: Kind) throws -> String {
        let value: String
        switch kind {
        case .columns(let date): return "'\(date ? wall.dateText : wall.wallText)'"
        case .year: return String(wall.year)
        case .unixTimestamp: value = try convert("UNIX_TIMESTAMP(:wall)", ["wall": .text(wall.wallText)])
        case .toDays: value = try convert("TO_DAYS(:wall)", ["wall": .text(wall.wallText)])
        }
        guard Int64(value) != nil else { throw DBError(.clientError, "unexpected partition bound \(value)") }
        return value
    }

    func now(_ rule: PartitionRule) throws -> CivilTime {
        guard let now = CivilTime.wall(try inServerZone { try convert("NOW()", [:]) }) else {
            throw DBError(.clientError, "cannot read the server's clock")
        }
        return now
    }

    func catchAllRows(_ layout: PartitionLayout, _ rule: PartitionRule, from: CivilTime, to: CivilTime) throws -> Int64
    {
        // Only an empty MAXVALUE partition is ever split, so any row in it is in the way.
        try catchAllRows(layout, rule) ?? 0
    }

    func catchAllRows(_ layout: PartitionLayout, _ rule: PartitionRule) throws -> Int64? {
        guard let catchAll = layout.catchAll else { return nil }
        let d = connection.dialect
        // A row-count probe that stops at the first row: cheap however big the partition.
        let any = try connection.scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM \(d.qualified(rule.schema, rule.table)) PARTITION (\(d.quote(catchAll.name))) LIMIT 1) AS probe"
        )
        guard any == "1" else { return 0 }
        return Int64(
            try connection.scalar(
                "SELECT COUNT(*) FROM \(d.qualified(rule.schema, rule.table)) PARTITION (\(d.quote(catchAll.name)))")
                ?? "")
    }

    func statements(
        adding periods: [(name: String, from: CivilTime, to: CivilTime)], to layout: PartitionLayout,
        _ rule: PartitionRule
    ) throws -> [String] {
        guard let kind = kinds[rule.table], !periods.isEmpty else { return [] }
        let d = connection.dialect
        var definitions = try inServerZone {
            try periods.map { "PARTITION \(d.quote($0.name)) VALUES LESS THAN (\(try bound($0.to, kind)))" }
        }
        let name: QueryName
        var fragments: [String: SQLTemplate.Fragment] = ["table": .init(d.qualified(rule.schema, rule.table))]
        if let catchAll = layout.catchAll {
            definitions.append("PARTITION \(d.quote(catchAll.name)) VALUES LESS THAN MAXVALUE")
            fragments["catch_all"] = .init(d.quote(catchAll.name))
            name = .partitionsSplitCatchAll
        } else {
            name = .partitionsAddPartitions
        }
        fragments["definitions"] = .init(definitions.joined(separator: ", "))
        return [try SQLTemplate.named(name, server: connection.server).render(dialect: d, fragments: fragments).sql]
    }

    /// MySQL tables have no owner: the statements run as they are (see `execute`).
    func create(_ statements: [String], in layout: PartitionLayout, _ rule: PartitionRule) throws {
        try execute(statements)
    }

    /// ALTER TABLE needs a brief exclusive metadata lock; while it waits for one, every
    /// query on the table queues behind it. A transaction open for longer than the lock
    /// timeout may hold the table until it ends, and nothing short of performance_schema
    /// instruments says which tables it holds: MariaDB then tries the lock once without
    /// waiting, so a transaction on another table does not stop the ALTER and one on this
    /// table fails it at once, with nothing queued behind it; MySQL, whose shortest wait is
    /// a second, does not try. Otherwise the wait is at most the lock timeout in all:
    /// MariaDB's ADD, REORGANIZE and DROP PARTITION wait for their lock twice, each time up
    /// to lock_wait_timeout (measured: 4 s at 2 s, the application's queries stalled all
    /// along), so each wait gets half the timeout; lock_wait_timeout counts whole seconds
    /// from one, so a timeout under 2 s still stalls up to 2 s there.
    func execute(_ statements: [String]) throws {
        let rows = try connection.query(
            SQLTemplate.named(.catalogOldTransactions, server: connection.server)
                .render(dialect: connection.dialect, parameters: ["seconds": .double(lockTimeout)])
        ).rows
        let whole = max(1, lockTimeout.rounded(.up))
        defer { try? connection.apply(SessionSettings(lockTimeout: whole)) }
        if let old = rows.first?.int64("old_transactions"), old > 0 {
            let holders = rows.compactMap { LockHolder($0) }.map(\.session).joined(separator: "; ")
            let open =
                (old == 1 ? "1 transaction has" : "\(old) transactions have")
                + " been open for more than \(lockTimeout)s (oldest, this database's sessions first: \(holders))"
            guard connection.server.triesMetadataLocksWithoutWaiting else {
                throw DBError(
                    .lockNotAvailable, "\(open): ALTER TABLE would queue behind them and block the application")
            }
            try connection.executeScript(.partitionsNoLockWait)
            do { for statement in statements { try connection.executeScript(statement) } } catch let error as DBError
                where error.code == .lockNotAvailable
            {
                throw DBError(
                    .lockNotAvailable,
                    "the table is in use: ALTER TABLE could not have it at once and did not wait, so as not to block the application; \(open)"
                )
            }
            return
        }
        try connection.apply(SessionSettings(lockTimeout: max(1, (whole / 2).rounded(.down))))
        for statement in statements { try connection.executeScript(statement) }
    }

    // MARK: retention

    private static let heldLead = "dbops_retired_"

    /// `dbops_retired_<table>_<partition>`, readable, when it fits in 64 characters;
    /// otherwise the table's name shortened and a digest of both names. Either way fixed
    /// for the partition, so a run killed before marking the table finds it again.
    private func heldName(_ part: String, _ rule: PartitionRule) -> String {
        let readable = Self.heldLead + rule.table + "_" + part
        if connection.dialect.fits(readable) { return readable }
        return connection.dialect.fitted(
            Self.heldLead + rule.table, suffix: "_" + NameDigest.hex(rule.table + "\u{0}" + part, digits: 16))
    }

    private func rendered(_ name: QueryName, _ fragments: [String: String]) throws -> String {
        try SQLTemplate.named(name, server: connection.server)
            .render(dialect: connection.dialect, fragments: fragments.mapValues { .init($0) }).sql
    }

    func setAsideStatements(_ part: PartitionLayout.Part, of layout: PartitionLayout, _ rule: PartitionRule) throws
        -> [String]
    {
        let d = connection.dialect
        let table = d.qualified(rule.schema, rule.table), partition = d.quote(part.name)
        return [
            try rendered(
                .partitionsExchangePartition,
                [
                    "table": table, "partition": partition,
                    "held": d.qualified(rule.schema, heldName(part.name, rule)),
                    "marker": d.mysqlStringLiteral(SetAsideMarker(table: rule.table, partition: part.name).comment),
                ]),
            try rendered(.partitionsDropPartition, ["table": table, "partition": partition]),
        ]
    }

    func setAside(_ part: PartitionLayout.Part, of layout: PartitionLayout, _ rule: PartitionRule) throws -> String {
        let statements = try setAsideStatements(part, of: layout, rule)
        try execute([statements[0]])
        try dropEmptied(part.name, rule)
        return heldName(part.name, rule)
    }

    /// Drops a partition EXCHANGE PARTITION emptied, unless rows arrived in the moment since
    /// (a write of a years-old timestamp): those are never dropped unseen.
    private func dropEmptied(_ partition: String, _ rule: PartitionRule) throws {
        let d = connection.dialect
        let any = try connection.scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM \(d.qualified(rule.schema, rule.table)) PARTITION (\(d.quote(partition))) LIMIT 1) AS probe"
        )
        guard any == "0" else {
            throw DBError(
                .clientError,
                "partition \(partition) of \(rule.table) received rows after its old rows were set aside in \(heldName(partition, rule)): left in place; the next run dumps the set-aside rows"
            )
        }
        try execute([
            try rendered(
                .partitionsDropPartition,
                ["table": d.qualified(rule.schema, rule.table), "partition": d.quote(partition)])
        ])
    }

    func setAsideTables(_ layout: PartitionLayout, _ rule: PartitionRule) throws -> [(table: String, partition: String)]
    {
        let rows = try connection.query(
            SQLTemplate.named(.partitionsSetAsideTables, server: connection.server)
                .render(
                    dialect: connection.dialect,
                    parameters: ["schema": rule.schema.map(SQLValue.text) ?? .null])
        ).rows
        let tables = rows.compactMap { row in row["name"].map { (name: $0, comment: row["comment"] ?? "") } }
        let d = connection.dialect
        var found: [(table: String, partition: String)] = []
        for (name, partition, marked) in Self.held(
            by: rule.table, in: tables, partitions: layout.parts.map(\.name),
            heldName: {
                heldName($0, rule)
            })
        {
            let held = d.qualified(rule.schema, name)
            let holdsRows =
                try connection.scalar("SELECT COUNT(*) FROM (SELECT 1 FROM \(held) LIMIT 1) AS probe") == "1"
            // Made and not yet marked: an empty copy, or a table of the user's by that name.
            guard marked || !holdsRows else { continue }
            if layout.parts.contains(where: { $0.name == partition }) {
                // Interrupted before the exchange: the partition still has its rows; start over.
                guard holdsRows else { try execute(["DROP TABLE \(held)"]); continue }
                // Interrupted between the exchange and dropping the emptied partition.
                try dropEmptied(partition, rule)
            }
            found.append((name, partition))
        }
        return found
    }

    /// Which of the schema's `tables` hold a partition of `table`: those whose mark names
    /// it (`marked`), and, unmarked, the one a run killed before marking it made for a
    /// partition the table still has, which holds no rows yet. Nothing else is taken by its
    /// name: `dbops_retired_events_archive_p2020` may hold p2020 of events_archive, and a
    /// table restored from a retired partition's file, unmarked, is the user's.
    static func held(
        by table: String, in tables: [(name: String, comment: String)], partitions: [String],
        heldName: (String) -> String
    ) -> [(table: String, partition: String, marked: Bool)] {
        let unmarked = Dictionary(partitions.map { (heldName($0), $0) }, uniquingKeysWith: { first, _ in first })
        return tables.compactMap { name, comment in
            if let marker = SetAsideMarker(comment: comment) {
                return marker.table == table ? (name, marker.partition, true) : nil
            }
            return unmarked[name].map { (name, $0, false) }
        }
    }

    func dropSetAside(_ table: String, of layout: PartitionLayout) throws {
        try execute(["DROP TABLE \(connection.dialect.qualified(layout.schema, table))"])
    }

    /// Every new partition is split off the MAXVALUE partition: while it holds rows, none can
    /// be added without moving them under a table lock.
    func catchAllInTheWay(_ catchAll: String, rows: Int64, period: (name: String, from: CivilTime, to: CivilTime)) -> (
        problem: String, blocksLater: Bool
    ) {
        (
            "the MAXVALUE partition \(catchAll) holds \(rows) rows: splitting it would move them under a table lock; move them first (nothing added)",
            true
        )
    }

    /// MySQL partitions in place (rebuilding the table): the keys widened, then PARTITION BY RANGE.
    /// `foreignKeys`: (table holding it, name) of each foreign key on or pointing at the table.
    static func conversionAdvice(_ inputs: PartitionAdvice.Inputs, foreignKeys: [(table: String, name: String)] = [])
        -> String
    {
        let (rule, column, type, missing, starts, widen) = (
            inputs.rule, inputs.column, inputs.type, inputs.missing, inputs.starts, inputs.widen
        )
        let d = inputs.dialect
        let table = d.qualified(rule.schema, rule.table)
        // InnoDB partitioned tables can have no foreign keys, on them or pointing at them.
        var statements = Dictionary(grouping: foreignKeys, by: \.table).sorted { $0.key < $1.key }.map { table, keys in
            "ALTER TABLE \(d.qualified(rule.schema, table)) "
                + keys.map { "DROP FOREIGN KEY \(d.quote($0.name))" }.joined(separator: ", ")
        }
        for key in missing {
            let columns = (key.columns + [column]).map(d.quote).joined(separator: ", ")
            statements.append(
                key.primary
                    ? "ALTER TABLE \(table) DROP PRIMARY KEY, ADD PRIMARY KEY (\(columns))"
                    : "ALTER TABLE \(table) DROP INDEX \(d.quote(key.name)), ADD UNIQUE INDEX \(d.quote(key.name)) (\(columns))"
            )
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
        return
            "\(rule.table) is not partitioned: these statements rebuild the whole table under a lock (use pt-online-schema-change on a live table)\(widen)\(foreignKeys.isEmpty ? "" : "; InnoDB partitioned tables cannot have foreign keys, so \(foreignKeys.map(\.name).joined(separator: ", ")) must go (the application keeps the references)"); the time column must be NOT NULL to be partitioned sensibly:\n"
            + statements.map { "  " + $0 + ";" }.joined(separator: "\n")
    }
}
