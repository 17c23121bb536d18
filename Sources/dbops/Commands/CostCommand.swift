import Analytics
import ArgumentParser
import DBCore
import Foundation

struct CostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "Total cost per day and by a dimension (--by user gives the top spenders), summed exactly.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var common: AnalyticsCommonOptions
    @OptionGroup var output: MonitoringOutput

    @Option(
        help: ArgumentHelp(
            "Dimension: user, function, model, service, ... (what the profile has), or none.", valueName: "dimension"))
    var by: String?

    @Option(help: AnalyticsSettings.top.help)
    var top: String?

    func run() throws {
        try runReport(global, Self.configuration.commandName ?? "", output: output) { environment in
            var options = try common.options(environment, defaultSince: "30d", prometheusSince: "today")
            options.dimension = by
            try AnalyticsSettings.top.apply(top, environment.settings("analytics"), to: &options.top)
            return try common.output(
                .cost, environment, options, run: AnalyticsRunner.cost,
                render: AnalyticsRenderer.render)
        }
    }
}
