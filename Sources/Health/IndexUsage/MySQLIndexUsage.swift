import DBCore
import Foundation

/// MySQL/MariaDB index analysis, following pt-duplicate-key-checker's rules for duplicate,
/// left-prefix-redundant and clustered-key-suffix indexes.
enum MySQLIndexUsage: IndexUsageEngine {
    struct Index {
        var table: String, name: String, method: String
        var isPrimary: Bool, isUnique: Bool
        var columns: [String]
        var tableBytes: Int64
        var bytes: Int64?
    }

    static func indexes(_ connection: DatabaseConnection) throws -> [Index] {
        var sizes: [String: Int64] = [:]
        if let rows = try? connection.named(.indexUsageIndexSizes).rows {
            for row in rows {
                if let t = row["table"], let i = row["index"], let b = row.int64("bytes") { sizes["\(t).\(i)"] = b }
            }
        }
        return try connection.named(.indexUsageIndexes).rows.map { row in
            let table = row["table"] ?? "", name = row["index"] ?? ""
            return Index(
                table: table, name: name, method: row["method"] ?? "BTREE", isPrimary: row.bool("is_primary") ?? false,
                isUnique: row.bool("is_unique") ?? false,
                columns: row.stringList("columns") ?? [],
                tableBytes: row.int64("table_bytes") ?? 0, bytes: sizes["\(table).\(name)"])
        }
    }

    /// Reads (operations) per "table.index" since the server started, and rows read by full
    /// scans per table; nil when neither performance_schema nor userstat counts anything.
    static func usage(_ connection: DatabaseConnection, undetermined: inout [String]) throws -> (
        indexes: [String: Int64], fullScans: [String: Int64], age: Double?
    )? {
        let status = try connection.named(.indexUsageStatus).first
        let age = status?.double("uptime_seconds")
        var indexes: [String: Int64] = [:], fullScans: [String: Int64] = [:]
        if status?.bool("performance_schema") == true {
            for row in try connection.named(.indexUsageUsage).rows {
                guard let table = row["table"] else { continue }
                if let index = row["index"] {
                    indexes["\(table).\(index)", default: 0] += row.int64("operations") ?? 0
                } else {
                    fullScans[table, default: 0] += row.int64("rows_read") ?? 0
                }
            }
            return (indexes, fullScans, age)
        }
        if status?.bool("userstat") == true {
            for row in try connection.named(.indexUsageUserstatUsage).rows {
                if let table = row["table"], let index = row["index"] {
                    indexes["\(table).\(index)", default: 0] += row.int64("rows_read") ?? 0
                }
            }
            undetermined.append("full table scans: performance_schema is OFF (userstat counts index reads only)")
            return (indexes, fullScans, nil)
        }
        undetermined.append(
            "unused indexes and full table scans: performance_schema is OFF and userstat is OFF, so the server counts no index use (set performance_schema=ON and restart, or SET GLOBAL userstat=1 to start counting)"
        )
        return nil
    }

    static func analyze(
        _ connection: DatabaseConnection, others: [DatabaseConnection], options: IndexUsageOptions,
        undetermined: inout [String]
    ) throws -> (findings: [IndexFinding], statsAge: Double?) {
        let catalog = try Catalog(connection)
        var (findings, redundant) = redundantIndexes(catalog)
        var statsAge: Double?
        if let counted = try combinedUsage(connection, others: others, undetermined: &undetermined) {
            statsAge = counted.age
            let since =
                statsAge.map { "in the \(Format.duration($0)) since the server started" } ?? "since counting began"
            findings += unused(
                catalog, counted: counted, except: redundant, maxScans: options.maxScans, since: since,
                undetermined: &undetermined)
            findings += try fullScans(connection, catalog, counted: counted, since: since)
        }
        findings += duplicateForeignKeys(catalog)
        findings += unindexedForeignKeys(catalog)
        findings += try heavyTables(connection, catalog)
        return (findings, statsAge)
    }

    /// What every finding is judged against: the database's indexes and foreign keys.
    struct Catalog {
        let d: Dialect
        let database: String
        let all: [Index]
        let byTable: [String: [Index]]
        let foreignKeys: [Row]

        init(_ connection: DatabaseConnection) throws {
            d = connection.dialect
            database = try connection.scalar(.catalogCurrentDatabase) ?? ""
            all = try MySQLIndexUsage.indexes(connection)
            byTable = Dictionary(grouping: all, by: \.table)
            foreignKeys = try connection.named(.indexUsageForeignKeys).rows
        }

        func drop(_ index: Index) -> String {
            "ALTER TABLE \(d.qualified(database, index.table)) DROP INDEX \(d.quote(index.name));"
        }

