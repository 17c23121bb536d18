import DBCore
import Foundation

/// What a MySQL/MariaDB backup copies: base tables with their columns and chunk plan.
enum MySQLCatalog {
    /// A --table pattern that names no base table is refused (TableFilter.requireMatches).
    static func tables(_ connection: DatabaseConnection, filter: TableFilter, chunkBytes limit: Int64, jobs: Int) throws
        -> (plans: [TablePlan], warnings: [String])
    {
        let (columns, periodColumns, byTransaction) = try self.columns(connection)
        var primaryKeys: [String: [String]] = [:]
        for row in try connection.named(.backupPrimaryKeys).rows {
            if let table = row["table_name"], let column = row["column_name"] {
                primaryKeys[table, default: []].append(column)
            }
        }
        var partitions: [String: [String]] = [:]
        for row in try connection.named(.backupPartitions).rows {
            if let table = row["table_name"], let partition = row["partition_name"] {
                partitions[table, default: []].append(partition)
            }
        }
        var plans: [TablePlan] = []
        var warnings: [String] = []
        // History is taken only where it can be put back (system_versioning_insert_history):
        // a backup is most often restored into a server like its own.
        let insertsHistory = connection.server.flavor == .mariadb && connection.server.versionNumber >= 101_100
        let d = connection.dialect
        let tableRows = try connection.named(.backupTables).rows
        try filter.requireMatches(
            tableRows.compactMap { $0["name"].map { RelationName(schema: "", name: $0) } },
            in: connection.config.database ?? "the database")
        let total = tableRows.reduce(Int64(0)) { $0 + ($1.int64("bytes") ?? 0) }
        let chunkBytes = ChunkPlanner.effectiveChunkBytes(totalBytes: total, jobs: jobs, limit: limit)
        for row in tableRows {
            guard let name = row["name"], filter.accepts(schema: "", name: name) else { continue }
            let bytes = row.int64("bytes") ?? 0
            if let engine = row["engine"], engine.uppercased() != "INNODB" {
                warnings.append(
                    "table \(name) uses \(engine), which has no transactional snapshot: its rows are copied as they are at that moment"
                )
            }
            var tableColumns = columns[name] ?? []
            let history = row.bool("versioned") == true && !byTransaction.contains(name) && insertsHistory
            if history && periodColumns[name] == nil {
                // Implicit versioning: the period is the pseudo-columns ROW_START and ROW_END.
                tableColumns += ["ROW_START", "ROW_END"].map {
                    ColumnEntry(name: $0, type: "timestamp(6)", transfer: "raw")
                }
            } else if row.bool("versioned") == true && !history {
                tableColumns.removeAll { periodColumns[name]?.contains($0.name) == true }
                let why =
                    insertsHistory
                    ? "its period holds transaction ids, which cannot be inserted"
                    : "MariaDB before 10.11 cannot insert history rows"
                warnings.append(
                    "table \(name) is system-versioned and \(why): its current rows are backed up, not its history; a restore starts its history anew"
                )
            }
            var chunks: [ChunkPredicate] = [.all]
            // Split a large table on the first column of its primary key (an index range
            // scan per chunk); failing that, by partition.
            if ChunkPlanner.chunkCount(bytes: bytes, chunkBytes: chunkBytes) > 1, let key = primaryKeys[name]?.first,
                let keyColumn = tableColumns.first(where: { $0.name == key }),
                let bounds = try keyBounds(connection, table: name, key: key, history: history),
                let low = bounds[0], let high = bounds[1]
            {
                if isInteger(keyColumn.type), let lowNumber = Int64(low), let highNumber = Int64(high) {
                    chunks = ChunkPlanner.keyRanges(
                        column: key, min: lowNumber, max: highNumber, bytes: bytes, chunkBytes: chunkBytes)
                } else if isString(keyColumn.type) {
                    chunks = ChunkPlanner.stringRanges(
                        column: key, min: low, max: high, bytes: bytes, chunkBytes: chunkBytes)
                }
            }
            // Not a versioned table's partitions: naming a SYSTEM_TIME partition reads its
            // history rows, which would come back as duplicates of the current ones.
            if chunks == [.all], row.bool("versioned") != true, let parts = partitions[name], parts.count > 1 {
                chunks = parts.map { .partition($0) }
            }
            var plan = TablePlan(
                index: plans.count + 1, schema: "", name: name, columns: tableColumns,
                estimatedBytes: bytes, partitionOf: nil, chunks: chunks)
            plan.history = history
            plans.append(plan)
        }
        return (plans, warnings)
    }

