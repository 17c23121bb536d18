import DBCore
import Health

/// Warning and critical limits from the config file's [JOB.thresholds.NAME] tables and the
/// command line's --warn NAME=VALUE / --crit NAME=VALUE (which win; VALUE "off" removes a
/// limit). Unknown names are usage errors, so a typo never silently disables paging.
enum ThresholdOptions {
    /// What a limit may be: finite, and within what any check measures.
    static let range: ClosedRange<Double> = -1e15...1e15

    /// Names in `elsewhere` (what only another engine checks) are skipped, not refused.
    static func merge(
        _ defaults: [String: Thresholds], config: ConfigSection, warnings: [String], criticals: [String],
        what: String, elsewhere: Set<String> = []
    ) throws -> [String: Thresholds] {
        var limits = defaults
        let known = limits.keys.sorted().joined(separator: ", ")
        let configured = try config.section("thresholds")
        for name in configured.keys where !elsewhere.contains(name) {
            guard limits[name] != nil else {
                throw UsageError("config: [\(configured.name).\(name)]: no such limit for \(what) (known: \(known))")
            }
            let entry = try configured.section(name)
            if let w = try entry.finite("warning", range: range) { limits[name]?.warning = w }
            if let c = try entry.finite("critical", range: range) { limits[name]?.critical = c }
        }
        for (flag, entries, setWarning) in [("--warn", warnings, true), ("--crit", criticals, false)] {
            for entry in entries {
                let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2, elsewhere.contains(parts[0]) { continue }
                guard parts.count == 2, limits[parts[0]] != nil else {
                    throw UsageError("\(flag) \(entry): expected NAME=VALUE with NAME one of \(known)")
                }
                let value: Double?
                if ["off", "none"].contains(parts[1].lowercased()) {
                    value = nil
                } else {
                    value = try HumanInput.number(parts[1], option: "\(flag) \(parts[0])")
                }
                if setWarning { limits[parts[0]]?.warning = value } else { limits[parts[0]]?.critical = value }
            }
        }
        return limits
    }

    static func exitCode(_ status: CheckStatus) -> Int32 {
        switch status {
        case .ok: return ExitStatus.ok
        case .warning: return ExitStatus.warning
        case .critical: return ExitStatus.critical
        case .unknown: return ExitStatus.unknown
        }
    }
}
