import Archive
import ArgumentParser
import DBCore

struct ArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Move old rows, with their children, into archive tables in small batches.",
        discussion: """
            Rules: StoryboardAI's archive_old_projects() (projects with status 'completed' and \
            updated_at older than two years, with their storyboards, scenes and scene_tasks, \
            found through foreign keys) when its tables are present, and any under \
            [archive.rules.NAME] in the config file (table, time_column, older_than, match, \
            suffix, schema). Archive tables (<table>_archive) are created like their live tables \
            when missing. Each batch is one transaction: lock the roots and every child row, \
            copy parents then children, check the counts, delete children then parents. A run \
            that is killed loses nothing and duplicates nothing; run it again.
            """,
        subcommands: [ArchiveRestoreCommand.self])

    @OptionGroup var global: GlobalOptions
    @OptionGroup var pacing: MaintenanceOptionGroup
    @OptionGroup var selection: ArchiveSelection

    @Option(help: ArgumentHelp("Archive rows older than this (e.g. 730d), instead of the rule's age.", valueName: "duration"))
    var olderThan: String?

    @Option(help: ArchiveSettings.toFile.help)
    var toFile: String?

    func run() throws {
        try runMaintenance(global, job: ArchiveRunner.job, output: pacing.outputFile) { environment in
            let target = try environment.target()
            var options = try selection.options(environment, pacing: pacing, target: target)
            if let text = olderThan { options.olderThan = try ArchiveSettings.Rule.olderThan.kind.parse(text, "--older-than") }
            try ArchiveSettings.toFile.apply(toFile, environment.settings("archive"), to: &options.files)
            return try ArchiveRunner.run(target.config, label: target.label, options: options)
        }
    }
}

struct ArchiveRestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Bring archived rows (chosen by primary key, or all) back with their children.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var pacing: MaintenanceOptionGroup
    @OptionGroup var selection: ArchiveSelection

    @Option(name: .customLong("key"), help: ArgumentHelp("Primary key of a root row to bring back (a,b for a composite key); repeatable.", valueName: "key"))
    var keys: [String] = []

    @Flag(help: "Bring back every archived row of the rule.")
    var all = false

    @Option(help: ArgumentHelp("Read the rows back from the archive files in this directory (written by archive --to-file); the files are left as they are.", valueName: "dir"))
    var fromFile: String?

    func run() throws {
        try runMaintenance(global, job: ArchiveRunner.job, output: pacing.outputFile) { environment in
            guard all != !keys.isEmpty else { throw UsageError("give --key (one or more) or --all") }
            let target = try environment.target()
            var options = try selection.options(environment, pacing: pacing, target: target)
            options.files = fromFile
            return try ArchiveRunner.restore(target.config, label: target.label, options: options,
                                             keys: all ? nil : keys.map { $0.split(separator: ",").map(String.init) })
        }
    }
}

/// Which archive rules apply, shared by archive and archive restore.
struct ArchiveSelection: ParsableArguments {
    @Option(name: .customLong("rule"), help: ArgumentHelp("Only this rule (by name or root table); repeatable.", valueName: "name"))
    var rules: [String] = []

    @Flag(help: "Leave out the built-in application rules; only the config file's.")
    var noBuiltin = false

    func options(_ environment: CommandEnvironment, pacing: MaintenanceOptionGroup, target: ResolvedTarget) throws -> ArchiveOptions {
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
                  let age = try Key.olderThan.given(nil, rule) else {
                throw UsageError("config: [\(rule.name)] needs table, time_column and older_than")
            }
            let matchSection = try rule.section("match")
            var match: [String: String] = [:]
            for column in matchSection.keys {
                guard let value = try matchSection.string(column) else { continue }
                match[column] = value
            }
            var entry = ArchiveRule(name: name, schema: try Key.schema.given(nil, rule), table: table, timeColumn: time,
                                    olderThan: age, match: match)
            try Key.suffix.apply(nil, rule, to: &entry.suffix)
            return entry
        }
    }
}
