import Foundation

public enum ByteCounting {
    /// Number of newline bytes: the row count of a COPY text or LOAD DATA file, where
    /// newlines inside values are always escaped.
    public static func newlines(in bytes: UnsafeRawBufferPointer) -> Int {
        guard var cursor = bytes.baseAddress else { return 0 }
        let end = cursor + bytes.count
        var count = 0
        while cursor < end, let found = memchr(cursor, 10, end - cursor) {
            count += 1
            cursor = UnsafeRawPointer(found) + 1
        }
        return count
    }
}
