import Analytics
import Archive
import DBCore
import Foundation
import History
import Testing
import TestSupport

/// The PostgreSQL store (a team's shared history) answers every question as the SQLite file
/// does: the same snapshots of the fixtures on both engines (health, sizes, statements,
/// analytics days, index advice, partitions) and the same job runs — with quotes,
/// backslashes, braces and commas in their texts — recorded in both, then every read and
/// the whole report compared (sums to 1e-9: the two add in their own order).
@Suite("The PostgreSQL history store answers as the SQLite one")
struct PostgresStoreTests {
    /// JSON values equal, numbers to a relative 1e-9.
    static func same(_ a: Any, _ b: Any, at path: String = "") -> [String] {
        switch (a, b) {
        case let (x as [String: Any], y as [String: Any]):
            guard Set(x.keys) == Set(y.keys) else { return ["\(path): keys \(x.keys.sorted()) vs \(y.keys.sorted())"] }
            return x.keys.sorted().flatMap { same(x[$0]!, y[$0]!, at: path + "/" + $0) }
        case let (x as [Any], y as [Any]):
            guard x.count == y.count else { return ["\(path): \(x.count) vs \(y.count) items"] }
            return zip(x, y).enumerated().flatMap { same($1.0, $1.1, at: "\(path)[\($0)]") }
        case let (x as NSNumber, y as NSNumber):
            let (u, v) = (x.doubleValue, y.doubleValue)
            return abs(u - v) <= 1e-9 * max(1, abs(u), abs(v)) ? [] : ["\(path): \(u) vs \(v)"]
        default:
            return "\(a)" == "\(b)" ? [] : ["\(path): \(a) vs \(b)"]
        }
    }

    static func json<T: Encodable>(_ value: T) throws -> Any {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = .sortedKeys
        return try JSONSerialization.jsonObject(with: try encoder.encode(value), options: .fragmentsAllowed)
    }

    static func expectSame<T: Encodable>(
        _ sqlite: T, _ postgres: T, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let differences = same(try json(sqlite), try json(postgres))
        #expect(differences.isEmpty, "\(what): \(differences.prefix(5))", sourceLocation: sourceLocation)
    }

