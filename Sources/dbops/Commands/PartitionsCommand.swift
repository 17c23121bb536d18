import Archive
import ArgumentParser
import DBCore

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
            DETACH; MySQL: EXCHANGE PARTITION into dbops_retired_<table>_<partition>, then the \
            emptied partition dropped), dumped to a verified file in the backup format under \
            --retention-dir, and only then dropped; --check warns while any are due.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var pacing: MaintenanceOptionGroup

    @Flag(help: "Change nothing; report future partitions with monitoring exit codes.")
    var check = false

    @Option(help: "Future partitions to keep ready (default 2, or the rule's).")
    var premake: Int?

    @Option(name: .customLong("rule"), help: ArgumentHelp("Only this rule (by name or table); repeatable.", valueName: "name"))
    var rules: [String] = []

    @Flag(help: "Leave out the built-in application rules; only the config file's.")
    var noBuiltin = false

    @Option(help: ArgumentHelp("Where partitions past their rule's retention are dumped before they are dropped (config: retention_dir).",
                               valueName: "dir"))
    var retentionDir: String?

    func run() throws {
        try CommandRunner.run(kind: check ? .check : .job, global: global, command: "partitions", output: pacing.outputFile) { environment in
            let target = try environment.target()
            let settings = environment.settings("partitions")
            var options = PartitionOptions()
            options.maintenance = try pacing.options(environment, job: "partitions", target: target)
            options.maintenance.lockTimeout = try pacing.duration(pacing.lockTimeout, "--lock-timeout", settings, "lock_timeout", Limits.lockTimeout) ?? 2
            options.rules = try Self.configuredRules(settings)
            let builtInAllowed = try settings.bool("builtin") ?? true
            options.builtIn = !noBuiltin && builtInAllowed
            options.only = rules
            options.check = check
            options.retentionDirectory = try retentionDir ?? settings.string("retention_dir")
            if let premake = try premake.map({ try HumanInput.integer($0, option: "--premake", range: Limits.premake) })
                ?? settings.integer("premake", range: Limits.premake) {
                options.premake = premake
            }
            let report: PartitionReport
            do { report = try PartitionRunner.run(target.config, label: target.label, options: options) } catch let error as DBError {
                throw error.prefixed(target.label)
            }
            environment.write(try PartitionRenderer.render(report, format: environment.format))
            if check {
                return ["ok": ExitStatus.ok, "warning": ExitStatus.warning, "critical": ExitStatus.critical][report.status] ?? ExitStatus.unknown
            }
            if let stuck = report.tables.first(where: { !$0.problems.isEmpty && $0.status != "ok" }) {
                throw JobFailed(description: "\(target.label): \(stuck.table): \(stuck.problems[0])")
            }
            return ExitStatus.ok
        }
    }

    /// [partitions.rules.NAME] table, column, interval, premake, time_zone, schema, retention.
    static func configuredRules(_ settings: ConfigSection) throws -> [PartitionRule] {
        let section = try settings.section("rules")
        let keys: Set<String> = ["table", "column", "interval", "premake", "time_zone", "schema", "retention"]
        return try section.keys.map { name in
            let rule = try section.section(name)
            for key in rule.keys where !keys.contains(key) {
                throw UsageError("config: unknown key \(key) in [\(rule.name)] (expected \(keys.sorted().joined(separator: ", ")))")
            }
            guard let table = try rule.string("table") else { throw UsageError("config: [\(rule.name)] needs table") }
            let interval = try rule.string("interval").map { text -> PartitionInterval in
                guard let interval = PartitionInterval(rawValue: text) else { throw UsageError("config: [\(rule.name)] interval must be yearly or monthly") }
                return interval
            } ?? .yearly
            let retention = try rule.string("retention").map { text -> PartitionRetention in
                guard let retention = PartitionRetention(parsing: text) else {
                    throw UsageError("config: [\(rule.name)] retention \(text): expected a period such as \"2 years\", \"18 months\" or \"400 days\"")
                }
                return retention
            }
            return PartitionRule(name: name, schema: try rule.string("schema"), table: table, column: try rule.string("column"),
                                 interval: interval, premake: try rule.integer("premake", range: Limits.premake) ?? 2,
                                 timeZone: try rule.string("time_zone"), retention: retention)
        }
    }
}
