import Analytics
import DBCore
import Foundation

/// `dbops analytics top`: text, JSON, CSV, Prometheus.
enum TopRenderer {
    static func render(_ report: TopReport, format: OutputFormat, color: Bool) throws -> String {
        switch format {
        case .json: return try JSONOutput.encode(report)
        case .csv:
            var csv = CSVWriter(header: [
                "rank", "key", "label", "children", "measured", "measure_sum", "measure_average",
            ])
            for e in report.entries {
                csv.add([
                    String(e.rank), e.key, e.label, String(e.children), String(e.measured), e.measureSum?.description,
                    e.measureAverage?.description,
                ])
            }
            return csv.text
        case .prometheus: return prometheus(report)
        case .text, .nagios: return text(report, Palette(enabled: color))
        }
    }

    static func text(_ report: TopReport, _ palette: Palette) -> String {
        let grouped = AnalyticsRenderer.grouped
        let source = report.source
        var out: String
        let detail = "\(report.parentTable) by their \(report.childTable)"
        if report.allTime {
            out = "\(palette.bold("top"))  \(source.target)  profile \(source.profile): \(detail)\nall time\n"
            for note in source.notes where !note.hasPrefix("all time") {
                out += palette.dim("note: \(FlatText.line(note))") + "\n"
            }
            out += "\n"
        } else {
            out = AnalyticsRenderer.header("top", source, detail: "\(detail) (\(source.timeColumn))", palette)
        }
        guard !report.entries.isEmpty else {
            return out + "no \(report.parentTable) with \(report.childTable) in the range\n"
        }
        let measure = report.measure.map { "AVG \($0.uppercased())" }
        var table = TextTable(
            ["#", report.parentTable.uppercased(), report.childTable.uppercased()] + (measure.map { [$0] } ?? []),
            alignments: [.right, .left, .right] + (measure == nil ? [] : [.right]))
        table.maxCellWidth = 40
        for e in report.entries {
            var row = [String(e.rank), e.label ?? e.key, grouped(e.children)]
            if measure != nil { row.append(e.measureAverage?.trimmed(minimumScale: 2).description ?? "-") }
            table.add(row)
        }
        out += table.render()
        out +=
            "\(grouped(report.parents)) \(report.parentTable) have \(grouped(report.children)) \(report.childTable)"
            + (report.entries.count < report.parents ? "; the top \(report.entries.count) shown\n" : "\n")
        return out
    }

    static func prometheus(_ report: TopReport) -> String {
        var writer = PrometheusWriter()
        let labels = [("target", report.source.target), ("profile", report.source.profile)]
        writer.gauge(
            "dbops_top_parents", "Parents with at least one child in the range.", labels: labels,
            value: Double(report.parents))
        writer.gauge(
            "dbops_top_children", "Children of those parents in the range.", labels: labels,
            value: Double(report.children))
        if let first = report.entries.first {
            writer.gauge(
                "dbops_top_leader_children", "Children of the first-ranked parent.", labels: labels,
                value: Double(first.children))
        }
        return writer.render()
    }
}
