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
    @Option(help: ArgumentHelp("Application profile (default: picked from the tables present).", valueName: "name"))
    var profile: String?

    @Option(help: ArgumentHelp("Start: 30d, 2w, 12h, today, yesterday, 2026-03-29 or 2026-03-29T08:30[Z|+02:00].", valueName: "when"))
    var since: String?

    @Option(help: ArgumentHelp("End, exclusive (default now); same forms as --since.", valueName: "when"))
    var until: String?

    @Option(name: .customLong("tz"), help: ArgumentHelp("Time zone whose days are the buckets (default UTC).", valueName: "zone"))
    var timeZone: String?

    @Option(help: ArgumentHelp("Longest the report's statement may run (default 300s).", valueName: "duration"))
    var statementTimeout: String?

    @Flag(help: "Print the statement and the server's plan for it instead of running the report.")
    var explain = false

    /// Options from flags, then [analytics] in the config file, then defaults.
    func options(_ environment: CommandEnvironment, defaultSince: String, prometheusSince: String? = nil) throws -> AnalyticsOptions {
        let settings = environment.settings("analytics")
        let fallbackSince = environment.format == .prometheus ? (prometheusSince ?? defaultSince) : defaultSince
        var options = AnalyticsOptions(since: try since ?? settings.string("since") ?? fallbackSince)
        options.until = until
        options.profile = try profile ?? settings.string("profile")
        options.timeZone = try timeZone ?? settings.string("time_zone") ?? "UTC"
        if let seconds = try statementTimeout.map({ try HumanInput.duration($0, option: "--statement-timeout", range: Limits.statementTimeout) })
            ?? settings.duration("statement_timeout", range: Limits.statementTimeout) {
            options.statementTimeout = seconds
        }
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

    @Option(help: "How many dimension values to list (default 10); the rest are added up as others.")
    var top: Int?

    func run() throws {
        try runReport(global, Self.configuration.commandName ?? "", output: output) { environment in
            var options = try common.options(environment, defaultSince: "30d", prometheusSince: "today")
            options.dimension = by
            options.top = try top.map { try HumanInput.integer($0, option: "--top", range: Limits.top) }
                ?? environment.settings("analytics").integer("top", range: Limits.top) ?? 10
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

    @Option(help: ArgumentHelp("Percentiles to show (default 50,95,99).", valueName: "list"))
    var percentiles: String?

    func run() throws {
        try runReport(global, Self.configuration.commandName ?? "", output: output) { environment in
            var options = try common.options(environment, defaultSince: "7d", prometheusSince: "1h")
            options.dimension = by
            if let list = try percentiles ?? environment.settings("analytics").string("percentiles") {
                options.percentiles = list.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                // Checked here, before anything connects: 0 to 100, at most 10 decimals.
                guard !options.percentiles.isEmpty, options.percentiles.count <= 20 else {
                    throw UsageError("--percentiles \(list): give 1 to 20 percentiles, such as 50,95,99")
                }
                for item in options.percentiles {
                    _ = try HumanInput.number(item, option: "--percentiles", range: 0...100)
                    if let dot = item.firstIndex(of: "."), item.distance(from: dot, to: item.endIndex) > 11 {
                        throw UsageError("--percentiles \(item): at most 10 decimals")
                    }
                }
            }
            return try common.output(.latency, environment, options, run: AnalyticsRunner.latency,
                                     render: AnalyticsRenderer.render)
        }
    }
}

extension Bucket: ExpressibleByArgument {}
