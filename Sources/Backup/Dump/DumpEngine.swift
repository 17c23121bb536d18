import DBCore

/// How one engine's database is dumped — the snapshot, the schema and the rows — into a
/// sink, returning the manifest (BackupRunner completes and writes it). The engine
/// difference of backup lives behind this one seam: PostgresDump, MySQLDump.
protocol DumpEngine {
    static func dump(
        _ config: ConnectionConfig, options: BackupOptions, sink: BackupSink,
        progress: BackupProgress?
    ) throws -> BackupManifest
}

extension Engine {
    /// This engine's implementation of DumpEngine.
    var dump: DumpEngine.Type { Self.dumpImplementations[self] ?? PostgresDump.self }

    private static let dumpImplementations: [Engine: DumpEngine.Type] = [
        .postgres: PostgresDump.self, .mysql: MySQLDump.self,
    ]
}
