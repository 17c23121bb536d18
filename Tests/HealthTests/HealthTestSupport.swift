import DBCore
import Foundation
import Health
import Testing
import TestSupport

/// Runs a subset of checks against a database with given limits.
func runChecks(
    _ config: ConnectionConfig, _ checks: [String], warn: [String: Double] = [:],
    crit: [String: Double] = [:]
) -> HealthReport {
    var thresholds: [String: Thresholds] = [:]
    for info in HealthRunner.catalog(for: config.engine) { thresholds[info.name] = info.defaults }
    for (name, value) in warn { thresholds[name]?.warning = value }
    for (name, value) in crit { thresholds[name]?.critical = value }
    return HealthRunner.run(config, options: HealthOptions(checks: checks, thresholds: thresholds))
}

extension HealthReport {
    func check(_ name: String) -> CheckResult? { checks.first { $0.name == name } }
}

/// True when some detail row's `column` holds `value` (as text).
func details(_ result: CheckResult?, _ column: String, contain value: String) -> Bool {
    result?.details.contains { ($0[column]?.description ?? "").split(separator: ",").contains(Substring(value)) }
        ?? false
}
