import DBCore
import Foundation

/// `dbops slow-queries`: the statements that cost the most, from pg_stat_statements,
/// performance_schema, or a slow query log — cumulative, or since the previous snapshot.
public enum SlowQueryRunner {
    /// From the server's statement statistics.
    public static func run(_ target: ConnectionConfig, label: String, options: SlowQueryOptions) throws
        -> SlowQueryReport
    {
        // The file first: one that is not a snapshot stops the run before the server is asked.
        var notes: [String] = []
        let previous = try options.snapshotFile.flatMap { try loadSnapshot($0, target: label, notes: &notes) }
        var config = target
        config.replyTimeout = (options.session.statementTimeout ?? 5) + 2
        let connection = try Database.connect(config)
        defer { connection.close() }
        try connection.apply(options.session)
        let source = connection.engine.statements
        let (current, schema) = try source.read(connection, options: options, target: label)
        if current.source == "performance_schema", let untracked = current.evictions {
            notes.append(
                "the digest table is full: \(untracked) statement executions were counted without a digest (raise performance_schema_digests_size, or TRUNCATE performance_schema.events_statements_summary_by_digest)"
            )
        }
        var window = StatementWindow.compute(current: current, previous: previous)
        notes += window.notes
        var texts: [String: String] = [:]
        if !options.includeSelf,
            let note = try leaveOutMonitoring(
                &window, texts: &texts, source: source, connection, schema: schema, options: options, label: label,
                sourceName: current.source)
        {
            notes.append(note)
        }
        var report = build(
            window.statements, window: window.window, options: options, target: label, source: current.source,
            notes: notes)
        report.engine = connection.engine
        report.server = connection.server
        if let schema {
            let unknown = report.statements.map(\.id).filter { texts[$0] == nil }
            texts.merge(try source.texts(connection, schema: schema, ids: unknown)) { $1 }
            for i in report.statements.indices { report.statements[i].query = texts[report.statements[i].id] }
        }
        if options.explain {
            for i in report.statements.indices {
                StatementExplainer.explain(&report.statements[i], connection, analyze: options.explainAnalyze)
            }
        }
        if report.statements.contains(where: { $0.maxMs != nil }) && window.window.mode == "delta" {
            report.notes.append("min and max are since the statistics began: they cannot be taken apart by window")
        }
        if let file = options.snapshotFile { try saveSnapshot(current, to: file) }
        return report
    }

    /// From a slow query log file; `explainWith` (optional) is a server to EXPLAIN against.
    public static func run(
        slowLog path: String, explainWith target: ConnectionConfig?, label: String,
        options: SlowQueryOptions
    ) throws -> SlowQueryReport {
        let groups = try SlowLog.groups(path: path)
        var counters: [StatementCounters] = []
        var p95: [String: Double] = [:]
        for group in groups {
            let sorted = group.times.sorted()
            let id = QueryFingerprint.id(group.fingerprint)
            p95[id] = SlowLog.percentile(sorted, 0.95)
            counters.append(
                StatementCounters(
                    id: id, database: group.database, user: nil, query: group.fingerprint, calls: Int64(sorted.count),
                    totalMs: sorted.reduce(0, +) * 1000, sumSquaresMs: sorted.reduce(0) { $0 + $1 * $1 * 1_000_000 },
                    minMs: (sorted.first ?? 0) * 1000, maxMs: (sorted.last ?? 0) * 1000, rows: group.rowsSent,
                    rowsExamined: group.rowsExamined, sharedBlocksHit: nil, sharedBlocksRead: nil,
                    tempBlocksWritten: nil,
                    noIndexUsed: nil, tmpDiskTables: nil, firstSeen: nil, p95Ms: p95[id].map { $0 * 1000 }, p99Ms: nil,
                    sample: group.slowest.1))
        }
        let window = ReportWindow(mode: "cumulative", since: nil, until: Date(), note: "the whole slow log \(path)")
        var report = build(counters, window: window, options: options, target: label, source: "slow_log", notes: [])
        if options.explain {
            if let target {
                let connection = try Database.connect(target)
                defer { connection.close() }
                try connection.apply(options.session)
                for i in report.statements.indices {
                    if let database = report.statements[i].database, database != target.database {
                        report.statements[i].explainNote = "logged in database \(database), not the target's"
                        continue
                    }
                    StatementExplainer.explain(&report.statements[i], connection, analyze: options.explainAnalyze)
                }
            } else {
                report.notes.append("--explain needs a target server (--url or --target) to run EXPLAIN on")
            }
        }
        // A logged bulk INSERT can be hundreds of megabytes: the report shows its first
        // 16 KiB (pt-query-digest shortens to 1 KiB), once EXPLAIN has had the whole text.
        for i in report.statements.indices {
            report.statements[i].query = report.statements[i].query.map(shortened)
            report.statements[i].sample = report.statements[i].sample.map(shortened)
        }
        return report
    }

