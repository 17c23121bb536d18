import Crypto
import DBCore
import Foundation

/// Reads a backup file's contents on demand (decrypted when the backup is encrypted,
/// decompressed) while checking it against its manifest entry: `finish()` fails unless
/// the SHA-256, the decompressed size and the row count all match. A loader commits only
/// after `finish()` passed.
final class VerifyingReader {
    let entry: FileEntry
    private let reader: ChunkedFileReader
    private let decoder: FileDecoder
    private var hasher = SHA256()
    private var pending: [UInt8] = []
    private var offset = 0
    private var atEnd = false
    private(set) var bytes: Int64 = 0
    private let rows: RowCounter

    /// `key`: the backup's content key (the manifest's, once unlocked), nil when it is not
    /// encrypted.
    init(directory: String, entry: FileEntry, format: DataFormat = .text, key: ContentKey?) throws {
        self.entry = entry
        rows = format.makeCounter()
        let range = entry.storedRange
        reader = try ChunkedFileReader(
            path: (directory as NSString).appendingPathComponent(entry.storedPath), chunkSize: 256 << 10,
            offset: range?.offset ?? 0, length: range?.length)
        decoder = try FileDecoder(path: entry.path, key: key)
    }

    /// Fills `buffer` with the next decompressed bytes; 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while offset == pending.count {
            if atEnd { return 0 }
            pending.removeAll(keepingCapacity: true)
            offset = 0
            do {
                let more = try reader.next { raw in
                    hasher.update(bufferPointer: raw)
                    try decoder.feed(raw) { plain in pending.append(contentsOf: plain) }
                }
                if !more {
                    atEnd = true
                    try decoder.finish { plain in pending.append(contentsOf: plain) }
                }
                if entry.rows != nil { try pending.withUnsafeBytes { try rows.feed($0) } }
            } catch let error as DBError where error.code == .corrupt {
                throw DBError(.corrupt, "\(entry.displayName): \(error.message)")
            }
            bytes += Int64(pending.count)
        }
        let n = min(buffer.count, pending.count - offset)
        pending.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: n)
        }
        offset += n
        return n
    }

    /// Every decompressed byte, in pieces, to `body`.
    func forEach(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if n == 0 { return }
            try chunk.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
    }

    func finish() throws {
        guard atEnd else { throw DBError(.corrupt, "\(entry.displayName): was not read to its end") }
        guard hasher.finalize().hexString == entry.sha256 else {
            throw DBError(.corrupt, "\(entry.displayName): SHA-256 does not match the manifest (damaged or changed)")
        }
        guard bytes == entry.uncompressedBytes else {
            throw DBError(
                .corrupt,
                "\(entry.displayName): \(bytes) bytes uncompressed, the manifest says \(entry.uncompressedBytes)")
        }
        if let expected = entry.rows {
            let counted: Int64
            do { counted = try rows.finish() } catch let error as DBError {
                throw DBError(.corrupt, "\(entry.displayName): \(error.message)")
            }
            guard counted == expected else {
                throw DBError(.corrupt, "\(entry.displayName): holds \(counted) rows, the manifest says \(expected)")
            }
        }
    }
}
