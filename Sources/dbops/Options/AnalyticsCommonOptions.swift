import Analytics
import ArgumentParser
import DBCore
import Foundation

/// Options every analytics report takes.
struct AnalyticsCommonOptions: ParsableArguments {
    @Option(help: AnalyticsSettings.profile.help)
    var profile: String?

    @Option(help: AnalyticsSettings.since.help)
    var since: String?

    @Option(help: ArgumentHelp("End, exclusive (default now); same forms as --since.", valueName: "when"))
    var until: String?

    @Option(name: .customLong("tz"), help: AnalyticsSettings.timeZone.help)
    var timeZone: String?

    @Option(help: AnalyticsSettings.statementTimeout.help)
    var statementTimeout: String?

    @Option(help: AnalyticsSettings.lockTimeout.help)
    var lockTimeout: String?

    @Flag(help: "Print the statement and the server's plan for it instead of running the report.")
    var explain = false

    /// Options from flags, then [analytics] in the config file, then defaults.
    func options(_ environment: CommandEnvironment, defaultSince: String, prometheusSince: String? = nil) throws
        -> AnalyticsOptions
    {
        let settings = environment.settings("analytics")
        let fallbackSince = environment.format == .prometheus ? (prometheusSince ?? defaultSince) : defaultSince
        var options = AnalyticsOptions(since: try AnalyticsSettings.since.given(since, settings) ?? fallbackSince)
        options.until = until
        try AnalyticsSettings.profile.apply(profile, settings, to: &options.profile)
        try AnalyticsSettings.timeZone.apply(timeZone, settings, to: &options.timeZone)
        try AnalyticsSettings.statementTimeout.apply(statementTimeout, settings, to: &options.statementTimeout)
        try AnalyticsSettings.lockTimeout.apply(lockTimeout, settings, to: &options.lockTimeout)
        options.profiles = try AnalyticsProfileConfig.profiles(settings)
        return options
    }

    /// Runs the report, or with --explain shows its plan, and renders the result.
    func output<Report>(
        _ metric: Metric, _ environment: CommandEnvironment, _ options: AnalyticsOptions,
        run: (ConnectionConfig, String, AnalyticsOptions) throws -> Report,
        render: (Report, OutputFormat, Bool) throws -> String
    ) throws -> String {
        let target = try environment.target()
        if explain {
            return try AnalyticsRenderer.render(
                AnalyticsRunner.explain(metric, target.config, label: target.label, options: options),
                format: environment.format)
        }
        return try render(run(target.config, target.label, options), environment.format, environment.useColor)
    }
}
