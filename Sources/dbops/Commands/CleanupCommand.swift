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

    @Option(name: .customLong("rule"), help: ArgumentHelp("Only this rule (by name or table); repeatable.", valueName: "name"))
    var rules: [String] = []

    @Flag(help: "Leave out the built-in application rules; only the config file's.")
    var noBuiltin = false

    func run() throws {
        try runMaintenance(global, job: CleanupRunner.job, output: pacing.outputFile) { environment in
            let target = try environment.target()
            let settings = environment.settings("cleanup")
            var options = CleanupOptions()
            options.maintenance = try pacing.options(environment, job: "cleanup", target: target)
            options.rules = try Self.configuredRules(settings)
            let builtInAllowed = try settings.bool("builtin") ?? true
            options.builtIn = !noBuiltin && builtInAllowed
            options.only = rules
            return try CleanupRunner.run(target.config, label: target.label, options: options)
        }
    }

    /// [cleanup.rules.NAME] table = "...", column = "...", grace = "1h", schema = "..."
    static func configuredRules(_ settings: ConfigSection) throws -> [CleanupRule] {
        let section = try settings.section("rules")
        return try section.keys.map { name in
            let rule = try section.section(name)
            for key in rule.keys where !["table", "column", "grace", "schema", "clock"].contains(key) {
                throw UsageError("config: unknown key \(key) in [\(rule.name)] (expected table, column, grace, schema, clock)")
            }
            let clock = try rule.string("clock").map { text -> ExpiryClock in
                guard let clock = ExpiryClock(rawValue: text) else {
                    throw UsageError("config: [\(rule.name)] clock must be server or utc")
                }
                return clock
            } ?? .server
            guard let table = try rule.string("table"), let column = try rule.string("column") else {
                throw UsageError("config: [\(rule.name)] needs table and column")
            }
            let grace = try rule.string("grace").map { try HumanInput.duration($0, option: "\(rule.name).grace", range: Limits.age) } ?? 0
            return CleanupRule(name: name, schema: try rule.string("schema"), table: table, column: column, grace: grace, clock: clock)
        }
    }
}
