import DBCore
import Foundation
import History

/// `dbops report --html FILE`: one self-contained page — inline CSS and SVG, no script,
/// font or image from anywhere (its Content-Security-Policy forbids every fetch), so it
/// reads the same offline and as a mail attachment.
enum HTMLReportRenderer {
    static func render(_ report: HistoryReport) -> String {
        var body = "<header><h1>dbops report</h1><p>\(period(report))</p></header>"
        body += overview(report)
        body += analytics(report)
        body += statements(report)
        body += growth(report)
        body += indexes(report)
        body += JobsSection.partitions(report)
        body += JobsSection.backups(report)
        body += JobsSection.maintenance(report)
        if !report.notes.isEmpty {
            body +=
                "<section id=\"notes\"><h2>Notes</h2><ul>"
                + report.notes.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul></section>"
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>dbops report</title><style>\(style)</style></head>
            <body>\(body)</body></html>

            """
    }

    static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1b1b;margin:24px auto;max-width:1100px;padding:0 16px}
        h1{font-size:24px;margin:0}h2{font-size:19px;border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:32px}
        h3{font-size:16px;margin:20px 0 4px}table{border-collapse:collapse;width:100%;margin:8px 0}
        th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e4e4e4;vertical-align:top}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
        .state{font-weight:600;padding:1px 6px;border-radius:3px;color:#fff}
        .OK{background:#009E73}.WARNING{background:#E69F00;color:#000}.CRITICAL{background:#D55E00}.UNKNOWN{background:#555}
        .slower{color:#D55E00;font-weight:600}code{font:12px ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}
        figure{margin:8px 0 16px}figcaption{font-weight:600;margin-bottom:4px}
        svg.chart{max-width:100%;height:auto;background:#fff}.grid{stroke:#e6e6e6}.axis{stroke:#333}
        .tick{font-size:11px;fill:#333}.unit{font-size:11px;fill:#333}
        .legend span{display:inline-block;margin-right:14px;font-size:12px}
        .legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
        .muted{color:#666}
        """

    static func period(_ report: HistoryReport) -> String {
        let since = HistoryRenderer.iso(report.since), until = HistoryRenderer.iso(report.generatedAt)
        let previous = report.previousReportAt.map { "; changes since the previous report, \(HistoryRenderer.iso($0))" }
        return HTML.escape("From \(since) to \(until)\(previous ?? "; changes since the period's start")")
    }

    static func overview(_ report: HistoryReport) -> String {
        var out = "<section id=\"overview\"><h2>Fleet overview</h2>"
        guard !report.targets.isEmpty else { return out + "<p class=\"muted\">No snapshot stored.</p></section>" }
        out +=
            "<table><tr><th>target</th><th>engine</th><th>state</th><th>last snapshot</th><th>not OK</th><th>changed</th></tr>"
        for target in report.targets {
            let notOK = target.notOK.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let changes = target.changes.map { "\($0.check): \($0.from) → \($0.to)" }.joined(separator: ", ")
            out +=
                "<tr><td>\(HTML.escape(target.target))</td><td>\(HTML.escape(target.engine))</td><td><span class=\"state \(target.state)\">\(target.state)</span></td><td>\(HistoryRenderer.iso(target.lastSnapshotAt))</td><td>\(HTML.escape(notOK))</td><td>\(HTML.escape(changes.isEmpty ? "—" : changes))</td></tr>"
        }
        return out + "</table></section>"
    }

    static func analytics(_ report: HistoryReport) -> String {
        var out = "<section id=\"analytics\"><h2>Application analytics</h2>"
        guard !report.analytics.isEmpty else {
            return out + "<p class=\"muted\">No analytics days stored for these targets.</p></section>"
        }
        for trend in report.analytics {
            out += "<h3>\(HTML.escape(trend.target))</h3>"
            let series = { (list: [AnalyticsTrend.Series]) in
                list.map { SVGChart.Series(name: $0.name, values: $0.values) }
            }
            if !trend.activeUsers.isEmpty {
                out += SVGChart.lines(
                    title: "Active users per day (DAU, and WAU/MAU over the 7 and 30 days ending each day)",
                    unit: .count,
                    labels: trend.days, series: series(trend.activeUsers))
            }
            if !trend.cost.isEmpty {
                out += SVGChart.stackedBars(
                    title: "Cost per day, stacked by \(trend.cost.count == 1 ? "group" : "function or model")",
                    unit: .amount("cost"), labels: trend.days, series: series(trend.cost))
            }
            for latency in trend.latency {
                out += SVGChart.lines(
                    title: "Latency of \(latency.function) per day (\(Int(latency.calls)) calls with a duration)",
                    unit: .milliseconds, labels: trend.days, series: series(latency.percentiles))
            }
        }
        return out + "</section>"
    }

    static func statements(_ report: HistoryReport) -> String {
        var out = "<section id=\"statements\"><h2>Statements by total time</h2>"
        guard !report.statements.isEmpty else {
            return out
                + "<p class=\"muted\">No statement work stored in the period (two snapshots with statement statistics are needed).</p></section>"
        }
        out +=
            "<table><tr><th>target</th><th>statement</th><th class=\"n\">calls</th><th class=\"n\">total</th><th class=\"n\">mean</th><th class=\"n\">vs previous period</th><th>per snapshot</th></tr>"
        for s in report.statements {
            let change = s.changePercent.map { String(format: "%+.0f%%", $0) } ?? "new"
            let full = s.query ?? s.id
            let text = full.count > 300 ? full.prefix(300) + "…" : full
            out +=
                "<tr><td>\(HTML.escape(s.target))</td><td><code>\(HTML.escape(text))</code></td><td class=\"n\">\(s.calls)</td><td class=\"n\">\(HTML.escape(Format.milliseconds(s.totalMs)))</td><td class=\"n\">\(HTML.escape(Format.milliseconds(s.meanMs)))</td><td class=\"n\(s.slower ? " slower" : "")\">\(HTML.escape(change))\(s.slower ? " slower" : "")</td><td>\(SVGChart.sparkline(s.totalMsPerSnapshot, title: "total time per snapshot"))</td></tr>"
        }
        return out + "</table></section>"
    }

    static func growth(_ report: HistoryReport) -> String {
        var out = "<section id=\"growth\"><h2>Table growth</h2>"
        guard !report.growth.isEmpty else { return out + "<p class=\"muted\">No table sizes stored.</p></section>" }
        let times = Array(Set(report.growth.flatMap { $0.points.map(\.takenAt) })).sorted()
        let labels = times.map { HistoryRenderer.iso($0) }
        let index = Dictionary(uniqueKeysWithValues: times.enumerated().map { ($1, $0) })
        let series = report.growth.prefix(6).map { table -> SVGChart.Series in
            var values = [Double?](repeating: nil, count: times.count)
            for point in table.points { values[index[point.takenAt]!] = point.value }
            return SVGChart.Series(name: "\(table.target): \(table.table)", values: values)
        }
        out += SVGChart.lines(
            title: "Size of the fastest-growing tables", unit: .bytes, labels: labels, series: series, connectGaps: true
        )
        out +=
            "<table><tr><th>target</th><th>table</th><th class=\"n\">size</th><th class=\"n\">growth a day</th><th class=\"n\">days until capacity</th></tr>"
        for table in report.growth {
            let days = table.daysUntilCapacity.map { String(format: "%.0f", $0) } ?? "—"
            out +=
                "<tr><td>\(HTML.escape(table.target))</td><td>\(HTML.escape(table.table))</td><td class=\"n\">\(HTML.escape(Format.bytes(table.bytes)))</td><td class=\"n\">\(HTML.escape(Format.bytes(table.bytesPerDay)))</td><td class=\"n\">\(days)</td></tr>"
        }
        return out + "</table></section>"
    }

    static func indexes(_ report: HistoryReport) -> String {
        var out = "<section id=\"indexes\"><h2>Index advice</h2>"
        guard !report.indexAdvice.isEmpty else {
            return out + "<p class=\"muted\">No index advice in the latest snapshots.</p></section>"
        }
        out +=
            "<table><tr><th>target</th><th>finding</th><th>index</th><th class=\"n\">size</th><th>why</th><th>statement to review</th></tr>"
        for finding in report.indexAdvice {
            out +=
                "<tr><td>\(HTML.escape(finding.target))</td><td>\(HTML.escape(finding.kind))</td><td>\(HTML.escape(finding.subject))</td><td class=\"n\">\(finding.bytes.map { HTML.escape(Format.bytes(Double($0))) } ?? "")</td><td>\(HTML.escape(finding.detail))</td><td><code>\(HTML.escape(finding.statement))</code></td></tr>"
        }
        return out + "</table></section>"
    }
}
