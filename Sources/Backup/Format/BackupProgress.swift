import DBCore
import Foundation

/// Live counters for a progress display; the CLI polls `snapshot()`.
public final class BackupProgress: @unchecked Sendable {
    public struct Snapshot: Sendable {
        public var phase: String
        public var tablesDone: Int
        public var tablesTotal: Int
        public var rows: Int64
        public var bytes: Int64
        public var estimatedBytes: Int64
    }

    private let lock = NSLock()
    private var state = Snapshot(phase: "starting", tablesDone: 0, tablesTotal: 0, rows: 0, bytes: 0, estimatedBytes: 0)
    private var phaseStarted = Stopwatch()
    private var durations: [(String, Double)] = []

    /// Called (on the worker's thread) when a phase begins, with the phase just ended and
    /// its seconds: -v logs each.
    public var onPhase: (@Sendable (_ ended: String, _ seconds: Double, _ now: Snapshot) -> Void)?

    public init() {}

    public func snapshot() -> Snapshot {
        lock.lock(); defer { lock.unlock() }
        return state
    }

    func update(_ body: (inout Snapshot) -> Void) {
        lock.lock()
        let before = state.phase
        body(&state)
        var ended: (String, Double, Snapshot)?
        if state.phase != before {
            ended = (before, phaseStarted.seconds, state)
            durations.append((before, phaseStarted.seconds))
            phaseStarted = Stopwatch()
        }
        lock.unlock()
        if let ended, let onPhase { onPhase(ended.0, ended.1, ended.2) }
    }

    /// Seconds spent in each phase so far, in order.
    public var phases: [PhaseDuration] {
        lock.lock(); defer { lock.unlock() }
        return durations.map { PhaseDuration(phase: $0.0, seconds: ($0.1 * 1000).rounded() / 1000) }
    }
}
