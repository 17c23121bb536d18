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

    @Argument(
        help:
            "Backup directory, or - to read the stream form from stdin; with --all-databases, one server's folder of a whole-server backup."
    )
    var backup: String

    @Option(name: .shortAndLong, help: RestoreSettings.jobs.help)
    var jobs: String?

    @Option(help: RestoreSettings.lockTimeout.help)
    var lockTimeout: String?

    @Flag(help: "Drop what the backup holds from the target first (otherwise the target must be empty).")
    var clean = false

    @Flag(
        help:
            "Create the target database when the server lacks it, once the backup is checked (PostgreSQL: from template0, in the source's encoding; MySQL/MariaDB: with the server's default character set)."
    )
    var create = false

    @Option(
        name: .customLong("table"),
        help: ArgumentHelp("Reload only tables matching this pattern, each in one transaction.", valueName: "pattern"))
    var tables: [String] = []

    @Flag(help: "Do not restore ownership (MySQL: views', routines', triggers' and events' DEFINER).")
    var noOwner = false

    @Flag(help: "Do not restore privileges (GRANT/REVOKE; MySQL: the grants held on the schema).")
    var noPrivileges = false

    @Flag(
        help:
            "Create every table in the target's default place: PostgreSQL: not in the backup's tablespaces; MySQL/MariaDB: not in its DATA DIRECTORY and INDEX DIRECTORY."
    )
    var noTablespaces = false

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
            "With --table or a --data-only backup: let the reloaded tables' own triggers fire on every row (by default PostgreSQL turns them off for the reload and MySQL/MariaDB refuses a table with INSERT or DELETE triggers)."
    )
    var fireTriggers = false

    @Flag(
        help:
            "PostgreSQL: when the server refuses a schema statement, restore everything else, then fail (exit 1) listing what was refused; the target keeps _dbops_restore_incomplete."
    )
    var keepGoing = false

    @Option(
        name: .customLong("database"),
        help: ArgumentHelp(
            "With --all-databases: restore only databases matching this name or glob (repeatable).", valueName: "name"))
    var databases: [String] = []

    @Flag(help: "With --all-databases: leave the server's roles and database privileges as they are.")
    var noGlobals = false

    @Flag(help: "With --all-databases: restore the server's roles (globals) and no database.")
    var globalsOnly = false

    @OptionGroup var trust: TrustedKeyOptions

    /// The options from the flags and the config's [restore] table, combinations checked.
    func restoreOptions(_ settings: ConfigSection) throws -> RestoreOptions {
        if !global.allDatabases && (!databases.isEmpty || noGlobals || globalsOnly) {
            throw UsageError("--database, --no-globals and --globals-only go with --all-databases")
        }
        var options = RestoreOptions(
            input: backup, clean: clean, tables: tables, noOwner: noOwner,
            noPrivileges: noPrivileges, analyze: analyze)
        options.localInfile = !noLocalInfile
        options.noTablespaces = noTablespaces
        options.disableTriggers = disableTriggers
        options.fireTriggers = fireTriggers
        options.keepGoing = keepGoing
        options.create = create
        if create && !tables.isEmpty {
            throw UsageError("--create goes without --table, which reloads tables of an existing database")
        }
        if create && global.allDatabases {
            throw UsageError("--create goes without --all-databases, which creates the databases the server lacks")
        }
        if disableTriggers && tables.isEmpty { throw UsageError("--disable-triggers goes with --table") }
        try RestoreSettings.jobs.apply(jobs, settings, to: &options.jobs)
        try RestoreSettings.lockTimeout.apply(lockTimeout, settings, to: &options.lockTimeout)
        if backup == "-" && isatty(STDIN_FILENO) == 1 {
            throw UsageError("restore - reads the stream from stdin: pipe it in")
        }
        return options
    }

    func run() throws {
        try CommandRunner.run(
            kind: .job, global: global, formats: [.text, .json], command: "restore",
            fleet: FleetUse(runs: false, expandsAllDatabases: false)
        ) {
            environment in
            let target = try environment.target()
            let settings = environment.settings("restore")
            try trust.apply(settings)
            let options = try restoreOptions(settings)
            if global.allDatabases {
                return try RestoreCommand.restoreServer(
                    target, options: options, databases: databases, globals: !noGlobals, globalsOnly: globalsOnly,
                    environment: environment)
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
            environment.warn(summary.warnings)
            if environment.format == .json {
                environment.write(try JSONOutput.encode(summary))
            } else if environment.stdoutIsTerminal {
                var text =
                    "restored \(summary.tables) tables, \(summary.rows) rows into \(FlatText.line(summary.database))"
                if summary.created { text += " (created)" }
                text += String(format: " in %.1fs\n", summary.seconds)
                environment.write(text)
            }
            return ExitStatus.ok
        }
    }

    /// --all-databases: the server's globals, then each chosen database, a line each.
    static func restoreServer(
        _ target: ResolvedTarget, options: RestoreOptions, databases: [String], globals: Bool, globalsOnly: Bool,
        environment: CommandEnvironment
    ) throws -> Int32 {
        if options.input == "-" { throw UsageError("--all-databases restores a folder, not a stream") }
        if !options.tables.isEmpty { throw UsageError("--table restores one database: leave out --all-databases") }
        if globalsOnly && !globals { throw UsageError("--globals-only and --no-globals exclude each other") }
        var plan: ServerRestore.Plan
        do {
            plan = try ServerRestore.plan(options.input, engine: target.config.engine, databases: databases)
        } catch let error as DBError where error.code == .invalidTarget {
            throw UsageError(error.message)
        }
        if globalsOnly {
            guard plan.globals != nil else {
                throw UsageError("\(options.input) holds no backup of a server's globals")
            }
            plan.databases = []
        }
        let report: ServerRestoreReport
        do {
            report = try ServerRestore.run(target.config, plan: plan, restoreGlobals: globals, options: options) {
                entry in
                guard environment.stderrIsTerminal else { return }
                let state = entry.state == "restored" ? "restored" : entry.state.uppercased()
                var line = "\(state) \(FlatText.line(entry.name)) from \(FlatText.line(entry.backup))"
                line +=
                    entry.error.map { ": \(FlatText.line($0))" }
                    ?? String(format: ": %d tables, %lld rows in %.1fs", entry.tables, entry.rows, entry.seconds)
                StandardStreams.err((line + "\n"))
            }
        } catch let error as DBError {
            throw error.prefixed("restore of the globals into \(target.label)")
        }
        if environment.format == .json {
            environment.write(try JSONOutput.encode(report))
        } else {
            if let path = report.globals {
                environment.write("restored \(report.roles) roles from \(FlatText.line(path))\n")
            }
            for entry in report.databases {
                environment.write(
                    "\(entry.state == "restored" ? "restored" : entry.state.uppercased()) \(FlatText.line(entry.name))\(entry.error.map { ": \(FlatText.line($0))" } ?? String(format: ": %d tables, %lld rows", entry.tables, entry.rows))\n"
                )
            }
        }
        environment.warn(report.warnings)
        return report.failed ? ExitStatus.failed : ExitStatus.ok
    }
}
