import DBCore
import Foundation
import Logging

/// The loop every maintenance job runs its batches in: time budget, pause, replica-lag
/// throttling, batch size that adapts to how long batches take, retries after lock
/// timeouts, and Ctrl-C between batches. It knows nothing of what a batch does.
final class BatchPacer {
    struct Totals {
        var batches = 0
        var rows: Int64 = 0
        var longestBatchSeconds = 0.0
        var throttledSeconds = 0.0
        var lockRetries = 0
        var skippedHeld = 0
        var seconds = 0.0
    }

    /// What one batch reports: rows it handled, and whether there is more to do.
    struct Batch {
        var rows: Int64
        var more: Bool
    }

    private let options: MaintenanceOptions
    private let lag: ReplicaLagMonitor?
    private let flow: FlowControlMonitor?
    private let clock = Stopwatch()
    private(set) var batchSize: Int
    private(set) var outcome = JobOutcome.complete
    /// Lag too high when the run stopped for its time budget, for the summary.
    private(set) var notes: [String] = []

    init(options: MaintenanceOptions, lag: ReplicaLagMonitor?, flow: FlowControlMonitor? = nil) {
        self.options = options
        self.lag = lag
        self.flow = flow
        // On Galera each batch is one write set: kept well under the largest the cluster
        // accepts, so no batch is refused at commit (and certification stays cheap).
        var size = max(1, options.batchSize)
        if let limit = flow?.maxWriteSetRows, limit > 0 { size = min(size, max(1, limit / 2)) }
        maxBatchSize = size
        batchSize = size
    }

    /// The most rows a batch may have: --batch-size, or less on Galera.
    private let maxBatchSize: Int

    var elapsed: Double { clock.seconds }

    /// -v: what a long run is doing, every so often and when each table is done (a cron
    /// job's log then shows where a slow night went).
    private let log = Logger(label: "dbops")
    static let progressEvery = 15.0

    /// Lock failures in a row, at a batch size of one, before the item is stepped over.
    static let stepOverAfter = 4

    /// Calls `body` with the batch size to use until it reports nothing more, the time
    /// budget runs out, or an interrupt arrives. `body` runs one transaction.
    /// `stepOver`, when given, is asked to move past the first item of the next batch once
    /// batches of one item have failed on locks several times in a row: the application
    /// holds that item (a root's child, say) for longer than dbops should wait, so it is
    /// left for a later run instead of failing this one. It returns false when there is
    /// nothing to step over.
    func run(_ totals: inout Totals, what: String, stepOver: (() throws -> Bool)? = nil, _ body: (Int) throws -> Batch)
        throws
    {
        let started = clock.seconds
        let before = totals
        var failed = false
        defer {
            totals.seconds += clock.seconds - started
            // A batch that failed ends the table's run: the log must not call it complete.
            log.info(
                "\(what): \(totals.rows - before.rows) rows in \(totals.batches - before.batches) batches, \(Format.duration(clock.seconds - started)) (\(failed ? "failed" : outcome.rawValue))"
            )
        }
        do {
            try batches(&totals, what: what, since: before, stepOver: stepOver, body)
        } catch {
            failed = true
            throw error
        }
    }

