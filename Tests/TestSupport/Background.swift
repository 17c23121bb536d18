import DBCore
import Foundation

/// Runs blocking work on its own thread (the way a second application session would),
/// so a test can hold locks or run long statements while it checks something else.
public final class Background: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var failure: Error?
    private var finished = false

    public init(_ work: @escaping () throws -> Void) {
        let thread = Thread { [self] in
            do { try work() } catch {
                lock.lock(); failure = error; lock.unlock()
            }
            lock.lock(); finished = true; lock.unlock()
            done.signal()
        }
        thread.start()
    }

    /// Waits for the work to end; returns its error, if any.
    @discardableResult
    public func wait(timeout seconds: Double = 60) -> Error? {
        if done.wait(timeout: .now() + seconds) == .timedOut { return WaitTimeout() }
        done.signal()  // later waits return at once
        lock.lock(); defer { lock.unlock() }
        return failure
    }

    public var isFinished: Bool {
        lock.lock(); defer { lock.unlock() }
        return finished
    }

    public struct WaitTimeout: Error {}
}

/// Polls `condition` until it is true or `timeout` passes.
public func eventually(timeout: Double = 10, interval: Double = 0.1, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: interval)
    }
    return try condition()
}
