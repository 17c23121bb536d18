import Analytics
import DBCore
import Foundation

/// Text, JSON, CSV and Prometheus forms of the analytics reports. Exact decimals are
/// printed with all their digits in every format (Prometheus samples are floats by
/// definition, so there they are as close as a float gets).
enum AnalyticsRenderer {
    // MARK: dau

    static func render(_ report: ActiveUsersReport, format: OutputFormat, color: Bool) throws -> String {
        switch format {
        case .json: return try JSONOutput.encode(report)
        case .csv:
            var csv = CSVWriter(header: [
                "start", "partial", "active_users", "events", "weekly_active_users", "monthly_active_users",
            ])
            for b in report.buckets {
                csv.add([
                    b.start, String(b.partial), String(b.activeUsers), String(b.events),
                    b.weeklyActiveUsers.map(String.init), b.monthlyActiveUsers.map(String.init),
                ])
            }
            return csv.text
        case .prometheus: return prometheus(report)
        case .text, .nagios: return text(report, Palette(enabled: color))
        }
    }

    static func text(_ report: ActiveUsersReport, _ palette: Palette) -> String {
        var out = header(
            "active users per \(report.bucket.rawValue)", report.source,
            detail: "\(report.source.table) (\(report.source.timeColumn))", palette)
        let rolling = report.rolling
        var table = TextTable(
            [report.bucket.rawValue.uppercased(), "USERS"] + (rolling ? ["WAU", "MAU"] : []) + ["EVENTS", ""],
            alignments: [.left, .right] + (rolling ? [.right, .right] : []) + [.right, .left])
        let top = Double(report.buckets.map(\.activeUsers).max() ?? 0)
        for b in report.buckets {
            var row = [b.start + (b.partial ? "*" : ""), grouped(Int64(b.activeUsers))]
            if rolling {
                row += [
                    b.weeklyActiveUsers.map { grouped(Int64($0)) } ?? "-",
                    b.monthlyActiveUsers.map { grouped(Int64($0)) } ?? "-",
                ]
            }
            row += [grouped(b.events), TerminalChart.bar(Double(b.activeUsers), max: top)]
            table.add(row)
        }
        out += table.render()
        if report.buckets.contains(where: \.partial) {
            out += palette.dim("  * the range covers only part of this \(report.bucket.rawValue)") + "\n"
        }
        if let last = report.lastComplete {
            var line =
                "last complete \(report.bucket.rawValue) \(last.start): \(grouped(Int64(last.activeUsers))) active users"
            if let w = last.weeklyActiveUsers { line += ", WAU \(grouped(Int64(w)))" }
            if let m = last.monthlyActiveUsers { line += ", MAU \(grouped(Int64(m)))" }
            out += "\n" + line + "\n"
        }
        if let range = report.range {
            out +=
                "whole range: \(grouped(Int64(range.activeUsers))) distinct active users, \(grouped(range.events)) events\n"
        }
        return out
    }

    static func prometheus(_ report: ActiveUsersReport) -> String {
        var writer = PrometheusWriter()
        let labels = [("target", report.source.target), ("profile", report.source.profile)]
        if let last = report.lastComplete {
            let windows: [(String, Int?)] = [
                (report.bucket.rawValue, last.activeUsers), ("week_rolling", last.weeklyActiveUsers),
                ("month_rolling", last.monthlyActiveUsers),
            ]
            for (window, value) in windows {
                guard let value else { continue }
                writer.gauge(
                    "dbops_analytics_active_users",
                    "Distinct active users in a window: the range's last complete bucket, the rolling week or month ending with it, or the whole range.",
                    labels: labels + [("window", window)], value: Double(value))
            }
            writer.gauge(
                "dbops_analytics_events", "Rows in the last complete bucket of the range.",
                labels: labels + [("window", report.bucket.rawValue)], value: Double(last.events))
        }
        if let range = report.range {
            writer.gauge(
                "dbops_analytics_active_users",
                "Distinct active users in a window: the range's last complete bucket, the rolling week or month ending with it, or the whole range.",
                labels: labels + [("window", "range")], value: Double(range.activeUsers))
        }
        return writer.render()
    }

    // MARK: cost

