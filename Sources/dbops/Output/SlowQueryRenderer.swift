import DBCore
import Foundation
import Health

enum SlowQueryRenderer {
    static func render(_ report: SlowQueryReport, format: OutputFormat, color: Bool) throws -> String {
        switch format {
        case .json: return try JSONOutput.encode(report)
        case .prometheus: return prometheus(report)
        case .text, .csv, .nagios: return text(report, Palette(enabled: color))
        }
    }

    static func text(_ report: SlowQueryReport, _ palette: Palette) -> String {
        var out =
            "\(HealthRenderer.statusWord(report.status, palette).uppercased())  \(palette.bold(report.target))  \(report.server?.description ?? report.source)\n"
        out +=
            "\(report.statementCount) statements, \(Format.milliseconds(report.totalMs)) in all, \(report.window.note ?? report.window.mode); top \(report.statements.count) by \(report.orderBy)\n"
        for note in report.notes { out += palette.dim("note: \(FlatText.line(note))") + "\n" }
        out += "\n"
        var table = TextTable(
            ["#", "CALLS", "TOTAL", "MEAN", "MAX", "P95", "ROWS/CALL", "HIT%", "SHARE", "STATEMENT"],
            alignments: [.right, .right, .right, .right, .right, .right, .right, .right, .right, .left])
        table.maxCellWidth = 100
        for (i, s) in report.statements.enumerated() {
            table.add([
                String(i + 1), String(s.calls), Format.milliseconds(s.totalMs), Format.milliseconds(s.meanMs),
                s.maxMs.map(Format.milliseconds) ?? "-", s.p95Ms.map(Format.milliseconds) ?? "-",
                Format.number(s.rowsPerCall, decimals: 1),
                s.cacheHitPercent.map { Format.number($0, decimals: 1) } ?? "-",
                Format.number(s.sharePercent, decimals: 1) + "%", (s.query ?? s.sample ?? s.id),
            ])
        }
        out += table.render { column, cell in column == 0 ? cell : cell }
        for (i, s) in report.statements.enumerated() where s.status != .ok || s.explain != nil || s.explainNote != nil {
            out +=
                "\n" + palette.bold("#\(i + 1)") + " \(s.id)"
                + (s.status != .ok ? " " + HealthRenderer.statusWord(s.status, palette) : "") + "\n"
            out += "    " + (s.query ?? s.sample ?? "").replacingOccurrences(of: "\n", with: "\n    ") + "\n"
            if let examined = s.rowsExamined {
                out +=
                    "    rows examined \(examined), sent \(s.rows)"
                    + (s.noIndexUsed.map { ", without an index \($0) times" } ?? "") + "\n"
            }
            if let plan = s.explain { out += plan.map { "    | " + $0 }.joined(separator: "\n") + "\n" }
            if let note = s.explainNote { out += palette.dim("    (\(note))") + "\n" }
        }
        return out
    }

    static func prometheus(_ report: SlowQueryReport) -> String {
        var writer = PrometheusWriter()
        let target = ("target", report.target)
        writer.gauge(
            "dbops_slow_queries_status", "Worst statement against the limits: 0 ok, 1 warning, 2 critical.",
            labels: [target],
            value: HealthRenderer.statusNumber(report.status))
        writer.gauge(
            "dbops_slow_queries_total_seconds", "Time spent in all statements in the window.", labels: [target],
            value: report.totalMs / 1000)
        for s in report.statements {
            let labels = [target, ("id", s.id), ("database", s.database ?? "")]
            writer.gauge(
                "dbops_statement_calls", "Calls of a top statement in the window.", labels: labels,
                value: Double(s.calls))
            writer.gauge(
                "dbops_statement_seconds", "Time of a top statement in the window.", labels: labels,
                value: s.totalMs / 1000)
            writer.gauge(
                "dbops_statement_mean_seconds", "Mean time of a top statement in the window.", labels: labels,
                value: s.meanMs / 1000)
            writer.gauge(
                "dbops_statement_rows", "Rows returned by a top statement in the window.", labels: labels,
                value: Double(s.rows))
        }
        return writer.render()
    }
}
