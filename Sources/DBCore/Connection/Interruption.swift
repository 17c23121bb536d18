import Foundation

/// Process-wide record of Ctrl-C / SIGTERM. Every open connection registers its canceller
/// here, so an interrupt stops the statements in flight at once instead of waiting for
/// them; long loops call `check()` between units of work.
public final class Interruption: @unchecked Sendable {
    public static let shared = Interruption()

    private let lock = NSLock()
    private var cancellers: [Int: QueryCanceller] = [:]
    private var nextToken = 0
    private var receivedSignal: Int32?

    public init() {}

    /// Adds something to stop on an interrupt (a statement, a child process).
    public func register(_ canceller: QueryCanceller) -> Int {
        lock.lock(); defer { lock.unlock() }
        nextToken += 1
        cancellers[nextToken] = canceller
        return nextToken
    }

    public func unregister(_ token: Int) {
        lock.lock(); defer { lock.unlock() }
        cancellers[token] = nil
    }

    /// The signal that interrupted the run, if any (SIGINT 2, SIGTERM 15).
    public var signal: Int32? {
        lock.lock(); defer { lock.unlock() }
        return receivedSignal
    }

    public var isInterrupted: Bool { signal != nil }

    /// Records the signal and cancels every running statement.
    public func trigger(signal: Int32) {
        lock.lock()
        let first = receivedSignal == nil
        if first { receivedSignal = signal }
        let active = Array(cancellers.values)
        lock.unlock()
        if first { active.forEach { $0.cancel() } }
    }

    /// Throws `cancelled` once an interrupt arrived.
    public func check() throws {
        if let signal {
            throw DBError(.cancelled, "interrupted by \(signal == SIGTERM ? "SIGTERM" : "SIGINT")")
        }
    }
}