    static func render(_ report: CostReport, format: OutputFormat, color: Bool) throws -> String {
        switch format {
        case .json: return try JSONOutput.encode(report)
        case .csv:
            var csv = CSVWriter(header: ["section", "key", "partial", "cost", "rows", "requests", "percent"])
            for d in report.days {
                csv.add(["day", d.day, String(d.partial), d.cost.description, String(d.rows), String(d.requests), nil])
            }
            for s in report.top + (report.others.map { [$0] } ?? []) {
                let key = s == report.others ? "(others)" : s.value
                csv.add([
                    report.dimension, key, nil, s.cost.description, String(s.rows), String(s.requests),
                    s.percent.description,
                ])
            }
            return csv.text
        case .prometheus: return prometheus(report)
        case .text, .nagios: return text(report, Palette(enabled: color))
        }
    }

    static func text(_ report: CostReport, _ palette: Palette) -> String {
        let unit = report.source.unit.map { " \($0)" } ?? ""
        var out = header(
            "cost", report.source, detail: "\(report.source.table).\(report.source.valueColumn ?? "")\(unit)", palette)
        // REQUESTS only where the profile names a request-count column (else it is ROWS).
        let counted = report.requestColumn != nil
        out += "total \(palette.bold(report.total.description + unit)) over \(grouped(report.rows)) rows"
        if let column = report.requestColumn { out += ", \(grouped(report.requests)) requests (sum of \(column))" }
        out += report.unpriced > 0 ? " (\(grouped(report.unpriced)) without a cost)\n\n" : "\n\n"
        var days = TextTable(
            ["DAY", "COST" + unit, "ROWS"] + (counted ? ["REQUESTS"] : []) + [""],
            alignments: [.left, .right, .right] + (counted ? [.right] : []) + [.left])
        let top = report.days.map(\.cost.doubleValue).max() ?? 0
        for d in report.days {
            days.add(
                [d.day + (d.partial ? "*" : ""), d.cost.description, grouped(d.rows)]
                    + (counted ? [grouped(d.requests)] : []) + [TerminalChart.bar(d.cost.doubleValue, max: top)])
        }
        out += days.render()
        if report.days.contains(where: \.partial) {
            out += palette.dim("  * the range covers only part of this day") + "\n"
        }
        guard report.dimension != "none" else { return out }
        out += "\n"
        var shares = TextTable(
            ["BY " + report.dimension.uppercased(), "COST" + unit, "SHARE", "ROWS"] + (counted ? ["REQUESTS"] : []),
            alignments: [.left, .right, .right, .right] + (counted ? [.right] : []))
        for s in report.top {
            shares.add(
                [s.value ?? "(null)", s.cost.description, s.percent.description + "%", grouped(s.rows)]
                    + (counted ? [grouped(s.requests)] : []))
        }
        if let others = report.others {
            shares.add(
                [
                    "(\(report.distinctValues - report.top.count) others)", others.cost.description,
                    others.percent.description + "%", grouped(others.rows),
                ] + (counted ? [grouped(others.requests)] : []))
        }
        out += shares.render()
        return out
    }

    static func prometheus(_ report: CostReport) -> String {
        var writer = PrometheusWriter()
        let labels = [
            ("target", report.source.target), ("profile", report.source.profile), ("unit", report.source.unit ?? ""),
        ]
        writer.gauge(
            "dbops_analytics_cost", "Total cost over the report's range.", labels: labels,
            value: report.total.doubleValue)
        writer.gauge(
            "dbops_analytics_cost_rows", "Rows over the report's range.", labels: labels, value: Double(report.rows))
        writer.gauge(
            "dbops_analytics_requests",
            "Requests over the report's range: the profile's request-count column summed, or one a row.",
            labels: labels, value: Double(report.requests))
        if report.dimension != "none" {
            for s in report.top {
                writer.gauge(
                    "dbops_analytics_cost_by",
                    "Cost of one of the top values of the dimension over the report's range.",
                    labels: labels + [("dimension", report.dimension), ("value", s.value ?? "")],
                    value: s.cost.doubleValue)
            }
        }
        return writer.render()
    }

    // MARK: latency

    static func render(_ report: LatencyReport, format: OutputFormat, color: Bool) throws -> String {
        switch format {
        case .json: return try JSONOutput.encode(report)
        case .csv:
            var csv = CSVWriter(header: [report.dimension, "calls", "count", "mean"] + report.percentiles + ["max"])
            for g in report.groups {
                csv.add(
                    [g.value, String(g.calls), String(g.count), g.mean?.description]
                        + report.percentiles.map { g.percentiles[$0]?.description } + [g.max?.description])
            }
            return csv.text
        case .prometheus: return prometheus(report)
        case .text, .nagios: return text(report, Palette(enabled: color))
        }
    }