        /// The foreign key that relies on this index: InnoDB refuses to drop the last one.
        func neededByForeignKey(_ index: Index) -> String? {
            for fk in foreignKeys where fk["table"] == index.table {
                let columns = fk.stringList("columns") ?? []
                guard Array(index.columns.map(bare).prefix(columns.count)) == columns else { continue }
                let others = (byTable[index.table] ?? []).filter {
                    $0.name != index.name && Array($0.columns.map(bare).prefix(columns.count)) == columns
                }
                if others.isEmpty { return fk["constraint_name"] }
            }
            return nil
        }
    }

    typealias Usage = (indexes: [String: Int64], fullScans: [String: Int64], age: Double?)

    /// Duplicates, left prefixes of another index of the same type, and indexes ending with
    /// the primary key; with the "table.index" names of all of them.
    static func redundantIndexes(_ catalog: Catalog) -> ([IndexFinding], Set<String>) {
        let (d, database) = (catalog.d, catalog.database)
        var findings: [IndexFinding] = []
        var redundant: Set<String> = []
        for (table, indexes) in catalog.byTable {
            let primary = indexes.first(where: \.isPrimary)?.columns ?? []
            for a in indexes where !a.isPrimary && !a.isUnique {
                // Duplicates and left prefixes of another index of the same type.
                let covering = indexes.filter { b in
                    b.name != a.name && b.method == a.method && b.columns.count >= a.columns.count
                        && Array(b.columns.prefix(a.columns.count)) == a.columns
                        && (b.columns.count > a.columns.count || b.isPrimary || b.isUnique || a.name > b.name)
                }
                if let b = covering.min(by: { ($0.columns.count, $0.name) < ($1.columns.count, $1.name) }) {
                    let duplicate = b.columns.count == a.columns.count
                    redundant.insert("\(table).\(a.name)")
                    findings.append(
                        IndexFinding(
                            kind: duplicate ? .duplicate : .redundantPrefix, schema: database, table: table,
                            index: a.name,
                            coveredBy: b.name,
                            detail: duplicate
                                ? "same columns as \(b.name) (\(a.columns.joined(separator: ", ")))"
                                : "(\(a.columns.joined(separator: ", "))) leads \(b.name) (\(b.columns.joined(separator: ", ")))",
                            bytes: a.bytes, scans: nil, statement: catalog.drop(a)))
                    continue
                }
                // InnoDB: every secondary index ends with the primary key anyway.
                guard a.method == "BTREE", !primary.isEmpty else { continue }
                var suffix = 0
                for m in stride(from: min(primary.count, a.columns.count - 1), through: 1, by: -1)
                where Array(a.columns.suffix(m)) == Array(primary.prefix(m)) {
                    suffix = m
                    break
                }
                guard suffix > 0 else { continue }
                let kept = Array(a.columns.dropLast(suffix))
                redundant.insert("\(table).\(a.name)")
                findings.append(
                    IndexFinding(
                        kind: .redundantPrimaryKeySuffix, schema: database, table: table, index: a.name,
                        coveredBy: "PRIMARY",
                        detail:
                            "(\(a.columns.joined(separator: ", "))) ends with the primary key's leading column(s), which InnoDB appends to every secondary index",
                        bytes: a.bytes, scans: nil,
                        statement:
                            "ALTER TABLE \(d.qualified(database, table)) DROP INDEX \(d.quote(a.name)), ADD INDEX \(d.quote(a.name)) (\(kept.map(quoteColumn(d)).joined(separator: ", ")));"
                    ))
            }
        }

        return (findings, redundant)
    }

    /// Index reads and full-scan rows on the target and `others` (replicas), added up.
    static func combinedUsage(
        _ connection: DatabaseConnection, others: [DatabaseConnection], undetermined: inout [String]
    ) throws -> Usage? {
        guard var counted = try usage(connection, undetermined: &undetermined) else { return nil }
        for other in others {
            var ignored: [String] = []
            if let theirs = try usage(other, undetermined: &ignored) {
                for (key, count) in theirs.indexes { counted.indexes[key, default: 0] += count }
                for (key, count) in theirs.fullScans { counted.fullScans[key, default: 0] += count }
                counted.age = [counted.age, theirs.age].compactMap { $0 }.min()
            }
        }
        return counted
    }

    static func unused(
        _ catalog: Catalog, counted: Usage, except redundant: Set<String>, maxScans: Int64, since: String,
        undetermined: inout [String]
    ) -> [IndexFinding] {
        let database = catalog.database
        var findings: [IndexFinding] = []
        for index in catalog.all where !index.isPrimary && !index.isUnique {
            let scans = counted.indexes["\(index.table).\(index.name)"] ?? 0
            guard scans <= maxScans, !redundant.contains("\(index.table).\(index.name)") else { continue }
            if let fk = catalog.neededByForeignKey(index) {
                undetermined.append(
                    "\(index.table).\(index.name) shows no use but foreign key \(fk) needs it: not listed as unused")
                continue
            }
            findings.append(
                IndexFinding(
                    kind: .unused, schema: database, table: index.table, index: index.name, coveredBy: nil,
                    detail: "\(scans) reads \(since)" + (index.bytes.map { "; \(Format.bytes(Double($0)))" } ?? ""),
                    bytes: index.bytes, scans: scans, statement: catalog.drop(index)))
        }
        return findings
    }

