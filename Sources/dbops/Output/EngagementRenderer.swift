import Analytics
import DBCore
import Foundation

/// `dbops analytics engagement`: text, JSON, CSV, Prometheus.
enum EngagementRenderer {
    static func render(_ report: EngagementReport, format: OutputFormat, color: Bool) throws -> String {
        switch format {
        case .json: return try JSONOutput.encode(report)
        case .csv:
            var csv = CSVWriter(header: [
                "day", "partial", "active_users", "created", "children", "average_children", "view_active_users",
                "view_created", "view_average_children",
            ])
            for d in report.days {
                csv.add([
                    d.day, String(d.partial), String(d.activeUsers), String(d.created), String(d.children),
                    d.averageChildren?.description, d.view.map { String($0.activeUsers) },
                    d.view.map { String($0.created) }, d.view?.averageChildren?.description,
                ])
            }
            return csv.text
        case .prometheus: return prometheus(report)
        case .text, .nagios: return text(report, Palette(enabled: color))
        }
    }

    static func text(_ report: EngagementReport, _ palette: Palette) -> String {
        let grouped = AnalyticsRenderer.grouped
        var out = AnalyticsRenderer.header(
            "engagement", report.source, detail: "\(report.source.table) (\(report.source.timeColumn))", palette)
        var table = TextTable(
            ["DAY", "USERS", "CREATED", "AVG CHILDREN"] + (report.view == nil ? [] : ["VIEW"]),
            alignments: [.left, .right, .right, .right] + (report.view == nil ? [] : [.left]))
        for d in report.days {
            var row = [
                d.day + (d.partial ? "*" : ""), grouped(d.activeUsers), grouped(d.created),
                d.averageChildren?.trimmed(minimumScale: 2).description ?? "-",
            ]
            if report.view != nil {
                let differs = report.disagreements.contains { $0.hasPrefix(d.day + ":") }
                row.append(differs ? "differs" : d.view == nil ? "-" : d.partial ? "(part of the day)" : "same")
            }
            table.add(row)
        }
        out += table.render()
        if report.days.contains(where: \.partial) {
            out += palette.dim("  * the range covers only part of this day") + "\n"
        }
        if let view = report.view {
            out +=
                report.disagreements.isEmpty
                ? "\(view) agrees with the base tables on every whole day\n"
                : "\(view) disagrees with the base tables:\n"
                    + report.disagreements.map { "  \($0)\n" }.joined()
        }
        return out
    }

    static func prometheus(_ report: EngagementReport) -> String {
        var writer = PrometheusWriter()
        let labels = [("target", report.source.target), ("profile", report.source.profile)]
        if let last = report.days.last(where: { !$0.partial }) {
            writer.gauge(
                "dbops_engagement_active_users", "Distinct users creating in the last complete day.", labels: labels,
                value: Double(last.activeUsers))
            writer.gauge(
                "dbops_engagement_created", "Created in the last complete day.", labels: labels,
                value: Double(last.created))
            if let average = last.averageChildren {
                writer.gauge(
                    "dbops_engagement_average_children", "Children per parent created in the last complete day.",
                    labels: labels, value: average.doubleValue)
            }
        }
        writer.gauge(
            "dbops_engagement_view_disagreements", "Days the application's view and the base tables disagree on.",
            labels: labels, value: Double(report.disagreements.count))
        return writer.render()
    }
}
