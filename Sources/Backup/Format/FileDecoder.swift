import Crypto
import DBCore
import Zstd
import Foundation

/// The way back from a backup file's bytes on disk to what was written into it: decrypt
/// (an encrypted backup) then decompress. The reader restore uses and verify share it.
final class FileDecoder {
    private let opener: ChunkOpener?
    private let decompressor: ZstdDecompressor

    init(path: String, key: ContentKey?) throws {
        opener = key.map { ChunkOpener(key: $0.fileKey(path)) }
        decompressor = try ZstdDecompressor()
    }

    func feed(_ raw: UnsafeRawBufferPointer, _ out: (UnsafeRawBufferPointer) throws -> Void) throws {
        if let opener {
            try opener.feed(raw) { try decompressor.decompress($0, out) }
        } else {
            try decompressor.decompress(raw, out)
        }
    }

    /// After the last byte: the final chunk, and the end of the zstd frame.
    func finish(_ out: (UnsafeRawBufferPointer) throws -> Void) throws {
        try opener?.finish { try decompressor.decompress($0, out) }
        try decompressor.finish()
    }
}
