import DBCore
import Foundation
import History

/// The report's backups-and-drills, maintenance and partitions sections: what the jobs
/// recorded of their runs, and what the latest snapshots found of partitioned tables.
enum JobsSection {
    static func backups(_ report: HistoryReport) -> String {
        var out = "<section id=\"backups\"><h2>Backups and drills</h2>"
        // Whole backups, and apart from them those of chosen tables ("backup --table ..."),
        // each a row of its own: an hourly one of one table is never a target's last backup.
        let backups = report.jobs.filter(isBackup)
        let drills = Dictionary(
            report.jobs.filter { $0.job == "drill" }.map { ($0.target, $0) }, uniquingKeysWith: { $1 })
        guard !backups.isEmpty || !drills.isEmpty else {
            return out + "<p class=\"muted\">No backup or drill recorded.</p></section>"
        }
        let times = Array(Set(backups.flatMap { $0.runs.filter(\.complete).map(\.startedAt) })).sorted()
        if !times.isEmpty {
            let labels = times.map { HistoryRenderer.iso($0) }
            let index = Dictionary(uniqueKeysWithValues: times.enumerated().map { ($1, $0) })
            func series(_ value: (JobRun) -> Double?) -> [SVGChart.Series] {
                backups.prefix(8).map { trend in
                    var values = [Double?](repeating: nil, count: times.count)
                    for run in trend.runs where run.complete { values[index[run.startedAt]!] = value(run) }
                    return SVGChart.Series(name: label(trend), values: values)
                }
            }
            out += SVGChart.lines(
                title: "Backup size on disk (compressed)", unit: .bytes, labels: labels,
                series: series { $0.bytes.map(Double.init) }, connectGaps: true)
            out += SVGChart.lines(
                title: "Backup duration", unit: .milliseconds, labels: labels, series: series { $0.seconds * 1000 },
                connectGaps: true)
        }
        out +=
            "<table><tr><th>target</th><th class=\"n\">backups</th><th class=\"n\">failed</th><th>last complete</th><th class=\"n\">size</th><th class=\"n\">took</th><th>last drill</th></tr>"
        let rows =
            backups.map { (label: label($0), target: $0.target, trend: Optional($0)) }
            + drills.keys.filter { target in !backups.contains { $0.target == target } }.map {
                (label: $0, target: $0, trend: nil)
            }
        for (label, target, trend) in rows.sorted(by: { $0.label < $1.label }) {
            let last = trend?.runs.last(where: \.complete)
            let drill = drills[target]?.runs.last
            let drillText =
                drill.map {
                    "\(HistoryRenderer.iso($0.startedAt)) \($0.outcome == "complete" ? "proven" : "FAILED: " + $0.detail)"
                }
                ?? drills[target]?.lastCompleteAt.map { "last proven \(HistoryRenderer.iso($0))" } ?? "none"
            out +=
                "<tr><td>\(HTML.escape(label))</td><td class=\"n\">\(trend?.runs.count ?? 0)</td><td class=\"n\(trend?.failed ?? 0 > 0 ? " slower" : "")\">\(trend?.failed ?? 0)</td><td>\(trend?.lastCompleteAt.map { HistoryRenderer.iso($0) } ?? "never")</td><td class=\"n\">\(last?.bytes.map { HTML.escape(Format.bytes(Double($0))) } ?? "—")</td><td class=\"n\">\(last.map { HTML.escape(Format.duration($0.seconds)) } ?? "—")</td><td class=\"\(drill.map { $0.complete ? "" : "slower" } ?? "")\">\(HTML.escape(drillText))</td></tr>"
        }
        return out + "</table>" + failures(backups + Array(drills.values)) + "</section>"
    }

    /// A backup's runs: "backup", or "backup --table ..." for those of chosen tables.
    static func isBackup(_ trend: JobTrend) -> Bool { trend.job == "backup" || trend.job.hasPrefix("backup ") }

    /// The target, and the selection of a backup of chosen tables.
    static func label(_ trend: JobTrend) -> String {
        trend.job == "backup" ? trend.target : "\(trend.target) (\(trend.job.dropFirst("backup ".count)))"
    }

