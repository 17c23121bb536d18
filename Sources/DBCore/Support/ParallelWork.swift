import Foundation

/// Runs a fixed list of tasks, in order, on dedicated threads (blocking C calls do not
/// belong on Swift's cooperative pool). Each worker owns one context, typically its own
/// database connection. The first failure stops the others: no new tasks start, and
/// `onFailure` may cancel what runs. (A WorkQueue whose tasks are all known up front.)
public enum ParallelWork {
    public static func run<Context, Task>(
        tasks: [Task],
        workers: Int,
        makeContext: (Int) throws -> Context,
        closeContext: @escaping (Context) -> Void = { _ in },
        onFailure: @escaping () -> Void = {},
        _ work: @escaping (inout Context, Task) throws -> Void
    ) throws {
        guard !tasks.isEmpty else { return }
        let queue = WorkQueue<Task>()
        for (index, task) in tasks.enumerated() { queue.add(task, priority: Int64(tasks.count - index)) }
        try queue.run(
            workers: min(max(1, workers), tasks.count), makeContext: makeContext, closeContext: closeContext,
            onFailure: onFailure, work)
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
