import DBCore
import Foundation
import Health

/// Builds `dbops report` from the store: the fleet overview, analytics trends, the
/// statements that took the most time (and those that got slower), table growth with a
/// forecast, and the latest index advice. Reads the store only.
public enum ReportBuilder {
    public static func build(_ query: HistoryQuery, options: ReportOptions) throws -> HistoryReport {
        let store = query.store
        let previous = try store.lastReport(targets: selectionKey(query))
        var notes: [String] = []
        // The parts read different tables: side by side (the store's readers run in
        // parallel), a year of a fleet is read in the time of its largest part.
        let parts = Parts()
        DispatchQueue.concurrentPerform(iterations: 7) { part in
            parts.run {
                switch part {
                case 0:
                    let found = try overview(query, options: options, previous: previous)
                    parts.set { $0.targets = found }
                case 1:
                    let found = try analytics(query, options: options)
                    parts.set { $0.analytics = found }
                case 2:
                    let found = try statements(query, options: options)
                    parts.set { $0.statements = found }
                case 3:
                    let found = try growth(query, options: options)
                    parts.set { $0.growth = found }
                case 4:
                    let found = try store.latestFindings().filter { query.picks($0.target) }
                    parts.set { $0.indexAdvice = found }
                case 5:
                    let found = try jobs(query, options: options)
                    parts.set { $0.jobs = found }
                default:
                    let found = try store.latestPartitions(until: options.until).filter { query.picks($0.target) }
                    parts.set { $0.partitions = found }
                }
            }
        }
        if let error = parts.error { throw error }
        var report = HistoryReport(
            generatedAt: options.until, since: options.since, previousReportAt: previous, targets: parts.targets,
            analytics: parts.analytics, statements: parts.statements, growth: parts.growth,
            indexAdvice: parts.indexAdvice, jobs: parts.jobs, partitions: parts.partitions, notes: [])
        if report.targets.isEmpty {
            notes.append("no snapshot of the selected targets in the store: run dbops snapshot first")
        }
        if report.jobs.isEmpty {
            notes.append(
                "no backup, drill or maintenance run recorded in the period: jobs record their runs when [history] store is set or the default store exists"
            )
        }
        report.notes = notes
        return report
    }

    /// What the parallel parts found, under a lock.
    final class Parts: @unchecked Sendable {
        private let lock = NSLock()
        var targets: [TargetOverview] = []
        var analytics: [AnalyticsTrend] = []
        var statements: [StatementTrend] = []
        var growth: [TableGrowth] = []
        var indexAdvice: [StoredFinding] = []
        var jobs: [JobTrend] = []
        var partitions: [StoredPartitions] = []
        var error: Error?

        func set(_ change: (Parts) -> Void) { lock.withLock { change(self) } }

        func run(_ body: () throws -> Void) {
            do { try body() } catch { set { $0.error = $0.error ?? error } }
        }
    }

    /// The selection as the store remembers it, so "changed since the last report" compares
    /// with the last report over the same targets.
    public static func selectionKey(_ query: HistoryQuery) -> String { query.targets.sorted().joined(separator: " ") }

    static func overview(_ query: HistoryQuery, options: ReportOptions, previous: Date?) throws -> [TargetOverview] {
        let now = try query.store.states(at: options.until).filter { query.picks($0.target) }
        let before = Dictionary(
            try query.store.states(at: previous ?? options.since).map { ($0.target, $0) }, uniquingKeysWith: { $1 })
        return now.map { state in
            let then = before[state.target]
            let changes = Set(state.checks.keys).union(then?.checks.keys ?? [:].keys).sorted().compactMap {
                check -> TargetOverview.Change? in
                let from = then?.checks[check], to = state.checks[check]
                guard from != to, then != nil else { return nil }
                return TargetOverview.Change(check: check, from: TargetOverview.name(from), to: TargetOverview.name(to))
            }
            return TargetOverview(
                target: state.target, engine: state.engine, state: TargetOverview.name(state.worst),
                lastSnapshotAt: state.takenAt,
                notOK: state.checks.filter { $0.value != 0 }.mapValues { TargetOverview.name($0) },
                changes: changes)
        }
    }

