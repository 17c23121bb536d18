import Foundation

/// The standby and replica scripts/dbservers.sh runs are shared by every suite, and suites
/// run in parallel: a test that pauses replication and one that expects it running must
/// not overlap.
public enum SharedReplicas {
    private static let semaphore = DispatchSemaphore(value: 1)

    /// Waits until no other test holds the replicas. Pair with `release()` (a semaphore, so
    /// any thread may release it).
    public static func acquire() { semaphore.wait() }
    public static func release() { semaphore.signal() }

    public static func exclusively<T>(_ body: () throws -> T) rethrows -> T {
        acquire()
        defer { release() }
        return try body()
    }
}

/// Runs its body the first time only: a resume that a background thread and a `defer` may
/// both call must release the replicas once.
public final class RunOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false

    public init() {}

    public func run(_ body: () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        guard !done else { return }
        done = true
        body()
    }
}
