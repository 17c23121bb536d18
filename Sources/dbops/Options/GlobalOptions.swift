import ArgumentParser

/// Options every subcommand takes; they may come before or after the subcommand name
/// (`dbops --config /etc/dbops.toml health --target scriptpal`).
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Config file (TOML) naming targets and per-job settings; also DBOPS_CONFIG.", valueName: "path"))
    var config: String?

    @Option(
        name: .customLong("target"),
        help: ArgumentHelp(
            "Target from the config file's [targets.NAME]; repeat it, or use * and ? (quoted), for several.",
            valueName: "name"),
        completion: .custom(Completions.targets))
    var targets: [String] = []

    @Option(
        name: .customLong("group"),
        help: ArgumentHelp("Every target whose groups include this one; repeatable.", valueName: "name"))
    var groups: [String] = []

    // --all is read as --all-targets everywhere but under archive restore, where --all
    // means every archived row (DBOps.fleetAliases).
    @Flag(
        name: .customLong("all-targets"),
        help: "Every target of the config file (also --all, except under archive restore).")
    var allTargets = false

    @Flag(
        name: .customLong("all-databases"),
        help:
            "Every database of the server --url or each target names (PostgreSQL: those that allow connections, not templates (backup: but template0 and template1); MySQL/MariaDB: all but the system schemas), run as a fleet; backup adds the server's globals, restore takes such a folder; slow-queries: every database's statements in one report."
    )
    var allDatabases = false

    @Option(name: .long, help: DefaultsSettings.parallel.help)
    var parallel: String?

    @Option(name: .long, help: DefaultsSettings.perServer.help)
    var perServer: String?

    /// The one target named, if any (several are refused before anything runs: a run works
    /// on one database).
    var target: String? { targets.last }

    @Option(
        name: .long,
        help: ArgumentHelp(
            "postgres://user@host:port/db?sslmode=... or mysql://user@host:port/db. Without a password: passwords come from ~/.pgpass, PGPASSWORD, ~/.my.cnf, --password-file or a URL in DBOPS_URL/DATABASE_URL.",
            valueName: "url"))
    var url: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "File holding the password on its first line (must not be readable by group or others).", valueName: "path")
    )
    var passwordFile: String?

    @Option(name: .long, help: DefaultsSettings.connectTimeout.help)
    var connectTimeout: String?

    @Option(name: .long, help: DefaultsSettings.stallTimeout.help)
    var stallTimeout: String?

    @Option(name: .long, help: DefaultsSettings.format.help, completion: .list(OutputFormat.allCases.map(\.rawValue)))
    var format: String?

    @Option(name: .long, help: DefaultsSettings.queriesDir.help)
    var queriesDir: String?

    @Flag(
        name: [.customShort("q"), .long],
        help: "For cron: print nothing on stdout when the run is OK (exit 0); errors and warnings still go to stderr.")
    var quiet = false

    @Flag(
        name: .shortAndLong,
        help: "Say on stderr what runs and how long it took (health: also the details of every check).")
    var verbose = false

    @Flag(help: "Log every statement dbops sends, with its duration, on stderr (parameter values are never shown).")
    var logSql = false
}
