import Analytics
import Archive
import DBCore
import Foundation
import Health

/// `dbops snapshot`: reads one target's health values, statement work since its previous
/// snapshot, table and index sizes and the application's analytics days, and stores them.
/// Each part stands alone: one that cannot be read (no pg_stat_statements, no analytics
/// profile) is a note, and the rest is stored. A target that cannot be reached at all fails
/// the snapshot; one that stops answering midway has what was read stored, and the parts it
/// did not answer for listed in `unanswered` (the command then fails).
public enum SnapshotRunner {
    public static func run(
        _ target: ConnectionConfig, label: String, store: HistoryStore, options: SnapshotOptions
    ) throws -> TargetSnapshot {
        let clock = Date()
        var snapshot = TargetSnapshot(target: label, engine: target.engine, takenAt: clock)
        var config = target
        config.replyTimeout = (options.session.statementTimeout ?? 30) + 5
        let connection = try Database.connect(config)
        defer { connection.close() }
        try connection.apply(options.session)

        // The parts read different things on sessions of their own (sizes and statements
        // share the snapshot's): side by side, a large database's snapshot takes the time of
        // its slowest part, not of all of them. A thread each: they wait on the server, and
        // concurrentPerform ran only as many at once as there are cores (two here), so a slow
        // health check held back the parts queued behind it.
        let pieces = Pieces(count: 5, snapshot)
        let parts = (0..<5).map { part in
            BackgroundTask {
                var piece = TargetSnapshot(target: label, engine: target.engine, takenAt: clock)
                do {
                    switch part {
                    case 0:
                        let report = HealthRunner.run(target, options: options.health)
                        piece.samples = healthSamples(report)
                        if report.unanswered { piece.unanswered.append("health") }
                    case 1:
                        try readSizesAndStatements(
                            connection, into: &piece, label: label, store: store, options: options)
                    case 2:
                        guard options.indexAdvice else { break }
                        piece.indexFindings = attempt("index advice", &piece) {
                            try IndexUsageRunner.run(target, label: label, options: IndexUsageOptions()).findings
                        }
                    case 3:
                        guard var partitions = options.partitions else { break }
                        partitions.check = true
                        partitions.requireRules = false
                        attempt("partitions", &piece) {
                            try partitionSamples(target, label: label, options: partitions)
                        }
                        .map { piece.samples += $0 }
                    default:
                        guard var analytics = options.analytics else { break }
                        // The snapshot's other parts give up on a held table after the session's
                        // lock timeout; analytics waited as long as its statement could run (5
                        // minutes), and a cron snapshot every few minutes with it.
                        analytics.lockTimeout = min(analytics.lockTimeout, options.session.lockTimeout ?? .infinity)
                        piece.analytics = AnalyticsSnapshot.days(
                            config, label: label, store: store, options: analytics, days: options.analyticsDays,
                            now: clock, notes: &piece.notes, unanswered: &piece.unanswered)
                    }
                } catch {
                    pieces.fail(error)
                }
                pieces.set(part, piece)
            }
        }
        for part in parts { try? part.wait() }
        if let error = pieces.error { throw error }
        for piece in pieces.all {
            snapshot.samples += piece.samples
            snapshot.notes += piece.notes
            snapshot.unanswered += piece.unanswered
            snapshot.analytics += piece.analytics
            snapshot.indexFindings = snapshot.indexFindings ?? piece.indexFindings
            if piece.statementsMode != nil || piece.statementState != nil {
                snapshot.statements = piece.statements
                snapshot.statementState = piece.statementState
                snapshot.statementsMode = piece.statementsMode
            }
        }
        snapshot.seconds = Date().timeIntervalSince(clock)
        try store.record(snapshot)
        if let keep = options.keepSeconds { _ = try store.prune(before: clock.addingTimeInterval(-keep)) }
        return snapshot
    }

    /// Sizes, then statement work since the previous snapshot, on the snapshot's session.
    static func readSizesAndStatements(
        _ connection: DatabaseConnection, into piece: inout TargetSnapshot, label: String, store: HistoryStore,
        options: SnapshotOptions
    ) throws {
        if options.sizes {
            if let sizes = attempt("table and index sizes", &piece, { try sizeSamples(connection) }) {
                piece.samples += sizes.samples
                if !sizes.held.isEmpty {
                    piece.notes.append(
                        "sizes of \(sizes.held.count) table(s) another session holds \(HeldTable.lockWords) not recorded: \(HeldTable.list(sizes.held))"
                    )
                }
            }
        }
        guard options.statements else { return }
        let known = try store.statementState(target: label)
        if let reading = attempt(
            "statement statistics", &piece,
            { try StatementHistory.read(connection, previous: known.state, knownTexts: known.knownTexts, label: label) }
        ) {
            piece.statements = reading.deltas
            piece.statementState = reading.state
            piece.statementsMode = reading.mode
            piece.notes += reading.notes
        }
    }

