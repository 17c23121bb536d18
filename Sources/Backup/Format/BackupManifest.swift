import DBCore
import Foundation

/// manifest.json: written last, atomically. A backup directory without it is incomplete
/// and neither restore nor verify accept it. manifest.sha256 holds its checksum, so a
/// changed byte in the manifest itself is caught too.
public struct BackupManifest: Codable, Sendable {
    /// v2: the server's `version_number` in snake_case, `source`, materialized views,
    /// replica coordinates. v1 manifests are still read.
    public static let formatName = "dbops.backup/v2"
    /// v3: encrypted (the `encryption` block); a dbops that cannot decrypt must not take
    /// the files for zstd.
    public static let encryptedFormatName = "dbops.backup/v3"
    /// v4: small tables' files are bundled (FileEntry's `bundle` and `offset`), encrypted
    /// or not; a dbops that does not know bundles must refuse it rather than miss files.
    public static let bundledFormatName = "dbops.backup/v4"
    /// v5: holds something a restore must handle beyond tables, rows and schema statements
    /// (`features`), which a dbops before it would leave out without a word; bundled or
    /// not, encrypted or not.
    public static let featuredFormatName = "dbops.backup/v5"
    public static let readableFormats = [
        "dbops.backup/v1", "dbops.backup/v2", "dbops.backup/v3", "dbops.backup/v4", "dbops.backup/v5",
    ]
    /// PostgreSQL large objects, carried in the schema archive (its BLOBS entry).
    public static let largeObjectsFeature = "large_objects"
    /// MariaDB sequences, in schema.json's `sequences`.
    public static let sequencesFeature = "sequences"
    /// MariaDB system-versioned tables' history rows (TableEntry's `history`).
    public static let historyFeature = "history"
    /// The features this dbops restores; a backup naming another is refused, not half-restored.
    public static let knownFeatures: Set<String> = [largeObjectsFeature, sequencesFeature, historyFeature]
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
    /// PostgreSQL: the partitioned tables chosen (absent in backups made before dbops kept them).
    public var partitionedTables: [PartitionedTable]?
    public var warnings: [String]
    /// What a restore must handle beyond tables, rows and schema statements (v5): nil or
    /// empty when nothing.
    public var features: [String]?
    /// PostgreSQL: how many large objects the schema archive carries (what a drill counts
    /// after its restore).
    public var largeObjects: Int64?
    /// PostgreSQL: the source database's encoding (server_encoding), in which a drill makes
    /// its scratch database: a SQL_ASCII or LATIN1 database's rows may not load into UTF8.
    public var encoding: String?
    /// PostgreSQL: the source database's locale, with which restore --create and a drill
    /// make their database.
    public var locale: DatabaseLocale?
    /// PostgreSQL: the source database's default tablespace when it is not pg_default, in
    /// which restore --create makes its database (unless --no-tablespaces).
    public var tablespace: String?
    /// nil for a database's backup; "globals" for a server's roles and database
    /// definitions (GlobalsBackup), which a whole-server backup writes beside its databases.
    public var kind: String?
    /// Encrypted backups: the scheme and the content key sealed to each recipient.
    public var encryption: BackupEncryption? {
        didSet { format = encryption == nil ? Self.formatName : Self.encryptedFormatName }
    }
    /// The content key, once unlocked with a decryption key (BackupVerifier.loadManifest);
    /// never written.
    public var contentKey: ContentKey?

    public static let globalsKind = "globals"
    public var isGlobals: Bool { kind == Self.globalsKind }

    public var totalRows: Int64 { tables.reduce(0) { $0 + $1.rows } }
    public var totalUncompressedBytes: Int64 {
        tables.reduce(0) { $0 + $1.uncompressedBytes } + schemaFiles.reduce(0) { $0 + $1.uncompressedBytes }
    }
    public var totalCompressedBytes: Int64 {
        tables.flatMap(\.chunks).reduce(0) { $0 + $1.bytes } + schemaFiles.reduce(0) { $0 + $1.bytes }
    }
    public var allFiles: [FileEntry] { schemaFiles + tables.flatMap(\.chunks) }

    /// Names the format after what the backup holds: v5 once it has features, v4 once any
    /// file is bundled.
    mutating func settleFormat() {
        if !(features ?? []).isEmpty {
            format = Self.featuredFormatName
        } else if allFiles.contains(where: { $0.bundle != nil }) {
            format = Self.bundledFormatName
        }
    }

    enum CodingKeys: String, CodingKey {
        case format, engine, server, database, source, snapshot, options, tables, sequences, warnings, kind, features
        case encoding, locale, tablespace
        case encryption
        case toolVersion = "tool_version"
        case createdAt = "created_at"
        case completedAt = "completed_at"
        case schemaFiles = "schema_files"
        case populatedViews = "populated_materialized_views"
        case partitionedTables = "partitioned_tables"
        case largeObjects = "large_objects"
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
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 time: \(text)"))
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