    @Test func sameAnswersAsSQLite() throws {
        try ScratchDatabase.with(.postgres, prefix: "hstore") { database in
            let postgres = try PostgresHistoryStore(database.config)
            _ = try PostgresHistoryStore(database.config, create: false)  // found, not made again
            try withStore { sqlite, _ in
                var options = SnapshotOptions()
                options.analytics = AnalyticsOptions(since: "30d")
                options.analyticsDays = 5
                options.partitions = PartitionOptions()
                let targets = [
                    ("pg/stories", try TestServers.config(.postgres, database: "infinitestories")),
                    ("my/stories", try TestServers.config(.mysql, database: "infinitestories")),
                ]
                var snapshots = 0
                for _ in 0..<2 {
                    for (label, config) in targets {
                        let snapshot = try SnapshotRunner.run(config, label: label, store: sqlite, options: options)
                        try postgres.record(snapshot)
                        snapshots += 1
                        #expect(!snapshot.samples.isEmpty && !snapshot.analytics.isEmpty)
                    }
                }
                let now = Date()
                let odd = "a \"quoted\" \\ back{slash}, comma; 'single'"
                let runs = [
                    JobRun(
                        target: "pg/stories", job: "backup", startedAt: now.addingTimeInterval(-100), seconds: 3.25,
                        outcome: "complete", rows: 1234, bytes: 98_765, path: "/b/\(odd)", detail: odd),
                    JobRun(
                        target: "pg/stories", job: "cleanup", startedAt: now.addingTimeInterval(-50), seconds: 0.5,
                        outcome: "failed", detail: "rule x: \(odd)"),
                    JobRun(
                        target: "my/stories", job: "cleanup", startedAt: now.addingTimeInterval(-40), seconds: 0.25,
                        outcome: "skipped"),
                ]
                for run in runs {
                    try sqlite.recordJob(run)
                    try postgres.recordJob(run)
                }
                try Self.expectSame(
                    try sqlite.jobRuns(since: .distantPast, until: now),
                    runs.sorted { ($0.target, $0.job, $0.startedAt) < ($1.target, $1.job, $1.startedAt) },
                    "job runs as given")
                let stores: [HistoryStore] = [sqlite, postgres]
                func both<T: Encodable>(_ what: String, _ read: (HistoryStore) throws -> T) throws {
                    try Self.expectSame(try read(stores[0]), try read(stores[1]), what)
                }
                let since = now.addingTimeInterval(-86_400)
                try both("targets") { try $0.targets() }
                try both("metrics") { try $0.metrics(target: nil).map { "\($0)" } }
                try both("metrics of one target") { try $0.metrics(target: "my/stories").map { "\($0)" } }
                try both("series") {
                    try $0.series(metric: "table.total_bytes", target: nil, subject: nil, since: since).map { "\($0)" }
                }
                try both("states") {
                    try $0.states(at: now).map {
                        [$0.target, $0.engine, "\($0.takenAt)"] + $0.checks.sorted { $0.key < $1.key }.map { "\($0)" }
                    }
                }
                try both("findings") {
                    try $0.latestFindings().map { "\($0)" }.sorted()
                }
                try both("statement state") { store -> [String] in
                    let state = try store.statementState(target: "pg/stories")
                    return [state.state?.base64EncodedString() ?? "none"] + state.knownTexts.sorted()
                }
                try both("statement texts") { try $0.statementTexts() }
                try both("statement work") { try $0.statements(target: nil, since: since).map { "\($0)" } }
                try both("statement totals") {
                    try $0.statementTotals(previous: since.addingTimeInterval(-86_400), since: since, until: now)
                        .sorted { ($0.target, $0.queryID) < ($1.target, $1.queryID) }
                        .map { [$0.target, $0.queryID, "\($0.calls)", "\($0.previousCalls)"] }
                }
                try both("table growth") {
                    try $0.tableGrowth(since: since, until: now).sorted {
                        ($0.target, $0.table) < ($1.target, $1.table)
                    }
                    .map { [$0.target, $0.table, "\($0.n)", "\($0.lastValue)"] }
                }
                let firstDay = ISO8601DateFormatter.string(
                    from: now.addingTimeInterval(-30 * 86_400), timeZone: .gmt, formatOptions: [.withFullDate])
                let today = ISO8601DateFormatter.string(from: now, timeZone: .gmt, formatOptions: [.withFullDate])
                for weekly in [false, true] {
                    try both("analytics buckets, weekly \(weekly)") {
                        try $0.analyticsBuckets(since: firstDay, until: today, weekly: weekly)
                    }
                }
                try both("analytics") {
                    try $0.analytics(target: "pg/stories", report: nil, since: firstDay).map { "\($0)" }
                }
                try both("analytics days") {
                    try $0.analyticsDays(target: "my/stories", report: "dau", since: firstDay)
                        .mapValues(\.timeIntervalSince1970)
                }
                try both("last complete jobs") {
                    try $0.lastCompleteJobs(until: now).mapValues { $0.mapValues(\.timeIntervalSince1970) }
                }
                try both("backup target") { try $0.backupTarget(path: "/b/\(odd)") }
                try both("partitions") { try $0.latestPartitions(until: now) }
                #expect(try postgres.latestPartitions(until: now).contains { $0.target == "pg/stories" })

                let reportOptions = ReportOptions(since: since, until: now)
                let reports = try stores.map {
                    try ReportBuilder.build(HistoryQuery(store: $0, targets: [], since: since), options: reportOptions)
                }
                let differences = Self.same(try Self.json(reports[0]), try Self.json(reports[1]))
                #expect(differences.isEmpty, "the whole report: \(differences.prefix(5))")
                #expect(!reports[1].analytics.isEmpty && !reports[1].growth.isEmpty && reports[1].jobs.count == 3)

                try both("report runs") { store -> Double in
                    try store.recordReport(at: now, targets: "x")
                    return try store.lastReport(targets: "x")?.timeIntervalSince1970 ?? 0
                }
                let pruned = try stores.map { try $0.prune(before: now.addingTimeInterval(3600)) }
                #expect(pruned == [snapshots, snapshots])
                try both("after retention") { store -> [Int] in
                    [try store.targets().count, try store.jobRuns(since: .distantPast, until: .distantFuture).count]
                }
            }
        }
    }
}
