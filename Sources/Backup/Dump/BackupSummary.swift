import DBCore
import Foundation

/// What `dbops backup` did: returned to the CLI, which prints it.
public struct BackupSummary: Codable, Sendable {
    public static let schemaVersion = "dbops.backup-summary/v1"
    public var schema = BackupSummary.schemaVersion
    public var output: String
    public var database: String
    public var engine: Engine
    public var tables: Int
    public var files: Int
    public var rows: Int64
    public var uncompressedBytes: Int64
    public var compressedBytes: Int64
    public var seconds: Double
    public var snapshot: SnapshotPoint
    public var warnings: [String]
    public var phases: [PhaseDuration] = []
    /// Encrypted backups: the ids of the keys it is encrypted to.
    public var encryptedTo: [String]?
    /// `--drill-on`: the restore drill run right after the backup.
    public var drill: DrillReport?
    /// An encrypted backup's content key, kept in memory only so that a drill right after
    /// the backup can read it without the private key (which the backup host lacks).
    public var contentKey: ContentKey?

    enum CodingKeys: String, CodingKey {
        case schema, output, database, engine, tables, files, rows, seconds, snapshot, warnings, phases, drill
        case encryptedTo = "encrypted_to"
        case uncompressedBytes = "uncompressed_bytes"
        case compressedBytes = "compressed_bytes"
    }
}