    /// What the parallel parts read, under a lock, in part order.
    final class Pieces: @unchecked Sendable {
        private let lock = NSLock()
        private var pieces: [TargetSnapshot]
        private(set) var error: Error?

        init(count: Int, _ empty: TargetSnapshot) { pieces = Array(repeating: empty, count: count) }
        func set(_ index: Int, _ piece: TargetSnapshot) { lock.withLock { pieces[index] = piece } }
        func fail(_ failure: Error) { lock.withLock { error = error ?? failure } }
        var all: [TargetSnapshot] { lock.withLock { pieces } }
    }

    /// Runs one part; its failure becomes a note naming the part.
    static func attempt<T>(_ part: String, _ snapshot: inout TargetSnapshot, _ body: () throws -> T) -> T? {
        do { return try body() } catch {
            if DBError.isUnanswered(error) { snapshot.unanswered.append(part) }
            snapshot.notes.append("\(part) not recorded: \((error as? DBError)?.description ?? "\(error)")")
            return nil
        }
    }

    /// Every check's value (`health.NAME`) and state (`health_status.NAME`: 0 OK, 1 WARNING,
    /// 2 CRITICAL, 3 UNKNOWN), and each check's numeric metrics (`health.NAME.METRIC`).
    static func healthSamples(_ report: HealthReport) -> [HistorySample] {
        var samples: [HistorySample] = []
        for check in report.checks {
            samples.append(HistorySample("health_status.\(check.name)", "", stateNumber(check.status)))
            if let value = check.value { samples.append(HistorySample("health.\(check.name)", "", value)) }
            for (metric, value) in check.metrics {
                samples.append(HistorySample("health.\(check.name).\(metric)", "", value))
            }
        }
        return samples
    }

    /// The monitoring-plugin numbers: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
    static func stateNumber(_ status: CheckStatus) -> Double {
        switch status {
        case .ok: return 0
        case .warning: return 1
        case .critical: return 2
        case .unknown: return 3
        }
    }

    /// Sizes, row estimates and index scans, per table (`schema.table`) and index
    /// (`schema.table.index`).
    static func sizeSamples(_ connection: DatabaseConnection) throws -> (samples: [HistorySample], held: [String]) {
        var samples: [HistorySample] = []
        var held: [String] = []
        for row in try connection.named(.historyTables).rows {
            let subject = "\(row["schema"] ?? "").\(row["table"] ?? "")"
            if row.bool("held") == true { held.append(subject) }
            for column in ["total_bytes", "table_bytes", "index_bytes", "estimated_rows"] {
                if let value = row.double(column) { samples.append(HistorySample("table.\(column)", subject, value)) }
            }
        }
        for row in try connection.named(.historyIndexes).rows {
            let subject = "\(row["schema"] ?? "").\(row["table"] ?? "").\(row["index"] ?? "")"
            if let bytes = row.double("bytes") { samples.append(HistorySample("index.bytes", subject, bytes)) }
            if let scans = row.double("scans") { samples.append(HistorySample("index.scans", subject, scans)) }
            if let unique = row.double("is_unique") { samples.append(HistorySample("index.unique", subject, unique)) }
        }
        return (samples, held)
    }

    /// Each partitioned table's partitions ahead (`partitions.future`) against its rule's
    /// `partitions.premake`, whether the current period has one (`partitions.current_covered`),
    /// how many are past retention (`partitions.due`) and the check's state
    /// (`partitions.state`), per table: what `partitions --check` reports, changing nothing.
    static func partitionSamples(_ target: ConnectionConfig, label: String, options: PartitionOptions) throws
        -> [HistorySample]
    {
        let report = try PartitionRunner.run(target, label: label, options: options)
        return report.tables.filter(\.partitioned).flatMap { table in
            [
                HistorySample("partitions.future", table.table, Double(table.future)),
                HistorySample("partitions.premake", table.table, Double(table.premake)),
                HistorySample("partitions.current_covered", table.table, table.currentCovered ? 1 : 0),
                HistorySample("partitions.due", table.table, Double(table.due.count)),
                HistorySample("partitions.state", table.table, stateNumber(table.status)),
            ]
        }
    }
}
