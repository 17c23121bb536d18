import DBCore
import Zstd
import Foundation
import Testing

@Suite("zstd streams")
struct ZstdTests {
    func compress(_ data: [UInt8], workers: Int) throws -> [UInt8] {
        let compressor = try ZstdCompressor(level: 3, workers: workers)
        var out: [UInt8] = []
        // Feed in uneven chunks, as a table stream would.
        var offset = 0
        while offset < data.count {
            let n = min(data.count - offset, 7919)
            try data[offset..<offset + n].withUnsafeBytes { try compressor.compress($0) { out.append(contentsOf: $0) } }
            offset += n
        }
        try compressor.finish { out.append(contentsOf: $0) }
        return out
    }

    func decompress(_ data: [UInt8]) throws -> [UInt8] {
        let decompressor = try ZstdDecompressor()
        var out: [UInt8] = []
        try data.withUnsafeBytes { try decompressor.decompress($0) { out.append(contentsOf: $0) } }
        try decompressor.finish()
        return out
    }

    @Test(arguments: [0, 2])
    func roundTrip(workers: Int) throws {
        var data: [UInt8] = []
        for i in 0..<3_000_000 { data.append(UInt8(truncatingIfNeeded: i % 251 ^ (i >> 7))) }
        let packed = try compress(data, workers: workers)
        #expect(packed.count < data.count)
        #expect(try decompress(packed) == data)
    }

    @Test func truncationAndCorruptionAreCaught() throws {
        let data = [UInt8]((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let packed = try compress(data, workers: 0)
        #expect(throws: DBError.self) { try decompress(Array(packed.prefix(packed.count - 9))) }
        var flipped = packed
        flipped[packed.count / 2] ^= 0x40
        #expect(throws: DBError.self) { try decompress(flipped) }
    }
}
