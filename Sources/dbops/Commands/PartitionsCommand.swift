import Archive
import ArgumentParser
import DBCore
import Foundation
import History

struct PartitionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partitions",
        abstract: "Create the next N range partitions ahead of time, or --check that they exist.",
        discussion: """
            Tables: InfiniteStories api_usage and StoryboardAI audit_log (yearly, as their \
            documents create them) when present, and any under [partitions.rules.NAME] in the \
            config file (table, column, interval = yearly|monthly, premake, time_zone, schema). \
            PostgreSQL: a new partition is created beside the table and attached (SHARE UPDATE \
            EXCLUSIVE on the parent); a default partition holding rows of the new range is \
            reported and that partition refused. MySQL/MariaDB: the MAXVALUE partition is split \
            by REORGANIZE PARTITION only while it is empty. --check changes nothing and exits \
            1 (WARNING) with fewer than --premake future partitions, 2 (CRITICAL) with none or \
            with the current period uncovered. Retention (a rule's retention = "2 years", \
            "18 months" or "400 days"): partitions wholly older are set aside (PostgreSQL: \
            DETACH; MySQL: EXCHANGE PARTITION into dbops_retired_<table>_<partition>, marked \
            with a comment naming both, then the emptied partition dropped), dumped to a verified file in the backup format under \
            --retention-dir, and only then dropped; --check warns while any are due.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var pacing: MaintenanceOptionGroup

    @Flag(help: "Change nothing; report future partitions with monitoring exit codes.")
    var check = false

    @Option(help: PartitionsSettings.premake.help)
    var premake: String?

    @Option(
        name: .customLong("rule"),
        help: ArgumentHelp("Only this rule (by name or table); repeatable.", valueName: "name"))
    var rules: [String] = []

    @Flag(help: "Leave out the built-in application rules; only the config file's.")
    var noBuiltin = false

    @Option(help: PartitionsSettings.retentionDir.help)
    var retentionDir: String?

    func run() throws {
        try CommandRunner.run(
            kind: check ? .check : .job, global: global, command: "partitions", output: pacing.outputFile
        ) { environment in
            let target = try environment.target()
            let settings = environment.settings("partitions")
            var options = PartitionOptions()
            try pacing.apply(to: &options.maintenance, environment, job: .partitions, target: target)
            options.rules = try Self.configuredRules(settings)
            options.builtIn = try MaintenanceOptionGroup.builtIn(.partitions, environment, noBuiltin: noBuiltin)
            options.only = rules
            options.check = check
            try PartitionsSettings.retentionDir.apply(retentionDir, settings, to: &options.retentionDirectory)
            try PartitionsSettings.premake.apply(premake, settings, to: &options.premake)
            let changes = !check && !options.maintenance.dryRun
            return try JobHistory.recording(job: "partitions", target: target.label, environment, recorded: changes) {
                let started = Date()
                let report: PartitionReport
                do { report = try PartitionRunner.run(target.config, label: target.label, options: options) } catch let
                    error as DBError
                {
                    throw error.prefixed(target.label)
                }
                environment.write(try PartitionRenderer.render(report, format: environment.format))
                if check {
                    return JobHistory.End(code: ThresholdOptions.exitCode(report.status), runs: [], failure: nil)
                }
                let stuck = report.tables.first(where: { !$0.problems.isEmpty && $0.status != .ok })
                let created = report.tables.reduce(0) { $0 + $1.created.count }
                let retired = report.tables.flatMap(\.retired)
                let run = JobRun(
                    target: target.label, job: "partitions", startedAt: started, seconds: report.seconds,
                    outcome: stuck == nil ? "complete" : "failed", rows: retired.reduce(0) { $0 + $1.rows },
                    detail: stuck.map { "\($0.table): \($0.problems[0])" }
                        ?? "\(created) partitions created, \(retired.count) retired")
                return JobHistory.End(
                    code: ExitStatus.ok, runs: [run],
                    failure: stuck.map { JobFailed(description: "\(target.label): \($0.table): \($0.problems[0])") })
            }
        }
    }

    /// [partitions.rules.NAME] table, column, interval, premake, time_zone, schema, retention.
    static func configuredRules(_ settings: ConfigSection) throws -> [PartitionRule] {
        let section = try settings.section("rules")
        return try section.keys.map { name in
            // Unknown keys were refused when the file was read (ConfigSchema).
            let rule = try section.section(name)
            typealias Key = PartitionsSettings.Rule
            // An entry named after a built-in rule (to give it a retention, say) adjusts it.
            let builtIn = BuiltInPartitionRules.named(name)
            guard let table = try Key.table.given(nil, rule) ?? builtIn?.table else {
                throw UsageError("config: [\(rule.name)] needs table")
            }
            var entry = PartitionRule(
                name: name, schema: try Key.schema.given(nil, rule) ?? builtIn?.schema, table: table,
                column: try Key.column.given(nil, rule) ?? builtIn?.column,
                interval: builtIn?.interval ?? .yearly, premake: builtIn?.premake ?? 2,
                timeZone: try Key.timeZone.given(nil, rule) ?? builtIn?.timeZone,
                retention: try Key.retention.given(nil, rule) ?? builtIn?.retention)
            try Key.interval.apply(nil, rule, to: &entry.interval)
            try Key.premake.apply(nil, rule, to: &entry.premake)
            return entry
        }
    }
}
