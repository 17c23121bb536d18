import DBCore
import Foundation

/// Copies one chunk of one table into a compressed file, reading only from the snapshot the
/// worker's transaction holds. Memory stays flat: rows pass through a fixed buffer.
enum TableExport {
    /// Rows are compressed in blocks of this size.
    static let blockSize = 256 << 10

    static func postgresSQL(_ table: TablePlan, _ chunk: ChunkPredicate, _ dialect: Dialect) -> String {
        let columns = table.columns.map { dialect.quote($0.name) }.joined(separator: ", ")
        let name = dialect.qualified(table.schema, table.name)
        let format = table.format == .binary ? " (FORMAT binary)" : ""
        switch chunk {
        case .blocks(let from, let to):
            // ONLY: rows of inheritance children belong to their own table's files.
            var predicate = "ctid >= '(\(from),0)'::tid"
            if let to { predicate += " AND ctid < '(\(to),0)'::tid" }
            return "COPY (SELECT \(columns) FROM ONLY \(name) WHERE \(predicate)) TO STDOUT\(format)"
        default:
            if let condition = table.extensionCondition, !condition.isEmpty {
                // The extension's own filter (from pg_extension.extcondition, "WHERE ..."),
                // run as pg_dump runs it: the rows CREATE EXTENSION does not make again.
                return
                    "COPY (SELECT \(columns.isEmpty ? "" : columns) FROM ONLY \(name) \(condition)) TO STDOUT\(format)"
            }
            // A table can have no columns at all (every one dropped) and still rows: COPY
            // takes no column list then, as pg_dump writes it.
            return "COPY \(name)\(columns.isEmpty ? "" : " (\(columns))") TO STDOUT\(format)"
        }
    }

    static func mysqlSQL(_ table: TablePlan, _ chunk: ChunkPredicate, _ dialect: Dialect) -> String {
        let columns = table.columns.map { column -> String in
            let quoted = dialect.quote(column.name)
            switch column.transfer {
            case "bit": return "CAST(\(quoted) AS UNSIGNED)"
            case "float": return "CAST(\(quoted) AS DOUBLE)"
            case "enum_index": return "(\(quoted) + 0)"
            case "hex": return "HEX(\(quoted))"
            default: return quoted
            }
        }.joined(separator: ", ")
        var sql = "SELECT \(columns) FROM \(dialect.quote(table.name))\(table.history ? " FOR SYSTEM_TIME ALL" : "")"
        switch chunk {
        case .partition(let name):
            sql += " PARTITION (\(dialect.quote(name)))"
        case .keyRange(let column, let from, let to):
            // Bounds are integers read from the table itself, not user input.
            var conditions: [String] = []
            if let from { conditions.append("\(dialect.quote(column)) >= \(from)") }
            if let to { conditions.append("\(dialect.quote(column)) < \(to)") }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        case .stringRange(let column, let from, let to):
            // Bounds are built from [0-9a-z_-] (see ChunkPlanner.stringRanges): safe literals.
            var conditions: [String] = []
            if let from { conditions.append("\(dialect.quote(column)) >= '\(from)'") }
            if let to { conditions.append("\(dialect.quote(column)) < '\(to)'") }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        default:
            break
        }
        return sql
    }

    /// Returns the rows written and their checksum (RowChecksum, over each row's bytes).
    static func export(
        _ connection: DatabaseConnection, _ table: TablePlan, _ chunk: ChunkPredicate,
        into writer: CompressedFileWriter, progress: BackupProgress?
    ) throws -> (rows: Int64, checksum: RowChecksum) {
        var checksum = RowChecksum()
        switch connection {
        case let pg as PostgresConnection:
            // libpq hands over one row per call; gather rows into large blocks so zstd
            // works on whole blocks rather than a few hundred bytes at a time.
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 16)
            let binary = table.format == .binary
            var first = true
            let rows = try pg.copyOut(postgresSQL(table, chunk, pg.dialect)) { bytes in
                // One CopyData message per row; in binary, the first also carries the
                // header and the last one is the trailer alone: neither is a row's.
                var row = bytes
                if binary && first { row = UnsafeRawBufferPointer(rebasing: bytes[min(19, bytes.count)...]) }
                first = false
                if !(binary && row.count == 2 && row[0] == 0xFF && row[1] == 0xFF) { checksum.add(row: row) }
                buffer.append(contentsOf: bytes)
                if buffer.count >= blockSize {
                    try buffer.withUnsafeBytes { try writer.write($0) }
                    let added = Int64(buffer.count)
                    progress?.update { $0.bytes += added }
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try buffer.withUnsafeBytes { try writer.write($0) }
            let added = Int64(buffer.count)
            progress?.update {
                $0.bytes += added; $0.rows += rows
            }
            return (rows, checksum)
        case let my as MySQLConnection:
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 16)
            var pendingRows: Int64 = 0
            let rows = try my.streamRaw(mysqlSQL(table, chunk, my.dialect), columns: { _ in }) { cells in
                let start = buffer.count
                TSVEncoder.appendRow(cells, to: &buffer)
                buffer.withUnsafeBytes { checksum.add(row: UnsafeRawBufferPointer(rebasing: $0[start...])) }
                pendingRows += 1
                if buffer.count >= blockSize {
                    try buffer.withUnsafeBytes { try writer.write($0) }
                    let bytes = Int64(buffer.count), n = pendingRows
                    progress?.update {
                        $0.bytes += bytes; $0.rows += n
                    }
                    buffer.removeAll(keepingCapacity: true)
                    pendingRows = 0
                }
            }
            try buffer.withUnsafeBytes { try writer.write($0) }
            let bytes = Int64(buffer.count), n = pendingRows
            progress?.update {
                $0.bytes += bytes; $0.rows += n
            }
            return (rows, checksum)
        default:
            throw DBError(.unsupported, "unknown connection type")
        }
    }
}
