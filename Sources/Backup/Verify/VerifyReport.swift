import Crypto
import DBCore
import Foundation

/// What `dbops verify` found.
public struct VerifyReport: Codable, Sendable {
    public static let schemaVersion = "dbops.verify/v1"
    public var schema = VerifyReport.schemaVersion
    public var backup: String
    public var engine: Engine
    public var database: String
    public var createdAt: Date
    public var files: Int
    public var tables: Int
    public var rows: Int64
    public var compressedBytes: Int64
    public var uncompressedBytes: Int64
    public var seconds: Double
    /// Encrypted backups: the ids of the keys it is encrypted to.
    public var encryptedTo: [String]?
    /// False for an encrypted backup verified without its key: sizes and hashes of the
    /// files were checked, not what is inside them.
    public var contentsChecked = true

    enum CodingKeys: String, CodingKey {
        case schema, backup, engine, database, files, tables, rows, seconds
        case createdAt = "created_at"
        case compressedBytes = "compressed_bytes"
        case uncompressedBytes = "uncompressed_bytes"
        case encryptedTo = "encrypted_to"
        case contentsChecked = "contents_checked"
    }
}
