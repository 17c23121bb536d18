import Foundation

/// Runs tasks on dedicated threads (blocking C calls do not belong on Swift's cooperative
/// pool). Each worker owns one context, typically its own database connection. The first
/// failure stops the others: no new tasks start, and `onFailure` may cancel what runs.
public enum ParallelWork {
    public static func run<Context, Task>(
        tasks: [Task],
        workers: Int,
        makeContext: (Int) throws -> Context,
        closeContext: (Context) -> Void = { _ in },
        onFailure: @escaping () -> Void = {},
        _ work: @escaping (inout Context, Task) throws -> Void
    ) throws {
        let count = max(1, min(workers, max(1, tasks.count)))
        let state = SharedState(tasks: tasks)
        var contexts: [Context] = []
        for i in 0..<count {
            do { contexts.append(try makeContext(i)) } catch {
                contexts.forEach(closeContext)
                throw error
            }
        }
        let boxes = contexts.map { ContextBox($0) }
        let group = DispatchGroup()
        for box in boxes {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                while let task = state.next() {
                    do {
                        try work(&box.value, task)
                    } catch {
                        if state.fail(error) { onFailure() }
                        return
                    }
                }
            }
            thread.stackSize = 4 << 20
            thread.start()
        }
        group.wait()
        boxes.forEach { closeContext($0.value) }
        if let error = state.failure { throw error }
    }

    private final class ContextBox<Context>: @unchecked Sendable {
        var value: Context
        init(_ value: Context) { self.value = value }
    }

    private final class SharedState<Task>: @unchecked Sendable {
        private let lock = NSLock()
        private var tasks: [Task]
        private var index = 0
        private(set) var failure: Error?

        init(tasks: [Task]) { self.tasks = tasks }

        func next() -> Task? {
            lock.lock(); defer { lock.unlock() }
            guard failure == nil, index < tasks.count else { return nil }
            defer { index += 1 }
            return tasks[index]
        }

        /// Records the first failure; true if this call recorded it.
        func fail(_ error: Error) -> Bool {
            lock.lock(); defer { lock.unlock() }
            guard failure == nil else { return false }
            failure = error
            return true
        }
    }
}

/// Work started on its own thread now and awaited later.
public final class BackgroundTask<T>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<T, Error>?

    public init(_ work: @escaping () throws -> T) {
        Thread { [self] in
            result = Result { try work() }
            done.signal()
        }.start()
    }

    public func wait() throws -> T {
        done.wait()
        done.signal()
        return try result!.get()
    }
}