    static func text(_ report: LatencyReport, _ palette: Palette) -> String {
        let unit = report.source.unit.map { " (\($0))" } ?? ""
        var out = header(
            "latency", report.source, detail: "\(report.source.table).\(report.source.valueColumn ?? "")\(unit)",
            palette)
        guard !report.groups.isEmpty else { return out + "  no rows in this range\n" }
        // CALLS counts every row (the seeds' COUNT(*) AS calls); TIMED those with a
        // duration, over which mean, percentiles and max are taken.
        var table = TextTable(
            [report.dimension == "none" ? "" : report.dimension.uppercased(), "CALLS", "TIMED", "MEAN"]
                + report.percentiles.map { $0.uppercased() } + ["MAX"],
            alignments: [.left] + Array(repeating: .right, count: report.percentiles.count + 4))
        for g in report.groups {
            table.add(
                [
                    report.dimension == "none" ? "all" : g.value ?? "(null)", grouped(g.calls), grouped(g.count),
                    g.mean?.description ?? "-",
                ]
                    + report.percentiles.map { g.percentiles[$0]?.description ?? "-" } + [g.max?.description ?? "-"])
        }
        out += table.render()
        let untimed = report.groups.reduce(Int64(0)) { $0 + $1.calls - $1.count }
        if untimed > 0 {
            out +=
                "  \(grouped(untimed)) call(s) without a \(report.source.valueColumn ?? "duration"): in CALLS, not in TIMED or the figures after it\n"
        }
        return out
    }

    static func prometheus(_ report: LatencyReport) -> String {
        var writer = PrometheusWriter()
        let base = [
            ("target", report.source.target), ("profile", report.source.profile), ("unit", report.source.unit ?? ""),
        ]
        for g in report.groups {
            let labels = base + [("dimension", report.dimension), ("value", g.value ?? "")]
            for label in report.percentiles {
                guard let value = g.percentiles[label] else { continue }
                let quantile =
                    ExactDecimal(String(label.dropFirst())).map {
                        ExactDecimal(units: $0.units, scale: $0.scale + 2).trimmed().description
                    } ?? label
                writer.gauge(
                    "dbops_analytics_latency",
                    "Exact percentile (percentile_cont) of the duration over the report's range.",
                    labels: labels + [("quantile", quantile)], value: value.doubleValue)
            }
            writer.gauge(
                "dbops_analytics_latency_calls", "Rows over the report's range, with a duration or not.",
                labels: labels, value: Double(g.calls))
            writer.gauge(
                "dbops_analytics_latency_count", "Durations over the report's range.", labels: labels,
                value: Double(g.count))
            if let mean = g.mean, let max = g.max {
                writer.gauge(
                    "dbops_analytics_latency_mean", "Mean duration over the report's range.", labels: labels,
                    value: mean.doubleValue)
                writer.gauge(
                    "dbops_analytics_latency_max", "Longest duration over the report's range.", labels: labels,
                    value: max.doubleValue)
            }
        }
        return writer.render()
    }

    // MARK: explain

    static func render(_ plan: AnalyticsPlan, format: OutputFormat) throws -> String {
        if format == .json { return try JSONOutput.encode(plan) }
        var out = header(
            "\(plan.metric) plan", plan.source, detail: plan.source.table, Palette(enabled: false))
        out +=
            plan.sql.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
            + "\n"
        out +=
            "  parameters: "
            + plan.parameters.enumerated().map { "\($0.offset + 1)=\($0.element ?? "NULL")" }.joined(separator: ", ")
            + "\n\n"
        out += plan.plan.map { "  | " + $0 }.joined(separator: "\n") + "\n"
        return out
    }

    // MARK: shared

    static func header(_ title: String, _ source: ReportSource, detail: String, _ palette: Palette) -> String {
        var out = "\(palette.bold(title))  \(source.target)  profile \(source.profile): \(detail)\n"
        out +=
            "\(source.firstDay) .. \(source.lastDay) \(source.timeZone)  (\(iso(source.from)) to \(iso(source.to)))\n"
        for note in source.notes { out += palette.dim("note: \(FlatText.line(note))") + "\n" }
        return out + "\n"
    }

    static func iso(_ date: Date) -> String {
        SQLValue.formatTimestamp(date).prefix(19).replacingOccurrences(of: " ", with: "T") + "Z"
    }

    /// 1234567 -> "1,234,567".
    static func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (value < 0 ? "-" : "") + out
    }
}
