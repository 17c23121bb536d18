import DBCore
import Foundation
import History

/// `dbops report` on stdout: the report as JSON (`dbops.report/v2`), every series as CSV in
/// long form (section, target, series, x, value), or a few lines of text.
enum ReportRenderer {
    static func render(_ report: HistoryReport, html: String?, format: OutputFormat) throws -> String {
        switch format {
        case .json: return try JSONOutput.encode(report)
        case .csv: return csv(report)
        default:
            let states = Dictionary(grouping: report.targets, by: \.state).mapValues(\.count)
            var out =
                "\(report.targets.count) targets (\(states.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))), \(report.statements.filter(\.slower).count) statements slower, \(report.indexAdvice.count) index findings, \(report.jobs.reduce(0) { $0 + $1.failed }) job runs failed"
            out += html.map { " -> \($0)\n" } ?? "\n"
            for target in report.targets where !target.changes.isEmpty {
                out +=
                    "  \(target.target): "
                    + target.changes.map { "\($0.check) \($0.from) -> \($0.to)" }.joined(separator: ", ") + "\n"
            }
            for note in report.notes { out += "  note: \(FlatText.line(note))\n" }
            return out
        }
    }

    static func csv(_ report: HistoryReport) -> String {
        var writer = CSVWriter(header: ["section", "target", "series", "x", "value"])
        func number(_ value: Double?) -> String? { value.map { Format.number($0, decimals: 6) } }
        for trend in report.analytics {
            for series in trend.activeUsers {
                for (day, value) in zip(trend.days, series.values) {
                    writer.add(["active_users", trend.target, series.name, day, number(value)])
                }
            }
            for series in trend.cost {
                for (day, value) in zip(trend.days, series.values) {
                    writer.add(["cost", trend.target, series.name, day, number(value)])
                }
            }
            for latency in trend.latency {
                for series in latency.percentiles {
                    for (day, value) in zip(trend.days, series.values) {
                        writer.add(["latency", trend.target, "\(latency.function) \(series.name)", day, number(value)])
                    }
                }
            }
        }
        for statement in report.statements {
            writer.add(["statement_total_ms", statement.target, statement.id, "period", number(statement.totalMs)])
            writer.add(["statement_mean_ms", statement.target, statement.id, "period", number(statement.meanMs)])
        }
        for table in report.growth {
            for point in table.points {
                writer.add([
                    "table_bytes", table.target, table.table, HistoryRenderer.iso(point.takenAt), number(point.value),
                ])
            }
        }
        for trend in report.jobs {
            for run in trend.runs {
                let at = HistoryRenderer.iso(run.startedAt)
                writer.add(["\(trend.job)_seconds", trend.target, run.outcome, at, number(run.seconds)])
                if let rows = run.rows { writer.add(["\(trend.job)_rows", trend.target, run.outcome, at, "\(rows)"]) }
                if let bytes = run.bytes {
                    writer.add(["\(trend.job)_bytes", trend.target, run.outcome, at, "\(bytes)"])
                }
            }
        }
        for table in report.partitions {
            writer.add([
                "partitions_ahead", table.target, table.table, HistoryRenderer.iso(table.takenAt), "\(table.future)",
            ])
        }
        return writer.text
    }
}
