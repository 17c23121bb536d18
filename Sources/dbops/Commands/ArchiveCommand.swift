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

    @Option(
        help: ArgumentHelp(
            "Archive rows older than this (e.g. 730d), instead of the rule's age.", valueName: "duration"))
    var olderThan: String?

    @Option(help: ArchiveSettings.toFile.help)
    var toFile: String?

    func run() throws {
        let fleet = FleetUse(checkFleet: { environment in
            var pattern: String?
            try ArchiveSettings.toFile.apply(toFile, environment.settings("archive"), to: &pattern)
            try ArchiveSettings.checkFleet(pattern, option: "--to-file")
        })
        try runMaintenance(
            global, job: ArchiveRunner.job, output: pacing.outputFile,
            recordAs: pacing.dryRun ? nil : ArchiveRunner.job,
            fleet: fleet
        ) { environment in
            let target = try environment.target()
            var options = try selection.options(environment, pacing: pacing, target: target)
            if let text = olderThan {
                options.olderThan = try ArchiveSettings.Rule.olderThan.kind.parse(text, "--older-than")
            }
            try ArchiveSettings.toFile.apply(toFile, environment.settings("archive"), to: &options.files)
            options.files = try options.files.map {
                try ArchiveSettings.directory($0, for: target, fleet: environment.isFleetMember, option: "--to-file")
            }
            return try ArchiveRunner.run(target.config, label: target.label, options: options)
        }
    }
}
