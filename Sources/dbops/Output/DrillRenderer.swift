import Backup
import DBCore
import Foundation

/// `backup drill`'s output: a line per backup (and per table that disagrees), the reports
/// as JSON, or the drill metrics monitoring alerts on.
enum DrillRenderer {
    static func render(_ reports: [DrillReport], root: String?, format: OutputFormat, previous: String?) throws
        -> String
    {
        switch format {
        case .json:
            guard let root else { return try JSONOutput.encode(reports[0]) }
            let entries = try reports.map {
                try JSONSerialization.jsonObject(with: Data(try JSONOutput.encode($0).utf8))
            }
            let object: [String: Any] = [
                "schema": "dbops.drill-tree/v1", "root": root, "backups": entries,
                "failed": reports.filter { !$0.ok }.count,
            ]
            let data = try JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self) + "\n"
        case .prometheus:
            return prometheus(reports, previous: previous)
        default:
            return text(reports, tree: root != nil)
        }
    }

    static func text(_ reports: [DrillReport], tree: Bool) -> String {
        var out = ""
        for report in reports {
            // Paths and names are data: each on the line it belongs to.
            let backup = FlatText.line(report.backup)
            if let error = report.error {
                out += "FAILED  \(backup): \(FlatText.line(error))\n"
                continue
            }
            let rows = report.tables.reduce(Int64(0)) { $0 + ($1.rowsFound ?? 0) }
            let objects =
                report.largeObjectsExpected.map { _ in " and \(report.largeObjectsFound ?? 0) large objects" } ?? ""
            let what =
                "\(FlatText.line(report.database ?? "?")): \(report.tables.count) tables, \(rows) rows\(objects) restored in \(String(format: "%.1fs", report.restoreSeconds)) and read back in \(String(format: "%.1fs", report.checkSeconds))"
            let objectsAgree = report.largeObjectsFound == report.largeObjectsExpected
            if report.ok {
                out +=
                    "OK      \(backup): \(what); every table's rows and content checksum agree\(objects.isEmpty ? "" : ", and so does the large objects' count")\n"
            } else {
                let disagree = [
                    report.failedTables.isEmpty ? nil : "\(report.failedTables.count) tables disagree",
                    objectsAgree ? nil : "the large objects' count disagrees",
                ].compactMap { $0 }.joined(separator: ", ")
                out += "FAILED  \(backup): \(what); \(disagree)\n"
            }
            for table in report.tables where !table.ok {
                out += "        table \(FlatText.line(table.name)): \(FlatText.line(table.problem ?? "disagrees"))\n"
            }
            if !objectsAgree {
                out +=
                    "        large objects: \(report.largeObjectsFound ?? 0) restored, the manifest says \(report.largeObjectsExpected ?? 0)\n"
            }
            for warning in report.warnings { out += "        warning: \(FlatText.line(warning))\n" }
        }
        if tree {
            out += "\(reports.filter(\.ok).count) of \(reports.count) backups proven\n"
        }
        return out
    }

    static let lastSuccess = "dbops_backup_drill_last_success_timestamp_seconds"

    /// Success, duration and the last success per database; a failed drill keeps the last
    /// success from the previous file (0 when there never was one), so "no proven backup
    /// for 8 days" is `time() - dbops_backup_drill_last_success_timestamp_seconds > 8*86400`.
    static func prometheus(_ reports: [DrillReport], previous: String?) -> String {
        let before = previous.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ""
        var writer = PrometheusWriter()
        for report in reports {
            let labels = [("database", report.database ?? report.backup), ("server", report.server ?? "")]
            writer.gauge(
                "dbops_backup_drill_success", "1 when the last drill restored the backup and every table agreed.",
                labels: labels, value: report.ok ? 1 : 0)
            writer.gauge(
                "dbops_backup_drill_seconds", "How long the last drill took (restore and read-back).", labels: labels,
                value: report.seconds)
            let last =
                report.ok ? report.finishedAt.timeIntervalSince1970.rounded() : previousValue(before, labels: labels)
            writer.gauge(
                lastSuccess, "When a drill of this database last succeeded (0: never).", labels: labels,
                value: last)
        }
        return writer.render()
    }

    static func previousValue(_ text: String, labels: [(String, String)]) -> Double {
        var probe = PrometheusWriter()
        probe.gauge(lastSuccess, "", labels: labels, value: 0)
        guard
            let prefix = probe.render().split(separator: "\n").first(where: { $0.hasPrefix(lastSuccess) })?
                .dropLast(2)  // " 0"
        else { return 0 }
        let line = text.split(separator: "\n").first { $0.hasPrefix(prefix + " ") }
        return line.flatMap { Double($0.dropFirst(prefix.count + 1)) } ?? 0
    }
}
