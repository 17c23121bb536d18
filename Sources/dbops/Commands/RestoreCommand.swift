import ArgumentParser
import Backup
import DBCore
import Foundation

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a dbops backup into an empty database (or chosen tables into an existing one).",
        discussion: """
            Every file is checked against the manifest first; a damaged, truncated or incomplete \
            backup is refused before anything is written. Until the restore finishes, the target \
            holds a table named _dbops_restore_incomplete: a restore that failed or was killed \
            never looks complete. Re-run with --clean to start over.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Backup directory, or - to read the stream form from stdin.")
    var backup: String

    @Option(name: .shortAndLong, help: RestoreSettings.jobs.help)
    var jobs: String?

    @Flag(help: "Drop what the backup holds from the target first (otherwise the target must be empty).")
    var clean = false

    @Option(
        name: .customLong("table"),
        help: ArgumentHelp("Reload only tables matching this pattern, each in one transaction.", valueName: "pattern"))
    var tables: [String] = []

    @Flag(help: "PostgreSQL: do not restore ownership.")
    var noOwner = false

    @Flag(help: "PostgreSQL: do not restore privileges (GRANT/REVOKE).")
    var noPrivileges = false

    @Flag(help: "Run ANALYZE afterwards.")
    var analyze = false

    @Flag(help: "MySQL/MariaDB: load rows with multi-row INSERTs, never LOAD DATA LOCAL INFILE.")
    var noLocalInfile = false

    @Flag(
        help:
            "With --table: reload tables other tables reference, foreign keys not enforced while loading (PostgreSQL: needs superuser); every referencing row is checked before commit."
    )
    var disableTriggers = false

    @Flag(
        help:
            "PostgreSQL: when the server refuses a schema statement, restore everything else, then fail (exit 1) listing what was refused; the target keeps _dbops_restore_incomplete."
    )
    var keepGoing = false

    func run() throws {
        try CommandRunner.run(kind: .job, global: global, formats: [.text, .json], command: "restore", fleet: false) {
            environment in
            let target = try environment.target()
            let settings = environment.settings("restore")
            var options = RestoreOptions(
                input: backup, clean: clean, tables: tables, noOwner: noOwner,
                noPrivileges: noPrivileges, analyze: analyze)
            options.localInfile = !noLocalInfile
            options.disableTriggers = disableTriggers
            options.keepGoing = keepGoing
            if disableTriggers && tables.isEmpty { throw UsageError("--disable-triggers goes with --table") }
            try RestoreSettings.jobs.apply(jobs, settings, to: &options.jobs)
            if backup == "-" && isatty(STDIN_FILENO) == 1 {
                throw UsageError("restore - reads the stream from stdin: pipe it in")
            }
            let progress = BackupProgress()
            let line = ProgressLine(progress, enabled: environment.stderrIsTerminal, verbose: global.verbose)
            line.start()
            defer { line.stop() }
            let summary: RestoreSummary
            do { summary = try RestoreRunner.run(target.config, options: options, progress: progress) } catch let error
                as DBError
            {
                throw error.prefixed("restore into \(target.label)")
            }
            line.stop()
            if environment.format == .json {
                environment.write(try JSONOutput.encode(summary))
            } else if environment.stdoutIsTerminal {
                var text = "restored \(summary.tables) tables, \(summary.rows) rows into \(summary.database)"
                text += String(format: " in %.1fs\n", summary.seconds)
                for warning in summary.warnings { text += "warning: \(warning)\n" }
                environment.write(text)
            }
            return ExitStatus.ok
        }
    }
}
