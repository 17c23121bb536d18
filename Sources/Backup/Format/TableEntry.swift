import DBCore
import Foundation

/// One table's data: its columns in file order and the chunk files holding its rows.
public struct TableEntry: Codable, Sendable {
    public var schema: String
    public var name: String
    public var columns: [ColumnEntry]
    public var rows: Int64
    public var uncompressedBytes: Int64
    public var chunks: [FileEntry]
    /// PostgreSQL partitions and MySQL tables: where the data goes.
    public var partitionOf: String?
    /// PostgreSQL: a partition's partitioned ancestors, its parent first and its root last
    /// (a partition of a partition has more than one). Absent in backups made before dbops
    /// kept it, where only the parent (`partitionOf`) is known.
    public var partitionAncestors: [RelationName]?
    /// Layout of the data files (text when absent).
    public var format: DataFormat?
    /// PostgreSQL: the table's indexes and key constraints, built by restore as soon as
    /// the table's rows are in (they are in the schema archive too).
    public var indexes: [IndexEntry]?
    /// The sum of its files' content checksums (RowChecksum): what a restore drill
    /// recomputes from the restored table. Absent in backups made before dbops kept it.
    public var contentChecksum: String?
    /// MariaDB system-versioned table backed up with its history (FOR SYSTEM_TIME ALL): the
    /// rows are current and past versions, the period columns (ROW_START and ROW_END, or
    /// the table's own) among the columns; restored with system_versioning_insert_history.
    public var history: Bool?

    /// The table's checksum from its files': nil unless every file has one.
    static func contentChecksum(of files: [FileEntry]) -> String? {
        var total = RowChecksum()
        for file in files {
            guard let part = file.contentChecksum.flatMap(RowChecksum.init(hex:)) else { return nil }
            total.add(part)
        }
        return total.hex
    }

    /// History rows to put back (system_versioning_insert_history): a versioned table
    /// backed up with its history, and rows in it.
    public var carriesHistory: Bool { history == true && rows > 0 }

    public var qualifiedName: String { schema.isEmpty ? name : "\(schema).\(name)" }

    /// A PostgreSQL partition's parent, from `partition_of` as regclass writes it
    /// ("app.events", "\"Odd T\"", the name alone when its schema was on the search path:
    /// then taken to be the partition's own); nil for a table that is no partition.
    var parent: (schema: String, name: String)? {
        guard let partitionOf, schema != "" else { return nil }
        var parts = [""], quoted = false, closed = false
        for c in partitionOf {
            if quoted, c == "\"" {
                quoted = false
                closed = true
                continue
            }
            if quoted {
                parts[parts.count - 1].append(c)
            } else if c == "\"" {
                // A quote right after a closing one: "" inside a quoted name.
                if closed { parts[parts.count - 1].append(c) }
                quoted = true
            } else if c == "." {
                parts.append("")
            } else {
                parts[parts.count - 1].append(c)
            }
            closed = false
        }
        guard !quoted else { return nil }
        switch parts.count {
        case 1: return (schema, parts[0])
        case 2: return (parts[0], parts[1])
        default: return nil
        }
    }
    public var dataFormat: DataFormat { format ?? .text }

    /// The partitioned tables this one belongs to, nearest first: as recorded, or its
    /// parent alone in a backup that predates the record.
    var ancestors: [RelationName] {
        if let partitionAncestors { return partitionAncestors }
        return parent.map { [RelationName(schema: $0.schema, name: $0.name)] } ?? []
    }

    enum CodingKeys: String, CodingKey {
        case schema, name, columns, rows, chunks, format, indexes, history
        case uncompressedBytes = "uncompressed_bytes"
        case partitionOf = "partition_of"
        case partitionAncestors = "partition_ancestors"
        case contentChecksum = "content_checksum"
    }
}
