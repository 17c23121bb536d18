import DBCore
import Foundation

/// PostgreSQL index analysis.
enum PostgresIndexUsage: IndexUsageEngine {
    struct Index {
        var schema: String, table: String, name: String, method: String
        var isPrimary: Bool, isUnique: Bool, isExclusion: Bool, isReplicaIdentity: Bool, isValid: Bool,
            isPartitioned: Bool
        var keys: [String]
        var expressions: String?, predicate: String?, constraint: String?
        var bytes: Int64, tableBytes: Int64
        var scans: Int64?
        var parent: String?
        /// Its table is held ACCESS EXCLUSIVE by another session: no size, no expressions.
        var held = false

        var qualified: String { "\(schema).\(name)" }
        /// Dropping it would remove a guarantee, not only an access path.
        var isProtected: Bool { isPrimary || isUnique || isExclusion || isReplicaIdentity || constraint != nil }
    }

    static func indexes(_ connection: DatabaseConnection) throws -> [Index] {
        try connection.named(.indexUsageIndexes).rows.map { row in
            let columns = (row["key_columns"] ?? "").split(separator: " ")
            let classes = (row["key_opclasses"] ?? "").split(separator: " ")
            let options = (row["key_options"] ?? "").split(separator: " ")
            let collations = (row["key_collations"] ?? "").split(separator: " ")
            // One key position = column (0 for an expression), operator class, ordering, collation.
            let keys = columns.indices.map { i in
                [
                    columns[i], i < classes.count ? classes[i] : "", i < options.count ? options[i] : "",
                    i < collations.count ? collations[i] : "",
                ]
                .joined(separator: "/")
            }
            return Index(
                schema: row["schema"] ?? "", table: row["table"] ?? "", name: row["index"] ?? "",
                method: row["method"] ?? "",
                isPrimary: row.bool("is_primary") ?? false, isUnique: row.bool("is_unique") ?? false,
                isExclusion: row.bool("is_exclusion") ?? false,
                isReplicaIdentity: row.bool("is_replica_identity") ?? false,
                isValid: row.bool("is_valid") ?? true, isPartitioned: row.bool("is_partitioned") ?? false, keys: keys,
                expressions: row["expressions"], predicate: row["predicate"], constraint: row["constraint_name"],
                bytes: row.int64("bytes") ?? 0, tableBytes: row.int64("table_bytes") ?? 0, scans: row.int64("scans"),
                parent: row["parent_index"], held: row.bool("held") ?? false)
        }
    }

    static func analyze(
        _ connection: DatabaseConnection, others: [DatabaseConnection], options: IndexUsageOptions,
        undetermined: inout [String]
    ) throws -> (findings: [IndexFinding], statsAge: Double?) {
        let d = connection.dialect
        let read = try readIndexes(connection, others: others)
        // Without its expressions and predicate a held table's index could be called a
        // duplicate of one that differs in them: its table is left out, and named.
        let held = Set(read.filter(\.held).map { "\($0.schema).\($0.table)" }).sorted()
        if !held.isEmpty {
            undetermined.append(
                "indexes of \(held.count) table(s) another session holds \(HeldTable.lockWords) not analysed: \(HeldTable.list(held))"
            )
        }
        let all = read.filter { !$0.held }
        let standalone = all.filter { $0.parent == nil }
        let statsAge = try statisticsAge([connection] + others)
        let since =
            statsAge.map { "in the \(Format.duration($0)) since statistics were reset" }
            ?? "since statistics were reset"
        var findings = redundant(standalone, d)
        findings += unused(standalone, except: findings, maxScans: options.maxScans, since: since, d)
        findings += invalid(standalone, d)
        findings += try foreignKeys(connection, d)
        findings += try tableFindings(connection, d)
        do { findings += try bloated(connection, d, undetermined: &undetermined) } catch {
            undetermined.append("index bloat: \(DBError.oneLineDescription(of: error))")
        }
        return (findings, statsAge)
    }

    /// Every index with its scans, those on `others` (replicas) added; a partitioned index
    /// counts the scans and size of its partitions' indexes.
    static func readIndexes(_ connection: DatabaseConnection, others: [DatabaseConnection]) throws -> [Index] {
        var all = try indexes(connection)
        for other in others {
            let theirs = Dictionary(
                try indexes(other).map { ($0.qualified, $0.scans) }, uniquingKeysWith: { a, _ in a })
            for i in all.indices {
                if let extra = theirs[all[i].qualified] ?? nil { all[i].scans = (all[i].scans ?? 0) + extra }
            }
        }
        let children = Dictionary(grouping: all.filter { $0.parent != nil }, by: { $0.parent! })
        for i in all.indices where all[i].isPartitioned {
            let parts = children[all[i].qualified] ?? []
            all[i].scans = parts.isEmpty ? nil : parts.reduce(0) { $0 + ($1.scans ?? 0) }
            all[i].bytes = parts.reduce(0) { $0 + $1.bytes }
        }
        return all
    }

