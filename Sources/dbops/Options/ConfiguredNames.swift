import DBCore
import Health

/// The names a config file gives that a run checks only against its own engine: the limits
/// under [health|slow_queries|index_usage.thresholds.NAME] and [health] checks, the file's
/// own and each target's. `config check` holds them to every name any engine knows, so a
/// misspelt check is found when the file is written, not at the first 3 a.m. run.
enum ConfiguredNames {
    static func check(_ file: ConfigFile) throws {
        for target in [nil] + file.targetNames.map(Optional.some) {
            let place = target.map { "targets.\($0)." } ?? ""
            let health = try HealthCommand.checkNames(file.job("checks", target: target))
            try limits(
                file.job("health", target: target), known: health, place: place + "health", what: "health checks")
            try limits(
                file.job("slow_queries", target: target), known: Set(SlowQueryOptions.thresholdNames),
                place: place + "slow_queries", what: "slow-queries")
            try limits(
                file.job("index_usage", target: target), known: Set(IndexUsageCommand.thresholdDefaults.keys),
                place: place + "index_usage", what: "index-usage")
            let checks = try HealthSettings.checks.resolve([], file.job("health", target: target))
            if let unknown = checks.first(where: { !health.contains($0) }) {
                throw UsageError(
                    "config: \(place)health.checks: unknown check \(unknown) (checks: \(health.sorted().joined(separator: ", ")))"
                )
            }
        }
    }

    private static func limits(_ job: ConfigSection, known: Set<String>, place: String, what: String) throws {
        let configured = try job.section("thresholds")
        if let unknown = configured.keys.sorted().first(where: { !known.contains($0) }) {
            throw UsageError(
                "config: [\(place).thresholds.\(unknown)]: no such limit for \(what) (known: \(known.sorted().joined(separator: ", ")))"
            )
        }
    }
}
