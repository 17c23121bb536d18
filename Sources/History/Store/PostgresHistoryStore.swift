import DBCore
import Foundation

/// The history in a PostgreSQL database, for a team that shares one store
/// (`--history postgres://...`): the SQLite store's tables in a schema of their own
/// (`dbops_history`), its statements in queries/postgres/history. Rows go in as arrays
/// (one statement per kind of row, not one per row); reads run on a small pool of sessions
/// so the report's parts still run side by side.
public final class PostgresHistoryStore: HistoryStore, @unchecked Sendable {
    public static let schemaVersion = 1
    let config: ConnectionConfig
    private let lock = NSLock()
    private var idle: [DatabaseConnection] = []

    /// `create` false: a database without the store's schema is an error (history and
    /// report read; snapshot makes it).
    public init(_ config: ConnectionConfig, create: Bool = true) throws {
        guard config.engine == .postgres else {
            throw DBError(.invalidTarget, "a history store on a server must be PostgreSQL")
        }
        self.config = config
        try withConnection { connection in
            try connection.transaction {
                // Two runs opening a new store at once: the second waits, then finds it made.
                try connection.execute("SELECT pg_advisory_xact_lock(hashtext('dbops_history'))")
                let found =
                    try connection.scalar(.historyStoreExists) == "t"
                    ? Int(try connection.scalar(.historyStoreVersion) ?? "") ?? 0 : nil
                switch found {
                case nil:
                    guard create else {
                        throw DBError(
                            .invalidTarget,
                            "no history store in \(Self.describe(config)) (dbops snapshot makes it)")
                    }
                    try connection.executeScript(.historyStoreSchema)
                case let version? where version > Self.schemaVersion:
                    throw DBError(
                        .clientError,
                        "history store \(Self.describe(config)) has schema version \(version); this dbops knows \(Self.schemaVersion): upgrade dbops"
                    )
                default: break
                }
            }
        }
    }

    deinit { idle.forEach { $0.close() } }

    public static func describe(_ config: ConnectionConfig) -> String {
        "postgres://\(config.host ?? "localhost"):\(config.port ?? 5432)/\(config.database ?? "")"
    }

    /// A session of the pool: reused when one is free, else opened (search path set to the
    /// store's schema); a broken one is closed rather than returned.
    func withConnection<T>(_ body: (DatabaseConnection) throws -> T) throws -> T {
        let connection: DatabaseConnection
        if let free = lock.withLock({ idle.popLast() }) {
            connection = free
        } else {
            do {
                connection = try Database.connect(config)
                try connection.apply(SessionSettings(statementTimeout: 600, lockTimeout: 60, readOnly: false))
                // pg_catalog not listed, so searched first: the built-ins win over anything
                // in the store's schema that shares their names.
                try connection.execute("SET search_path = dbops_history")
            } catch let error as DBError {
                throw error.prefixed("history store \(Self.describe(config))")
            }
        }
        do {
            let result = try body(connection)
            lock.withLock { idle.append(connection) }
            return result
        } catch let error as DBError {
            if connection.isBroken { connection.close() } else { lock.withLock { idle.append(connection) } }
            throw error.prefixed("history store \(Self.describe(config))")
        } catch {
            if connection.isBroken { connection.close() } else { lock.withLock { idle.append(connection) } }
            throw error
        }
    }

    func rows(_ name: QueryName, _ parameters: [SQLValue] = []) throws -> [Row] {
        try withConnection { try $0.named(name, parameters).rows }
    }

    /// A PostgreSQL array literal of texts (NULL for nil), for the unnest() inserts.
    static func array(_ values: [String?]) -> SQLValue {
        .text(
            "{"
                + values.map { value in
                    guard let value else { return "NULL" }
                    return "\""
                        + value.replacingOccurrences(of: "\\", with: "\\\\")
                        .replacingOccurrences(of: "\"", with: "\\\"") + "\""
                }.joined(separator: ",") + "}")
    }

    static func numbers<N: CustomStringConvertible>(_ values: [N?]) -> SQLValue {
        .text("{" + values.map { $0?.description ?? "NULL" }.joined(separator: ",") + "}")
    }

