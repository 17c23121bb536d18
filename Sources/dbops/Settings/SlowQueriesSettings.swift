import Health

/// [slow_queries].
enum SlowQueriesSettings {
    private static let library = SlowQueryOptions()

    static let limit = Setting("limit", .integer(Limits.limit), default: library.limit, "how many statements to list")
    static let orderBy = Setting(
        "order_by", .choice(SlowQueryOrder.self, valueName: "key"), default: library.orderBy,
        "what the list is ordered by")
    static let minMean = Setting(
        "min_mean", .duration(Limits.statementTimeout),
        "list only statements whose mean time is above this (the seeds' `WHERE mean_exec_time > 100`: 100ms)")
    static let snapshot = Setting(
        "snapshot", .path,
        "snapshot file: report the difference since the previous run, then store this one ({target} and {database} are replaced; a fleet run needs {target})"
    )

    static let all: [SettingDeclaration] = [limit, orderBy, minMean, snapshot]
}
