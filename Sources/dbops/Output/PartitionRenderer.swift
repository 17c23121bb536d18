import Archive
import DBCore

enum PartitionRenderer {
    static func render(_ report: PartitionReport, format: OutputFormat) throws -> String {
        switch format {
        case .json: return try JSONOutput.encode(report)
        case .prometheus: return prometheus(report)
        case .text, .csv, .nagios: return text(report)
        }
    }

    static func text(_ report: PartitionReport) -> String {
        var out = "\(report.status.rawValue.uppercased())  partitions \(report.mode)  \(report.target)\n"
        for table in report.tables {
            out += "\n\(FlatText.line(table.table)) (\(table.interval.rawValue), \(table.premake) ahead): "
            if table.partitioned {
                let ranged = table.partitions.filter { !$0.isDefault }
                out +=
                    "\(ranged.count) partitions, \(table.future) future, current period \(table.currentCovered ? "covered" : "NOT covered")"
                out += " — \(table.status.rawValue)\n"
                if let first = ranged.first, let last = ranged.last {
                    out +=
                        FlatText.line(
                            "  from \(first.from ?? "the beginning") to \(last.to ?? "no end") (\(first.name) .. \(last.name))"
                        )
                        + "\n"
                }
                if let catchAll = table.catchAll {
                    out +=
                        "  catch-all partition \(FlatText.line(catchAll)): \(table.catchAllRows.map { "\($0) rows" } ?? "rows not counted")\n"
                }
            } else {
                out += "not managed — \(table.status.rawValue)\n"
            }
            if !table.created.isEmpty { out += "  created: \(FlatText.line(table.created.joined(separator: ", ")))\n" }
            if let retention = table.retention, !table.due.isEmpty {
                out +=
                    "  past the retention of \(retention): \(FlatText.line(table.due.joined(separator: ", ")))"
                    + (report.mode == "check" ? "\n" : " (each set aside, dumped to a verified file, then dropped)\n")
            }
            for retired in table.retired {
                out +=
                    FlatText.line("  retired: \(retired.partition), \(retired.rows) rows, dumped to \(retired.file)")
                    + "\n"
            }
            for problem in table.problems { out += "  problem: \(FlatText.line(problem))\n" }
            if report.mode == "dry_run" {
                for statement in table.statements {
                    out +=
                        "  would run:\n" + statement.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
                        + "\n"
                }
            }
        }
        return out
    }

    static func prometheus(_ report: PartitionReport) -> String {
        var writer = PrometheusWriter()
        let target = ("target", report.target)
        writer.gauge(
            "dbops_partitions_status", "Worst table: 0 ok, 1 warning, 2 critical.", labels: [target],
            value: Double([CheckStatus.ok: 0, .warning: 1, .critical: 2][report.status] ?? 3))
        for table in report.tables {
            let labels = [target, ("table", table.table)]
            writer.gauge(
                "dbops_partitions_future", "Partitions ready after the current period.", labels: labels,
                value: Double(table.future))
            writer.gauge(
                "dbops_partitions_current_covered", "1 when the current period has its partition.", labels: labels,
                value: table.currentCovered ? 1 : 0)
            if table.retention != nil {
                writer.gauge(
                    "dbops_partitions_past_retention", "Partitions past retention still in the table.", labels: labels,
                    value: Double(table.due.count))
                writer.gauge(
                    "dbops_partitions_retired", "Partitions this run dumped and dropped.", labels: labels,
                    value: Double(table.retired.count))
            }
            if let rows = table.catchAllRows {
                writer.gauge(
                    "dbops_partitions_catch_all_rows", "Rows in the default / MAXVALUE partition.", labels: labels,
                    value: Double(rows))
            }
        }
        return writer.render()
    }
}
