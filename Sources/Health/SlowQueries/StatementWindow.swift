import DBCore
import Foundation

/// Turns cumulative counters into the numbers of a report window: everything since the
/// statistics began, or — with a previous snapshot — only what happened since then. The
/// server's statistics are never reset by dbops. A reset (or a restart) since the previous
/// snapshot, and statements evicted and re-added since, are detected and said.
enum StatementWindow {
    struct Result {
        var statements: [StatementCounters]
        var window: ReportWindow
        var notes: [String]
    }

    static func compute(current: StatementSnapshot, previous: StatementSnapshot?) -> Result {
        guard let previous, previous.source == current.source else {
            let note =
                "cumulative since \(current.statsReset.map { "the statistics were reset at \(iso($0))" } ?? "the statistics began")"
            return Result(
                statements: current.counters.filter { $0.calls > 0 },
                window: ReportWindow(mode: "cumulative", since: current.statsReset, until: current.takenAt, note: note),
                notes: [])
        }
        var notes: [String] = []
        let reset: Bool
        // (Snapshot files keep whole seconds: a reset is a change of more than one.)
        if let now = current.statsReset, abs(now.timeIntervalSince(previous.statsReset ?? .distantPast)) > 1 {
            reset = true
            notes.append(
                "the statistics were reset at \(iso(now)), after the previous snapshot: counts are since the reset")
        } else if let now = current.uptimeSeconds, let before = previous.uptimeSeconds,
            now < before + Int64(current.takenAt.timeIntervalSince(previous.takenAt)) - 5
        {
            reset = true
            notes.append("the server restarted after the previous snapshot: counts are since the restart")
        } else {
            reset = false
        }
        if let now = current.evictions, let before = previous.evictions, now > before, !reset {
            notes.append(
                "\(now - before) statement entries were evicted since the previous snapshot (raise pg_stat_statements.max): their counts are incomplete"
            )
        }
        let before = Dictionary(previous.counters.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var out: [StatementCounters] = []
        var reAdded = 0
        for counter in current.counters {
            guard !reset, let old = before[counter.key] else {
                if counter.calls > 0 { out.append(counter) }
                continue
            }
            // Fewer calls than before, or a new first-seen time: the entry was evicted (or
            // reset on its own) and has been counting again since.
            if counter.calls < old.calls || (counter.firstSeen != nil && counter.firstSeen != old.firstSeen) {
                reAdded += 1
                if counter.calls > 0 { out.append(counter) }
                continue
            }
            let delta = difference(counter, old)
            if delta.calls > 0 { out.append(delta) }
        }
        if reAdded > 0 {
            notes.append(
                "\(reAdded) statement(s) were evicted or reset and counted again since the previous snapshot: their counts start then"
            )
        }
        let window = ReportWindow(
            mode: "delta", since: reset ? (current.statsReset ?? previous.takenAt) : previous.takenAt,
            until: current.takenAt, note: "since the previous snapshot (\(iso(previous.takenAt)))")
        return Result(statements: out, window: window, notes: notes)
    }

    static func difference(_ now: StatementCounters, _ then: StatementCounters) -> StatementCounters {
        var d = now
        d.calls = now.calls - then.calls
        d.totalMs = max(0, now.totalMs - then.totalMs)
        d.rows = max(0, now.rows - then.rows)
        d.sumSquaresMs = minus(now.sumSquaresMs, then.sumSquaresMs)
        d.rowsExamined = minus(now.rowsExamined, then.rowsExamined)
        d.sharedBlocksHit = minus(now.sharedBlocksHit, then.sharedBlocksHit)
        d.sharedBlocksRead = minus(now.sharedBlocksRead, then.sharedBlocksRead)
        d.tempBlocksWritten = minus(now.tempBlocksWritten, then.tempBlocksWritten)
        d.noIndexUsed = minus(now.noIndexUsed, then.noIndexUsed)
        d.tmpDiskTables = minus(now.tmpDiskTables, then.tmpDiskTables)
        // Minimum, maximum and quantiles cannot be taken apart: they stay "since the
        // statistics began" (the report says so).
        return d
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: date)
    }

    /// Report lines from counters: means, share of the total, cache hit, standard deviation.
    static func stats(_ counters: [StatementCounters], totalMs: Double) -> [StatementStats] {
        counters.map { c in
            let mean = c.calls > 0 ? c.totalMs / Double(c.calls) : 0
            var stddev: Double?
            if let sumSquares = c.sumSquaresMs, c.calls > 0 {
                stddev = (max(0, sumSquares / Double(c.calls) - mean * mean)).squareRoot()
            }
            var hit: Double?
            if let h = c.sharedBlocksHit, let r = c.sharedBlocksRead, h + r > 0 {
                hit = (Double(h) / Double(h + r) * 10000).rounded() / 100
            }
            return StatementStats(
                id: c.id, database: c.database, user: c.user, query: c.query, sample: c.sample, calls: c.calls,
                totalMs: c.totalMs, meanMs: mean, minMs: c.minMs, maxMs: c.maxMs, stddevMs: stddev,
                p95Ms: c.p95Ms, p99Ms: c.p99Ms, rows: c.rows,
                rowsPerCall: c.calls > 0 ? Double(c.rows) / Double(c.calls) : 0,
                rowsExamined: c.rowsExamined, sharedBlocksHit: c.sharedBlocksHit, sharedBlocksRead: c.sharedBlocksRead,
                cacheHitPercent: hit, tempBlocksWritten: c.tempBlocksWritten, noIndexUsed: c.noIndexUsed,
                tmpDiskTables: c.tmpDiskTables, sharePercent: totalMs > 0 ? c.totalMs / totalMs * 100 : 0,
                status: .ok, explain: nil, explainNote: nil)
        }
    }
}

/// now - then, never below zero; nil when either side is unknown.
private func minus<T: Numeric & Comparable>(_ now: T?, _ then: T?) -> T? {
    guard let now, let then else { return nil }
    return max(0, now - then)
}