    static let shownStatementBytes = 16 << 10

    /// The text's first 16 KiB (whole characters), and how long it was.
    static func shortened(_ text: String) -> String {
        let total = text.utf8.count
        guard total > shownStatementBytes else { return text }
        var bytes = Array(text.utf8.prefix(shownStatementBytes))
        // Not half a character: continuation bytes at the cut go, with their lead byte.
        while let last = bytes.last, last & 0xC0 == 0x80 { bytes.removeLast() }
        if let last = bytes.last, last >= 0xC0 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self) + " … (\(total) bytes in all)"
    }
    /// Monitoring's own statements — dbops' health checks among them — would otherwise top
    /// the report. MySQL digests carry their text; PostgreSQL's are fetched only for the
    /// statements listed (the texts file can be large), so there the listed ones are checked
    /// and replaced by the next until the list is clean. Returns the note saying how many
    /// were left out, if any.
    static func leaveOutMonitoring(
        _ window: inout StatementWindow.Result, texts: inout [String: String], source: StatementSource.Type,
        _ connection: DatabaseConnection, schema: String?, options: SlowQueryOptions, label: String, sourceName: String
    ) throws -> String? {
        let before = window.statements.count
        window.statements.removeAll { SlowQueryOptions.isMonitoring($0.query) }
        if let schema {
            for _ in 0..<100 {
                let listed = build(
                    window.statements, window: window.window, options: options, target: label,
                    source: sourceName, notes: [])
                let unknown = listed.statements.map(\.id).filter { texts[$0] == nil }
                if unknown.isEmpty { break }
                texts.merge(try source.texts(connection, schema: schema, ids: unknown)) { $1 }
                let monitoring = Set(unknown.filter { SlowQueryOptions.isMonitoring(texts[$0]) })
                if monitoring.isEmpty { break }
                window.statements.removeAll { monitoring.contains($0.id) }
            }
        }
        guard window.statements.count < before else { return nil }
        return
            "\(before - window.statements.count) statement(s) on the server's catalogs or session settings (monitoring's, dbops' own) left out; --include-self lists them"
    }

    static func build(
        _ counters: [StatementCounters], window: ReportWindow, options: SlowQueryOptions, target: String,
        source: String, notes: [String]
    ) -> SlowQueryReport {
        let total = counters.reduce(0) { $0 + $1.totalMs }
        var stats = StatementWindow.stats(counters, totalMs: total)
        stats.sort { a, b in
            switch options.orderBy {
            case .total: return a.totalMs > b.totalMs
            case .mean: return a.meanMs > b.meanMs
            case .calls: return a.calls > b.calls
            case .rows: return a.rows > b.rows
            case .io: return io(a) > io(b)
            }
        }
        if let minMean = options.minMean { stats.removeAll { $0.meanMs <= minMean * 1000 } }
        stats = Array(stats.prefix(max(1, options.limit)))
        for i in stats.indices {
            let byMean = options.thresholds["mean_ms"]?.evaluate(stats[i].meanMs) ?? .ok
            let byShare = options.thresholds["share_pct"]?.evaluate(stats[i].sharePercent) ?? .ok
            stats[i].status = CheckStatus.worst([byMean, byShare])
        }
        var allNotes = notes
        if counters.isEmpty { allNotes.append("no statements in this window") }
        return SlowQueryReport(
            target: target, engine: nil, server: nil, source: source, window: window, orderBy: options.orderBy.rawValue,
            statementCount: counters.count, totalMs: total, statements: stats, thresholds: options.thresholds,
            status: CheckStatus.worst(stats.map(\.status)), notes: allNotes)
    }

    /// Blocks read from disk plus temporary blocks written (PostgreSQL); rows examined (MySQL).
    static func io(_ s: StatementStats) -> Int64 {
        (s.sharedBlocksRead ?? 0) + (s.tempBlocksWritten ?? 0) + (s.rowsExamined ?? 0)
    }

    /// The previous run's snapshot; nil the first time. A file there that is not one is
    /// refused and left as it is (StateFile); one of another target's is replaced.
    static func loadSnapshot(_ path: String, target: String, notes: inout [String]) throws -> StatementSnapshot? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard
            let snapshot = try StateFile.read(
                path, as: StatementSnapshot.self, kind: "slow-queries snapshot", decoder: decoder,
                isOwn: { $0.schema == StatementSnapshot.schemaVersion })
        else {
            notes.append("first snapshot (none in \(path) yet): counts are cumulative")
            return nil
        }
        guard snapshot.target == target else {
            notes.append(
                "\(path) was taken from \(snapshot.target), not this target: counts are cumulative and it will be replaced"
            )
            return nil
        }
        return snapshot
    }

    static func saveSnapshot(_ snapshot: StatementSnapshot, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        try DurableFiles.writeAtomically(try encoder.encode(snapshot), to: path)
    }
}
