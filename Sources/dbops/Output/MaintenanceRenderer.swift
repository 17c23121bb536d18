import Archive
import DBCore
import Foundation

/// Summaries of cleanup and archive runs: text, JSON, Prometheus textfile.
enum MaintenanceRenderer {
    static func render(_ report: MaintenanceReport, format: OutputFormat) throws -> String {
        switch format {
        case .json: return try JSONOutput.encode(report)
        case .prometheus: return prometheus(report)
        case .text, .csv, .nagios: return text(report)
        }
    }

    static func text(_ report: MaintenanceReport) -> String {
        if report.job == AnalyzeRunner.job { return analyzeText(report) }
        var out = "\(report.job)  \(report.target)  \(outcomeWords(report)) in \(Format.duration(report.seconds))\n"
        if report.outcome == .dryRun {
            for work in report.tables {
                out +=
                    "\n\(work.rule) (\(work.table)): \(AnalyticsRenderer.grouped(work.rows)) rows would be affected\n  \(work.description)\n"
                for statement in work.statements {
                    out += statement.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
                }
            }
        } else if !report.tables.isEmpty {
            var table = TextTable(
                ["RULE", "TABLE", "ROWS", "BATCHES", "ROWS/S", "LONGEST BATCH", "THROTTLED"],
                alignments: [.left, .left, .right, .right, .right, .right, .right])
            for work in report.tables {
                table.add([
                    work.rule, work.table, AnalyticsRenderer.grouped(work.rows), String(work.batches),
                    AnalyticsRenderer.grouped(Int64(work.rowsPerSecond.rounded())),
                    Format.milliseconds(work.longestBatchSeconds * 1000),
                    Format.duration(work.throttledSeconds),
                ])
                for (name, rows) in work.related.sorted(by: { $0.key < $1.key }) {
                    table.add(["", "  \(name)", AnalyticsRenderer.grouped(rows), "", "", "", ""])
                }
            }
            out += table.render()
            for work in report.tables where work.skippedHeld > 0 {
                out +=
                    FlatText.line(
                        "note: \(work.rule): \(work.skippedHeld) \(work.table) row(s) stayed locked by the application through every retry; left for the next run"
                    ) + "\n"
            }
            // The time a batch spent retrying is in no column: say where the run's time went.
            for work in report.tables where work.lockRetries > 0 {
                out +=
                    FlatText.line(
                        "note: \(work.rule): \(work.lockRetries) batch(es) of \(work.table) gave up at the lock timeout and were retried (the application held the rows, or another session the table)"
                    ) + "\n"
            }
        }
        for note in report.notes { out += "note: \(FlatText.line(note))\n" }
        if let error = report.error { out += "error: \(FlatText.line(error))\n" }
        return out
    }

    /// `dbops analyze`: a table's rows are those changed since its last ANALYZE, and one
    /// ANALYZE is its one "batch".
    static func analyzeText(_ report: MaintenanceReport) -> String {
        let analyzed = report.tables.filter { $0.batches > 0 }
        let words: String
        switch report.outcome {
        case .dryRun: words = "dry run, \(report.tables.count) stale table(s), nothing changed"
        case .complete: words = "\(analyzed.count) table(s) analyzed"
        case .failed: words = "FAILED, \(analyzed.count) table(s) analyzed"
        case .interrupted: words = "interrupted after \(analyzed.count) table(s)"
        case .stoppedAtMaxRuntime:
            words = "stopped at --max-runtime after \(analyzed.count) table(s) (a re-run carries on)"
        }
        var out = "analyze  \(report.target)  \(words) in \(Format.duration(report.seconds))\n"
        if report.tables.isEmpty && report.outcome != .failed {
            out += "no table's statistics are stale\n"
        } else {
            var table = TextTable(
                ["TABLE", "CHANGED ROWS", "TOOK", "WHY"], alignments: [.left, .right, .right, .left])
            for work in report.tables {
                let took =
                    report.outcome == .dryRun
                    ? "-" : work.batches > 0 ? Format.milliseconds(work.seconds * 1000) : "not analyzed"
                table.add([work.table, AnalyticsRenderer.grouped(work.rows), took, work.description])
            }
            out += table.render()
            if report.outcome == .dryRun {
                for work in report.tables {
                    out += work.statements.map { "  " + $0.trimmingCharacters(in: .whitespacesAndNewlines) + "\n" }
                        .joined()
                }
            }
        }
        for note in report.notes { out += "note: \(FlatText.line(note))\n" }
        if let error = report.error { out += "error: \(FlatText.line(error))\n" }
        return out
    }

    static func outcomeWords(_ report: MaintenanceReport) -> String {
        switch report.outcome {
        case .complete: return "done, \(AnalyticsRenderer.grouped(report.rows)) rows"
        case .dryRun: return "dry run, nothing changed"
        case .stoppedAtMaxRuntime:
            return "stopped at --max-runtime after \(AnalyticsRenderer.grouped(report.rows)) rows (a re-run carries on)"
        case .interrupted:
            return
                "interrupted after \(AnalyticsRenderer.grouped(report.rows)) rows (the batch in flight was rolled back)"
        case .failed: return "FAILED after \(AnalyticsRenderer.grouped(report.rows)) rows"
        }
    }

    static func prometheus(_ report: MaintenanceReport) -> String {
        var writer = PrometheusWriter()
        let base = [("job_name", report.job), ("target", report.target)]
        writer.gauge(
            "dbops_maintenance_success",
            "1 when the last run completed (or stopped at its time budget), 0 when it failed or was interrupted.",
            labels: base, value: report.outcome == .failed || report.outcome == .interrupted ? 0 : 1)
        writer.gauge(
            "dbops_maintenance_last_run_timestamp_seconds", "When the last run started.", labels: base,
            value: report.startedAt.timeIntervalSince1970.rounded())
        writer.gauge(
            "dbops_maintenance_duration_seconds", "How long the last run took.", labels: base, value: report.seconds)
        for work in report.tables {
            let labels = base + [("rule", work.rule), ("table", work.table)]
            writer.gauge(
                "dbops_maintenance_rows", "Rows deleted or moved by the last run (would be, in a dry run).",
                labels: labels, value: Double(work.rows))
            writer.gauge(
                "dbops_maintenance_batches", "Batches of the last run.", labels: labels, value: Double(work.batches))
            writer.gauge(
                "dbops_maintenance_longest_batch_seconds", "Longest batch transaction of the last run.", labels: labels,
                value: work.longestBatchSeconds)
            writer.gauge(
                "dbops_maintenance_throttled_seconds", "Time the last run waited for replicas.", labels: labels,
                value: work.throttledSeconds)
        }
        return writer.render()
    }
}
