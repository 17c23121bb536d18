import Foundation

/// A priority work queue served by dedicated threads, to which running tasks may add more
/// tasks (a table's index builds once its rows are in). Highest priority first; it ends
/// when nothing is queued and nothing is running. The first failure stops everything.
public final class WorkQueue<Task>: @unchecked Sendable {
    private let condition = NSCondition()
    private var queued: [(priority: Int64, order: Int, task: Task)] = []
    private var running = 0
    private var counter = 0
    private var failure: Error?

    public init() {}

    public func add(_ task: Task, priority: Int64) {
        condition.lock()
        counter += 1
        queued.append((priority, counter, task))
        condition.broadcast()
        condition.unlock()
    }

    /// Runs `work` on `workers` threads, each with its own context, until the queue drains.
    public func run<Context>(
        workers: Int, makeContext: (Int) throws -> Context, closeContext: @escaping (Context) -> Void = { _ in },
        onFailure: @escaping () -> Void = {},
        _ work: @escaping (inout Context, Task) throws -> Void
    ) throws {
        var contexts: [Context] = []
        for i in 0..<max(1, workers) {
            do { contexts.append(try makeContext(i)) } catch {
                contexts.forEach(closeContext)
                throw error
            }
        }
        let group = DispatchGroup()
        for context in contexts {
            group.enter()
            let box = Box(context)
            let thread = Thread { [self] in
                defer { closeContext(box.value); group.leave() }
                while let task = next() {
                    do {
                        try work(&box.value, task)
                        finished(nil)
                    } catch {
                        if finished(error) { onFailure() }
                        return
                    }
                }
            }
            thread.stackSize = 4 << 20
            thread.start()
        }
        group.wait()
        if let failure { throw failure }
    }

    private func next() -> Task? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if failure != nil { return nil }
            if let best = queued.indices.max(by: {
                (queued[$0].priority, -queued[$0].order) < (queued[$1].priority, -queued[$1].order)
            }) {
                running += 1
                return queued.remove(at: best).task
            }
            if running == 0 { return nil }
            condition.wait()
        }
    }

    /// Marks a task done; true if `error` is the first failure.
    @discardableResult
    private func finished(_ error: Error?) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        running -= 1
        var first = false
        if let error, failure == nil {
            failure = error
            first = true
        }
        condition.broadcast()
        return first
    }

    private final class Box<Value>: @unchecked Sendable {
        var value: Value
        init(_ value: Value) { self.value = value }
    }
}
