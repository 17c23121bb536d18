import DBCore
import Foundation

/// One file of the backup: where it is, how big, and its SHA-256 (of the bytes on disk).
public struct FileEntry: Codable, Sendable, Equatable {
    public var path: String
    public var bytes: Int64
    public var uncompressedBytes: Int64
    public var sha256: String
    /// Data files: rows (lines) it holds.
    public var rows: Int64?
    /// Data files: the order-independent checksum of its rows (RowChecksum), 16 hex digits.
    public var contentChecksum: String?

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
        case contentChecksum = "content_checksum"
    }
}
