import Crypto
import DBCore
import Zstd
import Foundation

/// A file of the backup, compressed with zstd on the way out, then (when the sink has a
/// content key) encrypted; the manifest's size and SHA-256 are of the bytes on disk.
final class CompressedFileWriter {
    let path: String
    private let file: HashingFile
    /// nil for a sink that keeps nothing: the rows are only counted and checksummed.
    private let compressor: ZstdCompressor?
    private let sealer: ChunkSealer?
    private(set) var uncompressedBytes: Int64 = 0
    /// A member of a bundle: the bundle's path and where this file's bytes start in it.
    private let place: (bundle: String, offset: Int64)?

    /// `reusing`: a compressor at the same level and threads, finished or reset, whose
    /// memory this file's frame reuses (a worker writing many small files keeps one).
    /// `bundle`: written into it as a member rather than as a file of its own.
    init(
        sink: BackupSink, path: String, level: Int, threads: Int, reusing: ZstdCompressor? = nil,
        bundle: BundleWriter? = nil
    ) throws {
        self.path = path
        if let bundle {
            let member = try bundle.member()
            place = (bundle.path, bundle.offset)
            file = HashingFile(path: path, file: member)
        } else {
            place = nil
            file = HashingFile(path: path, file: try sink.open(path))
        }
        compressor = sink.keepsBytes ? try reusing ?? ZstdCompressor(level: level, workers: threads) : nil
        sealer = sink.contentKey.map { ChunkSealer(key: $0.fileKey(path)) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        uncompressedBytes += Int64(bytes.count)
        try compressor?.compress(bytes) { try out($0) }
    }

    func write(_ data: Data) throws { try data.withUnsafeBytes { try write($0) } }

    private func out(_ compressed: UnsafeRawBufferPointer) throws {
        if let sealer { try sealer.write(compressed) { try file.write($0) } } else { try file.write(compressed) }
    }

    func close(rows: Int64?, checksum: RowChecksum? = nil) throws -> FileEntry {
        try compressor?.finish { try out($0) }
        try sealer?.finish { try file.write($0) }
        let (bytes, sha) = try file.close()
        var entry = FileEntry(path: path, bytes: bytes, uncompressedBytes: uncompressedBytes, sha256: sha, rows: rows)
        entry.contentChecksum = checksum?.hex
        entry.bundle = place?.bundle
        entry.offset = place?.offset
        return entry
    }

    func abandon() {
        compressor?.reset()
        file.abandon()
    }
}