    static func day(_ date: Date) -> String {
        ISO8601DateFormatter.string(from: date, timeZone: .gmt, formatOptions: [.withFullDate])
    }

    static func analytics(_ query: HistoryQuery, options: ReportOptions) throws -> [AnalyticsTrend] {
        let weekly = options.until.timeIntervalSince(options.since) > Double(ReportOptions.dailyDays) * 86_400
        let stored = try query.store.analyticsBuckets(
            since: day(options.since), until: day(options.until), weekly: weekly
        ).filter { query.picks($0.target) }
        let byTarget = Dictionary(grouping: stored, by: \.target)
        return byTarget.keys.sorted().map { target in
            let figures = byTarget[target]!.map(\.day)
            let days = Set(figures.map(\.day)).sorted()
            // Each series' values by day, indexed once.
            var indexed: [String: [String: Double]] = [:]
            for f in figures {
                indexed["\(f.report)\u{1}\(f.dimension)\u{1}\(f.metric)", default: [:]][f.day] = f.value
            }
            func series(_ report: String, _ dimension: String, _ metric: String) -> [Double?] {
                let values = indexed["\(report)\u{1}\(dimension)\u{1}\(metric)"] ?? [:]
                return days.map { values[$0] }
            }
            let users = [("DAU", "active_users"), ("WAU", "weekly_active_users"), ("MAU", "monthly_active_users")].map {
                AnalyticsTrend.Series(name: $0.0, values: series("dau", "", $0.1))
            }.filter { $0.values.contains { $0 != nil } }
            let costDimensions = ranked(figures.filter { $0.report == "cost" && $0.metric == "cost" })
            let cost = costDimensions.prefix(8).map {
                AnalyticsTrend.Series(name: $0, values: series("cost", $0, "cost"))
            }
            let functions = ranked(figures.filter { $0.report == "latency" && $0.metric == "calls" })
            let latency = functions.prefix(4).map { function -> AnalyticsTrend.Latency in
                let labels = Set(
                    figures.filter { $0.report == "latency" && $0.dimension == function }.map(\.metric)
                ).subtracting(["calls", "mean", "max"]).sorted { percentileOrder($0) < percentileOrder($1) }
                return AnalyticsTrend.Latency(
                    function: function,
                    calls: figures.filter { $0.report == "latency" && $0.dimension == function && $0.metric == "calls" }
                        .reduce(0) { $0 + $1.value },
                    percentiles: labels.map { AnalyticsTrend.Series(name: $0, values: series("latency", function, $0)) }
                )
            }
            return AnalyticsTrend(
                target: target, bucket: weekly ? "week" : "day", days: days, activeUsers: users, cost: cost,
                latency: latency)
        }.filter { !$0.days.isEmpty }
    }

    /// Dimension values by their total, largest first.
    static func ranked(_ figures: [AnalyticsDay]) -> [String] {
        var totals: [String: Double] = [:]
        for f in figures { totals[f.dimension, default: 0] += f.value }
        return totals.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    }

    static func percentileOrder(_ label: String) -> Double { Double(label.dropFirst()) ?? 1000 }

