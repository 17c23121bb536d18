import ArgumentParser

@main
struct DBOps: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "dbops",
        abstract: "Health checks, reports, backups and maintenance for PostgreSQL and MySQL/MariaDB.",
        discussion: """
            Exit codes: 0 OK; checks and reports 1 WARNING, 2 CRITICAL, 3 UNKNOWN; jobs 1 failed; \
            64 usage error; 75 skipped (another run holds the job's lock); 130/143 interrupted.
            """,
        version: version,
        subcommands: [HealthCommand.self, SlowQueriesCommand.self, IndexUsageCommand.self, BackupCommand.self, RestoreCommand.self,
                      VerifyCommand.self, AnalyticsCommand.self, CleanupCommand.self, PartitionsCommand.self, ArchiveCommand.self]
    )

    @OptionGroup var global: GlobalOptions
}
