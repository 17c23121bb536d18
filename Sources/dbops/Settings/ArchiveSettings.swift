import Archive
import DBCore

/// [archive]: pacing and to_file, and each [archive.rules.NAME].
enum ArchiveSettings {
    private static let library = ArchiveRule(name: "", table: "", timeColumn: "", olderThan: 0)

    static let toFile = Setting(
        "to_file", .path,
        "write the archived rows to zstd archive files (dbops backup format) in this directory ({target} and {database} are replaced) and empty the archive tables"
    )

    /// A fleet run must name each target's directory apart (checked once, before any
    /// target starts, and again per target, whose own config may name another).
    static func checkFleet(_ pattern: String?, option: String) throws {
        guard let pattern, !pattern.contains("{target}") else { return }
        throw UsageError(
            "\(option) \(pattern): a fleet run keeps each target's archive files apart; put {target} in the folder name"
        )
    }

    /// An archive file directory for one target: {target} and {database} replaced as in
    /// backup's --output (no {timestamp}: an interrupted run's files are finished by the
    /// next run in the same directory). A fleet run must name each target's apart, as
    /// backup's: a run would otherwise find same-named databases of other servers' files.
    static func directory(_ pattern: String, for target: ResolvedTarget, fleet: Bool, option: String) throws
        -> String
    {
        if fleet { try checkFleet(pattern, option: option) }
        let targetFolder = String(
            (target.targetName ?? "target").map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" })
        return pattern.replacingOccurrences(of: "{database}", with: FolderName.of(target.config.database ?? "db"))
            .replacingOccurrences(of: "{target}", with: targetFolder)
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
