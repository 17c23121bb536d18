import Archive

/// [cleanup]: pacing, and each [cleanup.rules.NAME].
enum CleanupSettings {
    private static let library = CleanupRule(name: "", table: "", column: "")

    enum Rule {
        static let table = Setting("table", .string, shown: "required", flag: .none, "table to clean")
        static let column = Setting("column", .string, shown: "required", flag: .none, "expiry column")
        static let schema = Setting(
            "schema", .string, shown: "search path / current database", flag: .none, "schema of the table")
        static let grace = Setting(
            "grace", .duration(Limits.age), default: library.grace, flag: .none,
            "keep rows this long past their expiry")
        static let clock = Setting(
            "clock", .choice(ExpiryClock.self), default: library.clock, flag: .none,
            "the clock a column without a time zone is read on")

        static let all: [SettingDeclaration] = [table, column, schema, grace, clock]
    }
}
