import Crypto
import DBCore
import Foundation

/// Encrypts one file as a sequence of chunks (the STREAM construction, as age frames its
/// payload): every 64 KiB of plaintext becomes ChaCha20-Poly1305 ciphertext plus its
/// 16-byte tag, under the file's own key, with a nonce of an 11-byte big-endian chunk
/// counter and a last byte that is 1 for the file's final chunk only. Chunks cannot be
/// reordered, dropped, duplicated or moved between files, and a file cut at a chunk
/// boundary is caught because its new last chunk was not sealed as final. Only the final
/// chunk may be shorter (even empty), so a reader needs no lengths.
final class ChunkSealer {
    static let plainChunk = 64 << 10
    static let tagBytes = 16

    private let key: SymmetricKey
    private var counter: UInt64 = 0
    private var buffer: [UInt8] = []

    init(key: SymmetricKey) {
        self.key = key
        buffer.reserveCapacity(Self.plainChunk)
    }

    func write(_ bytes: UnsafeRawBufferPointer, _ out: (UnsafeRawBufferPointer) throws -> Void) throws {
        var index = 0
        while index < bytes.count {
            // A full chunk is sealed only once more follows: the last one must say so.
            if buffer.count == Self.plainChunk { try seal(final: false, out) }
            let n = min(Self.plainChunk - buffer.count, bytes.count - index)
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<index + n]))
            index += n
        }
    }

    func finish(_ out: (UnsafeRawBufferPointer) throws -> Void) throws { try seal(final: true, out) }

    private func seal(final: Bool, _ out: (UnsafeRawBufferPointer) throws -> Void) throws {
        let box = try ChaChaPoly.seal(buffer, using: key, nonce: Self.nonce(counter, final: final))
        try box.ciphertext.withUnsafeBytes(out)
        try box.tag.withUnsafeBytes(out)
        counter += 1
        buffer.removeAll(keepingCapacity: true)
    }

    static func nonce(_ counter: UInt64, final: Bool) -> ChaChaPoly.Nonce {
        var bytes = [UInt8](repeating: 0, count: 12)
        for index in 0..<8 { bytes[3 + index] = UInt8(truncatingIfNeeded: counter >> (56 - 8 * UInt64(index))) }
        bytes[11] = final ? 1 : 0
        return try! ChaChaPoly.Nonce(data: bytes)  // 12 bytes: always a valid nonce
    }
}
