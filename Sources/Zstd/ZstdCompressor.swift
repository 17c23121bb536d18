import CZstd
import DBCore
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

    /// Drops a frame begun and not finished, keeping the parameters and the memory: the
    /// next `compress` starts a new frame. (After `finish` the next frame starts by itself.)
    public func reset() {
        ZSTD_CCtx_reset(context, ZSTD_reset_session_only)
    }

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
    private func run(
        _ inBuffer: inout ZSTD_inBuffer, _ directive: ZSTD_EndDirective,
        _ sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> Int {
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
