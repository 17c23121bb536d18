import Crypto
import DBCore
import Foundation

/// Counts and hashes the bytes going into a sink file, so every entry of the manifest
/// describes exactly what was written.
final class HashingFile {
    let path: String
    private let file: SinkFile
    private var hasher = SHA256()
    private(set) var bytes: Int64 = 0

    init(path: String, file: SinkFile) {
        self.path = path
        self.file = file
    }

    func write(_ data: UnsafeRawBufferPointer) throws {
        hasher.update(bufferPointer: data)
        bytes += Int64(data.count)
        try file.write(data)
    }

    func close() throws -> (bytes: Int64, sha256: String) {
        try file.close()
        return (bytes, hasher.finalize().hexString)
    }

    func abandon() { file.abandon() }
}
