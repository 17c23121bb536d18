import Archive
import ArgumentParser
import DBCore

struct ArchiveRestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Bring archived rows (chosen by primary key, or all) back with their children.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var pacing: MaintenanceOptionGroup
    @OptionGroup var selection: ArchiveSelection

    @Option(
        name: .customLong("key"),
        help: ArgumentHelp(
            "Primary key of a root row to bring back (a,b or a JSON array [\"a\",\"b\"] for a composite key; a MySQL binary key in hex, BIT as a number, FLOAT as its DOUBLE, as archive files list them); repeatable.",
            valueName: "key"))
    var keys: [String] = []

    @Flag(help: "Bring back every archived row of the rule.")
    var all = false

    @Option(
        help: ArgumentHelp(
            "Read the rows back from the archive files in this directory (written by archive --to-file; {target} and {database} are replaced); only this database's files are read, and they are left as they are.",
            valueName: "dir"))
    var fromFile: String?

    func run() throws {
        try runMaintenance(
            global, job: ArchiveRunner.job, output: pacing.outputFile,
            recordAs: pacing.dryRun ? nil : "archive_restore",
            fleet: FleetUse(checkFleet: { _ in try ArchiveSettings.checkFleet(fromFile, option: "--from-file") })
        ) { environment in
            guard all != !keys.isEmpty else { throw UsageError("give --key (one or more) or --all") }
            let target = try environment.target()
            var options = try selection.options(environment, pacing: pacing, target: target)
            options.files = try fromFile.map {
                try ArchiveSettings.directory($0, for: target, fleet: environment.isFleetMember, option: "--from-file")
            }
            return try ArchiveRunner.restore(
                target.config, label: target.label, options: options,
                keys: all ? nil : keys.map { [$0] })
        }
    }
}
