import ArgumentParser
import DBCore
import Foundation
import Health

struct IndexUsageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index-usage",
        abstract: "Unused, duplicate, redundant and invalid indexes; missing-index candidates; unindexed foreign keys.",
        discussion: """
            Every finding comes with a statement to review; the report never runs them. With \
            --across, scans on other servers (replicas) count too, so an index used only on a \
            replica is not called unused. Limits on the number of findings of a kind \
            (invalid, unused, duplicate, redundant_prefix, unindexed_foreign_key, ...): \
            --warn invalid=1 (the default) and so on.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: MonitoringOutput

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "More servers (replicas) whose index scans count too. URLs come from DBOPS_ACROSS_URLS (space-separated) when they carry passwords.",
            valueName: "url"))
    var across: [String] = []

    @Option(help: IndexUsageSettings.maxScans.help)
    var maxScans: String?

    @Option(
        name: .customLong("warn"),
        help: ArgumentHelp("Warning limit on a count of findings: KIND=VALUE.", valueName: "kind=value"))
    var warnings: [String] = []

    @Option(
        name: .customLong("crit"),
        help: ArgumentHelp("Critical limit on a count of findings: KIND=VALUE.", valueName: "kind=value"))
    var criticals: [String] = []

    /// A limit per finding kind, none set but for invalid indexes (any is a warning).
    static var thresholdDefaults: [String: Thresholds] {
        var defaults = Dictionary(uniqueKeysWithValues: IndexFinding.Kind.allCases.map { ($0.rawValue, Thresholds()) })
        defaults["invalid"] = Thresholds(warning: 1)
        return defaults
    }

    func run() throws {
        try CommandRunner.run(
            kind: .check, global: global, command: "index-usage", output: output.file, fleet: .light
        ) { environment in
            let target = try environment.target()
            let settings = environment.settings("index_usage")
            var options = IndexUsageOptions()
            var scans = Int(options.maxScans)
            try IndexUsageSettings.maxScans.apply(maxScans, settings, to: &scans)
            options.maxScans = Int64(scans)
            var urls = across
            if let fromEnvironment = environment.environment["DBOPS_ACROSS_URLS"] {
                urls += fromEnvironment.split(separator: " ").map(String.init)
            }
            for url in urls {
                var config: ConnectionConfig
                do { config = try ConnectionURL.parse(url) } catch let error as DBError {
                    throw UsageError("--across: \(error.message)")
                }
                if across.contains(url), config.password != nil {
                    throw UsageError(
                        "--across URLs must not hold a password (visible in ps); put them in DBOPS_ACROSS_URLS")
                }
                config.connectTimeout = target.config.connectTimeout
                if config.password == nil { config.password = target.config.password }
                if config.database == nil { config.database = target.config.database }
                options.across.append(config)
            }
            options.thresholds = try ThresholdOptions.merge(
                Self.thresholdDefaults, config: settings, warnings: warnings, criticals: criticals,
                what: "index-usage")
            let report: IndexUsageReport
            do { report = try IndexUsageRunner.run(target.config, label: target.label, options: options) } catch let
                error as DBError
            {
                throw error.prefixed(target.label)
            }
            environment.write(
                try IndexUsageRenderer.render(report, format: environment.format, color: environment.useColor))
            return ThresholdOptions.exitCode(report.status)
        }
    }
}