    /// Seconds since the youngest statistics reset among the servers read.
    static func statisticsAge(_ servers: [DatabaseConnection]) throws -> Double? {
        var ages: [Double] = []
        for server in servers {
            if let row = try server.named(.indexUsageStatsAge).first, let age = row.double("age_seconds") {
                ages.append(age)
            }
        }

        return ages.min()
    }

    /// Duplicate and redundant-prefix indexes: same table, method, expressions and
    /// predicate; one's key a prefix of (or equal to) the other's.
    static func redundant(_ standalone: [Index], _ d: Dialect) -> [IndexFinding] {
        var findings: [IndexFinding] = []
        let byTable = Dictionary(grouping: standalone.filter(\.isValid), by: { "\($0.schema).\($0.table)" })
        for (_, indexes) in byTable {
            for a in indexes where !a.isProtected {
                let covering = indexes.filter { b in
                    b.name != a.name && b.method == a.method && b.expressions == a.expressions
                        && b.predicate == a.predicate
                        && b.keys.count >= a.keys.count && Array(b.keys.prefix(a.keys.count)) == a.keys
                        // Of two identical plain indexes, the one with the greater name goes.
                        && (b.keys.count > a.keys.count || b.isProtected || a.name > b.name)
                }
                guard let b = covering.min(by: { ($0.keys.count, $0.name) < ($1.keys.count, $1.name) }) else {
                    continue
                }
                let duplicate = b.keys.count == a.keys.count
                findings.append(
                    IndexFinding(
                        kind: duplicate ? .duplicate : .redundantPrefix, schema: a.schema, table: a.table,
                        index: a.name,
                        coveredBy: b.name,
                        detail: duplicate ? "same definition as \(b.name)" : "its columns lead \(b.name)",
                        bytes: a.bytes, scans: a.scans, statement: dropStatement(a, d)))
            }
        }

        return findings
    }

    /// Never (or hardly) scanned. A redundant index is reported as such instead.
    static func unused(
        _ standalone: [Index], except earlier: [IndexFinding], maxScans: Int64, since: String, _ d: Dialect
    ) -> [IndexFinding] {
        var findings: [IndexFinding] = []
        let redundant = Set(earlier.compactMap { finding in finding.index.map { "\(finding.schema ?? "").\($0)" } })
        for index in standalone where index.isValid && !index.isProtected && !redundant.contains(index.qualified) {
            guard let scans = index.scans else { continue }
            if scans <= maxScans {
                findings.append(
                    IndexFinding(
                        kind: .unused, schema: index.schema, table: index.table, index: index.name, coveredBy: nil,
                        detail: "\(scans) scans \(since); \(Format.bytes(Double(index.bytes)))",
                        bytes: index.bytes, scans: scans, statement: dropStatement(index, d)))
            }
        }

        return findings
    }

    static func invalid(_ standalone: [Index], _ d: Dialect) -> [IndexFinding] {
        var findings: [IndexFinding] = []
        for index in standalone where !index.isValid {
            findings.append(
                IndexFinding(
                    kind: .invalid, schema: index.schema, table: index.table, index: index.name, coveredBy: nil,
                    detail: "invalid (a failed CREATE INDEX CONCURRENTLY, or one still running)", bytes: index.bytes,
                    scans: index.scans,
                    statement:
                        "DROP INDEX CONCURRENTLY \(d.qualified(index.schema, index.name)); -- or REINDEX INDEX CONCURRENTLY \(d.qualified(index.schema, index.name));"
                ))
        }

        return findings
    }

    /// Foreign keys without an index leading with their columns, and foreign keys defined twice.
    static func foreignKeys(_ connection: DatabaseConnection, _ d: Dialect) throws -> [IndexFinding] {
        var findings: [IndexFinding] = []
        for row in try connection.named(.indexUsageUnindexedForeignKeys).rows {
            let schema = row["schema"] ?? "", table = row["table"] ?? "", columns = row["columns"] ?? ""
            let partitioned = row.bool("is_partitioned") ?? false
            let statement =
                partitioned
                ? "CREATE INDEX ON \(d.qualified(schema, table)) (\(columns)); -- partitioned: CONCURRENTLY is not possible on the parent"
                : "CREATE INDEX CONCURRENTLY ON \(d.qualified(schema, table)) (\(columns));"
            findings.append(
                IndexFinding(
                    kind: .unindexedForeignKey, schema: schema, table: table, index: nil, coveredBy: nil,
                    detail:
                        "foreign key \(row["constraint_name"] ?? "") (\(columns)) to \(row["referenced_table"] ?? "") has no index leading with its columns",
                    bytes: nil, scans: nil, statement: statement))
        }

        for row in try connection.named(.indexUsageDuplicateForeignKeys).rows {
            let schema = row["schema"] ?? "", table = row["table"] ?? "", name = row["constraint_name"] ?? ""
            findings.append(
                IndexFinding(
                    kind: .duplicateForeignKey, schema: schema, table: table, index: name,
                    coveredBy: row["duplicate_of"],
                    detail: "same foreign key as \(row["duplicate_of"] ?? "")", bytes: nil, scans: nil,
                    statement: "ALTER TABLE \(d.qualified(schema, table)) DROP CONSTRAINT \(d.quote(name));"))
        }

        return findings
    }

