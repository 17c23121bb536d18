import Analytics
import ArgumentParser
import DBCore
import Foundation

struct AnalyticsCommand: CommandGroup {
    static let configuration = CommandConfiguration(
        commandName: "analytics",
        abstract: "Daily active users, cost and latency percentiles from the applications' own tables.",
        discussion: """
            The tables come from a profile: one of the five built-in applications, picked from \
            the tables present (api_usage: infinitestories; chat_messages: scriptpal; \
            usage_metrics: ai_smartlite; generations: character_creation; projects: \
            storyboardai), --profile, or [analytics.profiles.NAME] in the config file.
            """,
        subcommands: [
            ActiveUsersCommand.self, CostCommand.self, LatencyCommand.self, QueueCommand.self, EngagementCommand.self,
            TopCommand.self,
        ])
}

/// Runs one report under the exit-code contract (a report without thresholds: 0, or 1
/// when it could not be made).
func runReport(
    _ global: GlobalOptions, _ name: String, output: MonitoringOutput,
    _ body: @escaping (CommandEnvironment) throws -> String
) throws {
    try runReport(global, name, output: output, exitCode: { (try body($0), 0) })
}

/// The same, for a report that sets its exit code (1: it found something to look at).
func runReport(
    _ global: GlobalOptions, _ name: String, output: MonitoringOutput,
    exitCode body: @escaping (CommandEnvironment) throws -> (String, Int32)
) throws {
    try CommandRunner.run(
        kind: .job, global: global, formats: OutputFormat.allCases, command: "analytics " + name, output: output.file
    ) { environment in
        do {
            let (text, code) = try body(environment)
            environment.write(text)
            return code
        } catch AnalyticsError.usage(let message) {
            throw UsageError(message)
        } catch let error as DBError {
            throw (try? environment.target()).map { error.prefixed($0.label) } ?? error
        }
    }
}

extension Bucket: ExpressibleByArgument {}
