import DBCore

/// How one engine's database is dumped — the snapshot, the schema and the rows — into a
/// sink, returning the manifest (BackupRunner completes and writes it). The engine
/// difference of backup lives behind this one seam: PostgresDump, MySQLDump.
protocol DumpEngine {
    static func dump(_ config: ConnectionConfig, options: BackupOptions, sink: BackupSink,
                     progress: BackupProgress?) throws -> BackupManifest
}

enum DumpEngines {
    static let all: [Engine: DumpEngine.Type] = [.postgres: PostgresDump.self, .mysql: MySQLDump.self]

    static func `for`(_ engine: Engine) -> DumpEngine.Type {
        all[engine] ?? PostgresDump.self
    }
}
