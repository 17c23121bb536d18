import DBCore
import Foundation

/// manifest.json: written last, atomically. A backup directory without it is incomplete
/// and neither restore nor verify accept it. manifest.sha256 holds its checksum, so a
/// changed byte in the manifest itself is caught too.
public struct BackupManifest: Codable, Sendable {
    /// v2: the server's `version_number` in snake_case, `source`, materialized views,
    /// replica coordinates. v1 manifests are still read.
    public static let formatName = "dbops.backup/v2"
    public static let readableFormats = ["dbops.backup/v1", "dbops.backup/v2"]
    public static let fileName = "manifest.json"
    public static let checksumFileName = "manifest.sha256"
    /// Created first: marks a folder as a dbops backup (complete or not) for prune.
    public static let markerFileName = ".dbops-backup"

    public var format = BackupManifest.formatName
    public var toolVersion: String
    public var createdAt: Date
    public var completedAt: Date
    public var engine: Engine
    public var server: ServerInfo
    public var database: String
    /// The server it came from, as `engine://user@host:port/database` (no password): with
    /// the engine and database, what prune keeps backups per.
    public var source: String?
    public var snapshot: SnapshotPoint
    public var options: RecordedOptions
    public var schemaFiles: [FileEntry]
    public var tables: [TableEntry]
    public var sequences: [SequenceValue]
    /// PostgreSQL: materialized views populated in the source, refreshed after restore.
    public var populatedViews: [String]?
    public var warnings: [String]

    public var totalRows: Int64 { tables.reduce(0) { $0 + $1.rows } }
    public var totalUncompressedBytes: Int64 {
        tables.reduce(0) { $0 + $1.uncompressedBytes } + schemaFiles.reduce(0) { $0 + $1.uncompressedBytes }
    }
    public var totalCompressedBytes: Int64 {
        tables.flatMap(\.chunks).reduce(0) { $0 + $1.bytes } + schemaFiles.reduce(0) { $0 + $1.bytes }
    }
    public var allFiles: [FileEntry] { schemaFiles + tables.flatMap(\.chunks) }

    enum CodingKeys: String, CodingKey {
        case format, engine, server, database, source, snapshot, options, tables, sequences, warnings
        case toolVersion = "tool_version"
        case createdAt = "created_at"
        case completedAt = "completed_at"
        case schemaFiles = "schema_files"
        case populatedViews = "populated_materialized_views"
    }
}

/// Where in the server's history the backup stands.
public struct SnapshotPoint: Codable, Sendable {
    /// "exported snapshot" (PostgreSQL), "backup stage" or "global read lock" (MySQL), or
    /// "single transaction" (one worker, no lock privilege).
    public var method: String
    public var postgresSnapshot: String?
    public var walLSN: String?
    public var binlogFile: String?
    public var binlogPosition: Int64?
    public var gtid: String?
    /// Taken on a MySQL/MariaDB replica: the source's binary log coordinates (and GTID
    /// position) the replica had executed at the snapshot — what a new replica seeded from
    /// this backup starts replicating from (CHANGE MASTER TO ... / MASTER_USE_GTID).
    public var sourceLogFile: String?
    public var sourceLogPosition: Int64?
    public var sourceGTID: String?

    public init(method: String, postgresSnapshot: String? = nil, walLSN: String? = nil, binlogFile: String? = nil,
                binlogPosition: Int64? = nil, gtid: String? = nil) {
        self.method = method
        self.postgresSnapshot = postgresSnapshot
        self.walLSN = walLSN
        self.binlogFile = binlogFile
        self.binlogPosition = binlogPosition
        self.gtid = gtid
    }

    enum CodingKeys: String, CodingKey {
        case method, gtid
        case postgresSnapshot = "postgres_snapshot"
        case walLSN = "wal_lsn"
        case binlogFile = "binlog_file"
        case binlogPosition = "binlog_position"
        case sourceLogFile = "source_log_file"
        case sourceLogPosition = "source_log_position"
        case sourceGTID = "source_gtid"
    }
}

public struct RecordedOptions: Codable, Sendable {
    public var schemaOnly: Bool
    public var dataOnly: Bool
    public var include: [String]
    public var exclude: [String]
    public var zstdLevel: Int

    enum CodingKeys: String, CodingKey {
        case include, exclude
        case schemaOnly = "schema_only"
        case dataOnly = "data_only"
        case zstdLevel = "zstd_level"
    }
}

/// One file of the backup: where it is, how big, and its SHA-256 (of the bytes on disk).
public struct FileEntry: Codable, Sendable, Equatable {
    public var path: String
    public var bytes: Int64
    public var uncompressedBytes: Int64
    public var sha256: String
    /// Data files: rows (lines) it holds.
    public var rows: Int64?

    public init(path: String, bytes: Int64, uncompressedBytes: Int64, sha256: String, rows: Int64? = nil) {
        self.path = path
        self.bytes = bytes
        self.uncompressedBytes = uncompressedBytes
        self.sha256 = sha256
        self.rows = rows
    }

    enum CodingKeys: String, CodingKey {
        case path, bytes, sha256, rows
        case uncompressedBytes = "uncompressed_bytes"
    }
}

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

public struct ColumnEntry: Codable, Sendable, Equatable {
    public var name: String
    public var type: String
    /// How the value travels: "raw" (text form), "bit" (MySQL BIT as an unsigned number),
    /// "hex" (MySQL spatial types, as hex).
    public var transfer: String

    public init(name: String, type: String, transfer: String = "raw") {
        self.name = name
        self.type = type
        self.transfer = transfer
    }
}

/// One index or key constraint of a table and the statement that builds it.
public struct IndexEntry: Codable, Sendable, Equatable {
    public var name: String
    /// Set for primary key, unique and exclusion constraints.
    public var constraint: String?
    public var sql: String
}

/// A PostgreSQL sequence's position, restored with setval().
public struct SequenceValue: Codable, Sendable {
    public var schema: String
    public var name: String
    public var lastValue: Int64
    public var isCalled: Bool

    enum CodingKeys: String, CodingKey {
        case schema, name
        case lastValue = "last_value"
        case isCalled = "is_called"
    }
}

extension BackupManifest {
    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        // Times with fractions of a second (since prune orders by them), or whole seconds
        // (backups written before).
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            if let date = preciseFormatter().date(from: text) ?? ISO8601DateFormatter().date(from: text) { return date }
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 time: \(text)"))
        }
        return decoder
    }

    static func preciseFormatter() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(preciseFormatter().string(from: date))
        }
        return encoder
    }
}
