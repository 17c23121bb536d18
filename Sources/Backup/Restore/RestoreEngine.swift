import DBCore

/// How one engine restores a checked backup: a whole database into an empty one, or chosen
/// tables into an existing one. Returns the warnings for the summary. The engine
/// difference of restore lives behind this one seam: PostgresRestore, MySQLRestore.
protocol RestoreEngine {
    static func run(
        _ manifest: BackupManifest, directory: String, config: ConnectionConfig, options: RestoreOptions,
        progress: BackupProgress?
    ) throws -> [String]
    /// The sessions a restore opens besides its --jobs workers (and the job lock's).
    static var sessionsBesideWorkers: Int { get }
    static func runTables(
        _ selection: RestoreSelection, manifest: BackupManifest, directory: String, config: ConnectionConfig,
        options: RestoreOptions, progress: BackupProgress?
    ) throws -> [String]
}

extension Engine {
    /// This engine's implementation of RestoreEngine.
    var restore: RestoreEngine.Type { Self.restoreImplementations[self] ?? PostgresRestore.self }

    private static let restoreImplementations: [Engine: RestoreEngine.Type] = [
        .postgres: PostgresRestore.self, .mysql: MySQLRestore.self,
    ]
}
