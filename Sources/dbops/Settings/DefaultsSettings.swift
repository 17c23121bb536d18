import DBCore

/// [defaults]: what every command takes (flags in GlobalOptions).
enum DefaultsSettings {
    static let connectTimeout = Setting(
        "connect_timeout", .duration(Limits.connectTimeout),
        default: ConnectionConfig.defaultConnectTimeout, "time allowed to connect")
    static let stallTimeout = Setting(
        "stall_timeout", .duration(Limits.stallTimeout), default: ConnectionConfig.defaultStallTimeout,
        "silence before dbops checks, with a new connection, that the server still answers",
        detail: "one that does not is given up on")
    static let format = Setting(
        "format", .choice(OutputFormat.self), default: OutputFormat.text,
        "output format (csv where the command has a table to give)")
    static let queriesDir = Setting(
        "queries_dir", .path, "folder whose .sql files replace or extend the built-in queries/")

    static let parallel = Setting(
        "parallel", .integer(Limits.parallel), default: FleetRunner.defaultParallel,
        "targets worked on at once in a fleet run")
    static let perServer = Setting(
        "per_server", .integer(Limits.parallel), default: FleetRunner.defaultPerServer,
        shown: "1 (health, slow-queries, index-usage: --parallel)",
        "targets of one server worked on at once in a fleet run",
        detail: "so a fleet run never piles sessions onto one server")

    static let all: [SettingDeclaration] = [connectTimeout, stallTimeout, format, queriesDir, parallel, perServer]
}
