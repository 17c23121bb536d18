import Foundation

/// A priority work queue served by dedicated threads, to which running tasks may add more
/// tasks (a table's index builds once its rows are in). Highest priority first; it ends
/// when nothing is queued and nothing is running. The first failure stops everything.
public final class WorkQueue<Task>: @unchecked Sendable {
    private let condition = NSCondition()
    /// Tasks waiting, by slot; `heap` orders their slots (highest priority, then earliest
    /// added, at the top) so taking the next is O(log n) and never copies a task: a backup
    /// of thousands of small tables used to spend more time choosing than copying.
    private var slots: [Task?] = []
    private var freeSlots: [Int] = []
    private var heap: [(priority: Int64, order: Int, slot: Int)] = []
    private var running = 0
    private var counter = 0
    private var failure: Error?

    public init() {}

    public func add(_ task: Task, priority: Int64) {
        condition.lock()
        counter += 1
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            slots[slot] = task
        } else {
            slot = slots.count
            slots.append(task)
        }
        push((priority, counter, slot))
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
            if let best = pop() {
                running += 1
                let task = slots[best.slot]
                slots[best.slot] = nil
                freeSlots.append(best.slot)
                return task
            }
            if running == 0 { return nil }
            condition.wait()
        }
    }

    /// a before b: the higher priority, then the one added first.
    private static func before(
        _ a: (priority: Int64, order: Int, slot: Int), _ b: (priority: Int64, order: Int, slot: Int)
    )
        -> Bool
    {
        a.priority != b.priority ? a.priority > b.priority : a.order < b.order
    }

    private func push(_ entry: (priority: Int64, order: Int, slot: Int)) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private func pop() -> (priority: Int64, order: Int, slot: Int)? {
        guard !heap.isEmpty else { return nil }
        let top = heap[0]
        let last = heap.removeLast()
        guard !heap.isEmpty else { return top }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var best = parent
            if left < heap.count, Self.before(heap[left], heap[best]) { best = left }
            if right < heap.count, Self.before(heap[right], heap[best]) { best = right }
            if best == parent { break }
            heap.swapAt(parent, best)
            parent = best
        }
        return top
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
