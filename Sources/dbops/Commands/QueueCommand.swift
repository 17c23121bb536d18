import Analytics
import ArgumentParser
import DBCore
import Foundation

struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract:
            "A work queue kept in a table: depth now and hour by hour, wait and run time p50/p95/p99 and the failed share by a dimension.",
        discussion: """
            The queue comes from the profile: Character Creation's generations (PENDING, PROCESSING, \
            COMPLETED, FAILED by created_at, started_at, completed_at), or [analytics.profiles.NAME.queue] \
            in the config file. Wait and run times are those of the rows that arrived in the range.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var common: AnalyticsCommonOptions
    @OptionGroup var output: MonitoringOutput

    @Option(
        help: ArgumentHelp("Dimension: style, ... (what the profile's queue has), or none.", valueName: "dimension"))
    var by: String?

    @Option(help: AnalyticsSettings.percentiles.help)
    var percentiles: String?

    func run() throws {
        try runReport(global, Self.configuration.commandName ?? "", output: output) { environment in
            guard !common.explain else {
                throw UsageError(
                    "--explain: the queue report runs several statements; they are in queries/*/analytics/queue_*.sql")
            }
            var options = try common.options(environment, defaultSince: "24h")
            options.dimension = by
            try AnalyticsSettings.percentiles.apply(
                percentiles, environment.settings("analytics"), to: &options.percentiles)
            let target = try environment.target()
            return try QueueRenderer.render(
                AnalyticsRunner.queue(target.config, label: target.label, options: options), format: environment.format,
                color: environment.useColor)
        }
    }
}
