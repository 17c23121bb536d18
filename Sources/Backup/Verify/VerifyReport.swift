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

    enum CodingKeys: String, CodingKey {
        case schema, backup, engine, database, files, tables, rows, seconds
        case createdAt = "created_at"
        case compressedBytes = "compressed_bytes"
        case uncompressedBytes = "uncompressed_bytes"
    }
}