    static func seconds(_ date: Date) -> SQLValue { .double(date.timeIntervalSince1970) }
    static func date(_ text: String?) -> Date { Date(timeIntervalSince1970: Double(text ?? "") ?? 0) }

    public func record(_ snapshot: TargetSnapshot) throws {
        try withConnection { connection in
            try connection.transaction {
                let id =
                    try connection.scalar(
                        .historyInsertSnapshot,
                        [
                            .text(snapshot.target), .text(snapshot.engine.rawValue), Self.seconds(snapshot.takenAt),
                            .double(snapshot.seconds), snapshot.statementsMode.map { .text($0) } ?? .null,
                            .text(snapshot.notes.joined(separator: "\n")),
                        ]) ?? ""
                let snapshotID = SQLValue.int(Int64(id) ?? 0)
                // One value per (metric, subject), the last one given (as SQLite's INSERT OR REPLACE).
                var samples: [String: HistorySample] = [:]
                for sample in snapshot.samples where sample.value.isFinite {
                    samples["\(sample.metric)\u{1}\(sample.subject)"] = sample
                }
                let values = Array(samples.values)
                try connection.execute(
                    .historyInsertSamples,
                    [
                        snapshotID, Self.array(values.map(\.metric)), Self.array(values.map(\.subject)),
                        Self.numbers(values.map(\.value)),
                    ])
                let statements = snapshot.statements
                try connection.execute(
                    .historyInsertStatements,
                    [
                        snapshotID, Self.array(statements.map(\.id)), Self.numbers(statements.map(\.calls)),
                        Self.numbers(statements.map(\.totalMs)), Self.numbers(statements.map(\.rows)),
                    ])
                var texts: [String: String] = [:]
                for delta in statements { if let query = delta.query { texts[delta.id] = query } }
                try connection.execute(
                    .historyUpsertStatementTexts,
                    [.text(snapshot.target), Self.array(Array(texts.keys)), Self.array(Array(texts.values))])
                let findings = snapshot.indexFindings ?? []
                try connection.execute(
                    .historyInsertFindings,
                    [
                        snapshotID, Self.array(findings.map(\.kind.rawValue)),
                        Self.array(
                            findings.map { ([$0.schema, $0.table, $0.index].compactMap { $0 }).joined(separator: ".") }),
                        Self.array(findings.map(\.detail)), Self.numbers(findings.map(\.bytes)),
                        Self.array(findings.map(\.statement)),
                    ])
                if let state = snapshot.statementState {
                    try connection.execute(
                        .historyUpsertStatementState, [.text(snapshot.target), .text(state.base64EncodedString())])
                }
                let days = Array(Set(snapshot.analytics.map { [$0.report, $0.day] }))
                try connection.execute(
                    .historyClearAnalyticsDays,
                    [.text(snapshot.target), Self.array(days.map { $0[0] }), Self.array(days.map { $0[1] })])
                var figures: [String: AnalyticsDay] = [:]
                for figure in snapshot.analytics where figure.value.isFinite {
                    figures["\(figure.report)\u{1}\(figure.day)\u{1}\(figure.dimension)\u{1}\(figure.metric)"] = figure
                }
                let kept = Array(figures.values)
                try connection.execute(
                    .historyUpsertAnalyticsDays,
                    [
                        .text(snapshot.target), Self.seconds(snapshot.takenAt), Self.array(kept.map(\.day)),
                        Self.array(kept.map(\.report)), Self.array(kept.map(\.dimension)),
                        Self.array(kept.map(\.metric)), Self.numbers(kept.map(\.value)),
                    ])
            }
        }
    }

    public func statementState(target: String) throws -> (state: Data?, knownTexts: Set<String>) {
        let state = try rows(.historyStatementState, [.text(target)]).first?["state"].flatMap {
            Data(base64Encoded: $0)
        }
        let ids = try rows(.historyStatementIds, [.text(target)]).compactMap { $0["query_id"] }
        return (state, Set(ids))
    }

    public func analyticsDays(target: String, report: String, since day: String) throws -> [String: Date] {
        var out: [String: Date] = [:]
        for row in try rows(.historyAnalyticsDays, [.text(target), .text(report), .text(day)]) {
            out[row["day"] ?? ""] = Self.date(row["computed_at"])
        }
        return out
    }

