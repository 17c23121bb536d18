import CZstd
import Foundation

/// Streaming zstd compression (multithreaded when `workers` > 0). Frames carry a content
/// checksum, so corruption is caught by zstd itself as well as by the manifest.
public final class ZstdCompressor {
    private let context: OpaquePointer
    private var output: [UInt8]

    public init(level: Int = 3, workers: Int = 0) throws {
        guard let context = ZSTD_createCCtx() else { throw DBError(.clientError, "zstd: out of memory") }
        self.context = context
        output = [UInt8](repeating: 0, count: ZSTD_CStreamOutSize())
        try check(ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, Int32(level)))
        try check(ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1))
        if workers > 0 { try check(ZSTD_CCtx_setParameter(context, ZSTD_c_nbWorkers, Int32(workers))) }
    }

    deinit { ZSTD_freeCCtx(context) }

    /// Compresses `input`, passing compressed bytes to `sink` as they become available.
    public func compress(_ input: UnsafeRawBufferPointer, _ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard input.count > 0 else { return }
        var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        while inBuffer.pos < inBuffer.size {
            try run(&inBuffer, ZSTD_e_continue, sink)
        }
    }

    /// Ends the frame; flushes everything still buffered to `sink`.
    public func finish(_ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        var inBuffer = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
        while try run(&inBuffer, ZSTD_e_end, sink) != 0 {}
    }

    @discardableResult
    private func run(_ inBuffer: inout ZSTD_inBuffer, _ directive: ZSTD_EndDirective,
                     _ sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        try output.withUnsafeMutableBytes { out in
            var outBuffer = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
            let remaining = ZSTD_compressStream2(context, &outBuffer, &inBuffer, directive)
            try check(remaining)
            if outBuffer.pos > 0 { try sink(UnsafeRawBufferPointer(start: out.baseAddress, count: outBuffer.pos)) }
            return remaining
        }
    }

    private func check(_ code: Int) throws {
        if ZSTD_isError(code) != 0 { throw DBError(.clientError, "zstd: \(String(cString: ZSTD_getErrorName(code)))") }
    }
}

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
