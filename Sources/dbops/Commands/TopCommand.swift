import Analytics
import ArgumentParser
import DBCore
import Foundation

struct TopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top",
        abstract: "Parents ranked by their children, with a child measure on average (heroes by stories and plays).",
        discussion: """
            InfiniteStories' "popular content": heroes ranked by how many stories they have, with \
            the stories' average play count, exact. Other databases name their parents and \
            children in [analytics.profiles.NAME.top]. Without --since every child counts, as the \
            document's query does; with it, only the children made in the range. Ties are ranked \
            by the parent's key.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var common: AnalyticsCommonOptions
    @OptionGroup var output: MonitoringOutput

    @Option(help: AnalyticsSettings.top.help)
    var top: String?

    func run() throws {
        try runReport(global, Self.configuration.commandName ?? "", output: output) { environment in
            var options = try common.options(environment, defaultSince: "all")
            // The ranking is all time unless asked: [analytics] since is the other reports'.
            options.since = common.since ?? "all"
            try AnalyticsSettings.top.apply(top, environment.settings("analytics"), to: &options.top)
            let target = try environment.target()
            if common.explain {
                return try AnalyticsRenderer.render(
                    AnalyticsRunner.explainTop(target.config, label: target.label, options: options),
                    format: environment.format)
            }
            return try TopRenderer.render(
                AnalyticsRunner.top(target.config, label: target.label, options: options), format: environment.format,
                color: environment.useColor)
        }
    }
}
