import DBCore
import Foundation
import GRDB

/// The history in an SQLite file (GRDB): WAL mode so a report reads while a snapshot
/// writes, a 30-second busy timeout so overlapping cron runs and a fleet's parallel
/// members wait for each other instead of failing, and migrations in order on open
/// (`PRAGMA user_version` is GRDB's migrator's business; the schema is queries/sqlite).
public final class SQLiteHistoryStore: HistoryStore {
    public static let schemaVersion = 5
    let queue: DatabasePool
    public let path: String

    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.foreignKeysEnabled = true
        // Two runs opening a new store at once would both find it empty and both create
        // the tables: the first open (and each migration) holds a lock on the folder.
        queue = try FolderLock.holding(ParentFolder.of(path)) {
            // The file holds statement texts and sizes of the databases: the owner's only,
            // from its first byte. A new store is created empty with mode 0600 before SQLite
            // opens it (an empty file is a new database to SQLite), and its -wal and -shm
            // files take the same mode from it; a chmod afterwards left a window, and a
            // first snapshot that failed (a full disk) left the file and its WAL at 0644.
            let created = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
            if created >= 0 { close(created) }
            do {
                // A pool: the report's readers run side by side (WAL mode, which it sets).
                let pool = try DatabasePool(path: path, configuration: configuration)
                try Self.migrator.migrate(pool)
                return pool
            } catch let error as DatabaseError {
                throw Self.failure(error, path: path)
            }
        }
        // A store made by an older dbops (created 0644, then changed) is kept private too.
        chmod(path, 0o600)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { (db: GRDB.Database) in try db.execute(sql: try sql(.historySchemaV1)) }
        migrator.registerMigration("v2") { (db: GRDB.Database) in try db.execute(sql: try sql(.historySchemaV2)) }
        migrator.registerMigration("v3") { (db: GRDB.Database) in try db.execute(sql: try sql(.historySchemaV3)) }
        migrator.registerMigration("v4") { (db: GRDB.Database) in try db.execute(sql: try sql(.historySchemaV4)) }
        migrator.registerMigration("v5") { (db: GRDB.Database) in try db.execute(sql: try sql(.historySchemaV5)) }
        return migrator
    }

    /// The store's own statements, queries/sqlite/history (named like the engines' ones).
    static func sql(_ name: QueryName) throws -> String { try QueryCatalog.shared.sql("sqlite/\(name.path)") }

    static func failure(_ error: DatabaseError, path: String) -> DBError {
        let message = error.message ?? error.description
        // A write into the WAL or its shared-memory file that finds the disk full comes back
        // as a bare "disk I/O error" (SQLITE_IOERR_WRITE, _SHMSIZE), not SQLITE_FULL: the
        // folder's free space says which it was (a write of a snapshot's pages can need
        // megabytes, so a few blocks left is full too).
        if error.resultCode == .SQLITE_IOERR, let free = freeBytes(ParentFolder.of(path)), free < 16 << 20 {
            return DBError(
                .io, "history store \(path): no space left on device (\(free >> 10) KiB free; \(message))")
        }
        return DBError(.io, "history store \(path): \(message)")
    }

    /// Bytes this process may still write in the folder's file system (root's share
    /// includes the blocks reserved for it).
    static func freeBytes(_ folder: String) -> UInt64? {
        var figures = statvfs()
        guard statvfs(folder, &figures) == 0 else { return nil }
        let blocks = geteuid() == 0 ? figures.f_bfree : figures.f_bavail
        return UInt64(blocks) * UInt64(figures.f_frsize)
    }

    func write<T>(_ body: (GRDB.Database) throws -> T) throws -> T {
        do { return try queue.write(body) } catch let error as DatabaseError { throw Self.failure(error, path: path) }
    }

    func read<T>(_ body: (GRDB.Database) throws -> T) throws -> T {
        do { return try queue.read(body) } catch let error as DatabaseError { throw Self.failure(error, path: path) }
    }

    public func record(_ snapshot: TargetSnapshot) throws {
        try write { db in
            try db.execute(
                sql:
                    "INSERT INTO snapshot (target, engine, taken_at, seconds, statements_mode, notes) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    snapshot.target, snapshot.engine.rawValue, snapshot.takenAt.timeIntervalSince1970,
                    snapshot.seconds, snapshot.statementsMode, snapshot.notes.joined(separator: "\n"),
                ])
            let id = db.lastInsertedRowID
            let sample = try db.makeStatement(
                sql: "INSERT OR REPLACE INTO sample (snapshot_id, metric, subject, value) VALUES (?, ?, ?, ?)")
            for value in snapshot.samples where value.value.isFinite {
                try sample.execute(arguments: [id, value.metric, value.subject, value.value])
            }
            let statement = try db.makeStatement(
                sql: "INSERT INTO statement (snapshot_id, query_id, calls, total_ms, rows) VALUES (?, ?, ?, ?, ?)")
            let text = try db.makeStatement(
                sql: "INSERT OR REPLACE INTO statement_text (target, query_id, query) VALUES (?, ?, ?)")
            for delta in snapshot.statements {
                try statement.execute(arguments: [id, delta.id, delta.calls, delta.totalMs, delta.rows])
                if let query = delta.query { try text.execute(arguments: [snapshot.target, delta.id, query]) }
            }
            let finding = try db.makeStatement(
                sql:
                    "INSERT INTO index_finding (snapshot_id, kind, subject, detail, bytes, statement) VALUES (?, ?, ?, ?, ?, ?)"
            )
            for found in snapshot.indexFindings ?? [] {
                let subject = ([found.schema, found.table, found.index].compactMap { $0 }).joined(separator: ".")
                try finding.execute(arguments: [
                    id, found.kind.rawValue, subject, found.detail, found.bytes, found.statement,
                ])
            }
            if let state = snapshot.statementState {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO statement_state (target, state) VALUES (?, ?)",
                    arguments: [snapshot.target, state])
            }
            // A day computed again replaces what was stored of it (a function gone from it too).
            let clear = try db.makeStatement(
                sql: "DELETE FROM analytics_day WHERE target = ? AND report = ? AND day = ?")
            for pair in Set(snapshot.analytics.map { [$0.report, $0.day] }) {
                try clear.execute(arguments: [snapshot.target, pair[0], pair[1]])
            }
            let day = try db.makeStatement(
                sql: """
                    INSERT OR REPLACE INTO analytics_day (target, day, report, dimension, metric, value, computed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            for figure in snapshot.analytics where figure.value.isFinite {
                try day.execute(arguments: [
                    snapshot.target, figure.day, figure.report, figure.dimension, figure.metric, figure.value,
                    snapshot.takenAt.timeIntervalSince1970,
                ])
            }
        }
    }

    public func statementState(target: String) throws -> (state: Data?, knownTexts: Set<String>) {
        try read { db in
            let state = try Data.fetchOne(
                db, sql: "SELECT state FROM statement_state WHERE target = ?", arguments: [target])
            let ids = try String.fetchAll(
                db, sql: "SELECT query_id FROM statement_text WHERE target = ?", arguments: [target])
            return (state, Set(ids))
        }
    }

    public func analyticsDays(target: String, report: String, since day: String) throws -> [String: Date] {
        try read { db in
            var out: [String: Date] = [:]
            for row in try GRDB.Row.fetchAll(
                db, sql: try Self.sql(.historyAnalyticsDays), arguments: [target, report, day])
            {
                out[row["day"]] = Date(timeIntervalSince1970: row["computed_at"])
            }
            return out
        }
    }

    public func prune(before date: Date) throws -> Int {
        let day = String(ISO8601DateFormatter.string(from: date, timeZone: .gmt, formatOptions: [.withFullDate]))
        return try write { db in
            let before = try Int.fetchOne(db, sql: "SELECT count(*) FROM snapshot") ?? 0
            try db.execute(
                sql: try Self.sql(.historyPrune),
                arguments: ["before": date.timeIntervalSince1970, "before_day": day])
            let after = try Int.fetchOne(db, sql: "SELECT count(*) FROM snapshot") ?? 0
            return before - after
        }
    }

    public func series(metric: String, target: String?, subject: String?, since: Date) throws -> [SeriesPoint] {
        try read { db in
            try GRDB.Row.fetchAll(
                db, sql: try Self.sql(.historySeries),
                arguments: [
                    "metric": metric, "target": target, "subject": subject, "since": since.timeIntervalSince1970,
                ]
            ).map { row in
                SeriesPoint(
                    target: row["target"], subject: row["subject"],
                    takenAt: Date(timeIntervalSince1970: row["taken_at"]), value: row["value"])
            }
        }
    }

    public func metrics(target: String?) throws -> [MetricSummary] {
        try read { db in
            try GRDB.Row.fetchAll(db, sql: try Self.sql(.historyMetrics), arguments: ["target": target]).map { row in
                MetricSummary(
                    metric: row["metric"], targets: row["targets"], subjects: row["subjects"], values: row["values"],
                    firstAt: Date(timeIntervalSince1970: row["first_at"]),
                    lastAt: Date(timeIntervalSince1970: row["last_at"]))
            }
        }
    }

    public func states(at date: Date) throws -> [TargetState] {
        try read { db in
            var out: [TargetState] = []
            for row in try GRDB.Row.fetchAll(
                db, sql: try Self.sql(.historyStatesAt), arguments: ["at": date.timeIntervalSince1970])
            {
                let target: String = row["target"]
                if out.last?.target != target {
                    out.append(
                        TargetState(
                            target: target, engine: row["engine"],
                            takenAt: Date(timeIntervalSince1970: row["taken_at"]),
                            checks: [:]))
                }
                let metric: String = row["metric"]
                out[out.count - 1].checks[String(metric.dropFirst("health_status.".count))] = Int(
                    row["value"] as Double)
            }
            return out
        }
    }

    public func latestFindings() throws -> [StoredFinding] {
        try read { db in
            try GRDB.Row.fetchAll(db, sql: try Self.sql(.historyLatestFindings)).map { row in
                StoredFinding(
                    target: row["target"], takenAt: Date(timeIntervalSince1970: row["taken_at"]), kind: row["kind"],
                    subject: row["subject"], detail: row["detail"], bytes: row["bytes"], statement: row["statement"])
            }
        }
    }

    public func lastReport(targets: String) throws -> Date? {
        try read { db in
            try Double.fetchOne(
                db, sql: "SELECT max(made_at) FROM report_run WHERE targets = ?", arguments: [targets]
            ).map { Date(timeIntervalSince1970: $0) }
        }
    }

    public func recordReport(at date: Date, targets: String) throws {
        try write { db in
            try db.execute(
                sql: "INSERT INTO report_run (made_at, targets) VALUES (?, ?)",
                arguments: [date.timeIntervalSince1970, targets])
        }
    }

    public func statementTotals(previous: Date, since: Date, until: Date) throws -> [StatementTotal] {
        try read { db in
            var totals: [String: [String: StatementTotal]] = [:]
            let rows = try GRDB.Row.fetchCursor(
                db, sql: try Self.sql(.historyStatementWorkRows),
                arguments: [
                    "previous": previous.timeIntervalSince1970, "since": since.timeIntervalSince1970,
                    "until": until.timeIntervalSince1970,
                ])
            // Columns by position, summed as they come: a year of a fleet is a million rows.
            while let row = try rows.next() {
                let target: String = row[0], queryID: String = row[1]
                let current: Bool = row[2], calls: Int64 = row[3], ms: Double = row[4]
                var total =
                    totals[target]?[queryID]
                    ?? StatementTotal(
                        target: target, queryID: queryID, calls: 0, totalMs: 0, previousCalls: 0, previousMs: 0)
                if current {
                    total.calls += calls
                    total.totalMs += ms
                } else {
                    total.previousCalls += calls
                    total.previousMs += ms
                }
                totals[target, default: [:]][queryID] = total
            }
            return totals.values.flatMap(\.values).filter { $0.calls > 0 }
        }
    }

    public func statementPoints(target: String, queryID: String, since: Date, until: Date) throws -> [(Date, Double)] {
        try read { db in
            try GRDB.Row.fetchAll(
                db, sql: try Self.sql(.historyStatementPoints),
                arguments: [
                    "target": target, "query_id": queryID, "since": since.timeIntervalSince1970,
                    "until": until.timeIntervalSince1970,
                ]
            ).map { row in (Date(timeIntervalSince1970: row[0]), row[1]) }
        }
    }

    public func statementTexts() throws -> [String: [String: String]] {
        try read { db in
            var out: [String: [String: String]] = [:]
            for row in try GRDB.Row.fetchAll(db, sql: try Self.sql(.historyStatementTexts)) {
                out[row[0], default: [:]][row[1]] = row[2]
            }
            return out
        }
    }

    public func tableGrowth(since: Date, until: Date) throws -> [GrowthSums] {
        try read { db in
            var sums: [String: [String: (GrowthSums, Double)]] = [:]
            let rows = try GRDB.Row.fetchCursor(
                db, sql: try Self.sql(.historyTableSizeRows),
                arguments: ["since": since.timeIntervalSince1970, "until": until.timeIntervalSince1970])
            // Least-squares terms over (days since `since`, bytes), summed as the rows come,
            // with the size at the latest snapshot.
            while let row = try rows.next() {
                let target: String = row[0], table: String = row[1], at: Double = row[2], bytes: Double = row[3]
                let x = (at - since.timeIntervalSince1970) / 86_400
                var (sum, lastAt) =
                    sums[target]?[table]
                    ?? (GrowthSums(target: target, table: table, n: 0, sx: 0, sy: 0, sxy: 0, sxx: 0, lastValue: 0), -1)
                sum.n += 1
                sum.sx += x
                sum.sy += bytes
                sum.sxy += x * bytes
                sum.sxx += x * x
                if at > lastAt { (sum.lastValue, lastAt) = (bytes, at) }
                sums[target, default: [:]][table] = (sum, lastAt)
            }
            return sums.values.flatMap(\.values).map(\.0)
        }
    }

    public func analyticsBuckets(since: String, until: String, weekly: Bool) throws -> [StoredAnalyticsDay] {
        try read { db in
            // Through the day index for a short period of a long history; a scan otherwise.
            let first = try String.fetchOne(db, sql: "SELECT min(day) FROM analytics_day") ?? since
            let span = { (a: String, b: String) -> Double in
                let format = ISO8601DateFormatter()
                format.formatOptions = [.withFullDate]
                guard let x = format.date(from: a), let y = format.date(from: b) else { return 0 }
                return y.timeIntervalSince(x)
            }
            let scan = span(since, until) * 2 > span(first, until)
            var buckets = AnalyticsBuckets(weekly: weekly)
            let rows = try GRDB.Row.fetchCursor(
                db,
                sql: try Self.sql(.historyAnalyticsFigures).replacingOccurrences(of: "{scan}", with: scan ? "+" : ""),
                arguments: ["since_day": since, "until_day": until])
            while let row = try rows.next() {
                buckets.add(
                    target: row[0], report: row[1], dimension: row[2], metric: row[3], day: row[4], value: row[5])
            }
            return buckets.finish()
        }
    }

    public func targets() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT target FROM snapshot ORDER BY 1") }
    }

    public func statements(target: String?, since: Date) throws -> [StatementWork] {
        try read { db in
            try GRDB.Row.fetchAll(
                db, sql: try Self.sql(.historyStatementSeries),
                arguments: ["target": target, "since": since.timeIntervalSince1970]
            ).map { row in
                StatementWork(
                    target: row["target"], takenAt: Date(timeIntervalSince1970: row["taken_at"]),
                    queryID: row["query_id"], calls: row["calls"], totalMs: row["total_ms"], rows: row["rows"],
                    query: row["query"])
            }
        }
    }

    public func analytics(target: String?, report: String?, since day: String) throws -> [StoredAnalyticsDay] {
        try read { db in
            try GRDB.Row.fetchAll(
                db, sql: try Self.sql(.historyAnalyticsSeries),
                arguments: ["target": target, "report": report, "since_day": day]
            ).map { row in
                StoredAnalyticsDay(
                    target: row["target"],
                    day: AnalyticsDay(
                        day: row["day"], report: row["report"], dimension: row["dimension"], metric: row["metric"],
                        value: row["value"]))
            }
        }
    }

    public func recordJob(_ run: JobRun) throws {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO job_run (target, job, started_at, seconds, outcome, rows, bytes, path, detail)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    run.target, run.job, run.startedAt.timeIntervalSince1970, run.seconds, run.outcome, run.rows,
                    run.bytes, run.path, run.detail,
                ])
        }
    }

    public func jobRuns(since: Date, until: Date) throws -> [JobRun] {
        try read { db in
            try GRDB.Row.fetchAll(
                db, sql: try Self.sql(.historyJobRuns),
                arguments: ["since": since.timeIntervalSince1970, "until": until.timeIntervalSince1970]
            ).map { row in
                JobRun(
                    target: row["target"], job: row["job"], startedAt: Date(timeIntervalSince1970: row["started_at"]),
                    seconds: row["seconds"], outcome: row["outcome"], rows: row["rows"], bytes: row["bytes"],
                    path: row["path"], detail: row["detail"])
            }
        }
    }

    public func lastCompleteJobs(until: Date) throws -> [String: [String: Date]] {
        try read { db in
            var out: [String: [String: Date]] = [:]
            for row in try GRDB.Row.fetchAll(
                db, sql: try Self.sql(.historyJobLastComplete), arguments: ["until": until.timeIntervalSince1970])
            {
                out[row["target"], default: [:]][row["job"]] = Date(timeIntervalSince1970: row["ended_at"])
            }
            return out
        }
    }

    public func backupTarget(path: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: try Self.sql(.historyJobTarget), arguments: ["path": path]) }
    }

    public func latestPartitions(until: Date) throws -> [StoredPartitions] {
        try read { db in
            StoredPartitions.assemble(
                try GRDB.Row.fetchAll(
                    db, sql: try Self.sql(.historyLatestPartitions), arguments: ["until": until.timeIntervalSince1970]
                ).map { row in
                    (
                        row["target"], row["subject"], row["metric"], row["value"],
                        Date(timeIntervalSince1970: row["taken_at"])
                    )
                })
        }
    }

}
