import Archive
import ArgumentParser
import DBCore

struct CleanupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup",
        abstract: "Delete expired rows (cache entries, sessions, tokens, rate-limit windows) in small batches.",
        discussion: """
            Rules: the applications' own (InfiniteStories cache_entries.expires_at and \
            rate_limits.window_end; ScriptPal sessions.expires_at; AI_SMARTLITE sessions and \
            refresh_tokens.expires_at), applied when their tables are present, and any in the \
            config file under [cleanup.rules.NAME] (table, column, grace, schema). Each batch \
            locks up to --batch-size expired rows (skipping rows the application holds) and \
            deletes them by primary key in its own short transaction. One run per database at \
            a time: an overlapping run exits 75 and does nothing.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var pacing: MaintenanceOptionGroup

    @Option(
        name: .customLong("rule"),
        help: ArgumentHelp("Only this rule (by name or table); repeatable.", valueName: "name"))
    var rules: [String] = []

    @Flag(help: "Leave out the built-in application rules; only the config file's.")
    var noBuiltin = false

    func run() throws {
        try runMaintenance(
            global, job: CleanupRunner.job, output: pacing.outputFile, recordAs: pacing.dryRun ? nil : CleanupRunner.job
        ) { environment in
            let target = try environment.target()
            var options = CleanupOptions()
            try pacing.apply(to: &options.maintenance, environment, job: .cleanup, target: target)
            options.rules = try Self.configuredRules(environment.settings("cleanup"))
            options.builtIn = try MaintenanceOptionGroup.builtIn(.cleanup, environment, noBuiltin: noBuiltin)
            options.only = rules
            return try CleanupRunner.run(target.config, label: target.label, options: options)
        }
    }

    /// [cleanup.rules.NAME] table = "...", column = "...", grace = "1h", schema = "..."
    static func configuredRules(_ settings: ConfigSection) throws -> [CleanupRule] {
        let section = try settings.section("rules")
        return try section.keys.map { name in
            // Unknown keys were refused when the file was read (ConfigSchema).
            let rule = try section.section(name)
            typealias Key = CleanupSettings.Rule
            // An entry named after a built-in rule (a retention rule, say) adjusts it.
            let builtIn = BuiltInCleanupRules.named(name)
            guard let table = try Key.table.given(nil, rule) ?? builtIn?.table,
                let column = try Key.column.given(nil, rule) ?? builtIn?.column
            else {
                throw UsageError("config: [\(rule.name)] needs table and column")
            }
            var entry = CleanupRule(
                name: name, schema: try Key.schema.given(nil, rule) ?? builtIn?.schema, table: table, column: column,
                grace: builtIn?.grace ?? 0, clock: builtIn?.clock ?? .server)
            try Key.grace.apply(nil, rule, to: &entry.grace)
            try Key.clock.apply(nil, rule, to: &entry.clock)
            return entry
        }
    }
}