    static func maintenance(_ report: HistoryReport) -> String {
        var out = "<section id=\"maintenance\"><h2>Maintenance runs</h2>"
        let jobs = report.jobs.filter { !isBackup($0) && $0.job != "drill" }
        guard !jobs.isEmpty else {
            return out + "<p class=\"muted\">No cleanup, archive or partitions run recorded.</p></section>"
        }
        // Rows per run, summed per day (per week past 92 days): one bar a day, not one a run.
        let weekly = report.generatedAt.timeIntervalSince(report.since) > Double(ReportOptions.dailyDays) * 86_400
        func bucket(_ date: Date) -> String {
            guard weekly else { return HistoryRenderer.day(date) }
            let weekday = (Calendar(identifier: .iso8601).component(.weekday, from: date) + 5) % 7
            return HistoryRenderer.day(date.addingTimeInterval(-Double(weekday) * 86_400))
        }
        let withRows = jobs.filter { $0.rows > 0 }.sorted { $0.rows > $1.rows }.prefix(8)
        let labels = Array(Set(withRows.flatMap { $0.runs.map { bucket($0.startedAt) } })).sorted()
        if !labels.isEmpty {
            let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
            let series = withRows.map { trend -> SVGChart.Series in
                var values = [Double?](repeating: nil, count: labels.count)
                for run in trend.runs {
                    values[index[bucket(run.startedAt)]!] =
                        (values[index[bucket(run.startedAt)]!] ?? 0) + Double(run.rows ?? 0)
                }
                return SVGChart.Series(name: "\(trend.target) \(trend.job)", values: values)
            }
            out += SVGChart.stackedBars(
                title: "Rows deleted or archived per \(weekly ? "week" : "day")", unit: .count, labels: labels,
                series: Array(series))
        }
        out +=
            "<table><tr><th>target</th><th>job</th><th class=\"n\">runs</th><th class=\"n\">failed</th><th class=\"n\">skipped</th><th class=\"n\">rows</th><th class=\"n\">rows a run</th><th>last run</th></tr>"
        for trend in jobs {
            let last = trend.runs.last
            let lastText =
                last.map { "\(HistoryRenderer.iso($0.startedAt)) \($0.outcome): \($0.detail)" }
                ?? trend.lastCompleteAt.map { "none in the period; last complete \(HistoryRenderer.iso($0))" } ?? ""
            let perRun = trend.runs.isEmpty ? "—" : Format.number(Double(trend.rows) / Double(trend.runs.count))
            out +=
                "<tr><td>\(HTML.escape(trend.target))</td><td>\(HTML.escape(trend.job))</td><td class=\"n\">\(trend.runs.count)</td><td class=\"n\(trend.failed > 0 ? " slower" : "")\">\(trend.failed)</td><td class=\"n\">\(trend.skipped)</td><td class=\"n\">\(trend.rows)</td><td class=\"n\">\(HTML.escape(perRun))</td><td>\(HTML.escape(lastText))</td></tr>"
        }
        return out + "</table>" + failures(jobs) + "</section>"
    }

    /// The period's failed runs, newest first (ten at most), with why.
    static func failures(_ trends: [JobTrend]) -> String {
        let failed = trends.flatMap { $0.runs.filter { $0.outcome == "failed" } }.sorted { $0.startedAt > $1.startedAt }
        guard !failed.isEmpty else { return "" }
        return "<h3>Failed runs</h3><ul>"
            + failed.prefix(10).map {
                "<li>\(HistoryRenderer.iso($0.startedAt)) \(HTML.escape($0.target)) \(HTML.escape($0.job)): \(HTML.escape($0.detail))</li>"
            }.joined() + "</ul>"
    }

    static func partitions(_ report: HistoryReport) -> String {
        var out = "<section id=\"partitions\"><h2>Partitions ahead</h2>"
        guard !report.partitions.isEmpty else {
            return out + "<p class=\"muted\">No partitioned table checked by the latest snapshots.</p></section>"
        }
        out +=
            "<table><tr><th>target</th><th>table</th><th>state</th><th class=\"n\">ahead</th><th class=\"n\">premake</th><th>current period</th><th class=\"n\">past retention</th><th>checked</th></tr>"
        for table in report.partitions {
            let state = table.state.uppercased()
            out +=
                "<tr><td>\(HTML.escape(table.target))</td><td>\(HTML.escape(table.table))</td><td><span class=\"state \(state)\">\(state)</span></td><td class=\"n\">\(table.future)</td><td class=\"n\">\(table.premake)</td><td>\(table.currentCovered ? "covered" : "NOT covered")</td><td class=\"n\">\(table.due)</td><td>\(HistoryRenderer.iso(table.takenAt))</td></tr>"
        }
        return out + "</table></section>"
    }
}

extension JobRun {
    var complete: Bool { outcome == "complete" }
}
