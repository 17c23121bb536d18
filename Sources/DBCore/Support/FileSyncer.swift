import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Makes written files durable on a thread of its own, so a writer of many small files
/// (a backup of thousands of tables) goes on to the next file instead of waiting for each
/// fsync. A file handed over keeps its descriptor open until its fsync: an error in the
/// file's write-back is reported to that descriptor, never lost between a close and a
/// later reopen. At most `limit` files wait (descriptors are finite; the writer waits
/// beyond that). `drain` waits for every fsync and throws the first failure.
public final class FileSyncer: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: [(descriptor: Int32, path: String)] = []
    private var failure: DBError?
    private var stopped = false
    private var busy = 0
    private var started = false
    private let limit: Int
    private let threads: Int

    /// The threads start with the first file: a syncer that is never handed one (its sink
    /// failed to open, say) leaves nothing running. Several threads, because the file
    /// system commits fsyncs that arrive together in one journal write: four syncing
    /// 2,000 new files took a third of the time one did.
    public init(limit: Int = 64, threads: Int = 4) {
        self.limit = max(1, limit)
        self.threads = max(1, threads)
    }

    /// Takes `descriptor` (the file's last byte already written) and fsyncs and closes it in
    /// the background.
    public func hand(_ descriptor: Int32, path: String) {
        condition.lock()
        while pending.count >= limit && !stopped { condition.wait() }
        if stopped {
            condition.unlock()
            close(descriptor)
            return
        }
        pending.append((descriptor, path))
        if !started {
            started = true
            for _ in 0..<threads {
                let thread = Thread { [self] in loop() }
                thread.stackSize = 1 << 20
                thread.start()
            }
        }
        condition.broadcast()
        condition.unlock()
    }

    /// Throws the first fsync failure so far: a writer checks between files, so a failing
    /// disk stops the run at once rather than at the end.
    public func check() throws {
        condition.lock()
        let failure = failure
        condition.unlock()
        if let failure { throw failure }
    }

    /// Waits until every file handed over is synced and closed; throws the first failure.
    /// The syncer stops afterwards.
    public func drain() throws {
        condition.lock()
        while !pending.isEmpty || busy > 0 { condition.wait() }
        stopped = true
        condition.broadcast()
        let failure = failure
        condition.unlock()
        if let failure { throw failure }
    }

    /// Closes what is still waiting without syncing it (the files are about to be removed)
    /// and stops the syncer.
    public func abandon() {
        condition.lock()
        stopped = true
        let left = pending
        pending.removeAll()
        condition.broadcast()
        condition.unlock()
        for file in left { close(file.descriptor) }
    }

    private func loop() {
        condition.lock()
        while true {
            while pending.isEmpty && !stopped { condition.wait() }
            if pending.isEmpty && stopped { break }
            let file = pending.removeFirst()
            busy += 1
            condition.unlock()
            let failed = fsync(file.descriptor) != 0
            let error = failed ? DurableFileWriter.error("cannot sync", file.path) : nil
            close(file.descriptor)
            condition.lock()
            busy -= 1
            if let error, failure == nil { failure = error }
            condition.broadcast()
        }
        condition.unlock()
    }
}
