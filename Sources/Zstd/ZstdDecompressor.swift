import CZstd
import DBCore
import Foundation

/// Streaming zstd decompression. `finish()` fails if the input ended inside a frame, which
/// is how a truncated file shows itself.
public final class ZstdDecompressor {
    private let context: OpaquePointer
    private var output: [UInt8]
    private var frameComplete = true
    private var sawInput = false

    public init() throws {
        guard let context = ZSTD_createDCtx() else { throw DBError(.clientError, "zstd: out of memory") }
        self.context = context
        output = [UInt8](repeating: 0, count: ZSTD_DStreamOutSize())
    }

    deinit { ZSTD_freeDCtx(context) }

    public func decompress(_ input: UnsafeRawBufferPointer, _ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard input.count > 0 else { return }
        sawInput = true
        var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        try output.withUnsafeMutableBytes { out in
            // Loop until all input is consumed and the output buffer was not filled up
            // (a full buffer may mean more output is pending).
            while true {
                var outBuffer = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                let hint = ZSTD_decompressStream(context, &outBuffer, &inBuffer)
                if ZSTD_isError(hint) != 0 {
                    throw DBError(.corrupt, "zstd: \(String(cString: ZSTD_getErrorName(hint)))")
                }
                frameComplete = hint == 0
                if outBuffer.pos > 0 { try sink(UnsafeRawBufferPointer(start: out.baseAddress, count: outBuffer.pos)) }
                if inBuffer.pos == inBuffer.size && outBuffer.pos < outBuffer.size { break }
            }
        }
    }

    /// Call after the last input: throws if the stream stopped mid-frame (truncated).
    public func finish() throws {
        if !sawInput { throw DBError(.corrupt, "zstd: empty input") }
        if !frameComplete { throw DBError(.corrupt, "zstd: input is truncated (the last frame is incomplete)") }
    }
}
