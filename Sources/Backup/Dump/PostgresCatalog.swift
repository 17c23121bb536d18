import DBCore
import Foundation

/// What a PostgreSQL backup copies: tables (with columns and chunk plan) and sequences.
enum PostgresCatalog {
    /// The tables to copy, and the partitioned tables chosen (no rows of their own: see
    /// BackupManifest.partitionedTables). A --table pattern that names none of either is
    /// refused.
    static func tables(
        _ connection: DatabaseConnection, filter: TableFilter, chunkBytes: Int64, jobs: Int,
        format: DataFormat
    ) throws -> (plans: [TablePlan], partitioned: [PartitionedTable]) {
        var columns: [Int64: [ColumnEntry]] = [:]
        var textOnly: Set<Int64> = []
        for row in try connection.named(.backupColumns).rows {
            guard let oid = row.int64("oid"), let name = row["name"], let type = row["type"] else { continue }
            columns[oid, default: []].append(ColumnEntry(name: name, type: type))
            if row.bool("binary_io") != true { textOnly.insert(oid) }
        }
        var plans: [TablePlan] = []
        var partitioned: [PartitionedTable] = []
        let rows = try connection.named(.backupTables).rows
        let total = rows.reduce(Int64(0)) { $0 + ($1.int64("bytes") ?? 0) }
        let chunkBytes = ChunkPlanner.effectiveChunkBytes(totalBytes: total, jobs: jobs, limit: chunkBytes)
        let decoder = JSONDecoder()
        var all: [RelationName] = []
        for row in rows {
            guard let schema = row["schema"], let name = row["name"], let oid = row.int64("oid") else { continue }
            all.append(RelationName(schema: schema, name: name))
            let ancestors = try row["partition_ancestors"].map {
                try decoder.decode([RelationName].self, from: Data($0.utf8))
            }
            // A partition belongs to the backup when a partitioned table it is part of was chosen.
            guard
                filter.accepts(schema: schema, name: name)
                    || (ancestors ?? []).contains(where: { filter.accepts(schema: $0.schema, name: $0.name) })
            else { continue }
            if row.bool("partitioned") == true {
                partitioned.append(
                    PartitionedTable(
                        schema: schema, name: name, partitionAncestors: ancestors ?? [],
                        columns: (columns[oid] ?? []).map(\.name)))
                continue
            }
            let bytes = row.int64("bytes") ?? 0
            let condition = row["extension_condition"]
            plans.append(
                TablePlan(
                    index: 0, schema: schema, name: name, columns: columns[oid] ?? [],
                    estimatedBytes: bytes, partitionOf: row["partition_of"], partitionAncestors: ancestors,
                    // An extension's configuration table is read whole through its filter.
                    chunks: condition != nil
                        ? [.all]
                        : ChunkPlanner.blockRanges(
                            bytes: bytes, blockSize: Int64(row.int("block_size") ?? 8192),
                            chunkBytes: chunkBytes),
                    // A type without binary send/receive travels as text, table by table.
                    format: textOnly.contains(oid) ? .text : format, oid: oid, extensionCondition: condition))
        }
        try filter.requireMatches(all, in: connection.config.database ?? "the database")
        for i in plans.indices { plans[i].index = i + 1 }
        return (plans, partitioned)
    }

    /// Each table's index and key-constraint statements, fully qualified (read with an
    /// empty search_path, as pg_dump writes them).
    static func attachIndexes(_ plans: inout [TablePlan], _ connection: DatabaseConnection) throws {
        try connection.execute(.backupEmptySearchPath)
        var byTable: [Int64: [IndexEntry]] = [:]
        for row in try connection.named(.backupTableIndexes).rows {
            guard let oid = row.int64("table_oid"), let name = row["index_name"], let sql = row["definition"] else {
                continue
            }
            byTable[oid, default: []].append(
                IndexEntry(
                    name: name, constraint: row["constraint_name"], sql: sql, tablespace: row["tablespace"],
                    extras: row.stringList("extras") ?? []))
        }
        try connection.execute(.backupDefaultSearchPath)
        // An extension's configuration table gets its indexes from CREATE EXTENSION.
        for i in plans.indices {
            plans[i].indexes = plans[i].extensionCondition == nil ? plans[i].oid.flatMap { byTable[$0] } ?? [] : []
        }
    }

    /// Positions of the sequences owned by chosen tables (all sequences without a filter).
    static func sequences(_ connection: DatabaseConnection, filter: TableFilter, filtered: Bool) throws
        -> [SequenceValue]
    {
        var out: [SequenceValue] = []
        for row in try connection.named(.backupSequences).rows {
            guard let schema = row["schema"], let name = row["name"] else { continue }
            if filtered {
                guard let ownerSchema = row["owner_schema"], let ownerTable = row["owner_table"],
                    filter.accepts(schema: ownerSchema, name: ownerTable)
                else { continue }
            }
            // Sequences are not transactional: this is the position now, as pg_dump reads it.
            guard
                let state = try connection.query(
                    "SELECT last_value, is_called FROM \(connection.dialect.qualified(schema, name))"
                ).first,
                let last = state.int64("last_value")
            else { continue }
            out.append(
                SequenceValue(
                    schema: schema, name: name, lastValue: last, isCalled: state.bool("is_called") ?? true,
                    ownerSchema: row["owner_schema"], ownerTable: row["owner_table"]))
        }
        return out
    }
}
