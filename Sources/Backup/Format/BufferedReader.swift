import Crypto
import DBCore
import Foundation

/// Line and block reads over a file descriptor, in large chunks.
final class BufferedReader {
    private let descriptor: Int32
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)
    private var start = 0
    private var end = 0

    init(fileDescriptor: Int32) { descriptor = fileDescriptor }

    private func fill() throws -> Bool {
        if start == end { start = 0; end = 0 }
        if end == buffer.count {
            if start > 0 {
                buffer.replaceSubrange(0..<(end - start), with: buffer[start..<end])
                end -= start
                start = 0
            } else {
                buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
            }
        }
        let n = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + end, $0.count - end) }
        if n < 0 {
            if errno == EINTR { return try fill() }
            throw DBError(.io, "cannot read the backup stream: \(String(cString: strerror(errno)))")
        }
        end += n
        return n > 0
    }

    /// The next line without its newline, or nil at the end of input.
    func line() throws -> String? {
        while true {
            if let newline = buffer[start..<end].firstIndex(of: 10) {
                let text = String(decoding: buffer[start..<newline], as: UTF8.self)
                start = newline + 1
                return text
            }
            if end - start > 64 << 10 { throw DBError(.corrupt, "the backup stream is damaged (header line too long)") }
            if try !fill() { return nil }
        }
    }

    /// Passes exactly `count` bytes to `body`; throws if the input ends first.
    func read(_ count: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var left = count
        while left > 0 {
            if start == end, try !fill() {
                throw DBError(.corrupt, "the backup stream ended in the middle of a piece: it is truncated")
            }
            let n = min(left, end - start)
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<start + n])) }
            start += n
            left -= n
        }
    }
}
