import DBCore
import Foundation
import Health

/// `--format nagios`: the one line a Nagios/Icinga plugin prints — `DBOPS HEALTH STATE -
/// what | perfdata` — where perfdata is `'label'=value[UOM];warn;crit;min;max` for each
/// check with a value. The exit code is already the plugin's (0 OK, 1 WARNING,
/// 2 CRITICAL, 3 UNKNOWN).
enum NagiosRenderer {
    static func health(_ report: HealthReport, label: String) -> String {
        let bad = report.checks.filter { $0.status != .ok }
        var text: String
        if report.server == nil, let only = report.checks.first {
            text = "\(label): \(only.summary)"
        } else if bad.isEmpty {
            text = "\(label): \(report.checks.count) checks OK"
        } else {
            text =
                "\(label): "
                + bad.map { "\($0.name) \($0.status.rawValue.uppercased()) (\($0.summary))" }.joined(separator: "; ")
        }
        let perfdata = report.checks.compactMap(performance).joined(separator: " ")
        return line("DBOPS HEALTH", word(report.status), text, perfdata)
    }

    /// A fleet: the worst state, the targets not OK by name, and a count per state.
    static func fleet(_ members: [FleetMember], command: String, kind: CommandKind) -> String {
        let words = members.map { FleetOutcome.word($0, kind: kind) }
        let status = FleetOutcome.exitCode(members, kind: kind)
        let state = [0: "OK", 1: "WARNING", 2: "CRITICAL"][status] ?? "UNKNOWN"
        let bad = zip(members, words).filter { $0.1 != "OK" }.map { "\($0.0.label) \($0.1)" }
        let text =
            bad.isEmpty
            ? "\(members.count) targets OK"
            : "\(bad.count) of \(members.count) targets not OK: " + bad.joined(separator: ", ")
        var counts: [String: Int] = [:]
        for word in words { counts[word.lowercased(), default: 0] += 1 }
        let perfdata = counts.keys.sorted().map { "'\($0)'=\(counts[$0] ?? 0);;;0;\(members.count)" }
            .joined(separator: " ")
        return line("DBOPS \(command.uppercased())", state, text, perfdata)
    }

    static func line(_ service: String, _ state: String, _ text: String, _ perfdata: String) -> String {
        // A plugin's output is one line, and '|' starts the performance data.
        let clean = FlatText.line(text.replacingOccurrences(of: "|", with: "/"))
        return "\(service) \(state) - \(clean)" + (perfdata.isEmpty ? "" : " | \(perfdata)") + "\n"
    }

    static func word(_ status: CheckStatus) -> String { status.rawValue.uppercased() }

    /// `'name'=value[UOM];warn;crit;min;max`; a check judged "bad when below" gets its
    /// limits as Nagios ranges `N:` (alert below N).
    static func performance(_ check: CheckResult) -> String? {
        guard let value = check.value, value.isFinite else { return nil }
        let (uom, min, max): (String, String, String)
        switch check.unit {
        case "percent": (uom, min, max) = ("%", "0", "100")
        case "seconds": (uom, min, max) = ("s", "", "")
        case "ms": (uom, min, max) = ("ms", "", "")
        case "bytes": (uom, min, max) = ("B", "0", "")
        default: (uom, min, max) = ("", "", "")
        }
        let below = check.thresholds?.direction == .below
        func limit(_ value: Double?) -> String {
            guard let value else { return "" }
            return number(value) + (below ? ":" : "")
        }
        let name = check.name.replacingOccurrences(of: "'", with: "''")
        return
            "'\(name)'=\(number(value))\(uom);\(limit(check.thresholds?.warning));\(limit(check.thresholds?.critical));\(min);\(max)"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.4g", value)
    }
}