    /// Tables read mostly by sequential scans, and tables whose indexes outweigh them.
    static func tableFindings(_ connection: DatabaseConnection, _ d: Dialect) throws -> [IndexFinding] {
        var findings: [IndexFinding] = []
        let tableScans = try connection.named(.indexUsageTableScans).rows
        for row in tableScans {
            let seq = row.int64("seq_scan") ?? 0, idx = row.int64("idx_scan") ?? 0, live = row.int64("live_rows") ?? 0
            guard live >= 10_000, seq >= 10, idx * 100 < 95 * (seq + idx) else { continue }
            let schema = row["schema"] ?? "", table = row["table"] ?? ""
            findings.append(
                IndexFinding(
                    kind: .missingIndex, schema: schema, table: table, index: nil, coveredBy: nil,
                    detail:
                        "\(seq) sequential scans reading \(row["rows_per_seq_scan"] ?? "?") rows each, \(idx) index scans, \(live) rows",
                    bytes: row.int64("table_bytes"), scans: seq,
                    statement:
                        "-- find the statements scanning \(d.qualified(schema, table)) (dbops slow-queries --order-by io) and index their filter columns"
                ))
        }
        for row in tableScans {
            let tableBytes = row.int64("table_bytes") ?? 0, indexBytes = row.int64("index_bytes") ?? 0
            if tableBytes > 1 << 20, indexBytes > 2 * tableBytes {
                findings.append(
                    heavy(
                        schema: row["schema"] ?? "", table: row["table"] ?? "", tableBytes: tableBytes,
                        indexBytes: indexBytes))
            }
        }

        return findings
    }

    /// Indexes that are mostly free space (an estimate from statistics).
    static func bloated(
        _ connection: DatabaseConnection, _ d: Dialect, undetermined: inout [String]
    ) throws -> [IndexFinding] {
        var findings: [IndexFinding] = []
        let rows = try connection.named(.indexUsageBloat).rows
        // pg_stats shows a role only the columns it may SELECT (bloat.sql counts the rest).
        if let unreadable = rows.first?.int64("unreadable"), unreadable > 0 {
            undetermined.append(
                "index bloat: \(unreadable) index(es) whose statistics this role may not read (pg_stats shows only columns it may SELECT; GRANT pg_read_all_data or SELECT on their tables)"
            )
        }
        for row in rows {
            let percent = row.double("bloat_percent") ?? 0, bloat = row.int64("bloat_bytes") ?? 0
            guard percent >= 30, bloat >= 1 << 20 else { continue }
            let schema = row["schema"] ?? "", index = row["index"] ?? ""
            findings.append(
                IndexFinding(
                    kind: .bloat, schema: schema, table: row["table"] ?? "", index: index, coveredBy: nil,
                    detail:
                        "about \(Format.number(percent, decimals: 0))% (\(Format.bytes(Double(bloat)))) of its \(Format.bytes(row.double("bytes") ?? 0)) is free space (estimate from statistics)",
                    bytes: bloat, scans: nil, statement: "REINDEX INDEX CONCURRENTLY \(d.qualified(schema, index));"))
        }
        return findings
    }

    static func heavy(schema: String, table: String, tableBytes: Int64, indexBytes: Int64) -> IndexFinding {
        IndexFinding(
            kind: .indexHeavyTable, schema: schema, table: table, index: nil, coveredBy: nil,
            detail:
                "indexes take \(Format.bytes(Double(indexBytes))), \(Format.number(Double(indexBytes) / Double(max(1, tableBytes)), decimals: 1))x the table's \(Format.bytes(Double(tableBytes)))",
            bytes: indexBytes, scans: nil,
            statement: "-- review which of this table's indexes are used (see the unused and redundant findings)")
    }

    static func dropStatement(_ index: Index, _ d: Dialect) -> String {
        index.isPartitioned
            ? "DROP INDEX \(d.qualified(index.schema, index.name)); -- partitioned: CONCURRENTLY is not possible"
            : "DROP INDEX CONCURRENTLY \(d.qualified(index.schema, index.name));"
    }
}
