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

    enum CodingKeys: String, CodingKey {
        case schema, output, database, engine, tables, files, rows, seconds, snapshot, warnings, phases
        case uncompressedBytes = "uncompressed_bytes"
        case compressedBytes = "compressed_bytes"
    }
}
