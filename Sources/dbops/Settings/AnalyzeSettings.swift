import Archive

/// [analyze]: which tables count as stale, and how long the job may wait.
enum AnalyzeSettings {
    private static let library = AnalyzeOptions()

    static let changedShare = Setting(
        "changed_share", .number(0...1), default: library.changedShare,
        "stale when the rows changed since the last ANALYZE are at least this share of the table",
        detail: "0.1 is 10%, as autovacuum and InnoDB's auto-recalc judge")
    static let minChangedRows = Setting(
        "min_changed_rows", .integer(0...Int(Int32.max)), default: library.minChangedRows,
        "and at least this many rows changed")
    static let lockTimeout = Setting(
        "lock_timeout", .duration(Limits.lockTimeout), default: library.maintenance.lockTimeout,
        "longest ANALYZE waits for a table another session holds before leaving it for the next run")
    static let maxRuntime = Setting(
        "max_runtime", .duration(Limits.maxRuntime), default: library.maintenance.maxRuntime,
        "analyze no further table after this long", detail: "a re-run carries on")
    static let maxStatementAge = Setting(
        "max_statement_age", .duration(1...86_400), default: library.maxStatementAge,
        "MySQL/MariaDB: wait for the next run while a statement has run this long",
        detail: "new queries of a table would queue behind ANALYZE TABLE until it ends")

    static let all: [SettingDeclaration] = [changedShare, minChangedRows, lockTimeout, maxRuntime, maxStatementAge]
}