    /// Tables read over and over by full scans.
    static func fullScans(_ connection: DatabaseConnection, _ catalog: Catalog, counted: Usage, since: String) throws
        -> [IndexFinding]
    {
        let (d, database) = (catalog.d, catalog.database)
        var findings: [IndexFinding] = []
        let tables = try connection.named(.indexUsageTables).rows
        for row in tables {
            guard let table = row["table"], let live = row.int64("live_rows"), live >= 10_000,
                let scanned = counted.fullScans[table], scanned >= 10 * live
            else { continue }
            findings.append(
                IndexFinding(
                    kind: .missingIndex, schema: database, table: table, index: nil, coveredBy: nil,
                    detail:
                        "\(scanned) rows read by full scans \(since): about \(scanned / max(1, live)) full passes over \(live) rows",
                    bytes: row.int64("table_bytes"), scans: nil,
                    statement:
                        "-- find the statements scanning \(d.qualified(database, table)) (dbops slow-queries --order-by io) and index their filter columns"
                ))
        }
        return findings
    }

    /// Foreign keys declared twice (same columns, same reference): the greater name goes.
    static func duplicateForeignKeys(_ catalog: Catalog) -> [IndexFinding] {
        let (d, database, foreignKeys) = (catalog.d, catalog.database, catalog.foreignKeys)
        var findings: [IndexFinding] = []
        for fk in foreignKeys {
            let signature = { (row: Row) in
                [row["table"], row["columns"], row["referenced_table"], row["referenced_columns"]]
            }
            guard let name = fk["constraint_name"],
                let first = foreignKeys.first(where: {
                    signature($0) == signature(fk) && ($0["constraint_name"] ?? "") < name
                })
            else { continue }
            let table = fk["table"] ?? ""
            findings.append(
                IndexFinding(
                    kind: .duplicateForeignKey, schema: database, table: table, index: name,
                    coveredBy: first["constraint_name"],
                    detail: "same foreign key as \(first["constraint_name"] ?? "")",
                    bytes: nil, scans: nil,
                    statement: "ALTER TABLE \(d.qualified(database, table)) DROP FOREIGN KEY \(d.quote(name));"))
        }

        return findings
    }

    static func unindexedForeignKeys(_ catalog: Catalog) -> [IndexFinding] {
        let (d, database, foreignKeys) = (catalog.d, catalog.database, catalog.foreignKeys)
        var findings: [IndexFinding] = []
        for fk in foreignKeys {
            let table = fk["table"] ?? "", columns = fk.stringList("columns") ?? []
            let supported = (catalog.byTable[table] ?? []).contains {
                Array($0.columns.map(bare).prefix(columns.count)) == columns
            }
            if !supported {
                findings.append(
                    IndexFinding(
                        kind: .unindexedForeignKey, schema: database, table: table, index: nil, coveredBy: nil,
                        detail:
                            "foreign key \(fk["constraint_name"] ?? "") (\(columns.joined(separator: ", "))) has no index leading with its columns",
                        bytes: nil, scans: nil,
                        statement:
                            "ALTER TABLE \(d.qualified(database, table)) ADD INDEX (\(columns.map(quoteColumn(d)).joined(separator: ", ")));"
                    ))
            }
        }
        return findings
    }

    static func heavyTables(_ connection: DatabaseConnection, _ catalog: Catalog) throws -> [IndexFinding] {
        var findings: [IndexFinding] = []
        for row in try connection.named(.indexUsageTables).rows {
            let tableBytes = row.int64("table_bytes") ?? 0, indexBytes = row.int64("index_bytes") ?? 0
            if tableBytes > 1 << 20, indexBytes > 2 * tableBytes {
                findings.append(
                    PostgresIndexUsage.heavy(
                        schema: catalog.database, table: row["table"] ?? "", tableBytes: tableBytes,
                        indexBytes: indexBytes))
            }
        }
        return findings
    }

    /// "token(32)" -> "token".
    static func bare(_ column: String) -> String {
        column.firstIndex(of: "(").map { String(column[..<$0]) } ?? column
    }

    /// "token(32)" -> "`token`(32)".
    static func quoteColumn(_ d: Dialect) -> (String) -> String {
        { column in
            guard let open = column.firstIndex(of: "(") else { return d.quote(column) }
            return d.quote(String(column[..<open])) + column[open...]
        }
    }
}
