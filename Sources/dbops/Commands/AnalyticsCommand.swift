import Analytics
import ArgumentParser
import DBCore
import Foundation

struct AnalyticsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analytics",
        abstract: "Daily active users, cost and latency percentiles from the applications' own tables.",
        discussion: """
            The tables come from a profile: one of the five built-in applications, picked from \
            the tables present (api_usage: infinitestories; chat_messages: scriptpal; \
            usage_metrics: ai_smartlite; generations: character_creation; projects: \
            storyboardai), --profile, or [analytics.profiles.NAME] in the config file.
            """,
        subcommands: [ActiveUsersCommand.self, CostCommand.self, LatencyCommand.self])
}

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

    @Flag(help: "Print the statement and the server's plan for it instead of running the report.")
    var explain = false

    /// Options from flags, then [analytics] in the config file, then defaults.
    func options(_ environment: CommandEnvironment, defaultSince: String, prometheusSince: String? = nil) throws -> AnalyticsOptions {
        let settings = environment.settings("analytics")
        let fallbackSince = environment.format == .prometheus ? (prometheusSince ?? defaultSince) : defaultSince
        var options = AnalyticsOptions(since: try AnalyticsSettings.since.given(since, settings) ?? fallbackSince)
        options.until = until
        try AnalyticsSettings.profile.apply(profile, settings, to: &options.profile)
        try AnalyticsSettings.timeZone.apply(timeZone, settings, to: &options.timeZone)
        try AnalyticsSettings.statementTimeout.apply(statementTimeout, settings, to: &options.statementTimeout)
        options.profiles = try AnalyticsProfileConfig.profiles(settings)
        return options
    }

    /// Runs the report, or with --explain shows its plan, and renders the result.
    func output<Report>(_ metric: Metric, _ environment: CommandEnvironment, _ options: AnalyticsOptions,
                        run: (ConnectionConfig, String, AnalyticsOptions) throws -> Report,
                        render: (Report, OutputFormat, Bool) throws -> String) throws -> String {
        let target = try environment.target()
        if explain {
            return try AnalyticsRenderer.render(AnalyticsRunner.explain(metric, target.config, label: target.label, options: options),
                                                format: environment.format)
        }
        return try render(run(target.config, target.label, options), environment.format, environment.useColor)
    }
}

/// Runs one report under the exit-code contract (a report without thresholds: 0, or 1
/// when it could not be made).
private func runReport(_ global: GlobalOptions, _ name: String, output: MonitoringOutput, _ body: (CommandEnvironment) throws -> String) throws {
    try CommandRunner.run(kind: .job, global: global, formats: OutputFormat.allCases, command: "analytics " + name, output: output.file) { environment in
        do {
            environment.write(try body(environment))
        } catch AnalyticsError.usage(let message) {
            throw UsageError(message)
        } catch let error as DBError {
            throw (try? environment.target()).map { error.prefixed($0.label) } ?? error
        }
        return 0
    }
}

struct ActiveUsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dau",
        abstract: "Distinct active users per day (with rolling 7- and 30-day WAU and MAU), week or month.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var common: AnalyticsCommonOptions
    @OptionGroup var output: MonitoringOutput

    @Option(help: "day (default), week or month.")
    var bucket: Bucket?

    @Flag(help: "Day buckets without the rolling WAU and MAU columns (one aggregate in the server, no per-user rows).")
    var noRolling = false

    func run() throws {
        try runReport(global, Self.configuration.commandName ?? "", output: output) { environment in
            var options = try common.options(environment, defaultSince: "30d")
            options.bucket = bucket ?? .day
            options.rolling = !noRolling
            return try common.output(.dau, environment, options, run: AnalyticsRunner.activeUsers,
                                     render: AnalyticsRenderer.render)
        }
    }
}

struct CostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "Total cost per day and by a dimension (--by user gives the top spenders), summed exactly.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var common: AnalyticsCommonOptions
    @OptionGroup var output: MonitoringOutput

    @Option(help: ArgumentHelp("Dimension: user, function, model, service, ... (what the profile has), or none.", valueName: "dimension"))
    var by: String?

    @Option(help: AnalyticsSettings.top.help)
    var top: String?

    func run() throws {
        try runReport(global, Self.configuration.commandName ?? "", output: output) { environment in
            var options = try common.options(environment, defaultSince: "30d", prometheusSince: "today")
            options.dimension = by
            try AnalyticsSettings.top.apply(top, environment.settings("analytics"), to: &options.top)
            return try common.output(.cost, environment, options, run: AnalyticsRunner.cost,
                                     render: AnalyticsRenderer.render)
        }
    }
}

struct LatencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latency",
        abstract: "Count, mean, exact p50/p95/p99 (percentile_cont) and max of a duration by a dimension.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var common: AnalyticsCommonOptions
    @OptionGroup var output: MonitoringOutput

    @Option(help: ArgumentHelp("Dimension: function, pipeline, status, ... (what the profile has), or none.", valueName: "dimension"))
    var by: String?

    @Option(help: AnalyticsSettings.percentiles.help)
    var percentiles: String?

    func run() throws {
        try runReport(global, Self.configuration.commandName ?? "", output: output) { environment in
            var options = try common.options(environment, defaultSince: "7d", prometheusSince: "1h")
            options.dimension = by
            try AnalyticsSettings.percentiles.apply(percentiles, environment.settings("analytics"), to: &options.percentiles)
            return try common.output(.latency, environment, options, run: AnalyticsRunner.latency,
                                     render: AnalyticsRenderer.render)
        }
    }
}

extension Bucket: ExpressibleByArgument {}
