import Crypto
import DBCore
import Zstd
import Foundation

/// A file of the backup, compressed with zstd on the way out.
final class CompressedFileWriter {
    let path: String
    private let file: HashingFile
    private let compressor: ZstdCompressor
    private(set) var uncompressedBytes: Int64 = 0

    init(sink: BackupSink, path: String, level: Int, threads: Int) throws {
        self.path = path
        file = HashingFile(path: path, file: try sink.open(path))
        compressor = try ZstdCompressor(level: level, workers: threads)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        uncompressedBytes += Int64(bytes.count)
        try compressor.compress(bytes) { try file.write($0) }
    }

    func write(_ data: Data) throws { try data.withUnsafeBytes { try write($0) } }

    func close(rows: Int64?) throws -> FileEntry {
        try compressor.finish { try file.write($0) }
        let (bytes, sha) = try file.close()
        return FileEntry(path: path, bytes: bytes, uncompressedBytes: uncompressedBytes, sha256: sha, rows: rows)
    }

    func abandon() { file.abandon() }
}