    private func batches(
        _ totals: inout Totals, what: String, since before: Totals, stepOver: (() throws -> Bool)?,
        _ body: (Int) throws -> Batch
    ) throws {
        var lastSaid = clock.seconds
        var lockFailures = 0
        var steppedInARow = 0
        while true {
            if Interruption.shared.isInterrupted { outcome = .interrupted; return }
            if overBudget { outcome = .stoppedAtMaxRuntime; return }
            totals.throttledSeconds += try waitForReplicas() + waitForFlowControl()
            if Interruption.shared.isInterrupted { outcome = .interrupted; return }
            if overBudget { outcome = .stoppedAtMaxRuntime; return }
            let batchStart = clock.seconds
            let batch: Batch
            do {
                batch = try body(batchSize)
            } catch let error as DBError where error.code == .lockNotAvailable || error.code == .deadlock {
                // The application holds what this batch needed: step back, smaller, later.
                lockFailures += 1
                totals.lockRetries += 1
                if batchSize == 1, lockFailures >= Self.stepOverAfter, steppedInARow < options.maxSteppedOverInARow,
                    let stepOver, try stepOver()
                {
                    totals.skippedHeld += 1
                    steppedInARow += 1
                    lockFailures = 0
                    continue
                }
                guard lockFailures <= options.maxLockRetries else {
                    throw DBError(
                        error.code,
                        "gave up after \(lockFailures) batches in a row could not lock their rows (the application held them, or another session the whole table: a migration, LOCK TABLES): \(error.message)"
                    )
                }
                batchSize = max(1, batchSize / 2)
                // Back off with jitter, so a retry does not meet the same application
                // transaction in the same place again.
                try pause(seconds: Double.random(in: 0.05...0.2) * Double(1 << min(lockFailures - 1, 4)))
                continue
            } catch let error as DBError where error.code == .cancelled && Interruption.shared.isInterrupted {
                outcome = .interrupted
                return
            }
            lockFailures = 0
            steppedInARow = 0
            sayProgress(what, totals, since: before, lastSaid: &lastSaid)
            let took = clock.seconds - batchStart
            totals.batches += 1
            totals.rows += batch.rows
            totals.longestBatchSeconds = max(totals.longestBatchSeconds, took)
            adapt(took: took)
            guard batch.more else { return }
            try pause(seconds: options.pause)
        }
    }

    /// -v: a line every `progressEvery` seconds of a long run.
    private func sayProgress(_ what: String, _ totals: Totals, since before: Totals, lastSaid: inout Double) {
        guard clock.seconds - lastSaid >= Self.progressEvery else { return }
        lastSaid = clock.seconds
        log.info(
            "\(what): \(totals.rows - before.rows) rows in \(totals.batches - before.batches) batches so far; batch size \(batchSize), \(totals.lockRetries) lock retries, \(Format.duration(totals.throttledSeconds)) waiting for replicas"
        )
    }

    private var overBudget: Bool {
        guard let limit = options.maxRuntime else { return false }
        return clock.seconds >= limit
    }

    /// Halve after a long batch; grow by half again after a quick one, up to the maximum.
    private func adapt(took: Double) {
        if took > options.targetBatchSeconds {
            batchSize = max(1, batchSize / 2)
        } else if took < options.targetBatchSeconds / 4 {
            batchSize = min(maxBatchSize, batchSize + max(1, batchSize / 2))
        }
    }

    private func pause(seconds: Double) throws {
        guard seconds > 0 else { return }
        var left = seconds
        while left > 0, !Interruption.shared.isInterrupted {
            let step = min(left, 0.1)
            Thread.sleep(forTimeInterval: step)
            left -= step
        }
    }

    /// Sleeps while the Galera cluster spends more than --max-flow-control of its time
    /// paused (some node cannot keep up); returns the seconds spent waiting.
    private func waitForFlowControl() throws -> Double {
        guard let limit = options.maxFlowControl, let flow else { return 0 }
        let start = clock.seconds
        var said = false
        while !Interruption.shared.isInterrupted, !overBudget {
            guard let share = flow.pausedShare() else { break }
            if share <= limit { break }
            if !said {
                notes.append(
                    "waited for Galera flow control (replication paused \(Int((share * 100).rounded()))% of the time, limit \(Int((limit * 100).rounded()))%)"
                )
                said = true
            }
            try pause(seconds: 1)
        }
        return clock.seconds - start
    }

    /// Sleeps while the worst replica lag is above --max-lag (or unknown); returns the
    /// seconds spent waiting.
    private func waitForReplicas() throws -> Double {
        guard let limit = options.maxLag, let lag else { return 0 }
        let start = clock.seconds
        var said = false
        while !Interruption.shared.isInterrupted, !overBudget {
            let (seconds, replica) = lag.worst()
            if let seconds, seconds <= limit { break }
            if !said {
                notes.append(
                    "waited for \(replica) (\(seconds.map { String(format: "%.1fs", $0) } ?? "lag unknown") behind, limit \(limit)s)"
                )
                said = true
            }
            try pause(seconds: 1)
        }
        return clock.seconds - start
    }
}
