import DBCore
import Foundation
import Testing

@Suite("WorkQueue")
struct WorkQueueTests {
    final class Log: @unchecked Sendable {
        let lock = NSLock()
        var taken: [Int] = []
        func add(_ value: Int) { lock.withLock { taken.append(value) } }
    }

    @Test("One worker takes tasks by priority, equal priorities in the order added, and tasks added while running")
    func order() throws {
        let queue = WorkQueue<Int>()
        // Priorities with ties, added in a scrambled order: value = priority * 1000 + order.
        var seed: UInt64 = 3
        var expected: [(Int64, Int, Int)] = []
        for order in 0..<3000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let priority = Int64((seed >> 33) % 50)
            queue.add(Int(priority) * 10_000 + order, priority: priority)
            expected.append((priority, order, Int(priority) * 10_000 + order))
        }
        let log = Log()
        try queue.run(workers: 1, makeContext: { _ in 0 }) { _, value in
            log.add(value)
            // A task added while running (priority above every other) comes next.
            if log.taken.count == 1 { queue.add(-1, priority: 1_000) }
        }
        let sorted = expected.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }.map(\.2)
        #expect(log.taken.first == sorted[0])
        #expect(log.taken.count > 1 && log.taken[1] == -1, "the task added while running came next")
        let withoutAdded = log.taken.filter { $0 != -1 }
        #expect(withoutAdded == sorted)
        #expect(log.taken.count == 3001)
    }

    @Test("Several workers run every task once; the first failure stops the rest and is thrown")
    func workersAndFailure() throws {
        let queue = WorkQueue<Int>()
        for i in 0..<500 { queue.add(i, priority: Int64(i % 7)) }
        let log = Log()
        try queue.run(workers: 4, makeContext: { $0 }) { _, value in log.add(value) }
        #expect(log.taken.sorted() == Array(0..<500))
        struct Boom: Error {}
        let failing = WorkQueue<Int>()
        for i in 0..<500 { failing.add(i, priority: 0) }
        let after = Log()
        #expect(throws: Boom.self) {
            try failing.run(workers: 1, makeContext: { _ in 0 }) { _, value in
                after.add(value)
                if value == 10 { throw Boom() }
            }
        }
        #expect(after.taken == Array(0...10))
    }
}
