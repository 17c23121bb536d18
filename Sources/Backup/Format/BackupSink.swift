import Crypto
import DBCore
import Foundation

/// Where backup files go: a directory, or pieces of a single stream on stdout.
protocol BackupSink: AnyObject {
    /// Set for an encrypted backup: every file opened is encrypted with it.
    var contentKey: ContentKey? { get set }
    /// False for a sink that throws the bytes away (NullSink): nothing is compressed for it.
    var keepsBytes: Bool { get }
    /// Opens a file at a relative path ("data/0003.public.api_usage.0001.zst").
    func open(_ path: String) throws -> SinkFile
    /// Writes the manifest's signature (if any), then the manifest and its checksum last;
    /// after this the backup is complete.
    func finish(manifest: Data, signature: Data?) throws
    /// Removes (directory) or abandons (stream) what was written.
    func abort()
}

extension BackupSink {
    var keepsBytes: Bool { true }
}

extension Digest {
    /// Lower-case hex, two digits a byte (String(format:) per byte cost more than the
    /// hashing for a backup of thousands of small files).
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(Self.byteCount * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
