import DBCore
import Foundation
import Health

/// Text, JSON, Prometheus and Nagios forms of a health report.
enum HealthRenderer {
    static func render(_ report: HealthReport, format: OutputFormat, label: String, verbose: Bool, color: Bool) throws
        -> String
    {
        switch format {
        case .json: return try JSONOutput.encode(report)
        case .prometheus: return prometheus(report, label: label)
        case .nagios: return NagiosRenderer.health(report, label: label)
        case .text, .csv: return text(report, label: label, verbose: verbose, palette: Palette(enabled: color))
        }
    }

    static func statusWord(_ status: CheckStatus, _ palette: Palette) -> String {
        switch status {
        case .ok: return palette.green("ok")
        case .warning: return palette.yellow("WARNING")
        case .critical: return palette.red("CRITICAL")
        case .unknown: return palette.magenta("UNKNOWN")
        }
    }

    static func text(_ report: HealthReport, label: String, verbose: Bool, palette: Palette) -> String {
        // Unreachable server: one line, as a monitoring plugin prints it.
        if report.server == nil, let only = report.checks.first {
            return "\(statusWord(report.status, palette)): \(label): \(only.summary)\n"
        }
        var out =
            "\(statusWord(report.status, palette).uppercased())  \(palette.bold(label))  \(report.server?.description ?? "")"
        out +=
            palette.dim("  (\(report.checks.count) checks in \(Format.milliseconds(report.durationMilliseconds)))")
            + "\n\n"
        var table = TextTable(
            ["STATUS", "CHECK", "VALUE", "LIMITS", "SUMMARY"], alignments: [.left, .left, .right, .left, .left])
        table.clipLastColumn = false
        for check in report.checks {
            table.add([check.status.rawValue, check.name, value(check), limits(check), check.summary])
        }
        out += table.render { column, cell in
            column == 0 ? statusWord(CheckStatus(rawValue: cell) ?? .unknown, palette) : cell
        }
        for check in report.checks
        where !check.details.isEmpty && (verbose || check.status != .ok || check.name == "database_size") {
            out += "\n" + palette.bold(check.name) + ":\n" + detailTable(check.details)
        }
        return out
    }

    static func value(_ check: CheckResult) -> String {
        guard let value = check.value else { return "-" }
        return formatted(value, unit: check.unit)
    }

    /// "w>=1.0 GiB c>=10 GiB": limits in the check's own unit.
    static func limits(_ check: CheckResult) -> String {
        guard let thresholds = check.thresholds else { return "" }
        let op = thresholds.direction == .above ? ">=" : "<="
        var parts: [String] = []
        if let w = thresholds.warning {
            parts.append("w\(op)" + formatted(w, unit: check.unit).replacingOccurrences(of: " ", with: ""))
        }
        if let c = thresholds.critical {
            parts.append("c\(op)" + formatted(c, unit: check.unit).replacingOccurrences(of: " ", with: ""))
        }
        return parts.joined(separator: " ")
    }

    static func formatted(_ value: Double, unit: String?) -> String {
        switch unit {
        case "bytes": return Format.bytes(value)
        case "seconds": return Format.duration(value)
        case "percent": return Format.number(value) + "%"
        case "ms": return Format.milliseconds(value)
        default: return Format.number(value)
        }
    }

    static func detailTable(_ rows: [[String: JSONValue]]) -> String {
        var columns: [String] = []
        for row in rows { for key in row.keys.sorted() where !columns.contains(key) { columns.append(key) } }
        // Identity columns first, free text (queries) last.
        let leading = [
            "schema", "table", "partition_of", "index", "sequence", "column", "pid", "user", "database", "state",
            "slot_name", "total_bytes", "table_bytes", "index_bytes", "toast_bytes", "index_share_percent",
            "toast_share_percent",
        ]
        let trailing = ["query", "last_query", "wait"]
        columns.sort { a, b in
            func rank(_ c: String) -> Int {
                if let i = leading.firstIndex(of: c) { return i - 100 }
                if let i = trailing.firstIndex(of: c) { return 100 + i }
                return 0
            }
            return (rank(a), a) < (rank(b), b)
        }
        // Columns with nothing to say (all NULL, or all zero like TOAST on MySQL) are left out.
        columns = columns.filter { column in
            rows.contains {
                let v = $0[column] ?? .null; return v != .null && v.doubleValue != 0
            }
        }
        var table = TextTable(columns)
        for row in rows {
            table.add(
                columns.map { column in
                    let cell = row[column] ?? .null
                    if column.hasSuffix("_bytes") || column == "bytes", let v = cell.doubleValue {
                        return Format.bytes(v)
                    }
                    return cell.description
                })
        }
        return table.render(indent: "    ")
    }

    static func statusNumber(_ status: CheckStatus) -> Double {
        switch status {
        case .ok: return 0
        case .warning: return 1
        case .critical: return 2
        case .unknown: return 3
        }
    }

    static func prometheus(_ report: HealthReport, label: String) -> String {
        var writer = PrometheusWriter()
        let target = ("target", label)
        writer.gauge(
            "dbops_health_up", "1 if dbops could connect to the server.", labels: [target],
            value: report.server == nil ? 0 : 1)
        writer.gauge(
            "dbops_health_status", "Overall health: 0 ok, 1 warning, 2 critical, 3 unknown.", labels: [target],
            value: statusNumber(report.status))
        writer.gauge(
            "dbops_health_duration_seconds", "Time the health run took.", labels: [target],
            value: report.durationMilliseconds / 1000)
        for check in report.checks {
            writer.gauge(
                "dbops_health_check_status", "Check state: 0 ok, 1 warning, 2 critical, 3 unknown.",
                labels: [target, ("check", check.name)], value: statusNumber(check.status))
        }
        for check in report.checks {
            if let value = check.value {
                writer.gauge(
                    "dbops_health_check_value", "The value a check measured, in its unit.",
                    labels: [target, ("check", check.name), ("unit", check.unit ?? "")], value: value)
            }
        }
        for check in report.checks {
            for (metric, value) in check.metrics.sorted(by: { $0.key < $1.key }) {
                writer.gauge(
                    "dbops_health_metric", "Extra numbers a check read (connections per state, ages...).",
                    labels: [target, ("check", check.name), ("metric", metric)], value: value)
            }
        }
        if let server = report.server {
            writer.gauge(
                "dbops_server_info", "Server flavour and version.",
                labels: [target, ("flavor", server.flavor.rawValue), ("version", server.version)], value: 1)
        }
        return writer.render()
    }
}
