import Analytics
import ArgumentParser
import DBCore
import Foundation

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
            return try common.output(
                .dau, environment, options, run: AnalyticsRunner.activeUsers,
                render: AnalyticsRenderer.render)
        }
    }
}
