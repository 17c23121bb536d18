import Analytics
import ArgumentParser
import DBCore
import Foundation

struct LatencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latency",
        abstract: "Count, mean, exact p50/p95/p99 (percentile_cont) and max of a duration by a dimension.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var common: AnalyticsCommonOptions
    @OptionGroup var output: MonitoringOutput

    @Option(
        help: ArgumentHelp(
            "Dimension: function, pipeline, status, ... (what the profile has), or none.", valueName: "dimension"))
    var by: String?

    @Option(help: AnalyticsSettings.percentiles.help)
    var percentiles: String?

    func run() throws {
        try runReport(global, Self.configuration.commandName ?? "", output: output) { environment in
            var options = try common.options(environment, defaultSince: "7d", prometheusSince: "1h")
            options.dimension = by
            try AnalyticsSettings.percentiles.apply(
                percentiles, environment.settings("analytics"), to: &options.percentiles)
            return try common.output(
                .latency, environment, options, run: AnalyticsRunner.latency,
                render: AnalyticsRenderer.render)
        }
    }
}
