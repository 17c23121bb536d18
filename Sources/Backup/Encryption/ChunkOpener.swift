import Crypto
import DBCore
import Foundation

/// Decrypts what ChunkSealer wrote, chunk by chunk as the file's bytes arrive: a full
/// chunk is opened as soon as a byte after it is seen (so it is not the last), the rest
/// at `finish` as the final chunk. Any chunk that does not authenticate stops the read.
final class ChunkOpener {
    private static let frame = ChunkSealer.plainChunk + ChunkSealer.tagBytes

    private let key: SymmetricKey
    private var counter: UInt64 = 0
    private var buffer: [UInt8] = []

    init(key: SymmetricKey) {
        self.key = key
        buffer.reserveCapacity(2 * Self.frame)
    }

    func feed(_ bytes: UnsafeRawBufferPointer, _ out: (UnsafeRawBufferPointer) throws -> Void) throws {
        buffer.append(contentsOf: bytes)
        var start = 0
        while buffer.count - start > Self.frame {
            try open(start..<start + Self.frame, final: false, out)
            start += Self.frame
        }
        if start > 0 { buffer.removeFirst(start) }
    }

    func finish(_ out: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard buffer.count >= ChunkSealer.tagBytes else {
            throw DBError(.corrupt, "encrypted data ends inside chunk \(counter) (truncated)")
        }
        try open(0..<buffer.count, final: true, out)
        buffer.removeAll()
    }

    private func open(_ range: Range<Int>, final: Bool, _ out: (UnsafeRawBufferPointer) throws -> Void) throws {
        let plain: Data
        do {
            let tagStart = range.upperBound - ChunkSealer.tagBytes
            let box = try ChaChaPoly.SealedBox(
                nonce: ChunkSealer.nonce(counter, final: final), ciphertext: buffer[range.lowerBound..<tagStart],
                tag: buffer[tagStart..<range.upperBound])
            plain = try ChaChaPoly.open(box, using: key)
        } catch {
            throw DBError(
                .corrupt,
                "encrypted chunk \(counter)\(final ? " (the last)" : "") does not authenticate: damaged, truncated, reordered, or not from this backup"
            )
        }
        try plain.withUnsafeBytes(out)
        counter += 1
    }
}
