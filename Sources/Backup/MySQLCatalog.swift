import DBCore
import Foundation

/// What a MySQL/MariaDB backup copies: base tables with their columns and chunk plan.
enum MySQLCatalog {
    static func tables(_ connection: DatabaseConnection, filter: TableFilter, chunkBytes: Int64) throws -> (plans: [TablePlan], warnings: [String]) {
        var columns: [String: [ColumnEntry]] = [:]
        var autoIncrement: Set<String> = []
        for row in try connection.named("backup/columns").rows {
            guard let table = row["table_name"], let name = row["name"], let dataType = row["data_type"]?.lowercased() else { continue }
            let extra = (row["extra"] ?? "").uppercased()
            if extra.contains("GENERATED") || extra == "VIRTUAL" || extra == "PERSISTENT" { continue }
            if extra.contains("AUTO_INCREMENT") { autoIncrement.insert(table) }
            let transfer: String
            switch dataType {
            case "bit": transfer = "bit"
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                 "geometrycollection", "geomcollection": transfer = "hex"
            default: transfer = "raw"
            }
            columns[table, default: []].append(ColumnEntry(name: name, type: row["column_type"] ?? dataType, transfer: transfer))
        }
        var primaryKeys: [String: [String]] = [:]
        for row in try connection.named("backup/primary_keys").rows {
            if let table = row["table_name"], let column = row["column_name"] { primaryKeys[table, default: []].append(column) }
        }
        var partitions: [String: [String]] = [:]
        for row in try connection.named("backup/partitions").rows {
            if let table = row["table_name"], let partition = row["partition_name"] { partitions[table, default: []].append(partition) }
        }
        var plans: [TablePlan] = []
        var warnings: [String] = []
        let d = connection.dialect
        for row in try connection.named("backup/tables").rows {
            guard let name = row["name"], filter.accepts(schema: "", name: name) else { continue }
            let bytes = row.int64("bytes") ?? 0
            if let engine = row["engine"], engine.uppercased() != "INNODB" {
                warnings.append("table \(name) uses \(engine), which has no transactional snapshot: its rows are copied as they are at that moment")
            }
            var chunks: [ChunkPredicate] = [.all]
            let tableColumns = columns[name] ?? []
            if let parts = partitions[name], parts.count > 1 {
                chunks = parts.map { .partition($0) }
            } else if let key = primaryKeys[name], key.count == 1,
                      let keyColumn = tableColumns.first(where: { $0.name == key[0] }),
                      isInteger(keyColumn.type), ChunkPlanner.chunkCount(bytes: bytes, chunkBytes: chunkBytes) > 1,
                      let bounds = try connection.query("SELECT MIN(\(d.quote(key[0]))), MAX(\(d.quote(key[0]))) FROM \(d.quote(name))").first,
                      let low = Int64(bounds[0] ?? ""), let high = Int64(bounds[1] ?? "") {
                chunks = ChunkPlanner.keyRanges(column: key[0], min: low, max: high, bytes: bytes, chunkBytes: chunkBytes)
            }
            plans.append(TablePlan(index: plans.count + 1, schema: "", name: name, columns: tableColumns,
                                   estimatedBytes: bytes, partitionOf: nil, chunks: chunks))
        }
        return (plans, warnings)
    }

    /// Integer key columns can be split by range (an unsigned BIGINT past Int64 cannot,
    /// and is simply not split: its MIN/MAX does not parse).
    static func isInteger(_ columnType: String) -> Bool {
        let lower = columnType.lowercased()
        return ["tinyint", "smallint", "mediumint", "int", "bigint"].contains { lower.hasPrefix($0) }
    }
}
