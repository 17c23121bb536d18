import Archive

/// [archive]: pacing and to_file, and each [archive.rules.NAME].
enum ArchiveSettings {
    private static let library = ArchiveRule(name: "", table: "", timeColumn: "", olderThan: 0)

    static let toFile = Setting(
        "to_file", .path,
        "write the archived rows to zstd archive files (dbops backup format) in this directory and empty the archive tables"
    )

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
