import DBCore
import Foundation

/// Copies one chunk of one table into a compressed file, reading only from the snapshot the
/// worker's transaction holds. Memory stays flat: rows pass through a fixed buffer.
enum TableExport {
    static func postgresSQL(_ table: TablePlan, _ chunk: ChunkPredicate, _ dialect: Dialect) -> String {
        let columns = table.columns.map { dialect.quote($0.name) }.joined(separator: ", ")
        let name = dialect.qualified(table.schema, table.name)
        switch chunk {
        case .blocks(let from, let to):
            // ONLY: rows of inheritance children belong to their own table's files.
            var predicate = "ctid >= '(\(from),0)'::tid"
            if let to { predicate += " AND ctid < '(\(to),0)'::tid" }
            return "COPY (SELECT \(columns) FROM ONLY \(name) WHERE \(predicate)) TO STDOUT"
        default:
            return "COPY \(name) (\(columns)) TO STDOUT"
        }
    }

    static func mysqlSQL(_ table: TablePlan, _ chunk: ChunkPredicate, _ dialect: Dialect) -> String {
        let columns = table.columns.map { column -> String in
            let quoted = dialect.quote(column.name)
            switch column.transfer {
            case "bit": return "CAST(\(quoted) AS UNSIGNED)"
            case "hex": return "HEX(\(quoted))"
            default: return quoted
            }
        }.joined(separator: ", ")
        var sql = "SELECT \(columns) FROM \(dialect.quote(table.name))"
        switch chunk {
        case .partition(let name):
            sql += " PARTITION (\(dialect.quote(name)))"
        case .keyRange(let column, let from, let to):
            // Bounds are integers read from the table itself, not user input.
            var conditions: [String] = []
            if let from { conditions.append("\(dialect.quote(column)) >= \(from)") }
            if let to { conditions.append("\(dialect.quote(column)) < \(to)") }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        default:
            break
        }
        return sql
    }

    /// Returns the rows written.
    static func export(_ connection: DatabaseConnection, _ table: TablePlan, _ chunk: ChunkPredicate,
                       into writer: CompressedFileWriter, progress: BackupProgress?) throws -> Int64 {
        switch connection {
        case let pg as PostgresConnection:
            var sinceUpdate: Int64 = 0
            let rows = try pg.copyOut(postgresSQL(table, chunk, pg.dialect)) { bytes in
                try writer.write(bytes)
                sinceUpdate += Int64(bytes.count)
                if sinceUpdate > 4 << 20 {
                    let added = sinceUpdate
                    progress?.update { $0.bytes += added }
                    sinceUpdate = 0
                }
            }
            let added = sinceUpdate
            progress?.update { $0.bytes += added; $0.rows += rows }
            return rows
        case let my as MySQLConnection:
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 20 + 65536)
            var pendingRows: Int64 = 0
            let rows = try my.streamRaw(mysqlSQL(table, chunk, my.dialect), columns: { _ in }) { cells in
                TSVEncoder.appendRow(cells, to: &buffer)
                pendingRows += 1
                if buffer.count >= 1 << 20 {
                    try buffer.withUnsafeBytes { try writer.write($0) }
                    let bytes = Int64(buffer.count), n = pendingRows
                    progress?.update { $0.bytes += bytes; $0.rows += n }
                    buffer.removeAll(keepingCapacity: true)
                    pendingRows = 0
                }
            }
            try buffer.withUnsafeBytes { try writer.write($0) }
            let bytes = Int64(buffer.count), n = pendingRows
            progress?.update { $0.bytes += bytes; $0.rows += n }
            return rows
        default:
            throw DBError(.unsupported, "unknown connection type")
        }
    }
}
