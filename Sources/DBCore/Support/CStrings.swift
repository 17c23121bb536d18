import Foundation

/// Calls `body` with NULL-terminated arrays of C strings for two parallel lists
/// (libpq's keyword/value arrays). The strings live until `body` returns.
func withCStringArrays<R>(
    _ first: [String], _ second: [String],
    _ body: (UnsafePointer<UnsafePointer<CChar>?>, UnsafePointer<UnsafePointer<CChar>?>) throws -> R
) rethrows -> R {
    let a = first.map { UnsafePointer<CChar>(strdup($0)) } + [nil]
    let b = second.map { UnsafePointer<CChar>(strdup($0)) } + [nil]
    defer {
        a.forEach { free(UnsafeMutablePointer(mutating: $0)) }
        b.forEach { free(UnsafeMutablePointer(mutating: $0)) }
    }
    return try a.withUnsafeBufferPointer { pa in
        try b.withUnsafeBufferPointer { pb in try body(pa.baseAddress!, pb.baseAddress!) }
    }
}

/// Monotonic deadline helpers for client-side reply timeouts.
struct Deadline {
    let uptimeNanoseconds: UInt64

    init(secondsFromNow seconds: Double) {
        uptimeNanoseconds = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, seconds) * 1e9)
    }

    /// Milliseconds left, for poll(2); 0 once passed.
    var remainingMilliseconds: Int32 {
        let now = DispatchTime.now().uptimeNanoseconds
        guard uptimeNanoseconds > now else { return 0 }
        return Int32(clamping: (uptimeNanoseconds - now) / 1_000_000 + 1)
    }
}
