import DBCore
import Foundation

/// The fleet run's shared state: which members have started, how many of each server's
/// are running. Every access holds the condition's lock; worker threads take the next
/// member whose server has room and hand it back finished.
final class FleetSchedule: @unchecked Sendable {
    private let lock = NSCondition()
    private var members: [FleetMember]
    private var running: [String: Int] = [:]
    private let perServer: Int

    init(_ members: [FleetMember], perServer: Int) {
        self.members = members
        self.perServer = perServer
    }

    var count: Int { lock.withLock { members.count } }

    /// The first member not started whose server has room, marked started; waits while
    /// none has; nil when none is left or the run was interrupted.
    func take() -> (index: Int, member: FleetMember)? {
        lock.lock()
        defer { lock.unlock() }
        while !Interruption.shared.isInterrupted {
            let waiting = members.indices.filter { !members[$0].started }
            if waiting.isEmpty { return nil }
            if let ready = waiting.first(where: { running[members[$0].server, default: 0] < perServer }) {
                members[ready].started = true
                running[members[ready].server, default: 0] += 1
                return (ready, members[ready])
            }
            lock.wait(until: Date().addingTimeInterval(0.2))
        }
        return nil
    }

    /// Puts a finished member back and frees its server's place.
    func finish(_ index: Int, _ member: FleetMember) {
        lock.lock()
        members[index] = member
        running[member.server, default: 1] -= 1
        lock.broadcast()
        lock.unlock()
    }

    /// Every member, once the workers are done.
    func result() -> [FleetMember] { lock.withLock { members } }
}