    /// Every table's columns as the backup reads them, less generated ones (computed again
    /// on restore) but with a versioned table's own period columns; those columns' names
    /// by table; and the tables versioned by transaction (their period holds transaction
    /// ids, which cannot be inserted).
    static func columns(_ connection: DatabaseConnection) throws -> (
        columns: [String: [ColumnEntry]], periodColumns: [String: Set<String>], byTransaction: Set<String>
    ) {
        var columns: [String: [ColumnEntry]] = [:]
        var periodColumns: [String: Set<String>] = [:]
        var byTransaction: Set<String> = []
        for row in try connection.named(.backupColumns).rows {
            guard let table = row["table_name"], let name = row["name"], let dataType = row["data_type"]?.lowercased()
            else { continue }
            let extra = (row["extra"] ?? "").uppercased()
            let period = ["ROW START", "ROW END"].contains((row["generation"] ?? "").uppercased())
            if period {
                periodColumns[table, default: []].insert(name)
                if dataType != "timestamp" { byTransaction.insert(table) }
            }
            if !period && (extra.contains("GENERATED") || extra == "VIRTUAL" || extra == "PERSISTENT") { continue }
            let transfer: String
            switch dataType {
            case "bit": transfer = "bit"
            case "float": transfer = "float"
            // With a '' label, '' is ambiguous: the label, or the error value (index 0) a
            // server outside strict mode stores for a value not in the list. The index is not.
            case "enum" where !EnumErrorValues.lacksEmptyLabel(row["column_type"] ?? ""): transfer = "enum_index"
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                "geometrycollection", "geomcollection":
                transfer = "hex"
            default: transfer = "raw"
            }
            columns[table, default: []].append(
                ColumnEntry(name: name, type: row["column_type"] ?? dataType, transfer: transfer))
        }
        return (columns, periodColumns, byTransaction)
    }

    /// Integer key columns can be split by range (an unsigned BIGINT past Int64 cannot,
    /// and is simply not split: its MIN/MAX does not parse).
    static func isString(_ columnType: String) -> Bool {
        let lower = columnType.lowercased()
        return lower.hasPrefix("char") || lower.hasPrefix("varchar")
    }

    static func isInteger(_ columnType: String) -> Bool {
        let lower = columnType.lowercased()
        return ["tinyint", "smallint", "mediumint", "int", "bigint"].contains { lower.hasPrefix($0) }
    }

    /// The first key column's lowest and highest value, for the chunk plan. A table another
    /// session holds fails the backup at the lock timeout, in a line naming it.
    private static func keyBounds(_ connection: DatabaseConnection, table: String, key: String, history: Bool) throws
        -> Row?
    {
        let d = connection.dialect
        do {
            return try connection.query(
                "SELECT MIN(\(d.quote(key))), MAX(\(d.quote(key))) FROM \(d.quote(table))\(history ? " FOR SYSTEM_TIME ALL" : "")"
            ).first
        } catch let error as DBError where error.code == .lockNotAvailable {
            throw DBError(
                .lockNotAvailable,
                "could not read table \(table) within the lock timeout: another session holds it (LOCK TABLES ... WRITE, a schema change) (\(error.message))"
            )
        }
    }
}
