import DBCore
import Foundation
import Health

enum IndexUsageRenderer {
    static func render(_ report: IndexUsageReport, format: OutputFormat, color: Bool) throws -> String {
        switch format {
        case .json: return try JSONOutput.encode(report)
        case .prometheus: return prometheus(report)
        case .text, .csv, .nagios: return text(report, Palette(enabled: color))
        }
    }

    static func text(_ report: IndexUsageReport, _ palette: Palette) -> String {
        var out =
            "\(HealthRenderer.statusWord(report.status, palette).uppercased())  \(palette.bold(report.target))  \(report.server?.description ?? "")\n"
        out += "\(report.findings.count) findings"
        if let age = report.statsAgeSeconds { out += "; usage counted over \(Format.duration(age))" }
        if report.servers.count > 1 { out += "; scans added up over \(report.servers.count) servers" }
        out += "\n"
        for note in report.undetermined { out += palette.dim("not determined: \(note)") + "\n" }
        for kind in IndexFinding.Kind.allCases {
            let findings = report.findings.filter { $0.kind == kind }
            guard !findings.isEmpty else { continue }
            out += "\n" + palette.bold("\(kind.rawValue) (\(findings.count))") + "\n"
            var table = TextTable(["TABLE", "INDEX", "SIZE", "DETAIL"])
            table.clipLastColumn = false
            for f in findings {
                table.add([
                    [f.schema, f.table].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "."), f.index ?? "-",
                    f.bytes.map { Format.bytes(Double($0)) } ?? "-", f.detail,
                ])
            }
            out += table.render()
            out += findings.map { "    " + palette.dim($0.statement) }.joined(separator: "\n") + "\n"
        }
        return out
    }

    static func prometheus(_ report: IndexUsageReport) -> String {
        var writer = PrometheusWriter()
        let target = ("target", report.target)
        writer.gauge(
            "dbops_index_usage_status", "Findings against the limits: 0 ok, 1 warning, 2 critical.", labels: [target],
            value: HealthRenderer.statusNumber(report.status))
        for kind in IndexFinding.Kind.allCases {
            let findings = report.findings.filter { $0.kind == kind }
            writer.gauge(
                "dbops_index_findings", "Findings of a kind.", labels: [target, ("kind", kind.rawValue)],
                value: Double(findings.count))
            writer.gauge(
                "dbops_index_findings_bytes", "Bytes the findings of a kind take.",
                labels: [target, ("kind", kind.rawValue)],
                value: Double(findings.compactMap(\.bytes).reduce(0, +)))
        }
        return writer.render()
    }
}
