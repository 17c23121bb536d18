import Analytics
import ArgumentParser
import DBCore
import Foundation

struct EngagementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engagement",
        abstract:
            "Per day: distinct users creating projects, projects created, storyboards per project on average; compared with the application's own view.",
        discussion: """
            StoryboardAI's user_engagement_metrics, reproduced from its base tables (projects and \
            storyboards) and compared day by day with the view where the database has it: days \
            where they disagree are listed, and make the exit code 1.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var common: AnalyticsCommonOptions
    @OptionGroup var output: MonitoringOutput

    func run() throws {
        try runReport(global, Self.configuration.commandName ?? "", output: output) {
            (environment) -> (String, Int32) in
            guard !common.explain else {
                throw UsageError("--explain: the engagement report is queries/common/analytics/engagement.sql")
            }
            let options = try common.options(environment, defaultSince: "30d")
            let target = try environment.target()
            let report = try AnalyticsRunner.engagement(target.config, label: target.label, options: options)
            return (
                try EngagementRenderer.render(report, format: environment.format, color: environment.useColor),
                report.disagreements.isEmpty ? 0 : 1
            )
        }
    }
}