    /// Statements ranked by their total time in the period (summed by the store); the
    /// previous period's mean from the same sums; time per snapshot for the ones listed.
    /// dbops' own statements (its built-in queries, catalog reads, session settings) are
    /// left out.
    static func statements(_ query: HistoryQuery, options: ReportOptions) throws -> [StatementTrend] {
        let length = options.until.timeIntervalSince(options.since)
        let texts = try query.store.statementTexts()
        var own: [String: Bool] = [:]
        func isOwn(_ text: String?) -> Bool {
            guard let text else { return false }
            if let known = own[text] { return known }
            let judged = SlowQueryOptions.isMonitoring(text) || QueryCatalog.shared.isBuiltIn(text)
            own[text] = judged
            return judged
        }
        let totals = try query.store.statementTotals(
            previous: options.since.addingTimeInterval(-length), since: options.since, until: options.until
        ).filter { query.picks($0.target) && !isOwn(texts[$0.target]?[$0.queryID]) }
        let top = totals.sorted { $0.totalMs != $1.totalMs ? $0.totalMs > $1.totalMs : $0.queryID < $1.queryID }
            .prefix(options.topStatements)
        return try top.map { total in
            let mean = total.calls > 0 ? total.totalMs / Double(total.calls) : 0
            let previousMean = total.previousCalls > 0 ? total.previousMs / Double(total.previousCalls) : nil
            let change = previousMean.flatMap { $0 > 0 ? (mean - $0) / $0 * 100 : nil }
            let points = try query.store.statementPoints(
                target: total.target, queryID: total.queryID, since: options.since, until: options.until)
            return StatementTrend(
                target: total.target, id: total.queryID, query: texts[total.target]?[total.queryID],
                calls: total.calls, totalMs: total.totalMs, meanMs: mean, previousMeanMs: previousMean,
                changePercent: change, slower: (change ?? 0) > options.slowerPercent,
                totalMsPerSnapshot: points.map(\.1))
        }
    }

    /// Tables ranked by their growth a day (least squares, summed by the store); their
    /// points are read for the ones listed.
    static func growth(_ query: HistoryQuery, options: ReportOptions) throws -> [TableGrowth] {
        let sums = try query.store.tableGrowth(since: options.since, until: options.until).filter {
            query.picks($0.target)
        }
        let top = sums.sorted {
            $0.perDay != $1.perDay
                ? $0.perDay > $1.perDay
                : $0.lastValue != $1.lastValue ? $0.lastValue > $1.lastValue : $0.table < $1.table
        }.prefix(options.topTables)
        return try top.map { table in
            let slope = table.perDay
            let days = options.capacityBytes.flatMap { capacity -> Double? in
                guard slope > 0 else { return nil }
                return max(0, (capacity - table.lastValue) / slope)
            }
            let points = try query.store.series(
                metric: "table.total_bytes", target: table.target, subject: table.table, since: options.since
            ).filter { $0.takenAt <= options.until }
            return TableGrowth(
                target: table.target, table: table.table, bytes: table.lastValue, bytesPerDay: slope,
                daysUntilCapacity: days, points: points)
        }
    }

    /// Each target's jobs: their runs in the period and when each last completed.
    static func jobs(_ query: HistoryQuery, options: ReportOptions) throws -> [JobTrend] {
        let runs = try query.store.jobRuns(since: options.since, until: options.until).filter {
            query.picks($0.target)
        }
        let last = try query.store.lastCompleteJobs(until: options.until)
        var trends: [JobTrend] = []
        var start = runs.startIndex
        while start < runs.endIndex {
            let (target, job) = (runs[start].target, runs[start].job)
            let end = runs[start...].firstIndex { $0.target != target || $0.job != job } ?? runs.endIndex
            trends.append(
                JobTrend(target: target, job: job, runs: Array(runs[start..<end]), lastCompleteAt: last[target]?[job]))
            start = end
        }
        // A job that has stopped running shows too, with when it last completed.
        let seen = Set(trends.map { "\($0.target)\u{1}\($0.job)" })
        for (target, jobs) in last where query.picks(target) {
            for (job, at) in jobs where !seen.contains("\(target)\u{1}\(job)") {
                trends.append(JobTrend(target: target, job: job, runs: [], lastCompleteAt: at))
            }
        }
        return trends.sorted { ($0.target, $0.job) < ($1.target, $1.job) }
    }
}
