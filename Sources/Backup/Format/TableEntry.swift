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
    /// Layout of the data files (text when absent).
    public var format: DataFormat?
    /// PostgreSQL: the table's indexes and key constraints, built by restore as soon as
    /// the table's rows are in (they are in the schema archive too).
    public var indexes: [IndexEntry]?

    public var qualifiedName: String { schema.isEmpty ? name : "\(schema).\(name)" }
    public var dataFormat: DataFormat { format ?? .text }

    enum CodingKeys: String, CodingKey {
        case schema, name, columns, rows, chunks, format, indexes
        case uncompressedBytes = "uncompressed_bytes"
        case partitionOf = "partition_of"
    }
}
