import DBCore
import Foundation

/// One file of the backup: where it is, how big, and its SHA-256 (of the bytes on disk).
/// A small table's file is a member of a bundle: its bytes stand at `offset` in the
/// bundle file, and `path` only names it (errors, the encryption key of the file).
public struct FileEntry: Codable, Sendable, Equatable {
    public var path: String
    /// The bundle file holding this file's bytes (BundleWriter), nil for a file of its own.
    public var bundle: String?
    /// Where in the bundle its bytes start.
    public var offset: Int64?
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

    /// The file on disk that holds the bytes.
    public var storedPath: String { bundle ?? path }

    /// How errors name it: a member with its bundle, so the damaged file on disk is named.
    public var displayName: String { bundle.map { "\(path) (in \($0))" } ?? path }

    /// The bytes' place in the stored file: the whole file for a file of its own.
    var storedRange: (offset: Int64, length: Int64)? { bundle == nil ? nil : (offset ?? 0, bytes) }

    enum CodingKeys: String, CodingKey {
        case path, bytes, sha256, rows, bundle, offset
        case uncompressedBytes = "uncompressed_bytes"
        case contentChecksum = "content_checksum"
    }
}
