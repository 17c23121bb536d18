import Archive
import ArgumentParser
import DBCore

/// Which archive rules apply, shared by archive and archive restore.
struct ArchiveSelection: ParsableArguments {
    @Option(
        name: .customLong("rule"),
        help: ArgumentHelp("Only this rule (by name or root table); repeatable.", valueName: "name"))
    var rules: [String] = []

    @Flag(help: "Leave out the built-in application rules; only the config file's.")
    var noBuiltin = false

    func options(_ environment: CommandEnvironment, pacing: MaintenanceOptionGroup, target: ResolvedTarget) throws
        -> ArchiveOptions
    {
        var options = ArchiveOptions()
        try pacing.apply(to: &options.maintenance, environment, job: .archive, target: target)
        options.rules = try Self.configuredRules(environment.settings("archive"))
        options.builtIn = try MaintenanceOptionGroup.builtIn(.archive, environment, noBuiltin: noBuiltin)
        options.only = rules
        return options
    }

    /// [archive.rules.NAME] table, time_column, older_than, match = { column = "value" }, suffix, schema.
    static func configuredRules(_ settings: ConfigSection) throws -> [ArchiveRule] {
        let section = try settings.section("rules")
        return try section.keys.map { name in
            // Unknown keys were refused when the file was read (ConfigSchema).
            let rule = try section.section(name)
            typealias Key = ArchiveSettings.Rule
            guard let table = try Key.table.given(nil, rule), let time = try Key.timeColumn.given(nil, rule),
                let age = try Key.olderThan.given(nil, rule)
            else {
                throw UsageError("config: [\(rule.name)] needs table, time_column and older_than")
            }
            let matchSection = try rule.section("match")
            var match: [String: String] = [:]
            for column in matchSection.keys {
                guard let value = try matchSection.string(column) else { continue }
                match[column] = value
            }
            var entry = ArchiveRule(
                name: name, schema: try Key.schema.given(nil, rule), table: table, timeColumn: time,
                olderThan: age, match: match)
            try Key.suffix.apply(nil, rule, to: &entry.suffix)
            return entry
        }
    }
}
