import ArgumentParser
import Backup
import DBCore
import Foundation

struct BackupPruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove old backups from a folder of backups (only dbops backups are touched).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The folder holding one backup per subfolder.")
    var directory: String

    @Option(help: BackupSettings.keep.help)
    var keep: String?

    @Option(help: BackupSettings.keepDaily.help)
    var keepDaily: String?

    @Option(help: BackupSettings.keepWeekly.help)
    var keepWeekly: String?

    @Option(help: BackupSettings.keepMonthly.help)
    var keepMonthly: String?

    @Option(
        name: .customLong("remove-database"),
        help: ArgumentHelp(
            "Remove every backup of this database (a name or glob; repeatable), its newest too: the only way the last backup of a database goes.",
            valueName: "name"))
    var removeDatabases: [String] = []

    @Option(help: BackupSettings.olderThan.help)
    var olderThan: String?

    @Flag(help: "Show what would be removed; remove nothing.")
    var dryRun = false

    func run() throws {
        try CommandRunner.run(kind: .job, global: global, formats: [.text, .json], command: "backup prune") {
            environment in
            let settings = environment.settings("backup")
            var options = PruneOptions(directory: directory, dryRun: dryRun)
            try BackupSettings.keep.apply(keep, settings, to: &options.keep)
            try BackupSettings.olderThan.apply(olderThan, settings, to: &options.olderThan)
            try BackupSettings.keepDaily.apply(keepDaily, settings, to: &options.schedule.daily)
            try BackupSettings.keepWeekly.apply(keepWeekly, settings, to: &options.schedule.weekly)
            try BackupSettings.keepMonthly.apply(keepMonthly, settings, to: &options.schedule.monthly)
            options.removeDatabases = removeDatabases
            let report: PruneReport
            do { report = try BackupPrune.run(options) } catch let error as DBError where error.code == .invalidTarget {
                throw UsageError(error.message)
            }
            environment.warn(report.warnings)
            if environment.format == .json {
                environment.write(try JSONOutput.encode(report))
            } else if environment.stdoutIsTerminal || dryRun {
                for entry in report.removed {
                    environment.write(
                        "\(dryRun ? "would remove" : "removed") \(entry.path) (\(entry.complete ? "complete" : "incomplete"), \(Format.bytes(Double(entry.bytes))))\n"
                    )
                }
                for entry in report.kept where entry.inUse == true {
                    environment.write(
                        "kept \(entry.path): due, but a running backup, restore, verify or drill holds it; a later prune removes it\n"
                    )
                }
                environment.write(
                    "kept \(report.kept.count), \(dryRun ? "would remove" : "removed") \(report.removed.count)\n")
            }
            return ExitStatus.ok
        }
    }
}
