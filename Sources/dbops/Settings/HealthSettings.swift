import Health

/// [health].
enum HealthSettings {
    private static let library = HealthOptions()

    static let checks = Setting(
        "checks", .list(valueName: "name"), shown: "all", flag: .named("--check"),
        "checks to run (repeat, or separate with commas)")
    static let statementTimeout = Setting(
        "statement_timeout", .duration(0.001...3600), default: library.session.statementTimeout,
        "longest any health statement may run")
    static let largestTables = Setting(
        "largest_tables", .integer(1...1000), default: library.largestTables,
        "tables listed by database_size")

    static let galeraClusterSize = Setting(
        "galera_cluster_size", .integer(1...1000),
        "Galera: the nodes the cluster should have (fewer is a WARNING)")

    static let snapshot = Setting(
        "snapshot", .path,
        "file keeping counters between runs, so galera_flow_control is judged since the previous run (one file serves a fleet)"
    )

    static let queueWindow = Setting(
        "queue_window", .duration(60...(7 * 86_400)), default: library.queueWindow,
        "how far back queue_failed_share looks at the application's work queue")

    static let all: [SettingDeclaration] = [
        checks, statementTimeout, largestTables, galeraClusterSize, snapshot, queueWindow,
    ]
}
