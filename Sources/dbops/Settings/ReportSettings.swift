import History

/// [report]: how `dbops report` judges what the history holds.
enum ReportSettings {
    private static let library = ReportOptions(since: .distantPast)

    static let slowerPercent = Setting(
        "slower_percent", .number(0...100_000), default: library.slowerPercent,
        "a statement whose mean time rose by more than this percentage against the previous period is flagged slower")
    static let capacity = Setting(
        "capacity", .size(1...(1 << 50)),
        "size a table's growth forecast counts the days to (none: no forecast)")
    static let top = Setting(
        "top", .integer(1...1000), default: library.topStatements, "statements and tables listed")

    static let all: [SettingDeclaration] = [slowerPercent, capacity, top]
}
