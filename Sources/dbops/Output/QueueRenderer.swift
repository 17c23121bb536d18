import Analytics
import DBCore
import Foundation

/// `dbops analytics queue`: text, JSON, CSV (the hours) and Prometheus.
enum QueueRenderer {
    /// Hours the text shows (JSON and CSV carry every hour of the range).
    static let hoursShown = 24

    static func render(_ report: QueueReport, format: OutputFormat, color: Bool) throws -> String {
        switch format {
        case .json: return try JSONOutput.encode(report)
        case .csv:
            var csv = CSVWriter(header: ["hour", "arrived", "started", "finished", "failed", "waiting", "running"])
            for h in report.hours {
                csv.add([
                    AnalyticsRenderer.iso(h.start), String(h.arrived), String(h.started), String(h.finished),
                    String(h.failed), String(h.waiting), String(h.running),
                ])
            }
            return csv.text
        case .prometheus: return prometheus(report)
        case .text, .nagios: return text(report, Palette(enabled: color))
        }
    }

    static func text(_ report: QueueReport, _ palette: Palette) -> String {
        let grouped = AnalyticsRenderer.grouped
        var out = AnalyticsRenderer.header(
            "queue", report.source, detail: "\(report.source.table) (\(report.source.timeColumn))", palette)
        let oldest = report.now.oldestWaitingSeconds.map { ", the oldest for \(Format.duration($0))" } ?? ""
        out +=
            "now: \(grouped(report.now.waiting)) waiting\(oldest), \(grouped(report.now.running)) being worked on\n"
        var statuses = TextTable(["STATUS", "STATE", "ROWS", "OLDEST"], alignments: [.left, .left, .right, .right])
        for s in report.now.statuses {
            statuses.add([s.status, s.state, grouped(s.rows), s.oldestAgeSeconds.map { Format.duration($0) } ?? "-"])
        }
        out += statuses.render() + "\n"
        let shown = report.hours.suffix(hoursShown)
        out += "hour by hour (UTC\(report.hours.count > shown.count ? ", the last \(shown.count)" : "")):\n"
        var hours = TextTable(
            ["HOUR", "ARRIVED", "STARTED", "ENDED", "FAILED", "WAITING", "RUNNING"],
            alignments: [.left] + Array(repeating: .right, count: 6))
        for h in shown {
            hours.add([
                String(AnalyticsRenderer.iso(h.start).prefix(16)), grouped(h.arrived), grouped(h.started),
                grouped(h.finished), grouped(h.failed), grouped(h.waiting), grouped(h.running),
            ])
        }
        out += hours.render() + "\n"
        out += times("wait, arrival to start (ms), of the rows that arrived in the range", report, report.wait)
        out += times("run, start to end (ms), of the rows that arrived in the range", report, report.run)
        let share = report.total.failurePercent.map { " (\($0)% failed)" } ?? ""
        out += "ended in the range: \(grouped(report.total.finished)), \(grouped(report.total.failed)) failed\(share)\n"
        guard !report.outcomes.isEmpty else { return out }
        var outcomes = TextTable(
            [report.dimension.uppercased(), "ENDED", "FAILED", "FAILED %"], alignments: [.left, .right, .right, .right])
        for o in report.outcomes {
            outcomes.add([
                o.value ?? "(null)", grouped(o.finished), grouped(o.failed), o.failurePercent.map { "\($0)" } ?? "-",
            ])
        }
        return out + outcomes.render()
    }

    static func times(_ title: String, _ report: QueueReport, _ groups: [LatencyGroup]) -> String {
        let out = "\(title):\n"
        guard !groups.isEmpty else { return out + "  none\n\n" }
        var table = TextTable(
            [report.dimension == "none" ? "" : report.dimension.uppercased(), "ROWS", "TIMED", "MEAN"]
                + report.percentiles.map { $0.uppercased() } + ["MAX"],
            alignments: [.left] + Array(repeating: .right, count: report.percentiles.count + 4))
        for g in groups {
            table.add(
                [
                    report.dimension == "none" ? "all" : g.value ?? "(null)", AnalyticsRenderer.grouped(g.calls),
                    AnalyticsRenderer.grouped(g.count), g.mean?.description ?? "-",
                ] + report.percentiles.map { g.percentiles[$0]?.description ?? "-" } + [g.max?.description ?? "-"])
        }
        return out + table.render() + "\n"
    }

    static func prometheus(_ report: QueueReport) -> String {
        var writer = PrometheusWriter()
        let labels = [("target", report.source.target), ("profile", report.source.profile)]
        writer.gauge(
            "dbops_queue_waiting", "Rows waiting in the queue now.", labels: labels, value: Double(report.now.waiting))
        writer.gauge(
            "dbops_queue_running", "Rows being worked on now.", labels: labels, value: Double(report.now.running))
        writer.gauge(
            "dbops_queue_oldest_waiting_seconds", "Age of the oldest waiting row (0 when none waits).", labels: labels,
            value: report.now.oldestWaitingSeconds ?? 0)
        for (name, groups) in [("wait", report.wait), ("run", report.run)] {
            for g in groups {
                for label in report.percentiles {
                    guard let value = g.percentiles[label] else { continue }
                    writer.gauge(
                        "dbops_queue_\(name)_milliseconds",
                        "Exact percentile of the \(name) time of the rows that arrived in the report's range.",
                        labels: labels + [
                            ("dimension", report.dimension), ("value", g.value ?? ""),
                            ("quantile", String(Double(label.dropFirst()).map { $0 / 100 } ?? 0)),
                        ], value: value.doubleValue)
                }
            }
        }
        for o in report.outcomes {
            guard let share = o.failurePercent else { continue }
            writer.gauge(
                "dbops_queue_failed_percent", "Share of the rows that ended in the report's range that failed.",
                labels: labels + [("dimension", report.dimension), ("value", o.value ?? "")], value: share)
        }
        return writer.render()
    }
}
