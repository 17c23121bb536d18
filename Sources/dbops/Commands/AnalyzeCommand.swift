import Archive
import ArgumentParser
import DBCore

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Refresh planner statistics of the tables whose statistics are stale (ANALYZE), lock-safely.",
        discussion: """
            Stale: rows changed since the last ANALYZE at least --changed-share of the table and \
            --min-changed-rows (PostgreSQL n_mod_since_analyze; MySQL/MariaDB InnoDB's modified \
            counter), or a table with rows never analyzed; on PostgreSQL also a partitioned table \
            without statistics of its own, which autovacuum never analyzes. One ANALYZE per table; \
            a table another session holds past --lock-timeout is left for the next run, and on \
            MySQL/MariaDB nothing runs while a statement has run --max-statement-age (new queries of \
            the table would wait behind ANALYZE TABLE). One run per database at a time: an \
            overlapping run exits 75 and does nothing.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(
        name: .customLong("table"),
        help: ArgumentHelp("Only this table (name or schema.name), if stale; repeatable.", valueName: "name"))
    var tables: [String] = []

    @Option(help: AnalyzeSettings.changedShare.help)
    var changedShare: String?

    @Option(help: AnalyzeSettings.minChangedRows.help)
    var minChangedRows: String?

    @Option(help: AnalyzeSettings.lockTimeout.help)
    var lockTimeout: String?

    @Option(help: AnalyzeSettings.maxRuntime.help)
    var maxRuntime: String?

    @Option(help: AnalyzeSettings.maxStatementAge.help)
    var maxStatementAge: String?

    @Flag(help: "Print the stale tables and the statements, and change nothing.")
    var dryRun = false

    @OptionGroup var output: MonitoringOutput

    func run() throws {
        try runMaintenance(
            global, job: AnalyzeRunner.job, output: output.file, recordAs: dryRun ? nil : AnalyzeRunner.job
        ) { environment in
            let target = try environment.target()
            let settings = environment.settings(AnalyzeRunner.job)
            var options = AnalyzeOptions()
            try AnalyzeSettings.changedShare.apply(changedShare, settings, to: &options.changedShare)
            try AnalyzeSettings.minChangedRows.apply(minChangedRows, settings, to: &options.minChangedRows)
            try AnalyzeSettings.lockTimeout.apply(lockTimeout, settings, to: &options.maintenance.lockTimeout)
            try AnalyzeSettings.maxRuntime.apply(maxRuntime, settings, to: &options.maintenance.maxRuntime)
            try AnalyzeSettings.maxStatementAge.apply(maxStatementAge, settings, to: &options.maxStatementAge)
            options.maintenance.dryRun = dryRun
            options.only = tables
            return try AnalyzeRunner.run(target.config, label: target.label, options: options)
        }
    }
}