    public func prune(before date: Date) throws -> Int {
        try withConnection { connection in
            try connection.transaction {
                let before = Int(try connection.scalar(.historySnapshotCount) ?? "") ?? 0
                // The script's statements take the same value, or none: one at a time.
                for part in try QueryCatalog.shared.sql(.historyPrune, server: connection.server)
                    .components(separatedBy: ";\n")
                {
                    let statement = part.split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: "\n")
                    guard statement.contains("DELETE") else { continue }
                    try connection.execute(statement, statement.contains("$1") ? [Self.seconds(date)] : [])
                }
                let after = Int(try connection.scalar(.historySnapshotCount) ?? "") ?? 0
                return before - after
            }
        }
    }

    public func series(metric: String, target: String?, subject: String?, since: Date) throws -> [SeriesPoint] {
        try rows(
            .historySeries,
            [.text(metric), Self.seconds(since), target.map { .text($0) } ?? .null, subject.map { .text($0) } ?? .null]
        ).map { row in
            SeriesPoint(
                target: row["target"] ?? "", subject: row["subject"] ?? "", takenAt: Self.date(row["taken_at"]),
                value: row.double("value") ?? 0)
        }
    }

    public func metrics(target: String?) throws -> [MetricSummary] {
        try rows(.historyMetrics, [target.map { .text($0) } ?? .null]).map { row in
            MetricSummary(
                metric: row["metric"] ?? "", targets: row.int("targets") ?? 0, subjects: row.int("subjects") ?? 0,
                values: row.int("values") ?? 0, firstAt: Self.date(row["first_at"]), lastAt: Self.date(row["last_at"]))
        }
    }

    public func states(at date: Date) throws -> [TargetState] {
        var out: [TargetState] = []
        for row in try rows(.historyStatesAt, [Self.seconds(date)]) {
            let target = row["target"] ?? ""
            if out.last?.target != target {
                out.append(
                    TargetState(
                        target: target, engine: row["engine"] ?? "", takenAt: Self.date(row["taken_at"]), checks: [:]))
            }
            let metric = row["metric"] ?? ""
            out[out.count - 1].checks[String(metric.dropFirst("health_status.".count))] = Int(row.double("value") ?? 3)
        }
        return out
    }

    public func latestFindings() throws -> [StoredFinding] {
        try rows(.historyLatestFindings).map { row in
            StoredFinding(
                target: row["target"] ?? "", takenAt: Self.date(row["taken_at"]), kind: row["kind"] ?? "",
                subject: row["subject"] ?? "", detail: row["detail"] ?? "", bytes: row.int64("bytes"),
                statement: row["statement"] ?? "")
        }
    }

    public func lastReport(targets: String) throws -> Date? {
        try rows(.historyLastReport, [.text(targets)]).first?["made_at"].flatMap(Double.init).map {
            Date(timeIntervalSince1970: $0)
        }
    }

    public func recordReport(at date: Date, targets: String) throws {
        try withConnection { _ = try $0.execute(.historyInsertReportRun, [Self.seconds(date), .text(targets)]) }
    }

    public func targets() throws -> [String] { try rows(.historyTargets).compactMap { $0["target"] } }

    public func statements(target: String?, since: Date) throws -> [StatementWork] {
        try rows(.historyStatementSeries, [target.map { .text($0) } ?? .null, Self.seconds(since)]).map { row in
            StatementWork(
                target: row["target"] ?? "", takenAt: Self.date(row["taken_at"]), queryID: row["query_id"] ?? "",
                calls: row.int64("calls") ?? 0, totalMs: row.double("total_ms") ?? 0, rows: row.int64("rows") ?? 0,
                query: row["query"])
        }
    }

    public func statementTotals(previous: Date, since: Date, until: Date) throws -> [StatementTotal] {
        try rows(.historyStatementTotals, [Self.seconds(previous), Self.seconds(since), Self.seconds(until)]).map {
            row in
            StatementTotal(
                target: row[0] ?? "", queryID: row[1] ?? "", calls: Int64(row[2] ?? "") ?? 0,
                totalMs: Double(row[3] ?? "") ?? 0, previousCalls: Int64(row[4] ?? "") ?? 0,
                previousMs: Double(row[5] ?? "") ?? 0)
        }
    }

    public func statementPoints(target: String, queryID: String, since: Date, until: Date) throws -> [(Date, Double)] {
        try rows(
            .historyStatementPoints, [.text(target), .text(queryID), Self.seconds(since), Self.seconds(until)]
        ).map { (Self.date($0[0]), Double($0[1] ?? "") ?? 0) }
    }

    public func statementTexts() throws -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        for row in try rows(.historyStatementTexts) { out[row[0] ?? "", default: [:]][row[1] ?? ""] = row[2] ?? "" }
        return out
    }

    public func tableGrowth(since: Date, until: Date) throws -> [GrowthSums] {
        try rows(.historyTableGrowth, [Self.seconds(since), Self.seconds(until)]).map { row in
            GrowthSums(
                target: row[0] ?? "", table: row[1] ?? "", n: Double(row[2] ?? "") ?? 0, sx: Double(row[3] ?? "") ?? 0,
                sy: Double(row[4] ?? "") ?? 0, sxy: Double(row[5] ?? "") ?? 0, sxx: Double(row[6] ?? "") ?? 0,
                lastValue: Double(row[8] ?? "") ?? 0)
        }
    }

    public func analyticsBuckets(since: String, until: String, weekly: Bool) throws -> [StoredAnalyticsDay] {
        var buckets = AnalyticsBuckets(weekly: weekly)
        for row in try rows(.historyAnalyticsFigures, [.text(since), .text(until)]) {
            buckets.add(
                target: row[0] ?? "", report: row[1] ?? "", dimension: row[2] ?? "", metric: row[3] ?? "",
                day: row[4] ?? "", value: Double(row[5] ?? "") ?? 0)
        }
        return buckets.finish()
    }

    public func analytics(target: String?, report: String?, since day: String) throws -> [StoredAnalyticsDay] {
        try rows(
            .historyAnalyticsSeries, [target.map { .text($0) } ?? .null, report.map { .text($0) } ?? .null, .text(day)]
        ).map { row in
            StoredAnalyticsDay(
                target: row["target"] ?? "",
                day: AnalyticsDay(
                    day: row["day"] ?? "", report: row["report"] ?? "", dimension: row["dimension"] ?? "",
                    metric: row["metric"] ?? "", value: row.double("value") ?? 0))
        }
    }

    public func recordJob(_ run: JobRun) throws {
        try withConnection {
            _ = try $0.execute(
                .historyInsertJobRun,
                [
                    .text(run.target), .text(run.job), Self.seconds(run.startedAt), .double(run.seconds),
                    .text(run.outcome), run.rows.map { .int($0) } ?? .null, run.bytes.map { .int($0) } ?? .null,
                    run.path.map { .text($0) } ?? .null, .text(run.detail),
                ])
        }
    }

    public func jobRuns(since: Date, until: Date) throws -> [JobRun] {
        try rows(.historyJobRuns, [Self.seconds(since), Self.seconds(until)]).map { row in
            JobRun(
                target: row["target"] ?? "", job: row["job"] ?? "", startedAt: Self.date(row["started_at"]),
                seconds: row.double("seconds") ?? 0, outcome: row["outcome"] ?? "", rows: row.int64("rows"),
                bytes: row.int64("bytes"), path: row["path"], detail: row["detail"] ?? "")
        }
    }

    public func lastCompleteJobs(until: Date) throws -> [String: [String: Date]] {
        var out: [String: [String: Date]] = [:]
        for row in try rows(.historyJobLastComplete, [Self.seconds(until)]) {
            out[row["target"] ?? "", default: [:]][row["job"] ?? ""] = Self.date(row["ended_at"])
        }
        return out
    }

    public func backupTarget(path: String) throws -> String? {
        try rows(.historyJobTarget, [.text(path)]).first?["target"]
    }

    public func latestPartitions(until: Date) throws -> [StoredPartitions] {
        StoredPartitions.assemble(
            try rows(.historyLatestPartitions, [Self.seconds(until)]).map { row in
                (
                    row["target"] ?? "", row["subject"] ?? "", row["metric"] ?? "", row.double("value") ?? 0,
                    Self.date(row["taken_at"])
                )
            })
    }
}
