import DBCore
import Foundation

/// Cancellers of every worker, so the first failure can stop the rest at once.
final class CancellerList: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [QueryCanceller] = []
    func add(_ canceller: QueryCanceller) { lock.lock(); items.append(canceller); lock.unlock() }
    func cancelAll() {
        lock.lock(); let all = items; lock.unlock()
        all.forEach { $0.cancel() }
    }
}
