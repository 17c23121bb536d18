import Archive
import DBCore

/// [archive]: pacing and to_file, and each [archive.rules.NAME].
enum ArchiveSettings {
    private static let library = ArchiveRule(name: "", table: "", timeColumn: "", olderThan: 0)

    static let toFile = Setting(
        "to_file", .path,
        "write the archived rows to zstd archive files (dbops backup format) in this directory ({target} and {database} are replaced) and empty the archive tables"
    )

    /// An archive file directory for one target ({target} and {database} replaced, no
    /// {timestamp}: an interrupted run's files are finished by the next run in the same
    /// directory). A fleet run must name each target's apart: a run would otherwise find
    /// same-named databases of other servers among its files.
    static func directory(_ pattern: String, for target: ResolvedTarget, fleet: Bool, option: String) throws
        -> String
    {
        if fleet { try checkFleet(pattern, option: option) }
        return TargetPath.expand(pattern, for: target)
    }

    static func checkFleet(_ pattern: String?, option: String) throws {
        try TargetPath.checkFleet(pattern, option: option, keeps: "archive files")
    }

    static let all: [SettingDeclaration] = PacingSettings.archive.all + [toFile]

    enum Rule {
        static let table = Setting("table", .string, shown: "required", flag: .none, "root table")
        static let schema = Setting(
            "schema", .string, shown: "search path / current database", flag: .none, "schema of the table")
        static let timeColumn = Setting("time_column", .string, shown: "required", flag: .none, "age column")
        static let olderThan = Setting(
            "older_than", .duration(Limits.age), shown: "required", flag: .none, "archive roots older than this")
        static let suffix = Setting(
            "suffix", .string, default: library.suffix, flag: .none,
            "archive tables are named after their live tables with this")

        static let all: [SettingDeclaration] = [table, schema, timeColumn, olderThan, suffix]
    }
}
