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
        var report = HistoryReport(
            generatedAt: options.until, since: options.since, previousReportAt: previous,
            targets: try overview(query, options: options, previous: previous),
            analytics: try analytics(query, options: options),
            statements: try statements(query, options: options),
            growth: try growth(query, options: options),
            indexAdvice: try store.latestFindings().filter { query.picks($0.target) },
            notes: [])
        if report.targets.isEmpty {
            notes.append("no snapshot of the selected targets in the store: run dbops snapshot first")
        }
        notes.append(
            "backups, drills, partitions and maintenance runs are not recorded by dbops snapshot yet: their charts are not drawn"
        )
        report.notes = notes
        return report
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
        let stored = try query.store.analytics(target: nil, report: nil, since: day(options.since)).filter {
            query.picks($0.target) && $0.day.day <= day(options.until)
        }
        let byTarget = Dictionary(grouping: stored, by: \.target)
        return byTarget.keys.sorted().map { target in
            let figures = byTarget[target]!.map(\.day)
            let days = Set(figures.map(\.day)).sorted()
            func series(_ report: String, _ dimension: String, _ metric: String) -> [Double?] {
                var values: [String: Double] = [:]
                for f in figures where f.report == report && f.dimension == dimension && f.metric == metric {
                    values[f.day] = f.value
                }
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
            return AnalyticsTrend(target: target, days: days, activeUsers: users, cost: cost, latency: latency)
        }.filter { !$0.days.isEmpty }
    }

    /// Dimension values by their total, largest first.
    static func ranked(_ figures: [AnalyticsDay]) -> [String] {
        var totals: [String: Double] = [:]
        for f in figures { totals[f.dimension, default: 0] += f.value }
        return totals.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    }

    static func percentileOrder(_ label: String) -> Double { Double(label.dropFirst()) ?? 1000 }

    static func statements(_ query: HistoryQuery, options: ReportOptions) throws -> [StatementTrend] {
        let length = options.until.timeIntervalSince(options.since)
        let previousStart = options.since.addingTimeInterval(-length)
        let work = try query.store.statements(target: nil, since: previousStart).filter {
            query.picks($0.target) && $0.takenAt <= options.until && !SlowQueryOptions.isMonitoring($0.query)
                && !QueryCatalog.shared.isBuiltIn($0.query)
        }
        let current = work.filter { $0.takenAt >= options.since }
        let earlier = Dictionary(grouping: work.filter { $0.takenAt < options.since }) {
            "\($0.target)\u{1}\($0.queryID)"
        }
        var times: [String: [Date]] = [:]
        for w in current { times[w.target, default: []].append(w.takenAt) }
        let snapshots = times.mapValues { Array(Set($0)).sorted() }
        let grouped = Dictionary(grouping: current) { "\($0.target)\u{1}\($0.queryID)" }
        var trends: [StatementTrend] = grouped.values.map { rows in
            let first = rows[0]
            let calls = rows.reduce(Int64(0)) { $0 + $1.calls }, total = rows.reduce(0) { $0 + $1.totalMs }
            let mean = calls > 0 ? total / Double(calls) : 0
            let before = earlier["\(first.target)\u{1}\(first.queryID)"] ?? []
            let beforeCalls = before.reduce(Int64(0)) { $0 + $1.calls }
            let previousMean = beforeCalls > 0 ? before.reduce(0) { $0 + $1.totalMs } / Double(beforeCalls) : nil
            let change = previousMean.flatMap { $0 > 0 ? (mean - $0) / $0 * 100 : nil }
            let perSnapshot = Dictionary(rows.map { ($0.takenAt, $0.totalMs) }, uniquingKeysWith: +)
            return StatementTrend(
                target: first.target, id: first.queryID, query: rows.compactMap(\.query).first, calls: calls,
                totalMs: total, meanMs: mean, previousMeanMs: previousMean, changePercent: change,
                slower: (change ?? 0) > options.slowerPercent,
                totalMsPerSnapshot: (snapshots[first.target] ?? []).map { perSnapshot[$0] ?? 0 })
        }
        trends.sort { $0.totalMs != $1.totalMs ? $0.totalMs > $1.totalMs : $0.id < $1.id }
        return Array(trends.prefix(options.topStatements))
    }

    static func growth(_ query: HistoryQuery, options: ReportOptions) throws -> [TableGrowth] {
        let points = try query.store.series(
            metric: "table.total_bytes", target: nil, subject: nil, since: options.since
        )
        .filter { query.picks($0.target) && $0.takenAt <= options.until }
        let grouped = Dictionary(grouping: points) { "\($0.target)\u{1}\($0.subject)" }
        var out: [TableGrowth] = grouped.values.map { series in
            let sorted = series.sorted { $0.takenAt < $1.takenAt }
            let slope = LinearTrend.slopePerDay(sorted.map { ($0.takenAt.timeIntervalSince1970, $0.value) })
            let bytes = sorted.last!.value
            let days = options.capacityBytes.flatMap { capacity -> Double? in
                guard slope > 0 else { return nil }
                return max(0, (capacity - bytes) / slope)
            }
            return TableGrowth(
                target: sorted[0].target, table: sorted[0].subject, bytes: bytes, bytesPerDay: slope,
                daysUntilCapacity: days, points: sorted)
        }
        out.sort { $0.bytesPerDay != $1.bytesPerDay ? $0.bytesPerDay > $1.bytesPerDay : $0.bytes > $1.bytes }
        return Array(out.prefix(options.topTables))
    }
}
